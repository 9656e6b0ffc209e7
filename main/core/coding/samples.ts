// Validation samples (issue 13), reliability samples and training rounds (issue 14): a seeded random sample of a question's coding units, drawn once and
// stored (samples, sample_documents: migration 7), coded in its own blind Annotate queue.
//
// [Note: drawing a sample] Simple random sampling without replacement: the coding units' ids in id
// order, then a partial Fisher-Yates shuffle driven by mulberry32(seed) (main/core/seeded-random.ts);
// the first n of the shuffle are the sample, in the order drawn (the queue's order). So the same
// seed over the same documents draws the same sample, on any machine. Stratified by a metadata
// column: each value's units are a stratum (a missing value is the stratum ''), sizes proportional
// to the strata (largest remainders, so they sum to n), then every stratum at least 1 (a stratum
// rounded to 0 takes one from the stratum most over its exact share), each stratum drawn as above
// with its own stream (streamSeed(seed, value)), and the queue's order a seeded shuffle of the
// whole sample (streamSeed(seed, 'order')), so no stratum is coded first. So no unit has zero
// chance: a unit's inclusion probability is its stratum's size / population, n/N up to rounding
// and the minimum of 1 (inclusionRange says how far from n/N). A column with more values than
// n/2 is refused: its strata would get one draw each, or none, and the sample would not be random.
import { randomUUID } from 'node:crypto';
import { PrelabelError, type CodebookQuestion, type SampleInfo, type SampleSizePlan, type SampleStratum } from '../../../common/contract';
import { mulberry32, streamSeed } from '../seeded-random';
import type { Db } from '../store/project-db';
import { isUnit } from '../store/units';
import { visibleCount } from './visible-count';
import { sampleSizePlan, type SampleSizeWish } from './sample-size';

export interface SampleOptions {
  population: number;
  sizing: SampleSizePlan | null;
  stratifyBy: string | null;
  strata: SampleStratum[];
}

interface SampleRow {
  id: string;
  question_id: string;
  purpose: 'validation';
  kind: SampleInfo['kind'];
  seed: number;
  size: number;
  options: string;
  created_at: string;
}

/** The first `n` of a seeded partial Fisher-Yates shuffle of `ids` (which it reorders). */
export function draw(ids: number[], n: number, seed: number): number[] {
  const random = mulberry32(seed);
  const take = Math.min(n, ids.length);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (ids.length - i));
    const t = ids[i]!;
    ids[i] = ids[j]!;
    ids[j] = t;
  }
  return ids.slice(0, take);
}

/** Proportional sizes summing to n: the floors, then one more for the largest remainders (ties:
 * larger stratum, then value); then each stratum at least 1 where n allows it, taken from the
 * stratum most over its exact share (ties: larger stratum, then value). */
export function allocate(strata: ReadonlyArray<{ value: string; population: number }>, n: number): number[] {
  const sizes = proportional(strata, n);
  const total = strata.reduce((s, x) => s + x.population, 0);
  const exact = strata.map((s) => (n * s.population) / total);
  if (n < strata.length) return sizes;
  for (let i = 0; i < strata.length; i++) {
    if (sizes[i]! > 0 || strata[i]!.population === 0) continue;
    let from = -1;
    for (let j = 0; j < strata.length; j++) {
      if (sizes[j]! < 2) continue;
      if (
        from < 0 ||
        sizes[j]! - exact[j]! > sizes[from]! - exact[from]! ||
        (sizes[j]! - exact[j]! === sizes[from]! - exact[from]! && strata[j]!.population > strata[from]!.population)
      )
        from = j;
    }
    if (from < 0) break;
    sizes[from]!--;
    sizes[i] = 1;
  }
  return sizes;
}

/** The inclusion probabilities of a stratified sample's units (each stratum's size / population):
 * the smallest, the largest, and n/N. */
export function inclusionRange(strata: readonly SampleStratum[]): { min: number; max: number; overall: number } | null {
  const live = strata.filter((s) => s.population > 0);
  if (!live.length) return null;
  const p = live.map((s) => s.size / s.population);
  const n = live.reduce((a, s) => a + s.size, 0);
  const N = live.reduce((a, s) => a + s.population, 0);
  return { min: Math.min(...p), max: Math.max(...p), overall: n / N };
}

function proportional(strata: ReadonlyArray<{ value: string; population: number }>, n: number): number[] {
  const total = strata.reduce((s, x) => s + x.population, 0);
  const exact = strata.map((s) => (n * s.population) / total);
  const sizes = exact.map(Math.floor);
  let left = n - sizes.reduce((a, b) => a + b, 0);
  const order = strata
    .map((s, i) => i)
    .sort(
      (a, b) =>
        exact[b]! - sizes[b]! - (exact[a]! - sizes[a]!) ||
        strata[b]!.population - strata[a]!.population ||
        (strata[a]!.value < strata[b]!.value ? -1 : 1),
    );
  for (const i of order) {
    if (left === 0) break;
    if (sizes[i]! < strata[i]!.population) {
      sizes[i]!++;
      left--;
    }
  }
  return sizes;
}

/** The size for a wanted precision over the project's coding units. */
export function planSampleSize(db: Db, wish: SampleSizeWish): SampleSizePlan {
  return sampleSizePlan(wish, visibleCount(db));
}

export interface CreateSample {
  seed: number;
  size: number;
  sizing?: SampleSizeWish;
  stratifyBy?: string;
  /** What the sample is for (migration 8); 'validation' unless given. */
  kind?: SampleInfo['kind'];
}

/** Draws and stores a validation sample for the question ([Note: drawing a sample]). */
export function createSample(db: Db, question: CodebookQuestion, input: CreateSample): SampleInfo {
  if (question.archived)
    throw new PrelabelError(
      'INVALID_INPUT',
      `The question "${question.name}" is archived; restore it in the codebook to draw a sample for it.`,
    );
  return db.transaction(() => {
    const population = visibleCount(db);
    if (input.sizing?.kind === 'reliability' && (input.kind ?? 'validation') !== 'reliability')
      throw new PrelabelError(
        'INVALID_INPUT',
        "A size for a reliability sample was given for a sample of another kind: draw it with the kind 'reliability'.",
      );
    if (population === 0)
      throw new PrelabelError('INVALID_INPUT', 'The project has no documents to draw a sample from; import some first.');
    if (input.size > population)
      throw new PrelabelError(
        'INVALID_INPUT',
        `A sample of ${input.size} documents cannot be drawn from ${population}: choose at most ${population}.`,
      );
    let chosen: number[];
    let strata: SampleStratum[] = [];
    const stratifyBy = input.stratifyBy ?? null;
    if (stratifyBy === null) {
      const ids = db
        .prepare(`SELECT d.id FROM documents d WHERE ${isUnit('d')} ORDER BY d.id`)
        .pluck()
        .all() as number[];
      chosen = draw(ids, input.size, input.seed);
    } else {
      // A unit of a segmentation has no metadata of its own: its parent's value is its stratum.
      const rows = db
        .prepare(
          `SELECT d.id, coalesce((SELECT j.value FROM json_each(coalesce(p.metadata, d.metadata)) j WHERE j.key = @col), '') AS value
           FROM documents d LEFT JOIN documents p ON p.id = d.parent_id WHERE ${isUnit('d')} ORDER BY d.id`,
        )
        .raw()
        .all({ col: stratifyBy }) as Array<[number, string | number]>;
      const groups = new Map<string, number[]>();
      for (const [id, v] of rows) {
        const key = String(v);
        let list = groups.get(key);
        if (!list) groups.set(key, (list = []));
        list.push(id);
      }
      if (groups.size === 1 && groups.has(''))
        throw new PrelabelError(
          'INVALID_INPUT',
          `No document has a value in the column "${stratifyBy}"; choose another column to stratify by.`,
        );
      // Every stratum must be able to get 2 draws: else strata get 1 or none, and some units no chance.
      if (2 * groups.size > input.size) {
        const missing = groups.has('') ? ' (documents without one count as one more)' : '';
        throw new PrelabelError(
          'INVALID_INPUT',
          `Cannot stratify by "${stratifyBy}": it has ${groups.size} values${missing}, and a sample of ${input.size} gives each at least 2 documents only with at most ${Math.floor(input.size / 2)} values; draw at least ${2 * groups.size} documents, choose another column, or draw without strata.`,
        );
      }
      const values = [...groups.keys()].sort();
      const sizes = allocate(
        values.map((value) => ({ value, population: groups.get(value)!.length })),
        input.size,
      );
      strata = values.map((value, i) => ({ value, population: groups.get(value)!.length, size: sizes[i]! }));
      const drawn = values.flatMap((value, i) => draw(groups.get(value)!, sizes[i]!, streamSeed(input.seed, value)));
      chosen = draw(drawn, drawn.length, streamSeed(input.seed, 'order'));
    }
    const options: SampleOptions = {
      population,
      sizing: input.sizing ? sampleSizePlan(input.sizing, population) : null,
      stratifyBy,
      strata,
    };
    const id = randomUUID();
    db.prepare(
      "INSERT INTO samples (id, question_id, purpose, kind, seed, size, options, created_at) VALUES (?, ?, 'validation', ?, ?, ?, ?, ?)",
    ).run(id, question.id, input.kind ?? 'validation', input.seed, chosen.length, JSON.stringify(options), new Date().toISOString());
    const insert = db.prepare('INSERT INTO sample_documents (sample_id, document_id, position) VALUES (?, ?, ?)');
    chosen.forEach((doc, position) => insert.run(id, doc, position));
    return sampleInfo(db, id)!;
  })();
}

/** The latest live decision of each (document, coder) in a sample, as SQL over `annotations a`. */
export const LATEST_IN_SAMPLE = `a.kind <> 'undo' AND NOT EXISTS (SELECT 1 FROM annotations u WHERE u.undoes_id = a.id)
  AND NOT EXISTS (SELECT 1 FROM annotations b WHERE b.sample_id = a.sample_id AND b.question_id = a.question_id
    AND b.document_id = a.document_id AND b.coder_id = a.coder_id AND b.kind <> 'undo'
    AND NOT EXISTS (SELECT 1 FROM annotations u2 WHERE u2.undoes_id = b.id)
    AND (b.created_at > a.created_at OR (b.created_at = a.created_at AND b.rowid > a.rowid)))`;

function toInfo(db: Db, row: SampleRow): SampleInfo {
  const options = JSON.parse(row.options) as Partial<SampleOptions>;
  // A document labelled by one coder and skipped by another counts as coded only.
  const counts = db
    .prepare(
      `WITH latest AS (SELECT a.document_id, a.kind FROM annotations a WHERE a.sample_id = ? AND a.question_id = ? AND ${LATEST_IN_SAMPLE})
       SELECT (SELECT count(DISTINCT document_id) FROM latest WHERE kind = 'label') AS coded,
              (SELECT count(DISTINCT document_id) FROM latest l WHERE kind = 'skip'
                 AND NOT EXISTS (SELECT 1 FROM latest m WHERE m.document_id = l.document_id AND m.kind = 'label')) AS skipped`,
    )
    .get(row.id, row.question_id) as { coded: number; skipped: number };
  return {
    id: row.id,
    questionId: row.question_id,
    purpose: row.purpose,
    kind: row.kind,
    seed: row.seed,
    size: row.size,
    createdAt: row.created_at,
    population: options.population ?? 0,
    sizing: options.sizing ?? null,
    stratifyBy: options.stratifyBy ?? null,
    strata: options.strata ?? [],
    inclusion: options.stratifyBy ? inclusionRange(options.strata ?? []) : null,
    coded: counts.coded,
    skipped: counts.skipped,
  };
}

/** What a sample is for ('validation' for an unknown id: the caller checks it exists). */
export function sampleKind(db: Db, sampleId: string): SampleInfo['kind'] {
  return (db.prepare('SELECT kind FROM samples WHERE id = ?').pluck().get(sampleId) as SampleInfo['kind'] | undefined) ?? 'validation';
}

export function sampleInfo(db: Db, sampleId: string): SampleInfo | null {
  const row = db.prepare('SELECT * FROM samples WHERE id = ?').get(sampleId) as SampleRow | undefined;
  return row ? toInfo(db, row) : null;
}

/** The sample, checked to belong to the question; a NOT_FOUND error a coder understands otherwise. */
export function requireSample(db: Db, sampleId: string, questionId: string): SampleInfo {
  const info = sampleInfo(db, sampleId);
  if (!info || info.questionId !== questionId)
    throw new PrelabelError(
      'NOT_FOUND',
      'This validation sample is not one of this question (it may belong to another project or question).',
    );
  return info;
}

/** The question's latest reliability sample (what agreement is computed on when none is named), or null. */
export function latestReliabilitySample(db: Db, questionId: string): SampleInfo | null {
  const row = db
    .prepare("SELECT * FROM samples WHERE question_id = ? AND kind = 'reliability' ORDER BY created_at DESC, rowid DESC LIMIT 1")
    .get(questionId) as SampleRow | undefined;
  return row ? toInfo(db, row) : null;
}

export function listSamples(db: Db, questionId?: string): SampleInfo[] {
  const rows = (
    questionId === undefined
      ? db.prepare('SELECT * FROM samples ORDER BY created_at DESC, rowid DESC').all()
      : db.prepare('SELECT * FROM samples WHERE question_id = ? ORDER BY created_at DESC, rowid DESC').all(questionId)
  ) as SampleRow[];
  return rows.map((r) => toInfo(db, r));
}

/** How many coding units metadataColumns reads. */
const COLUMN_SCAN = 10_000;

/** Metadata columns of the coding units (their own, or for units of a segmentation their parents'),
 * with the number of distinct values each has, both read from the first 10,000 units, so that the
 * choice opens at once in a large project. */
export function metadataColumns(db: Db): Array<{ name: string; values: number }> {
  return db
    .prepare(
      `SELECT j.key AS name, count(DISTINCT j.value) AS "values"
       FROM (SELECT coalesce(p.metadata, d.metadata) AS m FROM documents d LEFT JOIN documents p ON p.id = d.parent_id
             WHERE ${isUnit('d')} ORDER BY d.id LIMIT ${COLUMN_SCAN}) u, json_each(u.m) j
       GROUP BY j.key ORDER BY j.key`,
    )
    .all() as Array<{ name: string; values: number }>;
}

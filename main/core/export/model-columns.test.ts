// The model's labels for the whole corpus in an export with filter "all", on a real corpus with gold
// (politicians' tweets, en and gr, hand-coded sentiment -1/0/1/x): a real pre-label run with the
// generated tiny model under a first template (its predictions stale after the template changes), a
// current run over part of the corpus, documents never scored, human decisions; every column of the
// CSV and of JSON Lines checked against the test's own computation from plain SQL (softmax of the
// stored entailment logits, the gold mapping by hand, the final-label rule); the manifest's run
// provenance (the template and hypotheses the stale run was made with, not the current ones; the
// tokenizer and config hashes) and its validation numbers; export.count before each export.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Codebook, ExportFormat, JobDone } from '../../../common/contract';
import { storeRun } from '../coding/test-support/coding-fixture';
import { independentModel } from '../evaluation/test-support/evaluation-project';
import { runEnd } from '../nli/test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../nli/test-support/tiny-model';
import { mulberry32 } from '../seeded-random';
import { corpusFile } from '../test-support/corpora';
import type { ManifestValidation } from './manifest-validation';
import type { RunProvenance } from './run-provenance';
import { makeTestCore, type TestCore } from '../test-support/test-core';

// One project for every test (the tiny model scores a thousand tweets once): its own folder.
let root = '';
let n = 0;
const tmp = () => join(root, String(n++));
let model: TinyModel;
beforeAll(() => {
  model = makeTinyModel(loadFixtures());
  root = mkdtempSync(join(tmpdir(), 'prelabel-model-columns-'));
  modelSha = sha256(join(model.dir, 'onnx', 'model.onnx'));
});
afterAll(() => {
  model?.cleanup();
  rmSync(root, { recursive: true, force: true });
});

const LABELS = [
  { name: 'negative', code: '-1' },
  { name: 'neutral', code: '0' },
  { name: 'positive', code: '1' },
];
const GOLD: Record<string, string | null> = { '-1': 'negative', '0': 'neutral', '1': 'positive', x: null };
const T1 = 'The sentiment of this tweet is {}.';
const T2 = 'This politician writes in a {} tone.';
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
let modelSha = '';

async function importCsv(t: TestCore, path: string) {
  const started = await t.call('import.start', {
    source: { kind: 'path', path },
    mapping: { textColumns: ['full_text'], idColumn: 'id', goldColumn: 'label' },
    // Both files repeat a few tweet ids (en 1, gr 6): the repeats are left out.
    decisions: { duplicate_id: 'skip' },
  });
  const done = await t.waitForJob(started.jobId);
  if (done.status !== 'done') throw new Error(`import failed: ${JSON.stringify(done)}`);
}

interface Setup {
  t: TestCore;
  codebook: Codebook;
  staleRun: string;
  currentRun: string;
  hash: string;
  /** Documents of the first (English) file. */
  en: number;
  total: number;
  db: () => ReturnType<typeof dbOf>;
  close(): Promise<void>;
}
const dbOf = (t: TestCore) => t.core.context.project!.db;

async function setup(): Promise<Setup> {
  const dir = tmp();
  mkdirSync(dir);
  const t = makeTestCore(dir);
  await t.call('project.create', { name: 'tweets', path: join(dir, 'tweets.prelabel') });
  await importCsv(t, corpusFile('politicians_tweets_sentiment_en_es_el', 'en_combined.csv'));
  const en = dbOf(t).prepare('SELECT count(*) FROM documents').pluck().get() as number;
  await t.call('model.select', { path: model.dir });
  let codebook = await t.call('codebook.set', { questions: [{ name: 'Sentiment', template: T1, labels: LABELS }] });
  const q = codebook.questions[0]!;
  // A real run under the first template: every English tweet.
  const from = t.events.length;
  const run = await t.call('prelabel.start', { questionId: q.id });
  const end = await runEnd(t, run.id, from);
  if (end.status !== 'done') throw new Error(`run ended ${end.status}`);
  // The template changes: that run's predictions are stale. The Greek tweets come later and were
  // never scored by it. A run under the new template (stored logits, seeded) covers the first 600
  // English and the first 500 Greek tweets.
  codebook = await t.call('codebook.set', { questions: [{ ...q, template: T2 }] });
  await importCsv(t, corpusFile('politicians_tweets_sentiment_en_es_el', 'gr_combined.csv'));
  const db = () => dbOf(t);
  const ids = db().prepare('SELECT id FROM documents ORDER BY id').pluck().all() as number[];
  const scored = [...ids.slice(0, 600), ...ids.slice(en, en + 500)];
  const rng = mulberry32(13);
  const logits = new Map(scored.map((id) => [id, LABELS.map(() => Math.round((rng() * 6 - 3) * 1000) / 1000)]));
  const currentRun = storeRun(db(), codebook, 0, scored, (d) => logits.get(d)!, 7, modelSha);
  const hash = db().prepare('SELECT model_input_hash FROM prelabel_runs WHERE id = ?').pluck().get(currentRun) as string;
  // Human decisions: labels on 0-99 (the suggestion shown where one is current), skips on 100-119.
  const view = independentModel(
    db(),
    q.id,
    hash,
    q.labels.map((l) => l.id),
    false,
  );
  for (let i = 0; i < 100; i++) {
    const id = ids[i * 10]!;
    const m = view.get(id);
    await t.call('annotate.decide', {
      questionId: q.id,
      documentId: id,
      coder: 'ana',
      kind: 'label',
      labelIds: [q.labels[i % 3]!.id],
      suggestion: m ? { labelIds: m.labels, score: m.top, runId: currentRun } : null,
    });
  }
  for (let i = 0; i < 20; i++)
    await t.call('annotate.decide', { questionId: q.id, documentId: ids[i * 10 + 5]!, coder: 'ana', kind: 'skip' });
  return { t, codebook, staleRun: run.id, currentRun, hash, en, total: ids.length, db, close: () => t.core.shutdown() };
}

async function exportAs(s: Setup, format: ExportFormat, name: string) {
  const q = s.codebook.questions[0]!;
  const path = join(root, name);
  const count = await s.t.call('export.count', { questionId: q.id, format, filter: 'all' });
  const started = await s.t.call('export.start', { questionId: q.id, format, filter: 'all', path });
  const done = (await s.t.waitForJob(started.jobId)) as JobDone & { result: { rows: number; files: Array<{ path: string }> } };
  if (done.status !== 'done') throw new Error(JSON.stringify(done));
  expect(count.rows).toBe(done.result.rows);
  const manifestPath = done.result.files[done.result.files.length - 1]!.path;
  return { path, rows: done.result.rows, manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest };
}

interface Manifest {
  question: { template: string };
  runs: RunProvenance[];
  counts: { model: unknown };
  scoreColumns: string[];
  validation: ManifestValidation;
}

interface JsonRow {
  model_label: string[] | null;
  model_stale: boolean | null;
  model_run_id: string | null;
  model_scores: Record<string, number> | null;
  gold_label: string[] | null;
  final_label: string[] | null;
  final_label_source: string | null;
  metadata: Record<string, string>;
}

interface Expected {
  id: string;
  model_label: string | null;
  model_score: number | null;
  scores: number[] | null;
  model_stale: boolean | null;
  model_run_id: string | null;
  labels: string | null;
  gold_label: string | null;
  final_label: string | null;
  final_label_source: string | null;
}

/** Every document's expected model, gold and final columns, from plain SQL. */
function expected(s: Setup): Expected[] {
  const q = s.codebook.questions[0]!;
  const db = s.db();
  const names = new Map(q.labels.map((l) => [l.id, l.name]));
  const current = independentModel(
    db,
    q.id,
    s.hash,
    q.labels.map((l) => l.id),
    false,
  );
  const staleDocs = new Set(
    db.prepare('SELECT document_id FROM prediction_documents WHERE run_id = ?').pluck().all(s.staleRun) as number[],
  );
  const docs = db.prepare('SELECT id, external_id, gold_label FROM documents ORDER BY id').all() as Array<{
    id: number;
    external_id: string;
    gold_label: string | null;
  }>;
  const decisions = new Map(
    (
      db
        .prepare('SELECT document_id AS d, kind, label_ids AS l FROM annotations WHERE question_id = ? ORDER BY created_at')
        .all(q.id) as Array<{
        d: number;
        kind: string;
        l: string;
      }>
    ).map((r) => [r.d, r]),
  );
  return docs.map((d) => {
    const m = current.get(d.id);
    const dec = decisions.get(d.id);
    const human = dec?.kind === 'label' ? (JSON.parse(dec.l) as string[]).map((id) => names.get(id)!).join('|') : null;
    const modelLabel = m ? m.labels.map((id) => names.get(id)!).join('|') : null;
    return {
      id: d.external_id,
      model_label: modelLabel,
      model_score: m ? m.top : null,
      scores: m ? m.scores : null,
      model_stale: m ? false : staleDocs.has(d.id) ? true : null,
      model_run_id: m ? s.currentRun : staleDocs.has(d.id) ? s.staleRun : null,
      labels: human,
      gold_label: d.gold_label === null ? null : GOLD[d.gold_label.trim()]!,
      final_label: human ?? modelLabel,
      final_label_source: human ? 'human' : modelLabel ? 'model' : null,
    };
  });
}

let s: Setup;
beforeAll(async () => {
  s = await setup();
}, 120_000);
afterAll(async () => s?.close());

describe('export "all" with the model labels for the whole corpus', () => {
  it('CSV: model label, score and every label score, stale flag, run, human decision, gold, final label and its source for every document', async () => {
    const want = expected(s);
    expect(s.en).toBe(999);
    expect(want).toHaveLength(s.total);
    expect(s.total).toBe(999 + 994);
    // The corpus has every case: current, stale only, never scored; human, model, none.
    expect(want.filter((w) => w.model_stale === false)).toHaveLength(1100);
    expect(want.filter((w) => w.model_stale === true)).toHaveLength(s.en - 600);
    expect(want.filter((w) => w.model_stale === null)).toHaveLength(s.total - s.en - 500);
    const { path, manifest } = await exportAs(s, 'csv', 'tweets.csv');
    const rows = parse(readFileSync(path), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(s.total);
    const header = Object.keys(rows[0]!);
    // [Note: column names] the corpus's own `annotator` and `label` columns are prefixed.
    expect(header.filter((h) => h.startsWith('meta_'))).toEqual(expect.arrayContaining(['meta_annotator']));
    expect(header).toEqual(expect.arrayContaining(['score_negative', 'score_neutral', 'score_positive', 'gold_label', 'final_label']));
    expect(new Set(header).size).toBe(header.length);
    const num = (x: string) => (x === '' ? null : Number(x));
    rows.forEach((r, i) => {
      const w = want[i]!;
      expect(r.id).toBe(w.id);
      expect(r.model_label || null).toBe(w.model_label);
      if (w.model_score === null) expect(r.model_score).toBe('');
      else expect(num(r.model_score!)).toBeCloseTo(w.model_score, 12);
      ['negative', 'neutral', 'positive'].forEach((l, k) => {
        if (w.scores === null) expect(r[`score_${l}`]).toBe('');
        else expect(num(r[`score_${l}`]!)).toBeCloseTo(w.scores[k]!, 12);
      });
      expect(r.model_stale).toBe(w.model_stale === null ? '' : String(w.model_stale));
      expect(r.model_run_id || null).toBe(w.model_run_id);
      expect(r.labels || null).toBe(w.labels);
      expect(r.gold_label || null).toBe(w.gold_label);
      expect(r.final_label || null).toBe(w.final_label);
      expect(r.final_label_source || null).toBe(w.final_label_source);
    });
    const final = { human: 0, model: 0, none: 0 };
    for (const w of want) final[(w.final_label_source ?? 'none') as keyof typeof final]++;
    expect(manifest.counts.model).toEqual({
      current: 1100,
      stale: s.en - 600,
      none: s.total - s.en - 500,
      final,
      gold: want.filter((w) => w.gold_label !== null).length,
    });
    expect(manifest.scoreColumns).toEqual(['negative', 'neutral', 'positive']);
  });

  it('JSON Lines: the same values, the scores as an object', async () => {
    const want = expected(s);
    const { path } = await exportAs(s, 'jsonl', 'tweets.jsonl');
    const objs = readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as JsonRow);
    expect(objs).toHaveLength(s.total);
    objs.forEach((o, i) => {
      const w = want[i]!;
      expect(o.model_label).toEqual(w.model_label === null ? null : [w.model_label]);
      expect(o.model_stale).toBe(w.model_stale);
      expect(o.model_run_id).toBe(w.model_run_id);
      if (w.scores === null) expect(o.model_scores).toBeNull();
      else {
        expect(Object.keys(o.model_scores!)).toEqual(['negative', 'neutral', 'positive']);
        Object.values(o.model_scores!).forEach((v, k) => expect(v).toBeCloseTo(w.scores![k]!, 12));
      }
      expect(o.gold_label).toEqual(w.gold_label === null ? null : [w.gold_label]);
      expect(o.final_label).toEqual(w.final_label === null ? null : [w.final_label]);
      expect(o.final_label_source).toBe(w.final_label_source);
      expect(o.metadata).toHaveProperty('annotator');
    });
  });

  it('the manifest: each run with what it was made with as stored then, the validation numbers', async () => {
    const { manifest } = await exportAs(s, 'csv', 'tweets-2.csv');
    const q = s.codebook.questions[0]!;
    expect(manifest.question.template).toBe(T2);
    const runs = manifest.runs;
    const stale = runs.find((r) => r.runId === s.staleRun)!;
    const current = runs.find((r) => r.runId === s.currentRun)!;
    // The run made under T1 says T1 and its hypotheses, though the codebook now says T2.
    expect(stale).toMatchObject({
      current: false,
      template: T1,
      hypotheses: q.labels.map((l) => ({ labelId: l.id, label: l.name, hypothesis: T1.replace('{}', l.name) })),
      tokenizerSha256: sha256(join(model.dir, 'tokenizer.json')),
      configSha256: sha256(join(model.dir, 'config.json')),
      precision: 'fp32',
      hierarchical: { enabled: false, topParents: null },
      modelSha256: modelSha,
    });
    // A run stored without them (as every run before this version) says so.
    expect(current).toMatchObject({ current: true, template: 'not recorded', hypotheses: 'not recorded', tokenizerSha256: 'not recorded' });

    // Validation: against gold and against every coded document, n and accuracy as computed here.
    const want = expected(s).filter((w) => w.model_stale === false);
    const v = manifest.validation;
    const gold = v.entries.find((e) => e.against === 'gold')!;
    const withGold = want.filter((w) => w.gold_label !== null);
    expect(gold.n).toBe(withGold.length);
    const accuracy = gold.metrics.accuracy!;
    expect(accuracy.estimate).toBeCloseTo(withGold.filter((w) => w.gold_label === w.model_label).length / withGold.length, 12);
    expect(accuracy.lower!).toBeLessThanOrEqual(accuracy.estimate!);
    expect(accuracy.upper!).toBeGreaterThanOrEqual(accuracy.estimate!);
    const human = v.entries.find((e) => e.against === 'human')!;
    const coded = want.filter((w) => w.labels !== null);
    expect(human.n).toBe(coded.length);
    expect(human.random).toBe(false);
    expect(human.metrics.accuracy!.estimate).toBeCloseTo(coded.filter((w) => w.labels === w.model_label).length / coded.length, 12);
    expect(Object.keys(human.metrics)).toEqual(['accuracy', 'macroF1', 'kappa']);
  });

  it('export.count: the rows of each format and filter, before the export', async () => {
    const q = s.codebook.questions[0]!;
    const count = (format: ExportFormat, filter: 'all' | 'coded' | 'accepted' | 'changed') =>
      s.t.call('export.count', { questionId: q.id, format, filter });
    const want = expected(s);
    expect((await count('csv', 'all')).rows).toBe(s.total);
    expect((await count('xlsx', 'coded')).rows).toBe(want.filter((w) => w.labels !== null).length);
    const shown = want.filter((w) => w.labels !== null && w.model_stale === false);
    expect((await count('jsonl', 'accepted')).rows + (await count('jsonl', 'changed')).rows).toBe(shown.length);
    const hf = await count('hf', 'coded');
    expect(hf).toMatchObject({ rows: 100, documents: 100 });
    expect(hf.split!.train + hf.split!.test).toBe(100);
    // NLI, balanced: 2 pairs per training document, 3 per test document.
    const nli = await count('nli', 'coded');
    expect(nli.rows).toBe(2 * hf.split!.train + 3 * hf.split!.test);
  });
});

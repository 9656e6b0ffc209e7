// Training rounds (issue 14, item 6): a seeded sample of kind 'training' drawn from the documents
// that have a master label, stored with the master's labels of its documents.
//
// [Note: a training round] The master is the project's gold labels or a named expert coder's
// current decisions. Gold: a coding unit whose gold value means labels of the question ([Note: gold
// matching] in coding/gold.ts) with every part of it matched; for a single-label question exactly
// one label. An expert: that coder's current 'coding' decision of kind label ([Note: a coder's
// current decision] in agreement/coder-decisions.ts). The round is drawn from those documents, in
// id order, with the samples' seeded partial Fisher-Yates shuffle (coding/samples.ts), so the same
// seed and master draw the same documents in the same order. The master's labels of the drawn
// documents are stored with the round (samples.options.training.labels) when it is drawn: a later
// change of the gold or of the expert's decisions does not change a round's result, and the rounds
// and their alphas are kept as they were scored. The trainee codes the round in its sample queue,
// blind; those decisions have the role 'training' (coding/decisions.ts) and never count as labels
// of the project (the documents stay in the ordinary queue).
import { randomUUID } from 'node:crypto';
import { PrelabelError, type CodebookQuestion, type TrainingMaster, type TrainingMasterInput } from '../../../common/contract';
import { currentDecisionsByCoder } from '../agreement/coder-decisions';
import { goldMatcher } from '../coding/gold';
import { draw } from '../coding/samples';
import type { Db } from '../store/project-db';
import { isUnit } from '../store/units';

export interface StoredRound {
  id: string;
  questionId: string;
  seed: number;
  size: number;
  createdAt: string;
  population: number;
  master: TrainingMaster;
  /** The master's label ids (codebook order) per document id, as they were when the round was drawn. */
  labels: Map<number, string[]>;
  /** The round's documents in its order. */
  documents: number[];
}

interface RoundOptions {
  population: number;
  sizing: null;
  stratifyBy: null;
  strata: [];
  training: { master: TrainingMaster; labels: Record<string, string[]> };
}

/** Every document of the question with a master label, and the label ids (codebook order). */
export function masterLabels(db: Db, question: CodebookQuestion, master: TrainingMasterInput): Map<number, string[]> {
  const out = new Map<number, string[]>();
  if ('gold' in master) {
    const match = goldMatcher(question);
    const rows = db
      .prepare(`SELECT d.id, d.gold_label AS gold FROM documents d WHERE d.gold_label IS NOT NULL AND ${isUnit('d')} ORDER BY d.id`)
      .all() as Array<{ id: number; gold: string }>;
    for (const r of rows) {
      const m = match(r.gold);
      if (!m || !m.complete || (!question.multiLabel && m.labelIds.length !== 1)) continue;
      out.set(r.id, m.labelIds);
    }
    if (out.size === 0)
      throw new PrelabelError(
        'INVALID_INPUT',
        `No document has a gold label that names a label of "${question.name}": import gold labels, or name an expert coder as the master.`,
      );
    return out;
  }
  for (const d of currentDecisionsByCoder(db, question, null))
    if (d.coder === master.coder && d.kind === 'label') out.set(d.documentId, d.labelIds);
  if (out.size === 0)
    throw new PrelabelError(
      'INVALID_INPUT',
      `The coder "${master.coder}" has labelled no document of "${question.name}": name a coder who has, or use the gold labels as the master.`,
    );
  return out;
}

/** Draws and stores a training round ([Note: a training round]). */
export function createRound(
  db: Db,
  question: CodebookQuestion,
  input: { master: TrainingMasterInput; size: number; seed: number },
): StoredRound {
  if (question.archived)
    throw new PrelabelError(
      'INVALID_INPUT',
      `The question "${question.name}" is archived; restore it in the codebook to train coders on it.`,
    );
  return db.transaction(() => {
    const labels = masterLabels(db, question, input.master);
    if (input.size > labels.size)
      throw new PrelabelError(
        'INVALID_INPUT',
        `A training round of ${input.size} documents cannot be drawn from the ${labels.size} with a master label: choose at most ${labels.size}.`,
      );
    const chosen = draw(
      [...labels.keys()].sort((a, b) => a - b),
      input.size,
      input.seed,
    );
    const master: TrainingMaster = 'gold' in input.master ? { kind: 'gold' } : { kind: 'coder', coder: input.master.coder };
    const options: RoundOptions = {
      population: labels.size,
      sizing: null,
      stratifyBy: null,
      strata: [],
      training: { master, labels: Object.fromEntries(chosen.map((id) => [String(id), labels.get(id)!])) },
    };
    const id = randomUUID();
    db.prepare(
      "INSERT INTO samples (id, question_id, purpose, kind, seed, size, options, created_at) VALUES (?, ?, 'validation', 'training', ?, ?, ?, ?)",
    ).run(id, question.id, input.seed, chosen.length, JSON.stringify(options), new Date().toISOString());
    const insert = db.prepare('INSERT INTO sample_documents (sample_id, document_id, position) VALUES (?, ?, ?)');
    chosen.forEach((doc, position) => insert.run(id, doc, position));
    return readRound(db, id)!;
  })();
}

interface SampleRow {
  id: string;
  question_id: string;
  kind: string;
  seed: number;
  size: number;
  options: string;
  created_at: string;
}

function toRound(db: Db, row: SampleRow): StoredRound {
  const options = JSON.parse(row.options) as Partial<RoundOptions>;
  if (!options.training) throw new PrelabelError('INTERNAL', `The training round ${row.id} has no master labels stored.`);
  const documents = db
    .prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY position')
    .pluck()
    .all(row.id) as number[];
  return {
    id: row.id,
    questionId: row.question_id,
    seed: row.seed,
    size: row.size,
    createdAt: row.created_at,
    population: options.population ?? 0,
    master: options.training.master,
    labels: new Map(Object.entries(options.training.labels).map(([k, v]) => [Number(k), v])),
    documents,
  };
}

/** The training round with this id, or null (also for a sample of another kind). */
export function readRound(db: Db, sampleId: string): StoredRound | null {
  const row = db.prepare("SELECT * FROM samples WHERE id = ? AND kind = 'training'").get(sampleId) as SampleRow | undefined;
  return row ? toRound(db, row) : null;
}

/** The question's training rounds, the newest first. */
export function listRounds(db: Db, questionId: string): StoredRound[] {
  const rows = db
    .prepare("SELECT * FROM samples WHERE question_id = ? AND kind = 'training' ORDER BY created_at DESC, rowid DESC")
    .all(questionId) as SampleRow[];
  return rows.map((r) => toRound(db, r));
}

/** Each coder's latest live decision in the round (label, skip or not codable), by coder name. */
export function roundDecisions(db: Db, round: StoredRound): Map<string, Map<number, { kind: string; labelIds: string[] }>> {
  const rows = db
    .prepare(
      `WITH live AS (
         SELECT a.document_id, a.coder_id, a.kind, a.label_ids,
           row_number() OVER (PARTITION BY a.document_id, a.coder_id ORDER BY a.created_at DESC, a.rowid DESC) AS latest
         FROM annotations a
         WHERE a.sample_id = @s AND a.question_id = @q AND a.kind <> 'undo'
           AND NOT EXISTS (SELECT 1 FROM annotations u WHERE u.undoes_id = a.id))
       SELECT l.document_id AS doc, c.name AS coder, l.kind, l.label_ids AS labels
       FROM live l JOIN coders c ON c.id = l.coder_id WHERE l.latest = 1`,
    )
    .all({ s: round.id, q: round.questionId }) as Array<{ doc: number; coder: string; kind: string; labels: string }>;
  const out = new Map<string, Map<number, { kind: string; labelIds: string[] }>>();
  for (const r of rows) {
    let m = out.get(r.coder);
    if (!m) out.set(r.coder, (m = new Map()));
    m.set(r.doc, { kind: r.kind, labelIds: r.kind === 'label' ? (JSON.parse(r.labels) as string[]) : [] });
  }
  return out;
}

// A large coding project for the benchmarks: documents bulk-inserted with their search index (the
// import itself is measured by bench-import), a 3-label question, synthetic predictions for every
// document stored through the runner's batch writer (which maintains the coding state, as a real
// run does), and decisions spread over four coders through the decision path (log and coding state).
// Seeded: every run builds the same project. Options give the export benchmark its own texts and
// metadata, a decision for every document and suggestions recorded with the decisions.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Codebook, CodebookQuestion } from '../../../common/contract';
import { modelInputHash } from '../../../main/core/codebook/hypotheses';
import { refreshDecision, suggestionStateWriter } from '../../../main/core/coding/coding-state';
import { decide } from '../../../main/core/coding/decisions';
import { createCore, type Core } from '../../../main/core/create-core';
import { batchWriter, insertRun } from '../../../main/core/store/prediction-store';
import { searchText } from '../../../main/core/store/search-text';
import { mulberry32 } from '../../model/gen/prng';

const WORDS =
  'government asylum budget climate school tax rail hospital border pension energy election court police farm water army trade vote union'.split(
    ' ',
  );

export interface CodingProject {
  question: CodebookQuestion;
  runId: string;
  /** Documents with a decision. */
  decided: Set<number>;
  rand: () => number;
}

export interface CodingProjectOptions {
  docs: number;
  /** Decisions on random documents; at least `docs`: one for every document, in id order. */
  decisions: number;
  seed?: number;
  log?: (line: string) => void;
  /** Text of document i (default: generated from a small vocabulary). */
  text?: (i: number) => string;
  /** Metadata JSON of document i (default: none). */
  metadata?: (i: number) => string;
  /** Store predictions for every document (default true); without, the run exists but has none. */
  predictions?: boolean;
  /** Share of the label decisions recorded with a suggestion of the run (80% of them taken as is). */
  suggested?: number;
}

/** Fills the core's open (empty) project. */
export async function fillCodingProject(core: Core, opts: CodingProjectOptions): Promise<CodingProject> {
  const log = opts.log ?? (() => {});
  const rand = mulberry32(opts.seed ?? 7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await core.dispatch(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as T;
  };
  const db = core.context.requireProject().db;

  let t0 = performance.now();
  const importId = randomUUID();
  db.transaction(() => {
    db.prepare(
      "INSERT INTO imports (id, status, source_name, format, options, row_count, started_at) VALUES (?, 'committed', 'bench', 'csv', '{}', ?, ?)",
    ).run(importId, opts.docs, new Date().toISOString());
    const doc = db.prepare(
      "INSERT INTO documents (id, import_id, row_number, external_id, text, metadata) VALUES (?, ?, ?, ?, ?, coalesce(?, '{}'))",
    );
    const fts = db.prepare('INSERT INTO documents_fts (rowid, text) VALUES (?, ?)');
    for (let i = 1; i <= opts.docs; i++) {
      const text = opts.text
        ? opts.text(i)
        : `Item ${i}: ` + Array.from({ length: 8 + Math.floor(rand() * 30) }, () => pick(WORDS)).join(' ') + '.';
      doc.run(i, importId, i, `doc-${i}`, text, opts.metadata?.(i) ?? null);
      fts.run(i, searchText(text));
    }
  })();
  log(`Inserted ${opts.docs.toLocaleString('en')} documents with their search index in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);

  const codebook = await call<Codebook>('codebook.set', {
    questions: [{ name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }, { name: 'neutral' }] }],
  });
  const q = codebook.questions[0]!;
  const sha = 'b'.repeat(64);
  const run = insertRun(db, {
    id: randomUUID(),
    questionId: q.id,
    modelId: 'bench',
    modelSha256: sha,
    modelInputHash: modelInputHash(q, sha),
    codebookRevisionId: codebook.revisionId,
    options: { maxLength: 512 },
  });
  t0 = performance.now();
  const write = batchWriter(db, run.id, suggestionStateWriter(db, run.id));
  const BATCH = 2000;
  const logits = new Float64Array(BATCH * 3);
  for (let start = 1; opts.predictions !== false && start <= opts.docs; start += BATCH) {
    const ids = Array.from({ length: Math.min(BATCH, opts.docs - start + 1) }, (_, k) => start + k);
    for (let k = 0; k < ids.length * 3; k++) logits[k] = rand() * 6 - 3;
    write(
      ids.map((documentId) => ({ documentId, tokenCount: 40, truncated: false, windows: 1 })),
      ids.length * 3,
      (r, out) => {
        out[0] = ids[Math.floor(r / 3)]!;
        out[1] = q.labels[r % 3]!.id;
        out[2] = 0;
        out[3] = logits[r]!;
        out[4] = 0;
        out[5] = 0;
      },
    );
  }
  const predSeconds = (performance.now() - t0) / 1000;
  if (opts.predictions !== false)
    log(
      `Stored ${(opts.docs * 3).toLocaleString('en')} predictions with the coding state in ${predSeconds.toFixed(1)} s (${Math.round(opts.docs / predSeconds).toLocaleString('en')} documents/s).`,
    );

  t0 = performance.now();
  const coders = ['Ana', 'Ben', 'Cleo', 'Dev'];
  const decided = new Set<number>();
  const every = opts.decisions >= opts.docs;
  // [Note: bench decisions] Decisions on some documents go through decide(), as the app makes them
  // (about a millisecond each: it reads the codebook and validates). A decision for every one of a
  // million documents would take that many seconds, so those are appended to the log with the same
  // columns and put into the coding state by refreshDecision, the maintenance code decide() runs.
  const coderIds = coders.map((name) => {
    const id = randomUUID();
    db.prepare('INSERT INTO coders (id, name, created_at) VALUES (?, ?, ?)').run(id, name, new Date().toISOString());
    return id;
  });
  const append = db.prepare(
    `INSERT INTO annotations (id, document_id, question_id, coder_id, kind, label_ids, suggestion_label_ids, suggestion_score, run_id, codebook_revision_id, seconds, flagged, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 4, ?, ?)`,
  );
  const decideOne = (id: number) => {
    decided.add(id);
    const skip = rand() < 0.05;
    const label = pick(q.labels).id;
    const suggestion =
      !skip && rand() < (opts.suggested ?? 0)
        ? { labelIds: [rand() < 0.8 ? label : pick(q.labels).id], score: 0.5 + rand() / 2, runId: run.id }
        : null;
    const coder = Math.floor(rand() * coders.length);
    const flagged = rand() < 0.02;
    if (!every) {
      decide(db, {
        questionId: q.id,
        documentId: id,
        coder: coders[coder]!,
        kind: skip ? 'skip' : 'label',
        labelIds: skip ? [] : [label],
        suggestion,
        seconds: 4,
        flagged,
      });
      return;
    }
    append.run(
      randomUUID(),
      id,
      q.id,
      coderIds[coder],
      skip ? 'skip' : 'label',
      skip ? '[]' : `["${label}"]`,
      suggestion ? JSON.stringify(suggestion.labelIds) : null,
      suggestion?.score ?? null,
      suggestion ? run.id : null,
      codebook.revisionId,
      flagged ? 1 : 0,
      new Date().toISOString(),
    );
    refreshDecision(db, q, id);
  };
  // Transactions of 50,000 decisions keep the write-ahead log small.
  const target = Math.min(opts.decisions, opts.docs);
  for (let next = 1; decided.size < target;) {
    db.transaction(() => {
      for (let k = 0; k < 50_000 && decided.size < target; k++) {
        if (every) {
          decideOne(next++);
          continue;
        }
        const id = 1 + Math.floor(rand() * opts.docs);
        if (decided.has(id)) k--;
        else decideOne(id);
      }
    })();
  }
  if (target) log(`Recorded ${target.toLocaleString('en')} decisions in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  return { question: q, runId: run.id, decided, rand };
}

/** Builds the project file at `path` and closes it, for a benchmark that opens it elsewhere. */
export async function buildCodingProject(path: string, opts: CodingProjectOptions): Promise<{ path: string; project: CodingProject }> {
  const dataDir = mkdtempSync(join(dirname(path), 'builder-'));
  const core = createCore(
    {
      dataDir: join(dataDir, 'data'),
      projectsDir: join(dataDir, 'projects'),
      uploadsDir: join(dataDir, 'uploads'),
      face: 'cli',
      writes: { chosenBy: 'caller' },
      version: 'bench',
    },
    () => {},
  );
  try {
    const created = await core.dispatch('project.create', { name: 'bench', path });
    if (!created.ok) throw new Error(created.error.message);
    const project = await fillCodingProject(core, opts);
    return { path, project };
  } finally {
    await core.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

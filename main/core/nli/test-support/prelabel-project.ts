// Test support for pre-label runs: a project with the first N AG News test documents (a real
// corpus file, imported by the importer), a codebook set through the contract, and the engine.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Codebook, CodebookQuestionInput, PrelabelProgress, RunInfo } from '../../../../common/contract';
import { corpusFile } from '../../test-support/corpora';
import { makeTestCore, type TestCore } from '../../test-support/test-core';
import type { NliEngine } from '../nli-engine';

export interface PrelabelProject {
  t: TestCore;
  engine: NliEngine;
  projectPath: string;
  /** Visible documents in id order. */
  documents: Array<{ id: number; externalId: string; text: string }>;
  close(): Promise<void>;
}

/** The first `count` AG News test rows as a CSV without header (title, description joined), plus extra rows. */
export function writeAgNewsSubset(path: string, count: number, extraTexts: string[] = []): void {
  const lines = readFileSync(corpusFile('ag_news', 'test.csv'), 'utf8').split('\n').slice(0, count);
  const extra = extraTexts.map((t) => `"1","${t.replace(/"/g, '""')}",""`);
  writeFileSync(path, [...lines, ...extra].join('\n') + '\n');
}

/**
 * Through a built CLI (`cli` runs one command): a project of the first `count` AG News rows with one
 * question, Topic, of the four AG News labels, and a copy of it taken before anything is scored (for
 * a single-machine run to compare with).
 */
export function agNewsTopicProjectByCli(
  cli: (...argv: string[]) => { code: number | null },
  dir: string,
  count: number,
): { project: string; single: string } {
  const project = join(dir, 'news.prelabel');
  const csv = join(dir, 'news.csv');
  writeAgNewsSubset(csv, count);
  const steps = [
    ['init', project],
    ['import', project, csv, '--no-header', '--text-column', '2', '--text-column', '3'],
  ];
  const codebook = join(dir, 'codebook.json');
  const labels = ['world politics', 'sports', 'business', 'science and technology'].map((name) => ({ name }));
  writeFileSync(codebook, JSON.stringify({ questions: [{ name: 'Topic', template: 'This news story is about {}.', labels }] }));
  steps.push(['codebook', project, '--set', codebook]);
  for (const argv of steps) {
    const r = cli(...argv);
    if (r.code !== 0) throw new Error(`prelabel ${argv[0]} exited with ${r.code}`);
  }
  const single = join(dir, 'single.prelabel');
  copyFileSync(project, single);
  return { project, single };
}

export async function prelabelProject(
  dir: string,
  opts: { count?: number; extraTexts?: string[]; modelDir?: string } = {},
): Promise<PrelabelProject> {
  const t = makeTestCore(dir);
  const projectPath = join(dir, 'news.prelabel');
  await t.call('project.create', { name: 'news', path: projectPath });
  const csv = join(dir, 'ag-news-subset.csv');
  writeAgNewsSubset(csv, opts.count ?? 50, opts.extraTexts);
  const started = await t.call('import.start', {
    source: { kind: 'path', path: csv },
    options: { hasHeader: false },
    mapping: { textColumns: [2, 3], joinWith: '\n\n' },
  });
  const done = await t.waitForJob(started.jobId);
  if (done.status !== 'done') throw new Error(`import failed: ${JSON.stringify(done)}`);
  if (opts.modelDir) await t.call('model.select', { path: opts.modelDir });
  const db = t.core.context.project!.db;
  const documents = db
    .prepare('SELECT id, external_id AS externalId, text FROM documents ORDER BY id')
    .all() as PrelabelProject['documents'];
  const { engine } = t.core.context;
  // Runs here use the physical cores without measuring them (run-lease.test.ts measures).
  engine.tuning.threadCalibrationMs = 0;
  return {
    t,
    engine,
    projectPath,
    documents,
    async close() {
      await t.core.shutdown();
      await engine.close();
    },
  };
}

export const TOPICS = ['world politics', 'sports', 'business', 'science and technology'];

export function topicQuestion(overrides: Partial<CodebookQuestionInput> = {}): CodebookQuestionInput {
  return { name: 'Topic', template: 'This news story is about {}.', labels: TOPICS.map((name) => ({ name })), ...overrides };
}

export async function setQuestions(t: TestCore, questions: CodebookQuestionInput[]): Promise<Codebook> {
  return t.call('codebook.set', { questions });
}

/** A pre-label run's progress (its job's id is the run's). */
export function isRunProgress(payload: unknown, runId?: string): payload is PrelabelProgress {
  const p = payload as PrelabelProgress;
  return p.kind === 'prelabel' && (runId === undefined || p.jobId === runId);
}

/** Resolves when the run emits a final status (anything but running), looking at events from `from` on. */
export function runEnd(t: TestCore, runId: string, from = 0): Promise<PrelabelProgress> {
  return new Promise((resolve) => {
    const check = () => {
      const end = t.events
        .slice(from)
        .find((e) => e.event === 'job:progress' && isRunProgress(e.payload, runId) && e.payload.status !== 'running');
      if (end) resolve(end.payload as PrelabelProgress);
      else setTimeout(check, 10);
    };
    check();
  });
}

/** Waits until `predicate` holds, polling. */
export async function until(predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 5));
  }
}

export function scoredDocuments(t: TestCore, runId: string): number {
  return t.core.context.project!.db.prepare('SELECT count(*) FROM prediction_documents WHERE run_id = ?').pluck().get(runId) as number;
}

/** (document, label, window) keys stored more than once for a question, across its runs of one hash. */
export function duplicatePredictions(t: TestCore, hash: string): number {
  return t.core.context
    .project!.db.prepare(
      `SELECT count(*) FROM (SELECT p.document_id, p.label_id, p.window FROM predictions p JOIN prelabel_runs r ON r.id = p.run_id
       WHERE r.model_input_hash = ? GROUP BY 1, 2, 3 HAVING count(*) > 1)`,
    )
    .pluck()
    .get(hash) as number;
}

export type { RunInfo };

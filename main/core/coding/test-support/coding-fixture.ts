// Test support for coding: a project with generated documents imported by the real importer, a
// codebook set through the contract, and pre-label predictions written through the store's batch
// writer (the path the runner takes), with logits chosen by the test.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Codebook, CodebookQuestionInput } from '../../../../common/contract';
import { modelInputHash } from '../../codebook/hypotheses';
import { batchWriter, insertRun } from '../../store/prediction-store';
import { suggestionStateWriter } from '../coding-state';
import type { Db } from '../../store/project-db';
import { makeTestCore, type TestCore } from '../../test-support/test-core';

export const MODEL_SHA = 'a'.repeat(64);

export interface CodingProject {
  t: TestCore;
  db: () => Db;
  path: string;
  codebook: Codebook;
  documentIds: number[];
}

const WORDS = ['asylum', 'budget', 'climate', 'schools', 'taxes', 'rail', 'hospital', 'border', 'pension', 'energy'];

/** The text of generated document i: searchable words that repeat with known periods. */
export function textOf(i: number): string {
  return `Item ${i}: the ${WORDS[i % WORDS.length]} debate, about ${WORDS[(i * 7) % WORDS.length]} too.`;
}

export async function codingProject(dir: string, count: number, questions: CodebookQuestionInput[]): Promise<CodingProject> {
  const t = makeTestCore(dir);
  const path = join(dir, 'coding.prelabel');
  await t.call('project.create', { name: 'coding', path });
  const csv = join(dir, 'docs.csv');
  writeFileSync(csv, ['id,text', ...Array.from({ length: count }, (_, i) => `doc-${i + 1},"${textOf(i + 1)}"`)].join('\n') + '\n');
  const started = await t.call('import.start', { source: { kind: 'path', path: csv }, mapping: { textColumns: ['text'], idColumn: 'id' } });
  const done = await t.waitForJob(started.jobId);
  if (done.status !== 'done') throw new Error(`import failed: ${JSON.stringify(done)}`);
  const codebook = await t.call('codebook.set', { questions });
  const db = () => t.core.context.project!.db;
  const documentIds = db().prepare('SELECT id FROM documents ORDER BY id').pluck().all() as number[];
  return { t, db, path, codebook, documentIds };
}

/**
 * Stores a run of the question whose logits give each document the entailment logits `entail(doc)`
 * (one per label, in codebook order; contradiction 0), in batches of `batch` documents.
 */
export function storeRun(
  db: Db,
  codebook: Codebook,
  questionIndex: number,
  documentIds: readonly number[],
  entail: (doc: number) => number[],
  batch = 7,
  sha = MODEL_SHA,
): string {
  const question = codebook.questions[questionIndex]!;
  const labels = question.labels.filter((l) => !l.archived);
  const run = insertRun(db, {
    id: randomUUID(),
    questionId: question.id,
    modelId: 'test-model',
    modelSha256: sha,
    modelInputHash: modelInputHash(question, sha),
    codebookRevisionId: codebook.revisionId,
    options: { maxLength: 32 },
  });
  const write = batchWriter(db, run.id, suggestionStateWriter(db, run.id));
  for (let i = 0; i < documentIds.length; i += batch) {
    const docs = documentIds.slice(i, i + batch);
    const rows = docs.flatMap((d) => entail(d).map((e, k) => [d, labels[k]!.id, e] as const));
    write(
      docs.map((d) => ({ documentId: d, tokenCount: 10, truncated: false, windows: 1 })),
      rows.length,
      (r, out) => {
        const [d, label, e] = rows[r]!;
        out[0] = d;
        out[1] = label;
        out[2] = 0;
        out[3] = e;
        out[4] = 0;
        out[5] = 0;
      },
    );
  }
  return run.id;
}

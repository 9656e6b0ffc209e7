// [Note: final label] by hand, one document for each case: a human label decision (human), "not
// codable" (no label, source human: the model's label must not stand in), a skip and an open
// document with a current prediction (the model's label), an open document scored only under an
// older model input (empty, model_stale true) and one never scored (empty, model_stale empty); and
// a multi-label question, whose model labels are those at 0.5 or above.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Codebook } from '../../../common/contract';
import { modelInputHash } from '../codebook/hypotheses';
import { MODEL_SHA, storeRun } from '../coding/test-support/coding-fixture';
import { useTempDir } from '../test-support/temp-dir';
import { runExport } from './export-job';
import { decide, makeExportProject, type ExportProject } from './test-support/export-project';

const tmp = useTempDir();

async function exportCsv(p: ExportProject, hash: string) {
  const out = join(tmp(), 'out');
  mkdirSync(out, { recursive: true });
  const path = join(out, 'final.csv');
  await runExport({
    projectPath: p.path,
    exportId: 'final',
    questionId: p.question.id,
    format: 'csv',
    filter: 'all',
    seed: 1,
    testFraction: 0.2,
    hash,
    target: { kind: 'file', path },
    appVersion: 'test',
    signal: new AbortController().signal,
    onProgress: () => {},
  });
  return parse(readFileSync(path), { columns: true }) as Record<string, string>[];
}

const codebookOf = (p: ExportProject): Codebook => ({ questions: [p.question], revisionId: p.revisionId }) as Codebook;

describe('final_label and its source', () => {
  it('single-label: human, not codable, skipped, open, stale only, never scored', async () => {
    const p = makeExportProject(
      tmp(),
      ['human', 'notcodable', 'skipped', 'open', 'stale', 'never'].map((id) => ({ id, text: `Text ${id}` })),
    );
    const [human, notCodable, skipped, open, stale] = p.docs;
    const favour = p.label['in favour of']!;
    // Entailment logits 0, 1, -1: "against" wins where the current run scored (softmax: in favour 0.245,
    // against 0.665, neutral 0.090). The stale run is another model's.
    storeRun(p.db, codebookOf(p), 0, [stale!], () => [0, 0, 0], 7, 'b'.repeat(64));
    storeRun(p.db, codebookOf(p), 0, [human!, notCodable!, skipped!, open!], () => [0, 1, -1]);
    decide(p, { documentId: human!, labels: [favour] });
    decide(p, { documentId: notCodable!, kind: 'not_codable' });
    decide(p, { documentId: skipped!, kind: 'skip' });
    const rows = await exportCsv(p, modelInputHash(p.question, MODEL_SHA));
    const e = [0, 1, -1].map(Math.exp);
    const sum = e.reduce((a, b) => a + b, 0);
    expect(rows.map((r) => [r.id, r.labels, r.model_label, r.model_stale, r.final_label, r.final_label_source])).toEqual([
      ['human', 'in favour of', 'against', 'false', 'in favour of', 'human'],
      ['notcodable', '', 'against', 'false', '', 'human'],
      ['skipped', '', 'against', 'false', 'against', 'model'],
      ['open', '', 'against', 'false', 'against', 'model'],
      ['stale', '', '', 'true', '', ''],
      ['never', '', '', '', '', ''],
    ]);
    expect(Number(rows[0]!.score_against)).toBeCloseTo(e[1]! / sum, 12);
    expect(Number(rows[0]!.model_score)).toBeCloseTo(e[1]! / sum, 12);
    expect(rows[4]!.score_against).toBe('');
    expect(rows[3]!.decision).toBe('');
  });

  it('multi-label: every label at 0.5 or above is the model’s, each scored on its own; "none" is the human’s empty set', async () => {
    const p = makeExportProject(
      tmp(),
      [
        { id: 'a', text: 'Health and tax.' },
        { id: 'none', text: 'Nothing of these.' },
      ],
      {
        name: 'Topics',
        multiLabel: true,
        template: 'This text is about {}.',
        labels: [{ name: 'health' }, { name: 'tax' }, { name: 'defence' }],
      },
    );
    storeRun(p.db, codebookOf(p), 0, p.docs, () => [2, 0.5, -1]);
    // "None of these labels" (a label decision with no labels) is the human's empty set, not the model's labels.
    decide(p, { documentId: p.docs[1]!, labels: [] });
    const [row, none] = await exportCsv(p, modelInputHash(p.question, MODEL_SHA));
    expect([none!.labels, none!.model_label, none!.final_label, none!.final_label_source]).toEqual(['', 'health|tax', '', 'human']);
    // Stored with neutral and contradiction 0: each label's score is sigmoid(entailment - contradiction).
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    expect(row!.model_label).toBe('health|tax');
    expect(Number(row!.score_health)).toBeCloseTo(sig(2), 12);
    expect(Number(row!.score_tax)).toBeCloseTo(sig(0.5), 12);
    expect(Number(row!.score_defence)).toBeCloseTo(sig(-1), 12);
    expect([row!.final_label, row!.final_label_source]).toEqual(['health|tax', 'model']);
  });
});

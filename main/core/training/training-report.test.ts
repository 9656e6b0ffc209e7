// The methods report (report.write) names the question's reliability sample (with its size formula)
// and every training round with each coder's agreement with the master, as training.rounds gives them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fmtCoef, fmtShare } from '../../../common/evaluation-format';
import { evaluationProject, storeSeededRun, type EvaluationProject } from '../evaluation/test-support/evaluation-project';
import { useTempDir } from '../test-support/temp-dir';

const tmp = useTempDir();
let open: EvaluationProject[] = [];
afterEach(async () => {
  for (const p of open) await p.t.core.shutdown();
  open = [];
});

/** The text of each cell with data-training, by its key. */
function trainingCells(html: string): Map<string, string> {
  return new Map([...html.matchAll(/data-training="([^"]+)">([^<]*)</g)].map((m) => [m[1]!, m[2]!]));
}

describe('the methods report', () => {
  it('has a reliability sample section and a coder training section with the numbers of training.rounds', async () => {
    const p = await evaluationProject(tmp(), 60, 3);
    open.push(p);
    storeSeededRun(p, 0, 4);
    const q = p.single;
    const input = { questionId: q.id, against: 'gold' as const, bootstrap: { replicates: 200, seed: 1 } };
    const before = readFileSync((await p.t.call('report.write', { ...input, path: join(tmp(), 'a.html') })).path, 'utf8');
    expect(before).not.toContain('<h2>Coder training</h2>');
    expect(before).not.toContain('<h2>Reliability sample</h2>');

    const sizing = { kind: 'reliability' as const, categories: 3, alphaMin: 0.667, significance: 0.05 };
    const plan = await p.t.call('samples.size', sizing);
    await p.t.call('samples.create', { questionId: q.id, seed: 2, size: Math.min(plan.n, 60), sizing, kind: 'reliability' });
    const first = await p.t.call('training.create', { questionId: q.id, master: { gold: true }, size: 10, seed: 1 });
    await p.t.call('training.create', { questionId: q.id, master: { gold: true }, size: 8, seed: 2 });
    const docs = p
      .db()
      .prepare(
        'SELECT d.id, d.gold_label AS gold FROM sample_documents s JOIN documents d ON d.id = s.document_id WHERE s.sample_id = ? ORDER BY s.position',
      )
      .all(first.id) as Array<{ id: number; gold: string }>;
    for (const [coder, wrongEvery] of [
      ['Tia', 3],
      ['Uma', 2],
    ] as const)
      for (const [i, d] of docs.entries()) {
        const name = i % wrongEvery === 0 ? q.labels.find((l) => l.name !== d.gold)!.name : d.gold;
        await p.t.call('annotate.decide', {
          questionId: q.id,
          documentId: d.id,
          coder,
          sampleId: first.id,
          kind: 'label',
          labelIds: [q.labels.find((l) => l.name === name)!.id],
        });
      }
    const html = readFileSync((await p.t.call('report.write', { ...input, path: join(tmp(), 'b.html') })).path, 'utf8');
    expect(html).toContain('<h2>Reliability sample</h2>');
    expect(html).toContain(`${Math.min(plan.n, 60)} of 60 documents, a simple random sample drawn with seed 2`);
    expect(html).toContain('Krippendorff 2004, Bloch &amp; Kraemer 1989');
    expect(html).toContain('<h2>Coder training</h2>');
    const rounds = await p.t.call('training.rounds', { questionId: q.id });
    expect(rounds).toHaveLength(2);
    expect(rounds[0]!.scores).toEqual([]);
    expect(html).toContain('not coded yet');
    const cells = trainingCells(html);
    const scores = rounds[1]!.scores;
    expect(scores.map((s) => s.coder)).toEqual(['Tia', 'Uma']);
    for (const s of scores) {
      expect(cells.get(`1.${s.coder}.coded`)).toBe(String(s.coded));
      expect(cells.get(`1.${s.coder}.percent`)).toBe(fmtShare(s.percent));
      expect(cells.get(`1.${s.coder}.kappa`)).toBe(fmtCoef(s.kappa));
      expect(cells.get(`1.${s.coder}.alpha`)).toBe(fmtCoef(s.alpha));
    }
    // Tia differs on documents 0, 3, 6, 9 of 10: 60 %; Uma on 0, 2, 4, 6, 8: 50 %.
    expect(scores.map((s) => s.percent)).toEqual([0.6, 0.5]);
  });
});

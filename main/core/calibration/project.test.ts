// crossValidatedProbabilities on a real project: the training decisions are the human label decisions
// with current logits, less a blind validation sample's documents; the features are the windows a
// suggestion takes; the raw scores equal the stored suggestions' scores.
import { afterEach, describe, expect, it } from 'vitest';
import { evaluationProject, type EvaluationProject } from '../evaluation/test-support/evaluation-project';
import { useTempDir } from '../test-support/temp-dir';
import { crossValidatedProbabilities, readCalibrationData } from './index';
import { plantedRows } from './test-support/planted';
import { decidePlanted, storePlantedRun } from './test-support/planted-project';

const tempRoot = useTempDir();
let open: EvaluationProject[] = [];
afterEach(async () => {
  for (const p of open) await p.t.core.shutdown();
  open = [];
});

describe('calibration data from a project', () => {
  it('trains on decisions with current logits, never on a blind sample, with the suggestion’s window', async () => {
    const p = await evaluationProject(tempRoot(), 90, 3);
    open.push(p);
    const planted = plantedRows({ n: 90, kinds: ['swapped', 'swapped', 'informative'], seed: 8 });
    // Documents 81..90 are never scored: their decisions are left out as unscored.
    const scored = p.ids.slice(0, 80);
    const hash = storePlantedRun(p.db(), p.codebook, 0, scored, planted.features.slice(0, 80));
    const sample = await p.t.call('samples.create', { questionId: p.single.id, seed: 2, size: 10 });
    const blind = p.db().prepare('SELECT document_id FROM sample_documents WHERE sample_id = ?').pluck().all(sample.id) as number[];
    const index = new Map(p.ids.map((id, i) => [id, i]));
    await decidePlanted(
      p.t,
      p.codebook,
      0,
      blind,
      blind.map((d) => planted.truth[index.get(d)!]!),
      sample.id,
    );
    const coded = p.ids.filter((id) => !blind.includes(id));
    await decidePlanted(
      p.t,
      p.codebook,
      0,
      coded,
      coded.map((d) => planted.truth[index.get(d)!]!),
    );

    const data = readCalibrationData(p.db(), p.single, hash);
    const unscoredCoded = coded.filter((d) => !scored.includes(d)).length;
    expect(data.left).toEqual({ blind: blind.length, unscored: unscoredCoded, archived: 0 });
    expect(data.documents).toEqual(coded.filter((d) => scored.includes(d)));
    for (const d of blind) expect(data.documents).not.toContain(d);
    // Features are the planted numbers (window 1, the larger entailment), not window 0's.
    data.documents.forEach((d, i) =>
      expect(Array.from(data.features.x.subarray(i * 6, i * 6 + 6))).toEqual(planted.features[index.get(d)!]),
    );

    const cv = crossValidatedProbabilities(p.db(), p.single, hash, { folds: 5, seed: 1 });
    expect(cv.rows.map((r) => r.documentId)).toEqual(data.documents);
    expect(cv.folds).toBe(5);
    const stored = new Map(
      (
        p
          .db()
          .prepare('SELECT document_id AS d, suggestion_label_id AS l, suggestion_score AS s FROM coding_state WHERE question_id = ?')
          .all(p.single.id) as Array<{ d: number; l: string; s: number }>
      ).map((r) => [r.d, r]),
    );
    for (const r of cv.rows) {
      expect(r.calibrated.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      const top = r.raw.indexOf(Math.max(...r.raw));
      expect(cv.labelIds[top]).toBe(stored.get(r.documentId)!.l);
      expect(Math.max(...r.raw)).toBeCloseTo(stored.get(r.documentId)!.s, 6);
    }
  });
});

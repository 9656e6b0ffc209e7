// calibration.status keeps its count of training decisions while nothing it depends on changes
// ([Note: calibration status cache]) and counts again after a new decision, an undo, a changed
// wording (another model-input hash) and a blind sample.
import { afterEach, describe, expect, it } from 'vitest';
import { evaluationProject, type EvaluationProject } from '../evaluation/test-support/evaluation-project';
import { useTempDir } from '../test-support/temp-dir';
import { plantedRows } from './test-support/planted';
import { decidePlanted, storePlantedRun } from './test-support/planted-project';
import { statusCacheCounters } from './status-cache';

const tempRoot = useTempDir();
let open: EvaluationProject[] = [];
afterEach(async () => {
  for (const p of open) await p.t.core.shutdown();
  open = [];
});

describe('calibration status cache', () => {
  it('counts once while nothing changes; a decision, an undo, a changed wording or a sample count again', async () => {
    const p = await evaluationProject(tempRoot(), 60, 3);
    open.push(p);
    const rows = plantedRows({ n: 60, kinds: ['swapped', 'swapped', 'biased'], seed: 9 });
    storePlantedRun(p.db(), p.codebook, 0, p.ids, rows.features);
    await decidePlanted(p.t, p.codebook, 0, p.ids.slice(0, 30), rows.truth.slice(0, 30));
    const status = async () => {
      const before = statusCacheCounters.computed;
      const s = await p.t.call('calibration.status', { questionId: p.single.id });
      return { now: s.decisionsNow, counted: statusCacheCounters.computed - before };
    };
    expect(await status()).toEqual({ now: 30, counted: 1 });
    expect(await status()).toEqual({ now: 30, counted: 0 });
    expect(await status()).toEqual({ now: 30, counted: 0 });

    // A new decision.
    await decidePlanted(p.t, p.codebook, 0, [p.ids[30]!], [rows.truth[30]!]);
    expect(await status()).toEqual({ now: 31, counted: 1 });
    expect(await status()).toEqual({ now: 31, counted: 0 });

    // Its undo.
    await p.t.call('annotate.undo', { questionId: p.single.id, coder: 'ana' });
    expect(await status()).toEqual({ now: 30, counted: 1 });

    // A blind validation sample: its decided documents no longer train.
    await p.t.call('samples.create', { questionId: p.single.id, seed: 2, size: 10 });
    const blind = p
      .db()
      .prepare(
        'SELECT count(*) FROM sample_documents sd JOIN coding_state cs ON cs.document_id = sd.document_id AND cs.question_id = ? AND cs.annotation_id IS NOT NULL',
      )
      .pluck()
      .get(p.single.id) as number;
    expect(await status()).toEqual({ now: 30 - blind, counted: 1 });

    // A changed wording: another model-input hash, under which nothing is scored yet.
    const q = p.codebook.questions;
    await p.t.call('codebook.set', {
      questions: q.map((x, i) => ({
        id: x.id,
        name: x.name,
        multiLabel: x.multiLabel,
        template: i === 0 ? 'The stance is {}.' : x.template,
        labels: x.labels.map((l) => ({ id: l.id, name: l.name })),
      })),
    });
    expect(await status()).toEqual({ now: 0, counted: 1 });
    expect(await status()).toEqual({ now: 0, counted: 0 });
  });
});

// `prelabel thresholds` and `prelabel check-labels` (in process) on a project with planted logits:
// --json is the contract's result (as computed here on the project before), --tune stores the
// thresholds the next call shows in use, the text shows the same numbers, bad flags fail in one line.
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LabelQualityResult, ThresholdsResult } from '../../../common/contract';
import { storeRun } from '../../core/coding/test-support/coding-fixture';
import { currentHash, evaluationProject } from '../../core/evaluation/test-support/evaluation-project';
import { mulberry32 } from '../../core/seeded-random';
import { useTempDir } from '../../core/test-support/temp-dir';
import { thresholdsReport } from '../../core/thresholds/tune';
import { main } from '../cli-main';

const tmp = useTempDir();

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('prelabel thresholds and check-labels', () => {
  beforeEach(() => {
    process.env.PRELABEL_HOME = join(tmp(), 'home');
  });

  it('shows, tunes and uses per-label thresholds; lists no pairs where no texts are alike', async () => {
    const p = await evaluationProject(tmp(), 80, 5);
    const rng = mulberry32(8);
    const truth = new Map(p.ids.map((d) => [d, p.multi.labels.filter(() => rng() < 0.35).map((l) => l.id)]));
    // Each label's score higher when the coder gave it, but below 0.5 for the first label.
    storeRun(p.db(), p.codebook, 1, p.ids, (d) =>
      p.multi.labels.map((l, k) => {
        const s = truth.get(d)!.includes(l.id) ? (k === 0 ? 0.3 : 0.6) + 0.15 * rng() : 0.05 + 0.3 * rng();
        return Math.log(s / (1 - s));
      }),
    );
    for (const d of p.ids)
      await p.t.call('annotate.decide', { questionId: p.multi.id, documentId: d, coder: 'ana', kind: 'label', labelIds: truth.get(d)! });
    // The single-label question: logits for its uncertain band.
    storeRun(p.db(), p.codebook, 0, p.ids, (d) => [Math.sin(d), Math.cos(d * 1.7), 0]);
    const expected = thresholdsReport(p.db(), p.multi, currentHash(p.db(), p.multi.id));
    await p.t.core.shutdown();

    const shown = await run('thresholds', p.path, '--question', 'Topics', '--json');
    expect(shown.code, shown.err).toBe(0);
    const r = JSON.parse(shown.out) as ThresholdsResult & { ok: boolean };
    expect(r.labels).toEqual(expected.labels);
    expect(r.stored).toBeNull();

    const tuned = await run('thresholds', p.path, '--question', 'Topics', '--tune', '--json');
    expect(tuned.code, tuned.err).toBe(0);
    const t = JSON.parse(tuned.out) as ThresholdsResult;
    expect(t.stored).toMatchObject({ current: true, documents: 80 });
    for (const l of t.labels) expect(l.inUse).toBe(l.chosen!.threshold);

    const textOut = await run('thresholds', p.path, '--question', 'Topics');
    expect(textOut.code).toBe(0);
    expect(textOut.out).toMatch(/in use/);
    const first = t.labels[0]!;
    expect(textOut.out).toContain(`${first.label}`);
    expect(textOut.out).toContain(first.chosen!.threshold.toFixed(4));

    const bad = await run('thresholds', p.path, '--question', 'Topics', '--target-precision', '2');
    expect(bad.code).not.toBe(0);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(/--target-precision must be/);
    const band = await run('thresholds', p.path, '--question', 'Topics', '--band', '0.1');
    expect(band.err).toMatch(/multi-label question/);
    // A single-label question's band: set, and its margins' scale said in the text.
    const single = await run('thresholds', p.path, '--question', 'Stance', '--band', '0.2');
    expect(single.code, single.err).toBe(0);
    expect(single.out).toContain('Uncertain band: margin 0.2 (margins of the raw probabilities; 80 scored documents, 0 coded)');
    expect(single.out).toContain('the export and the "Uncertain first" queue all use them');

    const checked = await run('check-labels', p.path, '--question', 'Topics', '--json');
    expect(checked.code, checked.err).toBe(0);
    const q = JSON.parse(checked.out) as LabelQualityResult;
    expect(q.coded).toBe(80);
    expect(q.duplicates.total).toBe(0);
    expect(q.disagreements.judged).toBe(80);
    expect((await run('check-labels', p.path, '--question', 'Topics')).out).toMatch(/80 coded documents; 0 pairs/);
  });
});

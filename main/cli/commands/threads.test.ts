// `prelabel threads` on the generated tiny model: nothing stored at first; --remeasure measures and
// keeps the choice with when, the load and pairs/s; on a busy machine a re-measurement does not
// replace the quiet one; --forget drops it so that the next use measures again; bad flags get one line.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { machineLoad, procStatProbe } from '../../core/nli/inference/machine-load';
import { machineUsedBy } from '../../core/nli/test-support/machine-used-by';
import { loadFixtures, makeTinyModel, type TinyModel } from '../../core/nli/test-support/tiny-model';
import { useTempDir } from '../../core/test-support/temp-dir';
import { main } from '../cli-main';

const tmp = useTempDir();
let model: TinyModel;
let home: string;

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...argv, '--data-dir', home], { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(() => {
  model = makeTinyModel(loadFixtures());
});
afterAll(() => model?.cleanup());
beforeEach(() => {
  home = join(tmp(), 'home');
  machineLoad.probe = machineUsedBy(0);
});
afterEach(() => {
  machineLoad.probe = procStatProbe;
});

describe('prelabel threads', () => {
  it('shows nothing stored, measures with --remeasure, shows it with its load, forgets it with --forget', async () => {
    const none = await run('threads', '--model', model.dir);
    expect(none.code, none.err).toBe(0);
    expect(none.out).toMatch(
      /^Model: .+\nMachine: .+ cores \| \w+-\w+\nStored: none; the next run \(or --remeasure\) measures this machine\.$/,
    );

    const measured = await run('threads', '--model', model.dir, '--remeasure', '--json');
    expect(measured.code, measured.err).toBe(0);
    const r = JSON.parse(measured.out);
    expect(r.measuredNow).toMatchObject({ kept: true, choice: { load: { busy: false, otherCores: 0 } } });
    expect(r.stored).toEqual(r.measuredNow.choice);
    expect(r.stored.measured.length).toBeGreaterThanOrEqual(1);

    const shown = await run('threads', '--model', model.dir);
    expect(shown.out).toContain(
      `Stored: ${r.stored.threads} thread${r.stored.threads === 1 ? '' : 's'}, measured ${r.stored.at} (quiet: other processes used 0.00 of `,
    );
    expect(shown.out).toMatch(/\n {2}1 thread: \d+ pairs\/s/);

    // Busy now: a re-measurement is reported but the quiet choice stays stored.
    machineLoad.probe = machineUsedBy(0.5);
    const busy = await run('threads', '--model', model.dir, '--remeasure');
    expect(busy.out).toContain('The machine was busy: the choice measured on a quiet machine stays stored.');
    expect(busy.out).toContain(`Stored: ${r.stored.threads} thread${r.stored.threads === 1 ? '' : 's'}, measured ${r.stored.at} (quiet`);

    const forgot = await run('threads', '--model', model.dir, '--forget');
    expect(forgot.out).toContain('Forgot the stored choice.');
    expect(forgot.out).toContain('Stored: none');
    expect((await run('threads', '--model', model.dir, '--forget')).out).toContain('No choice was stored.');
  }, 60_000);

  it('refuses --remeasure with --forget, and no model, in one line', async () => {
    const both = await run('threads', '--model', model.dir, '--remeasure', '--forget');
    expect(both.code).toBe(1);
    expect(both.err).toBe('prelabel threads: --remeasure and --forget do not go together: choose one.');
    const noModel = await run('threads');
    expect(noModel.code).toBe(1);
    expect(noModel.err).toBe('prelabel threads: No model is chosen: pass --model DIR (the model folder) or choose one in the app.');
  });
});

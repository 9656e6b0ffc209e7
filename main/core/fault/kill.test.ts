// The kill harness in `npm test`: at least 30 SIGKILLs of real processes (the built CLI, the coding
// driver, a writer inside a transaction, a second process opening the project) at moments drawn
// from a printed seed, every check after each. `npm run test:kill` runs 200 or more; KILL_COUNT
// and KILL_SEED set the number and the seed (a failure prints the seed that reproduces it).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixtures, makeTinyModel, type TinyModel } from '../nli/test-support/tiny-model';
import { useTempDir } from '../test-support/temp-dir';
import { builtCli } from './test-support/kill-run';
import { runKillHarness } from './test-support/kill-harness';

const tmp = useTempDir();
const out = join(dirname(builtCli), '../out/main');
const built = existsSync(join(out, 'cli.js')) && existsSync(join(out, 'inference-process.js'));
const kills = Number(process.env.KILL_COUNT ?? 32);
// npm test runs one fixed seed (a CI run must not fail by the draw); the long mode draws a new one.
const seed = Number(process.env.KILL_SEED ?? (process.env.KILL_COUNT ? Math.floor(Math.random() * 2 ** 31) : 9090));
let model: TinyModel;

beforeAll(() => {
  model = makeTinyModel(loadFixtures());
});
afterAll(() => model?.cleanup());

describe('kill harness', () => {
  it.skipIf(!built)(
    `${kills} SIGKILLs at random moments (seed ${seed}) leave every project sound, every acknowledged decision, imports whole or absent, the index complete, runs resumable, no temporary file`,
    async () => {
      console.log(`kill harness: KILL_SEED=${seed} KILL_COUNT=${kills}`);
      const report = await runKillHarness({
        seed,
        kills,
        dir: tmp(),
        modelDir: model.dir,
        bigRows: kills > 100 ? 60_000 : 10_000,
        log: console.log,
      });
      expect(report.problems).toEqual([]);
      const landed = Object.entries(report.kills)
        .filter(([name]) => !name.startsWith('open'))
        .reduce((a, [, n]) => a + n, 0);
      expect(landed).toBeGreaterThanOrEqual(kills);
    },
    Math.max(300_000, kills * 10_000),
  );
});

// `prelabel try-hypothesis` through the built CLI (bin/prelabel.mjs -> out/main/cli.js; build
// first: npm run build) on AG News with gold and the generated tiny model: --json is the job's
// TuningResult, equal to tuning.try in process; the text shows the same macro-F1; --keep makes a
// revision; a label that does not exist is refused in one line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fmtCoef } from '../../common/evaluation-format';
import type { TuningResult } from '../../common/contract';
import { loadFixtures, makeTinyModel, type TinyModel } from '../core/nli/test-support/tiny-model';
import { useTempDir } from '../core/test-support/temp-dir';
import { goldProject } from '../core/tuning/test-support/gold-project';

const tmp = useTempDir();
const root = fileURLToPath(new URL('../..', import.meta.url));
const built = existsSync(join(root, 'out/main/cli.js'));
let model: TinyModel;
beforeAll(() => {
  model = makeTinyModel(loadFixtures());
});
afterAll(() => model?.cleanup());

const strip = ({ seconds: _s, ...rest }: TuningResult & { ok?: boolean; keptRevisionId?: string | null }) => rest;

describe.skipIf(!built)('prelabel try-hypothesis (the built CLI; skipped without out/main/cli.js)', () => {
  it('prints the variants beside the current wording, as --json equal to tuning.try, and keeps one', async () => {
    const dir = tmp();
    const { t, codebook, path } = await goldProject(dir, model.dir, 80);
    const q = codebook.questions[0]!;
    const sports = q.labels.find((l) => l.name === 'Sports')!.id;
    const { jobId } = await t.call('tuning.try', {
      questionId: q.id,
      against: 'gold',
      variants: [
        { name: 'This text is about {}.', template: 'This text is about {}.' },
        { name: 'Sports: This text is about a game.', hypotheses: { [sports]: 'This text is about a game.' } },
      ],
    });
    const inProcess = (await t.waitForJob(jobId)).result as TuningResult;
    await t.core.shutdown();
    await t.core.context.engine.close();

    const cli = (...argv: string[]) => {
      const r = spawnSync(process.execPath, [join(root, 'bin/prelabel.mjs'), ...argv], {
        env: { ...process.env, PRELABEL_HOME: join(dir, 'home') },
        encoding: 'utf8',
        timeout: 120_000,
      });
      return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
    };
    const flags = ['--question', 'Topic', '--against', 'gold', '--model', model.dir, '--template', 'This text is about {}.'];
    const withLabel = [...flags, '--label', 'Sports', '--hypothesis', 'This text is about a game.'];
    const json = cli('try-hypothesis', path, ...withLabel, '--json');
    expect(json.code, json.err).toBe(0);
    const { ok, keptRevisionId, ...fromCli } = JSON.parse(json.out) as TuningResult & { ok: boolean; keptRevisionId: string | null };
    expect([ok, keptRevisionId]).toEqual([true, null]);
    expect(strip(fromCli)).toEqual(strip(inProcess));

    const text = cli('try-hypothesis', path, ...withLabel);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(new RegExp(`macro-F1 +${inProcess.variants.map((v) => fmtCoef(v.macroF1).replace('.', '\\.')).join(' +')}`));
    expect(text.out).toContain('Sports: This text is about a game.: Sports = "This text is about a game."');

    const kept = cli('try-hypothesis', path, ...flags, '--keep', 'This text is about {}.');
    expect(kept.code, kept.err).toBe(0);
    expect(kept.out).toMatch(/Kept "This text is about \{\}\." as codebook revision [0-9a-f-]{36}/);

    const bad = cli('try-hypothesis', path, '--question', 'Topic', '--model', model.dir, '--label', 'Sport', '--hypothesis', 'x.');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/no label named "Sport"\. Its labels: "World", "Sports", "Business", "Sci\/Tech"\./);
  }, 240_000);
});

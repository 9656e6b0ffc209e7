// Bug 3 of issue 10 on the command line: `prelabel import` of UTF-8 with one bad byte imports the
// file as UTF-8, reports the row as a problem, and --skip-bad-rows skips it as it does other classes.
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { writeDamagedReviews } from '../core/test-support/damaged-reviews';
import { useTempDir } from '../core/test-support/temp-dir';
import { run } from './test-support/cli-project';

const tmp = useTempDir();

describe('bug 3: prelabel import of a UTF-8 file with one bad byte', () => {
  beforeEach(() => {
    process.env.PRELABEL_HOME = join(tmp(), 'home');
  });

  it('keeps the row by default and names it; --skip-bad-rows skips it', async () => {
    const { path } = writeDamagedReviews(tmp(), 4001);
    const kept = join(tmp(), 'kept.prelabel');
    expect((await run('init', kept)).code).toBe(0);
    const human = await run('import', kept, path, '--text-column', '2', '--id-column', '1');
    expect(human.code).toBe(0);
    expect(human.out).toContain('Imported 5000 documents (0 rows skipped, 1 flagged)');
    expect(human.out).toMatch(/1 row holds bytes that are not valid UTF-8, shown as \uFFFD.* Rows: 4001$/m);

    const skipped = join(tmp(), 'skipped.prelabel');
    await run('init', skipped);
    const json = await run('import', skipped, path, '--text-column', '2', '--id-column', '1', '--skip-bad-rows', '--json');
    expect(json.code).toBe(0);
    const result = JSON.parse(json.out) as {
      imported: number;
      skipped: number;
      problems: { code: string; rows: number[]; examples: { message: string }[] }[];
    };
    expect(result).toMatchObject({ imported: 4999, skipped: 1 });
    const problem = result.problems.find((p) => p.code === 'invalid_utf8');
    expect(problem?.rows).toEqual([4001]);
    expect(problem?.examples[0]?.message).toContain('\uFFFD');
  });
});

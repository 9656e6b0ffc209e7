// Issue 12, section 2, on the command line: columns mapped by the names a repeated or empty
// header name gets (bug 1).
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { semevalWithRepeatedHeader } from '../core/test-support/derived-corpora';
import { useTempDir } from '../core/test-support/temp-dir';
import { main } from './cli-main';

const tmp = useTempDir();

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeEach(() => {
  process.env.PRELABEL_HOME = join(tmp(), 'home');
});

describe('bug 1: a header with repeated or empty names is taken as data (CLI)', () => {
  it('imports the SemEval file with such a header, the gold label from "Stance (2)"', async () => {
    const path = semevalWithRepeatedHeader(tmp());
    const project = join(tmp(), 'p.prelabel');
    expect((await cli('init', project)).code).toBe(0);
    const r = await cli('import', project, path, '--text-column', 'Tweet', '--gold-column', 'Stance (2)', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ imported: 1956, skipped: 0, flagged: 0 });
  });

  it('maps --text-column "Stance (2)" by its new name', async () => {
    const path = semevalWithRepeatedHeader(tmp(), 50);
    const project = join(tmp(), 'q.prelabel');
    await cli('init', project);
    const r = await cli('import', project, path, '--text-column', 'Stance (2)', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ imported: 50 });
  });
});

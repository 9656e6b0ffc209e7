// Issue 12 on the command line: `--encoding windows-1251` was refused (only UTF-8, UTF-16 and
// Windows-1252 existed). Now every encoding is accepted by its WHATWG name or a common alias
// (cp1251, sjis, gbk...), normalised in common/encodings.ts, and an unknown name is an error that
// lists what is known. Checked in process and, where it is built, through the built CLI.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { ProjectStore } from '../core/store/project-store';
import { fittingTexts, writeLegacyCsv } from '../core/test-support/legacy-corpora';
import { useTempDir } from '../core/test-support/temp-dir';
import { run } from './test-support/cli-project';

const tmp = useTempDir();
const root = fileURLToPath(new URL('../..', import.meta.url));
const built = existsSync(join(root, 'out/main/cli.js'));

function storedTexts(path: string): { texts: string[]; encoding: string } {
  const store = ProjectStore.open(path);
  try {
    const texts = store.db.prepare('SELECT text FROM documents ORDER BY row_number').pluck().all() as string[];
    const options = store.db.prepare("SELECT options FROM imports WHERE status = 'committed'").pluck().get() as string;
    return { texts, encoding: (JSON.parse(options) as { detection: { encoding: string } }).detection.encoding };
  } finally {
    store.close();
  }
}

describe('issue 12: prelabel import --encoding', () => {
  beforeEach(() => {
    process.env.PRELABEL_HOME = join(tmp(), 'home');
  });

  it('an unknown name is refused with the names that are known', async () => {
    const project = join(tmp(), 'p.prelabel');
    await run('init', project);
    const { path } = writeLegacyCsv(tmp(), 'ru.csv', fittingTexts('ru', 'windows-1251', 3), 'windows-1251');
    const r = await run('import', project, path, '--text-column', 'text', '--encoding', 'klingon-8');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('--encoding: "klingon-8" is not an encoding Prelabel knows. Known: utf-8, utf-16le');
    expect(r.err).toContain('windows-1251');
    expect(r.err).toContain('shift_jis');
    expect(r.err).toContain('aliases such as cp1251');
  });

  it.each(['cp1251', 'windows-1251', 'WIN-1251', 'x-cp1251'])('--encoding %s imports a Windows-1251 file as Windows-1251', async (name) => {
    const texts = fittingTexts('ru', 'windows-1251', 12);
    const { path } = writeLegacyCsv(tmp(), 'ru.csv', texts, 'windows-1251');
    const project = join(tmp(), 'p.prelabel');
    await run('init', project);
    const r = await run('import', project, path, '--text-column', 'text', '--id-column', 'id', '--encoding', name, '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, imported: 12, problems: [] });
    expect(storedTexts(project)).toEqual({ texts, encoding: 'windows-1251' });
  });

  it('sjis and gbk name Shift_JIS and GBK', async () => {
    for (const [alias, encoding, script] of [
      ['sjis', 'shift_jis', 'ja'],
      ['gbk', 'gbk', 'zh'],
    ] as const) {
      const texts = fittingTexts(script, encoding, 5);
      const { path } = writeLegacyCsv(tmp(), `${alias}.csv`, texts, encoding);
      const project = join(tmp(), `${alias}.prelabel`);
      await run('init', project);
      const r = await run('import', project, path, '--text-column', 'text', '--encoding', alias);
      expect(r.code, r.err).toBe(0);
      expect(storedTexts(project)).toEqual({ texts, encoding });
    }
  });

  it.skipIf(!built)(
    `--encoding cp1251 through the built CLI${built ? '' : ' [skipped: out/main/cli.js is missing; run npm run build first]'}`,
    { timeout: 60_000 },
    async () => {
      const texts = fittingTexts('ru', 'windows-1251', 20);
      const { path } = writeLegacyCsv(tmp(), 'ru.csv', texts, 'windows-1251');
      const project = join(tmp(), 'built.prelabel');
      const cli = async (...args: string[]) => {
        const child = spawn(process.execPath, [join(root, 'bin/prelabel.mjs'), ...args], {
          env: { ...process.env, PRELABEL_HOME: join(tmp(), 'home') },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        return { code, out, err };
      };
      expect((await cli('init', project)).code).toBe(0);
      const r = await cli('import', project, path, '--text-column', 'text', '--encoding', 'cp1251', '--json');
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out.trim().split('\n').pop()!)).toMatchObject({ ok: true, imported: 20 });
      expect(storedTexts(project)).toEqual({ texts, encoding: 'windows-1251' });
      const bad = await cli('import', project, path, '--text-column', 'text', '--encoding', 'cp9999');
      expect(bad.code).not.toBe(0);
      expect(bad.err).toContain('"cp9999" is not an encoding Prelabel knows');
    },
  );
});

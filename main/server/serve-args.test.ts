// The flags of `npm run serve`.
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseServeArgs, serveCoreConfig } from './serve-args';

describe('parseServeArgs', () => {
  it('defaults to a free port and the default data folder', () => {
    expect(parseServeArgs([], {})).toEqual({ kind: 'run', port: 0, dataDir: null, allow: [] });
  });

  it('reads --port and an absolute --data-dir', () => {
    expect(parseServeArgs(['--port', '8123', '--data-dir', 'data'], {})).toEqual({
      kind: 'run',
      port: 8123,
      dataDir: resolve('data'),
      allow: [],
    });
  });

  it('refuses a port that is not a number in range, and unknown flags', () => {
    for (const argv of [['--port', 'abc'], ['--port', '70000'], ['--port', '-1'], ['--host', '0.0.0.0'], ['extra']]) {
      expect(parseServeArgs(argv).kind, argv.join(' ')).toBe('error');
    }
  });

  it('issue 15: takes --allow DIR again and again; each must be an existing folder', () => {
    const here = fileURLToPath(new URL('.', import.meta.url));
    const args = parseServeArgs(['--allow', here, '--allow', join(here, '..')], {});
    expect(args).toEqual({ kind: 'run', port: 0, dataDir: null, allow: [resolve(here), resolve(here, '..')] });
    expect(parseServeArgs(['--allow', join(here, 'no-such-folder')])).toEqual({
      kind: 'error',
      message: expect.stringContaining('no such folder'),
    });
    expect(parseServeArgs(['--allow', fileURLToPath(import.meta.url)])).toEqual({
      kind: 'error',
      message: expect.stringContaining('not a folder'),
    });
    expect(parseServeArgs(['--allow', ' '])).toEqual({ kind: 'error', message: '--allow needs a folder.' });
    const both = parseServeArgs(['--allow', here], { PRELABEL_ALLOW: `${join(here, '..')}${delimiter}${join(here, '../..')}` });
    expect(both).toMatchObject({ allow: [resolve(here), resolve(here, '..'), resolve(here, '../..')] });
    expect(parseServeArgs([], { PRELABEL_ALLOW: join(here, 'nope') })).toEqual({
      kind: 'error',
      message: `PRELABEL_ALLOW ${join(here, 'nope')}: no such folder.`,
    });
  });

  it('answers --help', () => {
    expect(parseServeArgs(['--help'])).toEqual({ kind: 'help' });
  });

  it('issue 10: takes its data folder like the CLI: --data-dir, else PRELABEL_HOME, else the app data folder', () => {
    const flagged = serveCoreConfig({ dataDir: resolve('flagged') }, 'v', { PRELABEL_HOME: 'home' });
    expect(flagged).toEqual({
      dataDir: resolve('flagged'),
      projectsDir: resolve('flagged', 'projects'),
      uploadsDir: resolve('flagged', 'uploads'),
      face: 'browser',
      writes: { chosenBy: 'server', exportsDir: resolve('flagged', 'exports') },
      version: 'v',
    });
    expect(serveCoreConfig({ dataDir: null }, 'v', { PRELABEL_HOME: 'home' }).dataDir).toBe(resolve('home'));
    expect(serveCoreConfig({ dataDir: null }, 'v', {}).dataDir).toMatch(/prelabel$/i);
  });
});

// The flags of `npm run serve`.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServeArgs } from './serve-args';

describe('parseServeArgs', () => {
  it('defaults to a free port and the default data folder', () => {
    expect(parseServeArgs([])).toEqual({ kind: 'run', port: 0, dataDir: null });
  });

  it('reads --port and an absolute --data-dir', () => {
    expect(parseServeArgs(['--port', '8123', '--data-dir', 'data'])).toEqual({ kind: 'run', port: 8123, dataDir: resolve('data') });
  });

  it('refuses a port that is not a number in range, and unknown flags', () => {
    for (const argv of [['--port', 'abc'], ['--port', '70000'], ['--port', '-1'], ['--host', '0.0.0.0'], ['extra']]) {
      expect(parseServeArgs(argv).kind, argv.join(' ')).toBe('error');
    }
  });

  it('answers --help', () => {
    expect(parseServeArgs(['--help'])).toEqual({ kind: 'help' });
  });
});

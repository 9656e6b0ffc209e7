// The CLI's output piped into a reader that stops early (`prelabel --help | head -1`): the command
// ends quietly, without an EPIPE stack trace on stderr (found by hand while checking issue 10).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const built = existsSync(join(root, 'out/main/cli.js'));

describe('the prelabel command with its output closed early', () => {
  it.skipIf(!built)('prints no stack trace (skipped without out/main/cli.js: run npm run build)', async () => {
    const child = spawn(process.execPath, [join(root, 'bin/prelabel.mjs'), '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.destroy(); // the reader is gone before the command writes
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(err).not.toMatch(/EPIPE|at .*\(/);
    expect(code).toBe(0);
  });
});

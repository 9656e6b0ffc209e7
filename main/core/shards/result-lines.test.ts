// The result reader of the merge: every line once, in order, whatever the chunk boundaries cut
// (multi-byte characters and newlines split across reads, lines longer than a chunk, empty lines,
// no newline at the end), and the SHA-256 of the whole file.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { eachLine, wholeLinesBytes } from './result-lines';

const tmp = useTempDir();

describe('eachLine', () => {
  it('gives the lines of a file read in chunks of any size, and its SHA-256', () => {
    const lines = ['{"group":0}', 'Grüße, 世界 — ünïcödé 😀', 'x'.repeat(50), '', 'é', '{"last":true}'];
    for (const ending of ['\n', '']) {
      const path = join(tmp(), 'r.jsonl');
      writeFileSync(path, lines.join('\n') + ending);
      const want = lines.filter((l) => l.length > 0);
      for (const chunk of [1, 2, 3, 7, 16, 1 << 20]) {
        const got: string[] = [];
        const sha = eachLine(path, (line, i) => got.push(`${i}:${line}`), chunk);
        expect(got).toEqual(want.map((l, i) => `${i}:${l}`));
        expect(sha).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
      }
    }
  });

  it('finds the end of the last whole line, whatever the chunk size', () => {
    const path = join(tmp(), 'p.jsonl');
    for (const [text, whole] of [
      ['{"a":1}\n{"b":2}\n{"c":', 16],
      ['{"a":1}\n{"b":2}\n', 16],
      ['{"torn header', 0],
      ['', 0],
      ['é\n€', 3],
    ] as const) {
      writeFileSync(path, text);
      for (const chunk of [1, 2, 5, 1 << 20]) expect(wholeLinesBytes(path, chunk)).toBe(whole);
    }
  });
});

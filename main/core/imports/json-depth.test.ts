// JSON nested far too deep ([Note: JSON depth]): one line naming the depth and where it is passed,
// from the streaming splitter of JSON arrays, the lossless record parser and JSON Lines, instead of
// a RangeError stack (JSON nested 100,000 deep ended in one before).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { JsonArrayStream } from './json-array-stream';
import { JsonDepthError, MAX_JSON_DEPTH, parseLossless, stringifyLossless } from './lossless-json';
import { openSource } from './open-source';

const tmp = useTempDir();

async function readAll(name: string, content: string): Promise<string[][]> {
  const path = join(tmp(), name);
  writeFileSync(path, content);
  const source = await openSource({ path, name }, {});
  const rows: string[][] = [];
  for await (const r of source.rows()) rows.push(r.values);
  return rows;
}

const deep = (levels: number, open = '[', close = ']') => open.repeat(levels) + close.repeat(levels);

describe('JSON depth', () => {
  it('the record parser reads 1,000 levels and refuses the 1,001st, naming where', () => {
    expect(stringifyLossless(parseLossless(deep(MAX_JSON_DEPTH)))).toBe(deep(MAX_JSON_DEPTH));
    const err = (() => {
      try {
        parseLossless(`\n  ${deep(MAX_JSON_DEPTH + 1)}`, 10);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(JsonDepthError);
    expect((err as JsonDepthError).message).toBe('line 12, column 1003: the values are nested deeper than 1000 levels');
    expect(() => parseLossless(deep(100_000, '{"a":', '}'))).toThrow(JsonDepthError);
  });

  it('the splitter stops at the depth as the text streams in, across chunks', () => {
    const splitter = new JsonArrayStream();
    const text = `[{"text": "a", "x":\n${deep(100_000)}}]`;
    let error: unknown = null;
    try {
      for (let i = 0; i < text.length; i += 4096) splitter.push(text.slice(i, i + 4096), () => {});
    } catch (e) {
      error = e;
    }
    // The record is level 2, its "x" opens level 3: the 999th bracket passes 1,000.
    expect((error as Error).message).toBe('line 2, column 999: the values are nested deeper than 1000 levels');
  });

  it('a JSON array with a record nested 100,000 deep: one line', async () => {
    const content = `[\n{"text": "fine"},\n{"text": "deep", "x": ${deep(100_000)}}\n]`;
    await expect(readAll('deep.json', content)).rejects.toThrow(
      /^deep\.json: the JSON is nested deeper than 1000 levels at line 3, column \d+; Prelabel reads records nested at most 1000 levels deep\.$/,
    );
  });

  it('a records array held in an object nested 100,000 deep: one line', async () => {
    await expect(readAll('held.json', `{"meta": ${deep(100_000, '{"a":', '}')}, "data": [{"text": "a"}]}`)).rejects.toThrow(
      /^held\.json: the JSON is nested deeper than 1000 levels at line 1, column \d+;/,
    );
  });

  it('JSON Lines with a line nested 100,000 deep: one line naming it', async () => {
    const content = `{"text": "a"}\n{"text": "b"}\n{"text": "c", "x": ${deep(100_000)}}\n`;
    await expect(readAll('deep.jsonl', content)).rejects.toThrow(
      /^deep\.jsonl: the JSON is nested deeper than 1000 levels at line 3, column 1019;/,
    );
  });

  it('records nested 1,000 levels are read, their nested values kept as JSON text', async () => {
    const rows = await readAll('ok.jsonl', `{"text": "a", "x": ${deep(MAX_JSON_DEPTH - 1)}}\n`);
    expect(rows).toEqual([['a', deep(MAX_JSON_DEPTH - 1)]]);
  });
});

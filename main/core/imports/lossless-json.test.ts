import { describe, expect, it } from 'vitest';
import { cellText, JsonSyntaxError, LosslessNumber, parseLossless } from './lossless-json';
import { JsonArrayStream, type JsonElement } from './json-array-stream';

function stream(text: string, cut?: number): JsonElement[] {
  const out: JsonElement[] = [];
  const s = new JsonArrayStream();
  const parts = cut === undefined ? [text] : [text.slice(0, cut), text.slice(cut)];
  for (const p of parts) s.push(p, (e) => out.push(e));
  s.finish();
  return out;
}

describe('lossless JSON', () => {
  it('keeps a 19-digit id exactly as written', () => {
    const v = parseLossless('{"id": 1234567890123456789, "x": 1.50, "t": "a\\nb\\u00e9"}') as Record<string, unknown>;
    expect(cellText(v.id as LosslessNumber)).toBe('1234567890123456789');
    expect(cellText(v.x as LosslessNumber)).toBe('1.50');
    expect(v.t).toBe('a\nbé');
    expect(JSON.parse('1234567890123456789')).not.toBe(1234567890123456789n.toString()); // why this exists
  });

  it('writes nested values back as JSON with numbers untouched', () => {
    expect(cellText(parseLossless('{"a":[1,12345678901234567890,{"b":null}]}'))).toBe('{"a":[1,12345678901234567890,{"b":null}]}');
  });

  it('names the line and column of a syntax error', () => {
    expect(() => parseLossless('{"a": 1,\n "b": tru}')).toThrow(JsonSyntaxError);
    expect(() => parseLossless('{"a": 1,\n "b": tru}')).toThrow(/^line 2, column 7: unexpected character/);
  });

  it('says what is wrong, and where, counting the lines before the text', () => {
    expect(() => parseLossless('{"a": "x", "b": "y" "c": 1}')).toThrow('line 1, column 21: expected "," or "}" in an object');
    expect(() => parseLossless('{"a": "\u0001"}')).toThrow('line 1, column 8: a control character inside a string must be escaped');
    expect(() => parseLossless('[1, 2', 9)).toThrow('line 10, column 6: expected "," or "]" in an array');
  });

  it('keeps the last value of a repeated key, as JSON.parse does', () => {
    expect(cellText(parseLossless('{"a": 1, "a": {"b": 2}}'))).toBe('{"a":{"b":2}}');
  });

  it('does not let a key named __proto__ change the prototype', () => {
    const v = parseLossless('{"__proto__": {"polluted": "yes"}}') as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(v)).toEqual(['__proto__']);
  });
});

describe('JSON array stream', () => {
  const doc = '[\n {"id": 1, "text": "a, [b]"},\n {"id": 2, "text": "c \\"}\\" d"}\n]\n';

  it('splits a top-level array into its elements with their lines, however the text is chunked', () => {
    const whole = stream(doc);
    expect(whole.map((e) => [parseLossless(e.text), e.line])).toEqual([
      [{ id: new LosslessNumber('1'), text: 'a, [b]' }, 2],
      [{ id: new LosslessNumber('2'), text: 'c "}" d' }, 3],
    ]);
    for (let cut = 0; cut <= doc.length; cut++) expect(stream(doc, cut), `cut ${cut}`).toEqual(whole);
  });

  it('finds the records array inside an object', () => {
    const s = new JsonArrayStream();
    const out: JsonElement[] = [];
    s.push('{"meta": {"n": [1,2]}, "data": [{"t": "x"}, {"t": "y"}], "after": 1}', (e) => out.push(e));
    s.finish();
    expect(out.map((e) => e.text.trim())).toEqual(['{"t": "x"}', '{"t": "y"}']);
    expect(s.arrayKey).toBe('data');
  });

  it.each([
    ['a file cut off', '[{"a": 1}, {"a": 2', /ends before the records array is closed/],
    ['a scalar', '42', /must hold an array/],
    ['an object without an array', '{"a": 1}', /holds no array/],
    ['a missing comma', '[{"a": 1} {"a": 2}]', /expected "," between records/],
  ])('refuses %s', (_n, text, message) => {
    expect(() => stream(text)).toThrow(message);
  });
});

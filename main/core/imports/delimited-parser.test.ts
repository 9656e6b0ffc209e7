import { describe, expect, it } from 'vitest';
import { DelimitedParser, parseDelimited, UnclosedQuoteError, type ParsedRecord } from './delimited-parser';

const csv = (text: string) => parseDelimited(text, { delimiter: ',', quote: 'double' }).map((r) => r.fields);

/** Feeds the text in every possible two-chunk split and checks the result does not change. */
function splitEverywhere(text: string, options = { delimiter: ',', quote: 'double' as const }) {
  const whole = parseDelimited(text, options);
  for (let cut = 0; cut <= text.length; cut++) {
    const out: ParsedRecord[] = [];
    const p = new DelimitedParser(options);
    p.push(text.slice(0, cut), (r) => out.push(r));
    p.push(text.slice(cut), (r) => out.push(r));
    p.finish((r) => out.push(r));
    expect(out, `split at ${cut}`).toEqual(whole);
  }
  return whole;
}

describe('delimited parser', () => {
  it.each([
    ['LF', 'a,b\n1,2\n'],
    ['CRLF', 'a,b\r\n1,2\r\n'],
    ['CR alone', 'a,b\r1,2\r'],
    ['mixed', 'a,b\r\n1,2\n'],
    ['no final line break', 'a,b\n1,2'],
  ])('reads %s line endings', (_name, text) => {
    expect(csv(text)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps quoted newlines, delimiters and doubled quotes inside a field', () => {
    expect(csv('id,text\n1,"line one\r\nline two, with ""quotes"""\n2,plain\n')).toEqual([
      ['id', 'text'],
      ['1', 'line one\r\nline two, with "quotes"'],
      ['2', 'plain'],
    ]);
  });

  it('tells the line each record starts on, counting quoted newlines', () => {
    const recs = parseDelimited('h\n"a\nb\nc"\n\nd\re\r\nf', { delimiter: ',', quote: 'double' });
    expect(recs.map((r) => [r.fields[0], r.line])).toEqual([
      ['h', 1],
      ['a\nb\nc', 2],
      ['d', 6],
      ['e', 7],
      ['f', 8],
    ]);
  });

  it('gives the same records however the input is cut into chunks', () => {
    splitEverywhere('a,"b\r\nc",d\r\n"x""y",,z\r"",e\n\nlast,"q"\r');
    splitEverywhere('t\tu\r\nv\t"w\r\n', { delimiter: '\t', quote: 'none' } as never);
  });

  it('with quoting off, quotes are plain characters (TSV with unbalanced quotes)', () => {
    const rows = parseDelimited('"Hallo\tOTHER\nwelt"\tOFFENSE\n', { delimiter: '\t', quote: 'none' }).map((r) => r.fields);
    expect(rows).toEqual([
      ['"Hallo', 'OTHER'],
      ['welt"', 'OFFENSE'],
    ]);
  });

  it('keeps text after a closing quote instead of failing', () => {
    expect(csv('"abc"def,x\n')).toEqual([['abc"def', 'x']]);
  });

  it('reads ragged rows and trailing empty fields as they are', () => {
    expect(csv('a,b,c\n1\n1,2,3,4\n5,6,\n')).toEqual([['a', 'b', 'c'], ['1'], ['1', '2', '3', '4'], ['5', '6', '']]);
  });

  it('skips blank lines', () => {
    expect(csv('a\n\n\r\nb\n')).toEqual([['a'], ['b']]);
  });

  it('reports a quoted field that never closes with the line it starts on', () => {
    expect(() => csv('a\nb\n"open\nmore\n')).toThrow(UnclosedQuoteError);
    try {
      csv('a\nb\n"open\nmore\n');
    } catch (e) {
      expect((e as UnclosedQuoteError).line).toBe(3);
    }
  });

  it('measures the longest field of each record', () => {
    const [r] = parseDelimited('ab,"' + 'x'.repeat(1000) + '"\n', { delimiter: ',', quote: 'double' });
    expect(r!.longestField).toBe(1000);
  });
});

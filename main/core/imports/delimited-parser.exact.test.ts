// The delimited parser checked record by record: exact fields, the line each record starts on, the
// longest field, and the same result however the text is cut into chunks (every cut point).
import { describe, expect, it } from 'vitest';
import { DelimitedParser, FieldTooLongError, parseDelimited, UnclosedQuoteError, type ParsedRecord } from './delimited-parser';

const CSV = { delimiter: ',', quote: 'double' } as const;

/** The records of `text` fed as the given pieces. */
function parsePieces(pieces: string[], options = CSV as ConstructorParameters<typeof DelimitedParser>[0]) {
  const out: ParsedRecord[] = [];
  const p = new DelimitedParser(options);
  for (const piece of pieces) p.push(piece, (r) => out.push(r));
  p.finish((r) => out.push(r));
  return { records: out, parser: p };
}

/** Every way of cutting `text` in two, and one character at a time, gives `expected`. */
function expectAllCuts(text: string, expected: ParsedRecord[], options = CSV as ConstructorParameters<typeof DelimitedParser>[0]) {
  expect(parseDelimited(text, options)).toEqual(expected);
  for (let cut = 0; cut <= text.length; cut++) {
    expect(parsePieces([text.slice(0, cut), text.slice(cut)], options).records, `cut at ${cut}`).toEqual(expected);
  }
  expect(parsePieces([...text], options).records, 'one character at a time').toEqual(expected);
}

const rec = (fields: string[], line: number): ParsedRecord => ({ fields, line, longestField: Math.max(0, ...fields.map((f) => f.length)) });

describe('delimited parser, exact records', () => {
  it('ends a quoted field at the delimiter right after its closing quote', () => {
    expectAllCuts('"a",b\r\n"x,y","z"\r\n', [rec(['a', 'b'], 1), rec(['x,y', 'z'], 2)]);
    expectAllCuts('"",""\n', [rec(['', ''], 1)]);
  });

  it('keeps rows whose first cell is empty, quoted or not, and reads a record of empty cells', () => {
    expectAllCuts('id,text\n,no id\n"",quoted empty\n,\n', [
      rec(['id', 'text'], 1),
      rec(['', 'no id'], 2),
      rec(['', 'quoted empty'], 3),
      rec(['', ''], 4),
    ]);
  });

  it('reads CRLF, LF and lone CR line endings, mixed, with the line each record starts on', () => {
    expectAllCuts('a,b\r\nc,d\ne,f\rg,h', [rec(['a', 'b'], 1), rec(['c', 'd'], 2), rec(['e', 'f'], 3), rec(['g', 'h'], 4)]);
  });

  it('keeps line breaks inside quotes as they are and counts them as lines', () => {
    expectAllCuts('"a\r\nb","c\rd","e\nf"\r\nnext,"x"\r\n', [rec(['a\r\nb', 'c\rd', 'e\nf'], 1), rec(['next', 'x'], 5)]);
    expectAllCuts('"a\r",b\n', [rec(['a\r', 'b'], 1)]);
    expectAllCuts('"\r\r",x\ny,z', [rec(['\r\r', 'x'], 1), rec(['y', 'z'], 4)]);
  });

  it('ends a quoted field at a line break right after its closing quote', () => {
    expectAllCuts('"a"\r\n"b"\r"c"\n"d"', [rec(['a'], 1), rec(['b'], 2), rec(['c'], 3), rec(['d'], 4)]);
  });

  it('reads doubled quotes as one quote and keeps a stray quote after a closing one, counting it', () => {
    expectAllCuts('"say ""hi""",x\n', [rec(['say "hi"', 'x'], 1)]);
    const text = '"abc"def,"g"h\n';
    expectAllCuts(text, [rec(['abc"def', 'g"h'], 1)]);
    expect(parsePieces([text]).parser.strayQuotes).toBe(2);
    expect(parsePieces(['"ok","fine"\n']).parser.strayQuotes).toBe(0);
  });

  it('with quoting off reads quotes as text and never joins lines', () => {
    const tsv = { delimiter: '\t', quote: 'none' } as const;
    expectAllCuts('"a\tb"\n"c\t"d"\n', [rec(['"a', 'b"'], 1), rec(['"c', '"d"'], 2)], tsv);
  });

  it('skips blank lines but keeps their count in the line numbers', () => {
    expectAllCuts('\na\n', [rec(['a'], 2)]);
    expectAllCuts('\n\n"q"\n', [rec(['q'], 3)]);
    expectAllCuts('\r\na\r\n\r\n\nb\n\rc', [rec(['a'], 2), rec(['b'], 5), rec(['c'], 7)]);
  });

  it('reads a last record without a line break, and nothing from empty input', () => {
    expectAllCuts('a,b', [rec(['a', 'b'], 1)]);
    expectAllCuts('a,', [rec(['a', ''], 1)]);
    expectAllCuts(',', [rec(['', ''], 1)]);
    expectAllCuts('"q"', [rec(['q'], 1)]);
    expectAllCuts('', []);
  });

  it('measures the longest field of each record on its own', () => {
    expect(parseDelimited('abcdef,x\ny,"abc"\n', CSV).map((r) => r.longestField)).toEqual([6, 3]);
  });

  it('counts lines as it goes', () => {
    const p = new DelimitedParser(CSV);
    expect(p.currentLine).toBe(1);
    p.push('a\nb\r\n"c\nd', () => {});
    expect(p.currentLine).toBe(4);
  });

  it('refuses a delimiter that is not one character', () => {
    expect(() => new DelimitedParser({ delimiter: ',,', quote: 'double' })).toThrow('The delimiter must be one character.');
    expect(() => new DelimitedParser({ delimiter: '', quote: 'double' })).toThrow('The delimiter must be one character.');
  });

  it('stops at a field longer than the limit, quoted or not, naming the line it starts on', () => {
    const limit = { ...CSV, maxFieldChars: 5 };
    expect(parseDelimited('12345,x\n', limit)).toEqual([rec(['12345', 'x'], 1)]);
    expect(() => parseDelimited('ok\n123456,x\n', limit)).toThrow(new FieldTooLongError(2, 5));
    expect(() => parseDelimited('ok\n\n"12\n3456"\n', limit)).toThrow(new FieldTooLongError(3, 5));
    expect(new FieldTooLongError(2, 5).message).toBe('a field starting on line 2 is longer than 5 characters');
    expect(() => parsePieces(['123', '456'], limit)).toThrow(FieldTooLongError);
  });

  it('reports an unclosed quote with the line its field starts on', () => {
    expect(() => parseDelimited('a\nb,"c\nd\n', CSV)).toThrow(new UnclosedQuoteError(2));
    expect(new UnclosedQuoteError(2).message).toBe('a quoted field starting on line 2 is never closed');
  });
});

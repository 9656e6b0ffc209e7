// The CSV writer checked byte for byte, and read back by a strict RFC 4180 reader written here
// (independent of the writer and of the importers): every record must end in CRLF, hold exactly as
// many fields as the header, and quote exactly where a field needs it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { csvField, CsvWriter } from './csv-writer';
import type { Cell } from './columns';
import { FileSink } from './file-sink';

const tmp = useTempDir();

/** RFC 4180, strictly: throws on a bare quote, a lone CR or LF outside quotes, or a record without CRLF. */
function readStrict(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unclosed quote');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote at ${i}`);
        field += text[i++];
      }
    }
    fields.push(field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === '\r' && text[i + 1] === '\n') {
      records.push(fields);
      fields = [];
      i += 2;
      if (i === text.length) return records;
      continue;
    }
    throw new Error(`record ${records.length + 1} does not end in CRLF at ${i}`);
  }
}

function writeCsv(columns: string[], rows: Cell[][], excel: boolean): Buffer {
  const sink = new FileSink(`${tmp()}/out.csv`);
  const writer = new CsvWriter(sink, columns, excel);
  for (const row of rows) writer.add(row);
  sink.close();
  sink.commit();
  return readFileSync(`${tmp()}/out.csv`);
}

describe('CsvWriter, byte-exact', () => {
  it('writes RFC 4180: no byte order mark, CRLF after every record, no trailing empty column, quotes only where needed', () => {
    const bytes = writeCsv(
      ['id', 'text', 'score'],
      [
        ['a1', 'plain', 0.5],
        ['a2', 'one, two', null],
        ['a3', 'say "hi"', true],
        ['a4', 'line\nbreak', 0],
        ['a5', 'lone\rcarriage', 1],
        ['', '', ''],
      ],
      false,
    );
    expect(bytes.toString('utf8')).toBe(
      'id,text,score\r\n' +
        'a1,plain,0.5\r\n' +
        'a2,"one, two",\r\n' +
        'a3,"say ""hi""",true\r\n' +
        'a4,"line\nbreak",0\r\n' +
        'a5,"lone\rcarriage",1\r\n' +
        ',,\r\n',
    );
    expect(bytes[0]).toBe(0x69); // 'i': no byte order mark
    const records = readStrict(bytes.toString('utf8'));
    expect(records.map((r) => r.length)).toEqual([3, 3, 3, 3, 3, 3, 3]);
    expect(records[5]).toEqual(['a5', 'lone\rcarriage', '1']);
    expect(records[6]).toEqual(['', '', '']);
  });

  it('for Excel starts with the UTF-8 byte order mark once and neutralises the header as well as the rows', () => {
    const bytes = writeCsv(['=id', 'text'], [['-5', '0042']], true);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(`'=id,text\r\n'-5,"=""0042"""\r\n`);
    expect(readStrict(bytes.subarray(3).toString('utf8'))).toEqual([
      [`'=id`, 'text'],
      [`'-5`, '="0042"'],
    ]);
  });

  it('writes a header alone when there are no rows', () => {
    expect(writeCsv(['id'], [], false).toString('utf8')).toBe('id\r\n');
  });
});

describe('csvField', () => {
  it('quotes a lone CR, a lone LF and CRLF, and writes undefined like null', () => {
    expect(csvField('a\rb', false)).toBe('"a\rb"');
    expect(csvField('a\nb', false)).toBe('"a\nb"');
    expect(csvField('a\r\nb', false)).toBe('"a\r\nb"');
    expect(csvField(undefined as unknown as Cell, false)).toBe('');
    expect(csvField(undefined as unknown as Cell, true)).toBe('');
    expect(csvField('', false)).toBe('');
  });

  it('for Excel turns only digit strings a spreadsheet would change into ="..." formulas', () => {
    // 16 or more digits, or a leading zero: changed by a spreadsheet.
    expect(csvField('1234567890123456', true)).toBe('"=""1234567890123456"""');
    expect(csvField('12345678901234567890', true)).toBe('"=""12345678901234567890"""');
    expect(csvField('0042', true)).toBe('"=""0042"""');
    expect(csvField('01', true)).toBe('"=""01"""');
    // 15 digits, a lone 0 or digits among other characters are kept as they are.
    expect(csvField('123456789012345', true)).toBe('123456789012345');
    expect(csvField('7', true)).toBe('7');
    expect(csvField('0', true)).toBe('0');
    expect(csvField('0x', true)).toBe('0x');
    expect(csvField('0a1', true)).toBe('0a1');
    expect(csvField('id 1234567890123456', true)).toBe('id 1234567890123456');
    expect(csvField('1234567890123456 id', true)).toBe('1234567890123456 id');
    expect(csvField('abcdefghijklmnopq', true)).toBe('abcdefghijklmnopq');
    expect(csvField('0042 street', true)).toBe('0042 street');
    // Not in plain CSV.
    expect(csvField('0042', false)).toBe('0042');
  });

  it('for Excel neutralises formula starts only at the first character', () => {
    expect(csvField('a-b', true)).toBe('a-b');
    expect(csvField('x\ty', true)).toBe('x\ty');
    expect(csvField('plain', true)).toBe('plain');
    expect(csvField('\rx', true)).toBe(`"'\rx"`);
  });
});

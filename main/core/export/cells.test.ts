import { describe, expect, it } from 'vitest';
import { csvField } from './csv-writer';
import { columnLetters, cutText, xmlText } from './xlsx-writer';

describe('csvField', () => {
  it('quotes fields with a comma, a quote or a line break (RFC 4180), and leaves others bare', () => {
    expect(csvField('plain', false)).toBe('plain');
    expect(csvField('a,b', false)).toBe('"a,b"');
    expect(csvField('say "hi"', false)).toBe('"say ""hi"""');
    expect(csvField('two\nlines', false)).toBe('"two\nlines"');
    expect(csvField(null, false)).toBe('');
    expect(csvField(0.5, false)).toBe('0.5');
    expect(csvField(true, false)).toBe('true');
  });

  it('for Excel, neutralises text starting with = + - @ tab or CR by an apostrophe, and only text', () => {
    for (const s of ['=1+1', '+49', '-5', '@SUM(A1)', '\tx', '\rx']) expect(csvField(s, true).replace(/^"/, '').startsWith(`'`)).toBe(true);
    expect(csvField('=A1,B1', true)).toBe(`"'=A1,B1"`);
    expect(csvField('a=b', true)).toBe('a=b');
    expect(csvField(0.25, true)).toBe('0.25');
    expect(csvField('=1', false)).toBe('=1');
  });
});

describe('XLSX cells', () => {
  it('names columns A..Z, AA.., and escapes markup, CR, control characters and OOXML escapes', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    expect(xmlText('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
    expect(xmlText('x\r\ny\tz')).toBe('x&#13;\ny\tz');
    expect(xmlText('bell\u0007')).toBe('bell_x0007_');
    expect(xmlText('_x0041_')).toBe('_x005F_x0041_');
    expect(xmlText('lone \ud800 surrogate')).toBe('lone \ufffd surrogate');
    expect(xmlText('emoji 😀 ok')).toBe('emoji 😀 ok');
  });

  it('cuts text without splitting a surrogate pair', () => {
    expect(cutText('abcdef', 3)).toBe('abc');
    expect(cutText('ab😀', 3)).toBe('ab');
  });
});

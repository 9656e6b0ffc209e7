// Issue 12, encodings: the names (common/encodings.ts), the decoders of every encoding
// (decoders.ts, [Note: which decoder for which encoding]) and the byte-level detection of the
// Unicode forms and ISO-2022-JP (detect-encoding.ts).
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { encodingGroup, encodingLabel, knownEncodingsText, normalizeEncoding, textEncodings } from '../../../common/encodings';
import { encodeIso2022jp } from '../test-support/legacy-corpora';
import { detectorLoaded } from './charset-detect';
import { ChunkDecoder } from './chunk-decoder';
import { decodeBytes, iconvName, isWideUnicode, streamDecoder } from './decoders';
import { detectEncoding } from './detect-encoding';

describe('issue 12: UTF-8 stays fast and exact', () => {
  // First in this file: nothing before it has read legacy bytes in this process.
  it('valid UTF-8 and ASCII, with or without a BOM, never load the charset detector', () => {
    for (const text of ['id,text\n1,plain\n', 'id,text\n1,Grüße, Привет, 日本語\n'.repeat(2000), '\ufeffid,text\n1,é\n'])
      expect(detectEncoding(Buffer.from(text), true)).toMatchObject({ encoding: 'utf-8', confidence: 1 });
    expect(detectorLoaded()).toBe(false);
    expect(detectEncoding(iconv.encode('id,text\n1,Привет, как дела?\n', 'windows-1251'), true).encoding).toBe('windows-1251');
    expect(detectorLoaded()).toBe(true);
  });
});

describe('issue 12: encoding names', () => {
  it('normalises WHATWG names and common aliases in any case and spelling', () => {
    const cases: [string, string][] = [
      ['cp1251', 'windows-1251'],
      ['win-1251', 'windows-1251'],
      ['WINDOWS_1251', 'windows-1251'],
      ['x-cp1251', 'windows-1251'],
      ['sjis', 'shift_jis'],
      ['Shift-JIS', 'shift_jis'],
      ['cp932', 'shift_jis'],
      ['gbk', 'gbk'],
      ['gb2312', 'gbk'],
      ['GB18030', 'gb18030'],
      ['big5', 'big5'],
      ['euc-kr', 'euc-kr'],
      ['ks_c_5601-1987', 'euc-kr'],
      ['latin1', 'windows-1252'],
      ['ISO-8859-1', 'windows-1252'],
      ['iso-8859-9', 'windows-1254'],
      ['tis-620', 'windows-874'],
      ['koi8r', 'koi8-r'],
      ['utf8', 'utf-8'],
      [' UTF-8 ', 'utf-8'],
      ['mac-roman', 'macintosh'],
      ['eucjp', 'euc-jp'],
      ['csISO2022JP', 'iso-2022-jp'],
      ['iso-8859-8-i', 'iso-8859-8'],
    ];
    for (const [name, canonical] of cases) expect(normalizeEncoding(name), name).toBe(canonical);
    for (const name of ['klingon', 'cp9999', '', 'utf-9', 'windows']) expect(normalizeEncoding(name), name).toBeNull();
  });

  it('every encoding has a label, a group, and is its own canonical name', () => {
    for (const e of textEncodings) {
      expect(normalizeEncoding(e)).toBe(e);
      expect(encodingLabel(e)).toBeTruthy();
      expect(encodingGroup(e)).toBeTruthy();
      expect(knownEncodingsText()).toContain(e);
    }
  });
});

describe('issue 12: decoders', () => {
  it('every encoding decodes text it can hold back to that text, ASCII-compatible ones ASCII as ASCII', () => {
    const sample = 'Prelabel 2026: "a, b"; é ß Ж λ ا ש ก 中 日本 한';
    for (const e of textEncodings) {
      const bytes = e === 'iso-2022-jp' ? encodeIso2022jp('Prelabel: 日本語') : iconv.encode(sample, iconvName(e));
      const text = decodeBytes(bytes!, e);
      if (e !== 'iso-2022-jp') expect(iconv.encode(text, iconvName(e)).equals(bytes!), e).toBe(true);
      else expect(text).toBe('Prelabel: 日本語');
      if (!isWideUnicode(e)) expect(decodeBytes(Buffer.from('id,text\n'), e), e).toBe('id,text\n');
    }
  });

  it('Windows-1252 has its characters at 0x80-0x9F (Node 20 TextDecoder reads them as Latin-1 C1 controls)', () => {
    expect(decodeBytes(Buffer.from([0x80, 0x92, 0x93, 0x94, 0x96, 0x9c]), 'windows-1252')).toBe('€’“”–œ');
    expect(decodeBytes(Buffer.from([0x1a, 0x1c, 0x7f, 0x80]), 'ibm866')).toBe('\u001a\u001c\u007fА');
  });

  it('a character cut between two chunks waits for the next one, in every multi-byte encoding', () => {
    for (const [e, text] of [
      ['shift_jis', '日本語のテキスト'],
      ['euc-jp', '日本語のテキスト'],
      ['gb18030', '中文文本'],
      ['big5', '中文'],
      ['euc-kr', '한국어'],
      ['utf-16be', 'Grüße 🤬'],
      ['utf-32le', 'Grüße 🤬'],
    ] as const) {
      const bytes = iconv.encode(text, iconvName(e));
      for (let cut = 1; cut < bytes.length; cut++) {
        const d = streamDecoder(e);
        expect(d.write(bytes.subarray(0, cut)) + d.write(bytes.subarray(cut)) + d.end(), `${e} cut at ${cut}`).toBe(text);
      }
    }
  });

  it('drops a byte order mark and counts UTF-8 evidence in legacy readings', () => {
    const d = new ChunkDecoder('utf-32le');
    expect(d.write(Buffer.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0])) + d.end()).toBe('A');
    const legacy = new ChunkDecoder('windows-1251');
    legacy.write(iconv.encode('Привет, мир', 'windows-1251'));
    legacy.end();
    expect(legacy.evidence).toEqual({ multiByte: 0, invalid: 9 });
  });
});

describe('issue 12: byte-level detection', () => {
  it('UTF-32 by its BOM or its zero bytes, ISO-2022-JP by its escapes, UTF-8 exactly', () => {
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]))).toMatchObject({ encoding: 'utf-32le', bom: true });
    expect(detectEncoding(iconv.encode('id,text\n1,Привет\n', 'utf32le'))).toMatchObject({ encoding: 'utf-32le', bom: false });
    expect(detectEncoding(iconv.encode('id,text\n1,Привет\n', 'utf32be'))).toMatchObject({ encoding: 'utf-32be', bom: false });
    expect(detectEncoding(iconv.encode('id,text\n1,Привет\n', 'utf16be'))).toMatchObject({ encoding: 'utf-16be', bom: false });
    expect(detectEncoding(encodeIso2022jp('id,text\n1,日本語のテキスト\n')!)).toMatchObject({ encoding: 'iso-2022-jp', confidence: 1 });
    expect(detectEncoding(Buffer.from('id,text\n1,Grüße\n'))).toMatchObject({ encoding: 'utf-8', confidence: 1 });
    expect(detectEncoding(Buffer.from('id,text\n1,plain\n'))).toMatchObject({ encoding: 'utf-8', confidence: 1 });
  });
});

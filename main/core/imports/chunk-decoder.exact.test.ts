// The byte order mark: dropped once, at the start of the text, in every Unicode encoding and however
// the file is cut into chunks, so that the first column of a UTF-16 file is named `id`, not `\uFEFFid`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { ChunkDecoder } from './chunk-decoder';
import { detectDelimited, readDelimitedRecords } from './delimited-file';
import { EncodingMismatchError } from './text-encoding';

const tmp = useTempDir();

const CSV = 'id,text\r\nA1,Grüße \uFEFF inside\r\n';

function encode(text: string, encoding: 'utf-8' | 'utf-16le' | 'utf-16be'): Buffer {
  const le = Buffer.from(text, encoding === 'utf-8' ? 'utf8' : 'utf16le');
  if (encoding === 'utf-16be') le.swap16();
  return le;
}

const BOMS = { 'utf-8': [0xef, 0xbb, 0xbf], 'utf-16le': [0xff, 0xfe], 'utf-16be': [0xfe, 0xff] } as const;

describe('ChunkDecoder, byte order mark', () => {
  for (const encoding of ['utf-8', 'utf-16le', 'utf-16be'] as const) {
    it(`drops the ${encoding} BOM once, at every cut of the first bytes, and keeps a U+FEFF inside the text`, () => {
      const bytes = Buffer.concat([Buffer.from(BOMS[encoding]), encode(CSV, encoding)]);
      for (let cut = 0; cut <= 8; cut++) {
        const d = new ChunkDecoder(encoding);
        const text = d.write(bytes.subarray(0, cut)) + d.write(bytes.subarray(cut)) + d.end();
        expect(text, `cut at ${cut}`).toBe(CSV);
      }
      // Without a BOM nothing is dropped; a second chunk starting with U+FEFF keeps it.
      const plain = new ChunkDecoder(encoding);
      expect(plain.write(encode('id', encoding)) + plain.write(encode('\uFEFFx', encoding)) + plain.end()).toBe('id\uFEFFx');
    });
  }

  it('names the first column of a UTF-16 file with a BOM exactly, in detection and in the records read', async () => {
    for (const encoding of ['utf-16le', 'utf-16be', 'utf-8'] as const) {
      const path = join(tmp(), `bom-${encoding}.csv`);
      writeFileSync(path, Buffer.concat([Buffer.from(BOMS[encoding]), encode(CSV, encoding)]));
      const detected = detectDelimited(path, 'bom.csv');
      expect([detected.encoding, detected.bom, detected.delimiter, detected.hasHeader]).toEqual([encoding, true, ',', true]);
      const records: string[][] = [];
      for await (const r of readDelimitedRecords(path, 'bom.csv', detected)) records.push(r.fields);
      expect(records).toEqual([
        ['id', 'text'],
        ['A1', 'Grüße \uFEFF inside'],
      ]);
    }
  });

  it('verifies a guessed encoding against the whole file: UTF-8 read as a legacy encoding, and the reverse', () => {
    const utf8 = new ChunkDecoder('windows-1252');
    utf8.write(Buffer.from('Grüße, Köln, Zürich', 'utf8'));
    utf8.end();
    expect(utf8.evidence).toEqual({ multiByte: 4, invalid: 0 });
    expect(() => utf8.verify()).toThrow(new EncodingMismatchError('windows-1252', 'utf-8', { multiByte: 4, invalid: 0 }));

    const legacy = new ChunkDecoder('utf-8');
    expect(legacy.write(Buffer.from('Gr\xfc\xdfe aus K\xf6ln und Z\xfcrich, sch\xf6n', 'latin1'))).toBe(
      'Gr\uFFFD\uFFFDe aus K\uFFFDln und Z\uFFFDrich, sch\uFFFDn',
    );
    legacy.end();
    expect(legacy.evidence).toEqual({ multiByte: 0, invalid: 5 });
    expect(() => legacy.verify()).toThrow(EncodingMismatchError);
    try {
      legacy.verify();
    } catch (e) {
      expect((e as EncodingMismatchError).guessed).toBe('utf-8');
      expect((e as EncodingMismatchError).encoding).not.toBe('utf-8');
    }

    const fine = new ChunkDecoder('utf-8');
    fine.write(Buffer.from('Grüße', 'utf8'));
    fine.end();
    expect(() => fine.verify()).not.toThrow();
    // UTF-16 has no UTF-8 evidence: nothing to verify.
    const wide = new ChunkDecoder('utf-16le');
    wide.write(encode('ab', 'utf-16le'));
    expect(wide.evidence).toBeNull();
    expect(() => wide.verify()).not.toThrow();
  });
});

// The UTF-8 evidence counted exactly: valid multi-byte and invalid sequences against an independent
// count (TextDecoder's own reading, character by character), on every alignment of the bytes in
// memory (the fast path counts four bytes at a time from an aligned offset), in any chunking.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../seeded-random';
import { EncodingMismatchError, judgeUtf8, UTF8_EVIDENCE_RATIO, Utf8Counter, utf8Evidence } from './text-encoding';

/** What TextDecoder reads: characters of two to four bytes, and U+FFFD for each invalid sequence
 * (inputs here never hold an encoded U+FFFD, so every U+FFFD is an error). */
function reference(bytes: Uint8Array): { multiByte: number; invalid: number } {
  let multiByte = 0;
  let invalid = 0;
  for (const c of new TextDecoder('utf-8').decode(bytes)) {
    if (c === '\uFFFD') invalid++;
    else if (c.codePointAt(0)! >= 0x80) multiByte++;
  }
  return { multiByte, invalid };
}

/** `bytes` copied to `offset` bytes into a fresh buffer: a view whose byteOffset is `offset`. */
function at(offset: number, bytes: Uint8Array): Uint8Array {
  const buffer = new Uint8Array(offset + bytes.length + 3);
  buffer.set(bytes, offset);
  return buffer.subarray(offset, offset + bytes.length);
}

const PIECES = ['a', 'bcd', 'ü', 'é', '€', '—', '中', '🤬', '𝄞', ' ', 'ß'].map((s) => Buffer.from(s, 'utf8'));
const BROKEN = [
  [0xff],
  [0xc0, 0x80],
  [0xc3],
  [0xe0, 0x80, 0x80],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf0, 0x9f],
  [0x80],
  [0xf5],
];

describe('Utf8Counter, exact', () => {
  it('counts the characters TextDecoder reads and the U+FFFD it writes, at every byte alignment and chunking', () => {
    const random = mulberry32(15);
    for (let round = 0; round < 300; round++) {
      const parts: number[][] = [];
      const length = 1 + Math.floor(random() * 30);
      const broken = round % 3 === 0; // a third of the inputs are valid UTF-8 (the fast path)
      for (let i = 0; i < length; i++) {
        const r = random();
        if (broken && r < 0.25) parts.push(BROKEN[Math.floor(random() * BROKEN.length)]!);
        else parts.push([...PIECES[Math.floor(random() * PIECES.length)]!]);
      }
      const bytes = Uint8Array.from(parts.flat());
      const expected = reference(bytes);
      for (let offset = 0; offset < 4; offset++) {
        expect(utf8Evidence(at(offset, bytes), true), `${Buffer.from(bytes).toString('hex')} at ${offset}`).toEqual(expected);
        const counter = new Utf8Counter();
        for (let from = 0; from < bytes.length;) {
          const step = 1 + Math.floor(random() * 9);
          counter.push(at(offset, bytes.subarray(from, from + step)));
          from += step;
        }
        counter.end();
        expect({ multiByte: counter.multiByte, invalid: counter.invalid }).toEqual(expected);
      }
    }
  });

  it('counts the lead bytes of long valid text at every alignment (the four-bytes-at-a-time path)', () => {
    const text = Buffer.from('Grüße aus Köln, 東京 und 🤬 — ok. '.repeat(7), 'utf8');
    const expected = reference(text);
    expect(expected.multiByte).toBe(7 * 7);
    for (let offset = 0; offset < 4; offset++)
      for (let cut = 0; cut < 8; cut++) {
        const bytes = text.subarray(cut);
        const want = reference(bytes);
        const counter = new Utf8Counter();
        counter.push(at(offset, bytes));
        // A character cut at the front is one error for TextDecoder; the counter then takes the slow path.
        if (want.invalid === 0) expect(counter.multiByte, `offset ${offset} cut ${cut}`).toBe(want.multiByte);
        else expect(counter.invalid).toBeGreaterThan(0);
      }
  });

  it('tells where the first invalid sequence of the last chunk was found, and -1 for a chunk without', () => {
    const counter = new Utf8Counter();
    counter.push(Buffer.from([0x61, 0x62, 0xff, 0x63, 0xfe]));
    expect([counter.firstInvalidAt, counter.invalid]).toEqual([2, 2]);
    counter.push(Buffer.from('clean ü', 'utf8'));
    expect([counter.firstInvalidAt, counter.invalid, counter.multiByte]).toEqual([-1, 2, 1]);
    counter.push(Buffer.from([0xc3, 0x41]));
    expect([counter.firstInvalidAt, counter.invalid]).toEqual([1, 3]);
    counter.push(Buffer.from([0x80]));
    expect([counter.firstInvalidAt, counter.invalid]).toEqual([0, 4]);
  });

  it('carries a sequence across chunks and counts a sequence cut by the end of the file once', () => {
    const counter = new Utf8Counter();
    counter.push(Buffer.from([0xf0, 0x9f]));
    expect([counter.multiByte, counter.invalid]).toEqual([0, 0]);
    counter.push(Buffer.from([0xa4, 0xac, 0xe2, 0x82]));
    expect([counter.multiByte, counter.invalid, counter.firstInvalidAt]).toEqual([1, 0, -1]);
    counter.end();
    expect([counter.multiByte, counter.invalid]).toEqual([1, 1]);
    counter.end();
    expect(counter.invalid).toBe(1);
  });

  it('checks lead bytes and the second byte of E0, ED, F0 and F4 sequences against their exact ranges', () => {
    // Valid UTF-8 takes a fast path; a trailing 0xFF (one invalid sequence) sends each case
    // through the byte-by-byte walk whose ranges are checked here.
    const walk = (...bytes: number[]) => utf8Evidence(Buffer.from([...bytes, 0xff]), true);
    expect(walk(0xc2, 0x80, 0xdf, 0xbf)).toEqual({ multiByte: 2, invalid: 1 });
    expect(walk(0xc1, 0xbf)).toEqual({ multiByte: 0, invalid: 3 });
    expect(walk(0xe0, 0xa0, 0x80)).toEqual({ multiByte: 1, invalid: 1 });
    expect(walk(0xe0, 0x9f, 0x80)).toEqual({ multiByte: 0, invalid: 4 });
    expect(walk(0xe1, 0x80, 0x80, 0xef, 0xbf, 0xbf)).toEqual({ multiByte: 2, invalid: 1 });
    expect(walk(0xed, 0x9f, 0xbf)).toEqual({ multiByte: 1, invalid: 1 });
    expect(walk(0xed, 0xa0, 0x80)).toEqual({ multiByte: 0, invalid: 4 });
    expect(walk(0xf0, 0x90, 0x80, 0x80)).toEqual({ multiByte: 1, invalid: 1 });
    expect(walk(0xf0, 0x8f, 0x80, 0x80)).toEqual({ multiByte: 0, invalid: 5 });
    expect(walk(0xf1, 0x80, 0x80, 0x80, 0xf3, 0xbf, 0xbf, 0xbf)).toEqual({ multiByte: 2, invalid: 1 });
    expect(walk(0xf4, 0x8f, 0xbf, 0xbf)).toEqual({ multiByte: 1, invalid: 1 });
    expect(walk(0xf4, 0x90, 0x80, 0x80)).toEqual({ multiByte: 0, invalid: 5 });
    expect(walk(0xf5, 0x80)).toEqual({ multiByte: 0, invalid: 3 });
    // After a narrowed byte the range is the ordinary one again.
    expect(walk(0xe0, 0xa0, 0xbf, 0xed, 0x80, 0xbf, 0xf0, 0x90, 0xbf, 0xbf, 0xf4, 0x80, 0x80, 0x80)).toEqual({ multiByte: 4, invalid: 1 });
    // The same on the fast path (valid UTF-8 only).
    expect(utf8Evidence(Buffer.from([0xc2, 0x80, 0xdf, 0xbf, 0xe0, 0xa0, 0x80, 0xf4, 0x8f, 0xbf, 0xbf]), true)).toEqual({
      multiByte: 4,
      invalid: 0,
    });
  });

  it('starts with no invalid position, and keeps the first one of a chunk even at its first byte', () => {
    expect(new Utf8Counter().firstInvalidAt).toBe(-1);
    const counter = new Utf8Counter();
    counter.push(Buffer.from([0xff, 0x61, 0xfe]));
    expect([counter.firstInvalidAt, counter.invalid]).toEqual([0, 2]);
    counter.push(Buffer.from([0x80, 0xc3, 0x41]));
    expect([counter.firstInvalidAt, counter.invalid]).toEqual([0, 4]);
  });

  it('counts a sequence cut by a chunk of plain ASCII as invalid there, not completed by a later byte', () => {
    const counter = new Utf8Counter();
    counter.push(Buffer.from([0xc3]));
    counter.push(Buffer.from('ab', 'latin1'));
    expect([counter.invalid, counter.firstInvalidAt, counter.multiByte]).toEqual([1, 0, 0]);
    counter.push(Buffer.from([0xa9]));
    counter.end();
    expect([counter.invalid, counter.multiByte]).toEqual([2, 0]);
  });

  it('counts a cut sequence at the end only for a whole file', () => {
    expect(utf8Evidence(Buffer.from([0x61, 0xe2, 0x82]), false)).toEqual({ multiByte: 0, invalid: 0 });
    expect(utf8Evidence(Buffer.from([0x61, 0xe2, 0x82]), true)).toEqual({ multiByte: 0, invalid: 1 });
  });
});

describe('judgeUtf8', () => {
  it('calls bytes UTF-8 from exactly twice as many valid multi-byte sequences as invalid ones', () => {
    expect(UTF8_EVIDENCE_RATIO).toBe(2);
    expect(judgeUtf8({ multiByte: 20, invalid: 10 })).toBe('utf-8');
    expect(judgeUtf8({ multiByte: 19, invalid: 10 })).toBe('legacy');
    expect(judgeUtf8({ multiByte: 2, invalid: 1 })).toBe('utf-8');
    expect(judgeUtf8({ multiByte: 1, invalid: 1 })).toBe('legacy');
    expect(judgeUtf8({ multiByte: 0, invalid: 0 })).toBe('utf-8');
    expect(judgeUtf8({ multiByte: 5, invalid: 0 })).toBe('utf-8');
  });

  it('names both encodings and keeps the evidence in its mismatch error', () => {
    const e = new EncodingMismatchError('utf-8', 'windows-1252', { multiByte: 1, invalid: 9 });
    expect(e.message).toBe('the file was read as utf-8, but its bytes are windows-1252');
    expect([e.guessed, e.encoding, e.evidence]).toEqual(['utf-8', 'windows-1252', { multiByte: 1, invalid: 9 }]);
  });
});

// Streaming byte-to-text decoders for every encoding of common/encodings.ts: push byte chunks, get
// strings (a character cut between chunks waits for the next one). One-shot decoding for samples.
import { StringDecoder } from 'node:string_decoder';
import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';
import type { TextEncoding } from '../../../common/encodings';

export interface StreamDecoder {
  write(chunk: Uint8Array): string;
  end(): string;
}

// [Note: which decoder for which encoding]
// UTF-8 goes through TextDecoder (native, by the WHATWG rules that Utf8Counter counts by) and
// UTF-16 LE through StringDecoder (native). Every legacy encoding goes through iconv-lite, because
// Node's TextDecoder gets some of them wrong: its 'windows-1252' is Latin-1, so 0x80-0x9F become
// C1 controls instead of € ‚ ƒ „ … ’ “ ” – — (Node 20, checked on all 256 bytes), its 'ibm866'
// swaps 0x1A, 0x1C and 0x7F, it has no ISO-8859-16, UTF-32 or Mac Greek/Turkish/Icelandic/Central
// European, and it is missing altogether in a Node built with small ICU. iconv-lite has no
// ISO-2022-JP, so that one (a 7-bit encoding of Japanese e-mail) is TextDecoder's, which Node and
// Electron have with their full ICU. Bytes an encoding does not define become U+FFFD in both.
const ICONV_NAMES: Partial<Record<TextEncoding, string>> = {
  'utf-32le': 'utf32le',
  'utf-32be': 'utf32be',
  macintosh: 'macintosh',
  'x-mac-iceland': 'maciceland',
  'x-mac-ce': 'maccenteuro',
  'x-mac-cyrillic': 'maccyrillic',
  'x-mac-greek': 'macgreek',
  'x-mac-turkish': 'macturkish',
  ibm866: 'cp866',
  shift_jis: 'cp932',
  big5: 'big5hkscs',
  'euc-kr': 'cp949',
};

/** The name iconv-lite knows the encoding by (the canonical name where it is the same). */
export function iconvName(encoding: TextEncoding): string {
  return ICONV_NAMES[encoding] ?? encoding;
}

class Utf16BeDecoder implements StreamDecoder {
  private readonly le = new StringDecoder('utf16le');
  private odd: number | null = null;

  /** Swaps byte pairs and decodes as LE; an odd trailing byte waits for the next chunk. */
  write(chunk: Uint8Array): string {
    let bytes = Buffer.from(chunk);
    if (this.odd !== null) bytes = Buffer.concat([Buffer.from([this.odd]), bytes]);
    const even = bytes.length & ~1;
    this.odd = even < bytes.length ? bytes[even]! : null;
    const swapped = Buffer.from(bytes.subarray(0, even));
    swapped.swap16();
    return this.le.write(swapped);
  }

  end(): string {
    return this.le.end() + (this.odd === null ? '' : '\uFFFD');
  }
}

/** A streaming decoder for `encoding`. A byte order mark is kept (the caller drops it). */
export function streamDecoder(encoding: TextEncoding): StreamDecoder {
  if (encoding === 'utf-8' || encoding === 'iso-2022-jp') {
    const d = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
    return { write: (chunk) => d.decode(chunk, { stream: true }), end: () => d.decode() };
  }
  if (encoding === 'utf-16le') {
    const d = new StringDecoder('utf16le');
    return { write: (chunk) => d.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)), end: () => d.end() };
  }
  if (encoding === 'utf-16be') return new Utf16BeDecoder();
  const d = iconv.getDecoder(iconvName(encoding), { stripBOM: false });
  return {
    write: (chunk) => d.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
    end: () => d.end() ?? '',
  };
}

/** All of `bytes` as `encoding` reads them; a character cut at their end is dropped unless
 * `complete` (the bytes are a whole file). */
export function decodeBytes(bytes: Uint8Array, encoding: TextEncoding, complete = true): string {
  const d = streamDecoder(encoding);
  const text = d.write(bytes);
  return complete ? text + d.end() : text;
}

/** True for the encodings whose text is full of zero bytes (binary-looking to a byte check). */
export function isWideUnicode(encoding: TextEncoding): boolean {
  return encoding.startsWith('utf-16') || encoding.startsWith('utf-32');
}

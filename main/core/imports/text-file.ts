// Streams a text file as decoded chunks, with the encoding detected from its head unless given,
// and the error that says the whole file is in another encoding than its head suggested.
import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import { looksBinary, readHead } from './file-head';
import { ChunkDecoder, detectEncoding, type DetectedEncoding, type EncodingMismatchError, type TextEncodingName } from './text-encoding';

const ENCODING_NAMES: Record<TextEncodingName, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252',
};

/** The encoding guessed from a file's head is not the one its whole content shows
 * ([Note: damaged UTF-8 or a legacy encoding]). The import job catches it and reads the file again
 * in `encoding`, before anything becomes visible; the message is for a caller that cannot. */
export class EncodingChangedError extends PrelabelError {
  readonly encoding: TextEncodingName;

  constructor(fileName: string, mismatch: EncodingMismatchError) {
    const { multiByte, invalid } = mismatch.evidence;
    super(
      'BAD_FILE',
      `${fileName} looked like ${ENCODING_NAMES[mismatch.guessed]} in its first part, but the whole file is ${ENCODING_NAMES[mismatch.encoding]} (${invalid.toLocaleString('en')} bytes that are not UTF-8, ${multiByte.toLocaleString('en')} characters that are). Choose the encoding ${ENCODING_NAMES[mismatch.encoding]} and try again.`,
    );
    this.encoding = mismatch.encoding;
  }
}

export function detectTextFile(path: string, fileName: string, encoding?: TextEncodingName): DetectedEncoding {
  const size = statSync(path).size;
  const head = readHead(path, 64 * 1024);
  if (head.length === 0) throw new PrelabelError('BAD_FILE', `${fileName} is empty.`);
  const detected = detectEncoding(head, head.length >= size);
  const chosen = encoding ?? detected.encoding;
  if (!chosen.startsWith('utf-16') && looksBinary(head)) {
    const kind = extname(fileName).slice(1).toUpperCase() || 'text';
    throw new PrelabelError(
      'BAD_FILE',
      `${fileName} does not look like a text file (it contains binary data). Is it really a ${kind} file?`,
    );
  }
  return { encoding: chosen, bom: detected.bom && chosen === detected.encoding };
}

/** Decoded chunks of a file. With `verify` (an encoding guessed from the head), the end of the file
 * throws EncodingMismatchError when the whole file is in another encoding. */
export async function* readTextChunks(
  path: string,
  encoding: TextEncodingName,
  options: { signal?: AbortSignal; onBytes?: (done: number, total: number) => void; verify?: boolean } = {},
): AsyncGenerator<string> {
  const total = statSync(path).size;
  const decoder = new ChunkDecoder(encoding);
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (options.signal?.aborted) return;
      bytes += chunk.length;
      const text = decoder.write(chunk);
      options.onBytes?.(bytes, total);
      if (text) yield text;
    }
    const rest = decoder.end();
    if (options.verify) decoder.verify();
    if (rest) yield rest;
  } finally {
    stream.destroy();
  }
}

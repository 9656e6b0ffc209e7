// Streams a text file as decoded chunks, with the encoding detected from its head unless given,
// and the error that says the whole file is in another encoding than its head suggested.
import { createReadStream, fstatSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import { encodingLabel } from '../../../common/encodings';
import { ChunkDecoder } from './chunk-decoder';
import { isWideUnicode } from './decoders';
import { detectEncoding, ENCODING_SAMPLE_BYTES, type DetectedEncoding } from './detect-encoding';
import { encodingFacts, type EncodingFacts } from './encoding-suggest';
import { looksBinary, readHead } from './file-head';
import { openRegularFile } from './regular-file';
import type { EncodingMismatchError, TextEncodingName } from './text-encoding';

/** The encoding guessed from a file's head is not the one its whole content shows
 * ([Note: damaged UTF-8 or a legacy encoding]). The import job catches it and reads the file again
 * in `encoding`, before anything becomes visible; the message is for a caller that cannot. */
export class EncodingChangedError extends PrelabelError {
  readonly encoding: TextEncodingName;

  constructor(fileName: string, mismatch: EncodingMismatchError) {
    const { multiByte, invalid } = mismatch.evidence;
    super(
      'BAD_FILE',
      `${fileName} looked like ${encodingLabel(mismatch.guessed)} in its first part, but the whole file is ${encodingLabel(mismatch.encoding)} (${invalid.toLocaleString('en')} bytes that are not UTF-8, ${multiByte.toLocaleString('en')} characters that are). Choose the encoding ${encodingLabel(mismatch.encoding)} and try again.`,
    );
    this.encoding = mismatch.encoding;
  }
}

export interface TextFileEncoding {
  encoding: TextEncodingName;
  bom: boolean;
  /** What detection found without the user's choice. */
  detected: DetectedEncoding;
  /** What the preview shows about the encoding (encoding-suggest.ts); computed when asked, as a
   * folder's files need only their encoding. */
  facts(): EncodingFacts;
  /** The first bytes of the file (up to ENCODING_SAMPLE_BYTES), and whether they are all of it. */
  head: Buffer;
  complete: boolean;
}

/** The encoding of a text file: detected from its first megabyte ([Note: damaged UTF-8 or a legacy
 * encoding]) unless `encoding` is given. Refuses empty and binary files. */
export function detectTextFile(path: string, fileName: string, encoding?: TextEncodingName): TextFileEncoding {
  const size = statSync(path).size;
  const head = readHead(path, ENCODING_SAMPLE_BYTES);
  if (head.length === 0) throw new PrelabelError('BAD_FILE', `${fileName} is empty.`);
  const complete = head.length >= size;
  const detected = detectEncoding(head, complete);
  const chosen = encoding ?? detected.encoding;
  if (!isWideUnicode(chosen) && looksBinary(head)) {
    const kind = extname(fileName).slice(1).toUpperCase() || 'text';
    throw new PrelabelError(
      'BAD_FILE',
      `${fileName} does not look like a text file (it contains binary data). Is it really a ${kind} file?`,
    );
  }
  return {
    encoding: chosen,
    bom: detected.bom && chosen === detected.encoding,
    detected,
    facts: () => encodingFacts(head, complete, chosen, detected),
    head,
    complete,
  };
}

/** Decoded chunks of a file. With `verify` (an encoding guessed from the head), the end of the file
 * throws EncodingMismatchError when the whole file is in another encoding. */
export async function* readTextChunks(
  path: string,
  encoding: TextEncodingName,
  options: { signal?: AbortSignal; onBytes?: (done: number, total: number) => void; verify?: boolean } = {},
): AsyncGenerator<string> {
  // What is read is what was checked ([Note: special files]); the stream closes the descriptor.
  const fd = openRegularFile(path, basename(path));
  const total = fstatSync(fd).size;
  const decoder = new ChunkDecoder(encoding);
  const stream = createReadStream('', { fd, highWaterMark: 1 << 20 });
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

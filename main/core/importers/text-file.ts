// Streams a text file as decoded chunks, with the encoding detected from its head unless given.
import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import { looksBinary, readHead } from './file-head';
import { ChunkDecoder, detectEncoding, type DetectedEncoding, type TextEncodingName } from './text-encoding';

export function detectTextFile(path: string, fileName: string, encoding?: TextEncodingName): DetectedEncoding {
  const size = statSync(path).size;
  const head = readHead(path, 64 * 1024);
  if (head.length === 0) throw new PrelabelError('BAD_FILE', `${fileName} is empty.`);
  const detected = detectEncoding(head, head.length >= size);
  const chosen = encoding ?? detected.encoding;
  if (!chosen.startsWith('utf-16') && looksBinary(head)) {
    const kind = extname(fileName).slice(1).toUpperCase() || 'text';
    throw new PrelabelError('BAD_FILE', `${fileName} does not look like a text file (it contains binary data). Is it really a ${kind} file?`);
  }
  return { encoding: chosen, bom: detected.bom && chosen === detected.encoding };
}

export async function* readTextChunks(
  path: string,
  encoding: TextEncodingName,
  options: { signal?: AbortSignal; onBytes?: (done: number, total: number) => void } = {},
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
    if (rest) yield rest;
  } finally {
    stream.destroy();
  }
}

// The ZIP reader under the XLSX import: Prelabel's zip-bomb limits on top of yauzl, ZIP64, and no
// file descriptor left open by a read that stops early.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { zipBuffer } from '../test-support/zip-writer';
import { readZipDirectory, readZipEntry, type ZipLimits } from './zip-reader';

const tmp = useTempDir();

/** `bytes` of a 64-letter pattern over and over: deflates about 340 times. */
function repetitive(bytes: number): Buffer {
  const pattern = Buffer.from('qwfpgjluyarstdhneiozxcvbkmQWFPGJLUYARSTDHNEIOZXCVBKM0123456789-_');
  const out = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += pattern.length) pattern.copy(out, i);
  return out;
}

function file(name: string, content: Buffer): string {
  const path = join(tmp(), name);
  writeFileSync(path, content);
  return path;
}

async function readAll(path: string, name: string, limits?: ZipLimits): Promise<string> {
  const entries = await readZipDirectory(path, 'w.xlsx');
  const parts: Buffer[] = [];
  for await (const c of readZipEntry(path, 'w.xlsx', entries.get(name)!, limits)) parts.push(c);
  return Buffer.concat(parts).toString('utf8');
}

describe('zip reader', () => {
  it('reads entries stored and deflated', async () => {
    const path = file(
      'a.zip',
      zipBuffer([
        { name: 'a.txt', data: 'stored', stored: true },
        { name: 'xl/b.xml', data: '<b/>'.repeat(1000) },
      ]),
    );
    const entries = await readZipDirectory(path, 'w.xlsx');
    expect([...entries.keys()]).toEqual(['a.txt', 'xl/b.xml']);
    expect(await readAll(path, 'a.txt')).toBe('stored');
    expect(await readAll(path, 'xl/b.xml')).toBe('<b/>'.repeat(1000));
  });

  it('reads an archive written with ZIP64 records', async () => {
    // __fixtures__/zip64.zip: one entry, ZIP64 extra fields and end records, written by yazl 3.3 with
    // forceZip64Format (the hand-written reader before yauzl refused every ZIP64 file).
    const path = join(__dirname, '__fixtures__', 'zip64.zip');
    expect(await readAll(path, 'xl/part.xml')).toBe('<c>sixty-four</c>');
  });

  it('refuses an entry that claims to grow more than the ratio allows, before inflating it', async () => {
    const path = file('ratio.zip', zipBuffer([{ name: 'big.xml', data: repetitive(3 * 1024 * 1024) }]));
    await expect(readAll(path, 'big.xml', { maxEntryBytes: 1e9, maxRatio: 100 })).rejects.toThrow(
      /^w\.xlsx: the part big\.xml would unpack to 3\.1 MB from 1\d KB, more than 100 times its packed size \(a damaged file or a "zip bomb"\)/,
    );
    expect(await readAll(path, 'big.xml', { maxEntryBytes: 1e9, maxRatio: 1000 })).toHaveLength(3 * 1024 * 1024); // about 340 times
  });

  it('refuses an entry larger than the most one part may unpack to', async () => {
    const path = file('large.zip', zipBuffer([{ name: 'large.xml', data: Buffer.alloc(5000, 'a') }]));
    await expect(readAll(path, 'large.xml', { maxEntryBytes: 4000, maxRatio: 1000 })).rejects.toThrow(
      /the part large\.xml would unpack to 5 KB, more than the 4 KB Prelabel reads from one workbook part/,
    );
  });

  it('stops an entry that inflates past its stated size', async () => {
    const path = file('liar.zip', zipBuffer([{ name: 'liar.xml', data: 'x'.repeat(100_000), declaredSize: 10 }]));
    await expect(readAll(path, 'liar.xml')).rejects.toThrow(/the part liar\.xml unpacks to far more than its stated size of 10 bytes/);
  });

  it('fails only the part whose local header is damaged, when that part is read', async () => {
    const zip = zipBuffer([
      { name: 'good.xml', data: '<ok/>' },
      { name: 'bad.xml', data: '<never/>' },
    ]);
    zip.writeUInt32LE(0, zip.indexOf(Buffer.from('PK\x03\x04', 'latin1'), 4)); // the second local header
    const path = file('half.zip', zip);
    expect(await readAll(path, 'good.xml')).toBe('<ok/>');
    await expect(readAll(path, 'bad.xml')).rejects.toThrow(
      /w\.xlsx is damaged or incomplete \(the part bad\.xml cannot be unpacked: invalid local file header signature/,
    );
  });

  it('leaves no file open when a read stops early', async () => {
    const path = file('early.zip', zipBuffer([{ name: 'rows.xml', data: repetitive(4 * 1024 * 1024) }]));
    const entries = await readZipDirectory(path, 'w.xlsx');
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    for (let i = 0; i < 20; i++) {
      for await (const chunk of readZipEntry(path, 'w.xlsx', entries.get('rows.xml')!, { maxEntryBytes: 1e9, maxRatio: 1000 })) {
        expect(chunk.length).toBeGreaterThan(0);
        break;
      }
    }
    await new Promise((ok) => setTimeout(ok, 50));
    expect(open()).toBeLessThanOrEqual(before);
  });
});

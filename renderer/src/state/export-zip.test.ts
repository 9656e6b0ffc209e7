// One download of everything: the files fetched from the export route, checked against their
// SHA-256, packed into a ZIP that unpacks to the same bytes; a changed file is refused by name.
import { unzipSync } from 'fflate';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportDownloadPath, type ExportResult } from '../../../common/contract';
import { exportZip, zipName } from './export-zip';

const files: Record<string, Uint8Array<ArrayBuffer>> = {
  'Stance.csv': new TextEncoder().encode('id,text\r\n1234567890123456789,We support it.\r\n'),
  'Stance.parquet': new Uint8Array([80, 65, 82, 49, 0, 1, 2, 80, 65, 82, 49]),
  'manifest.json': new TextEncoder().encode('{"format":"csv"}\n'),
};
async function sha(b: Uint8Array<ArrayBuffer>): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest('SHA-256', b))].map((x) => x.toString(16).padStart(2, '0')).join('');
}
const hashes: Record<string, string> = {};
beforeAll(async () => {
  for (const [name, b] of Object.entries(files)) hashes[name] = await sha(b);
});
const result = (override: Record<string, string> = {}): ExportResult =>
  ({
    exportId: 'e1',
    format: 'csv',
    filter: 'coded',
    level: 'unit',
    aggregate: null,
    rows: 1,
    perLabel: [],
    files: Object.entries(files).map(([name, b]) => ({ name, path: null, bytes: b.length, sha256: override[name] ?? hashes[name]! })),
    downloadable: true,
    warnings: [],
  }) as ExportResult;

afterEach(() => vi.unstubAllGlobals());

describe('export ZIP', () => {
  it('holds every file of the export with its bytes', async () => {
    const fetched: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(url);
      const name = Object.keys(files).find((n) => exportDownloadPath('e1', n) === url)!;
      return new Response(files[name]!);
    });
    const unzipped = unzipSync(await exportZip(result()));
    expect(Object.keys(unzipped)).toEqual(Object.keys(files));
    for (const name of Object.keys(files)) expect(await sha(unzipped[name] as Uint8Array<ArrayBuffer>)).toBe(hashes[name]);
    expect(fetched).toEqual(Object.keys(files).map((n) => exportDownloadPath('e1', n)));
    expect(zipName(result())).toBe('Stance.zip');
  });

  it('refuses a file that differs from the SHA-256 the export wrote, or that cannot be fetched', async () => {
    vi.stubGlobal('fetch', async () => new Response(files['Stance.csv']!));
    await expect(exportZip(result({ 'Stance.parquet': '0'.repeat(64) }))).rejects.toThrow(/Stance\.parquet arrived changed/);
    vi.stubGlobal('fetch', async () => new Response('gone', { status: 404 }));
    await expect(exportZip(result())).rejects.toThrow('Stance.csv could not be downloaded (HTTP 404).');
  });
});

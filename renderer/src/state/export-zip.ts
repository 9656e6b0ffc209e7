// One download of everything an export wrote (data files and manifest) as a ZIP, in the browser
// mode: each file is fetched from the server's authenticated export route (the session cookie goes
// with a same-origin fetch), checked against the SHA-256 the export reported, and packed with fflate.
// Files that are compressed already (XLSX, Parquet) are stored; the others deflated.
import { zipSync, type Zippable } from 'fflate';
import { exportDownloadPath, type ExportResult } from '../../../common/contract';

const STORED = /\.(xlsx|parquet|zip)$/i;

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The name of the ZIP: the data file's name without its extension, or the export's id. */
export function zipName(result: Pick<ExportResult, 'files' | 'exportId'>): string {
  const first = result.files[0]?.name ?? result.exportId;
  return `${first.replace(/\.[^.]+$/, '') || result.exportId}.zip`;
}

/** The ZIP's bytes. Throws with the file's name when a file cannot be fetched or differs from its hash. */
export async function exportZip(result: ExportResult): Promise<Uint8Array> {
  const entries: Zippable = {};
  for (const f of result.files) {
    const res = await fetch(exportDownloadPath(result.exportId, f.name), { credentials: 'same-origin' });
    if (!res.ok) throw new Error(`${f.name} could not be downloaded (HTTP ${res.status}).`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    if ((await sha256Hex(bytes)) !== f.sha256) throw new Error(`${f.name} arrived changed: its SHA-256 is not the one the export wrote.`);
    entries[f.name] = [bytes, { level: STORED.test(f.name) ? 0 : 6 }];
  }
  return zipSync(entries);
}

/** Builds the ZIP and hands it to the browser as a download. */
export async function downloadExportZip(result: ExportResult): Promise<void> {
  const zip = await exportZip(result);
  const url = URL.createObjectURL(new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = zipName(result);
    document.body.appendChild(a);
    a.click();
    a.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}

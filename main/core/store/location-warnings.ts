// Warns when a project lives where SQLite's WAL mode is unsafe (network file systems) or where a
// sync client may copy the database and its WAL side file out of step.
import { readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';

const NETWORK_FS = /^(nfs\d?|cifs|smb\d?|smbfs|afs|9p|fuse\.sshfs|fuse\.rclone|davfs|fuse\.davfs2|glusterfs|ceph)$/;
const SYNC_FOLDER =
  /(^|[\\/])(Dropbox|OneDrive[^\\/]*|Google Drive|GoogleDrive|My Drive|iCloud Drive|iCloudDrive|Mobile Documents|Nextcloud|ownCloud|Box Sync|pCloud Drive|Seafile|Sync)([\\/]|$)/i;

function mountFsType(path: string): string | null {
  let mounts: string;
  try {
    mounts = readFileSync('/proc/mounts', 'utf8');
  } catch {
    return null; // not Linux: only the folder-name check applies
  }
  let best: { point: string; type: string } | null = null;
  for (const line of mounts.split('\n')) {
    const [, point, type] = line.split(' ');
    if (!point || !type) continue;
    const p = point.replace(/\\040/g, ' ');
    if ((path === p || path.startsWith(p.endsWith(sep) ? p : p + sep)) && (!best || p.length > best.point.length)) {
      best = { point: p, type };
    }
  }
  return best?.type ?? null;
}

export function locationWarnings(projectPath: string): string[] {
  const abs = resolve(projectPath);
  const warnings: string[] = [];
  const fsType = mountFsType(abs);
  if (fsType && NETWORK_FS.test(fsType)) {
    warnings.push(
      `This project is on a network drive (${fsType}). SQLite cannot lock files safely there: keep the project on a local disk and share copies made with "Save a copy".`,
    );
  }
  if (SYNC_FOLDER.test(abs)) {
    warnings.push(
      'This project is in a folder that a sync service copies. It may copy the project while it is being written: keep the working file outside and share copies made with "Save a copy".',
    );
  }
  return warnings;
}

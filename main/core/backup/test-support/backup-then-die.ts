// A second process that makes a backup of a project and kills itself (SIGKILL) once the online
// backup has copied the given share of the pages: what a crash or a kill midway leaves behind.
// Usage: node --import tsx backup-then-die.ts <project> <share 0..1>
import { openProjectDb } from '../../store/project-db';
import { makeBackup } from '../make-backup';

const [path, share] = process.argv.slice(2);
const db = openProjectDb(path!);
void makeBackup(db, path!, 'manual', {
  pagesPerStep: 1,
  onProgress: ({ totalPages, remainingPages }) => {
    if (totalPages > 0 && (totalPages - remainingPages) / totalPages >= Number(share)) process.kill(process.pid, 'SIGKILL');
  },
}).then(() => {
  // Reaching here means the kill never came: the parent test fails on the missing signal.
  process.exit(3);
});

// A second process that restores a backup over a closed project and kills itself (SIGKILL) once the
// copy is written beside the project, just before the rename: what a crash mid-restore leaves.
// Usage: node --import tsx restore-then-die.ts <project> <backup file>
import { replaceProjectFile } from '../restore-backup';

const [path, backup] = process.argv.slice(2);
replaceProjectFile(path!, backup!, () => process.kill(process.pid, 'SIGKILL'));
// Reaching here means the kill never came: the parent test fails on the missing signal.
process.exit(3);

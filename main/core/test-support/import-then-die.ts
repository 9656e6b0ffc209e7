// A child process for tests: imports a CSV into an existing project and kills itself (SIGKILL, as
// a crash or `kill -9` would) once the search index holds the given number of the import's rows
// (phase 'indexing'), or once that many rows are written to the still pending import ('reading').
// Usage: node --import tsx import-then-die.ts <project> <csv> <rows> [indexing|reading]
import { importDecisions, importMapping } from '../../../common/contract';
import { runImport } from '../imports/import-job';
import { ProjectStore } from '../store/project-store';

async function run(): Promise<void> {
  const [project, csv, dieAt, phase = 'indexing'] = process.argv.slice(2) as [string, string, string, string?];
  const store = ProjectStore.open(project);
  const written = store.db.prepare('SELECT count(*) FROM documents').pluck();
  await runImport({
    db: store.db,
    file: { path: csv, name: 'big.csv' },
    options: {},
    mapping: importMapping.parse({ textColumns: ['text'], idColumn: 'id' }),
    decisions: importDecisions.parse({}),
    signal: new AbortController().signal,
    onProgress: (p) => {
      if (p.phase !== phase) return;
      const done = phase === 'indexing' ? p.progress.done : (written.get() as number);
      if (done >= Number(dieAt)) process.kill(process.pid, 'SIGKILL');
    },
  });
  process.stderr.write('the import finished before the kill\n');
  process.exitCode = 3;
}

void run();

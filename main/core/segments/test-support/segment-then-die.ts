// A child process for tests: splits an existing project into sentences and kills itself (SIGKILL,
// as a crash or `kill -9` would) once the given number of parents is split ('splitting') or units
// indexed ('indexing').
// Usage: node --import tsx segment-then-die.ts <project> <count> [splitting|indexing]
import { segmentSpec } from '../../../../common/contract';
import { ProjectStore } from '../../store/project-store';
import { runSegmentation } from '../segment-job';

async function run(): Promise<void> {
  const [project, dieAt, phase = 'splitting'] = process.argv.slice(2) as [string, string, string?];
  const store = ProjectStore.open(project);
  await runSegmentation({
    db: store.db,
    spec: segmentSpec.parse({ unit: 'sentence' }),
    signal: new AbortController().signal,
    onProgress: (p) => {
      if (p.phase === phase && p.done >= Number(dieAt)) process.kill(process.pid, 'SIGKILL');
    },
  });
  process.stderr.write('the split finished before the kill\n');
  process.exitCode = 3;
}

void run();

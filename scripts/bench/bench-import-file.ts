// npx tsx scripts/bench/bench-import-file.ts FILE TEXT_COLUMN [REPS] — imports one existing file
// (any format: XLSX, JSON, JSON Lines, CSV) into a fresh project REPS times (default 5) in this
// process and prints the time until committed and until searchable for each, the process's CPU time
// until committed (user + system, all threads: steadier than wall time on a shared machine), and
// their medians.
// Used to compare the XLSX import of the largest corpus workbook before and after a change
// (docs/BENCHMARKS.md), where one import is too short to time alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { importDecisions, importMapping } from '../../common/contract';
import { runImport } from '../../main/core/imports/import-job';
import { ProjectStore } from '../../main/core/store/project-store';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const [file, textColumn, repsArg] = process.argv.slice(2);
  if (!file || !textColumn) throw new Error('usage: bench-import-file.ts FILE TEXT_COLUMN [REPS]');
  const reps = Number(repsArg ?? 5);
  const committed: number[] = [];
  const searchable: number[] = [];
  const cpu: number[] = [];
  let rows = 0;
  for (let i = 0; i < reps; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'prelabel-bench-file-'));
    const store = ProjectStore.create(join(dir, 'bench.prelabel'), 'bench');
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    let committedMs = 0;
    let committedCpuMs = 0;
    const result = await runImport({
      db: store.db,
      file: { path: file, name: basename(file) },
      options: {},
      mapping: importMapping.parse({ textColumns: [textColumn] }),
      decisions: importDecisions.parse({}),
      signal: new AbortController().signal,
      onProgress: (p) => {
        if (p.phase === 'indexing' && committedMs === 0) {
          committedMs = performance.now() - start;
          const used = process.cpuUsage(cpuStart);
          committedCpuMs = (used.user + used.system) / 1000;
        }
      },
    });
    const searchableMs = performance.now() - start;
    store.close();
    rmSync(dir, { recursive: true, force: true });
    rows = result.imported;
    committed.push(committedMs || searchableMs);
    searchable.push(searchableMs);
    cpu.push(committedCpuMs);
    console.log(
      `run ${i + 1}: ${rows.toLocaleString('en')} rows, committed ${(committed.at(-1)! / 1000).toFixed(3)} s (CPU ${(committedCpuMs / 1000).toFixed(3)} s), searchable ${(searchableMs / 1000).toFixed(3)} s`,
    );
  }
  console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`);
  console.log(
    `${basename(file)}: ${rows.toLocaleString('en')} rows, median of ${reps}: committed ${(median(committed) / 1000).toFixed(3)} s (CPU ${(median(cpu) / 1000).toFixed(3)} s), searchable ${(median(searchable) / 1000).toFixed(3)} s`,
  );
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

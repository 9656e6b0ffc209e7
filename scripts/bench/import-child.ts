// The importing process of bench-import.ts: a fresh project, one import, timings and peak memory.
import { basename } from 'node:path';
import { importDecisions, importMapping } from '../../common/contract';
import { runImport } from '../../main/core/imports/import-job';
import { ProjectStore } from '../../main/core/store/project-store';
import { peakRssMb } from './support/peak-rss';

async function main() {
  const [projectPath, csv] = process.argv.slice(2) as [string, string];
  const store = ProjectStore.create(projectPath, 'bench');
  const start = performance.now();
  let committedMs = 0;
  const result = await runImport({
    db: store.db,
    file: { path: csv, name: basename(csv) },
    options: {},
    mapping: importMapping.parse({ textColumns: ['text'], idColumn: 'id' }),
    decisions: importDecisions.parse({}),
    signal: new AbortController().signal,
    onProgress: (p) => {
      if (p.phase === 'indexing' && committedMs === 0) committedMs = performance.now() - start;
    },
  });
  const searchableMs = performance.now() - start;
  const found = store.db.prepare("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'government'").pluck().get();
  store.close();
  console.log(JSON.stringify({ imported: result.imported, committedMs, searchableMs, found, maxRssMb: peakRssMb() }));
}

void main();

// A writer killed inside an open write transaction: it opens the project as the core does, begins
// an IMMEDIATE transaction, writes a marker import and up to <rows> documents (the WAL grows past
// SQLite's cache, so pages of the uncommitted transaction reach the file), then holds the
// transaction open until it is killed. It never commits: nothing of it may survive.
// Usage: node --import tsx write-txn-driver.ts <project> <rows>
import { randomUUID } from 'node:crypto';
import { ProjectStore } from '../../../store/project-store';
import { TXN_MARKER } from '../project-checks';

const [project, rows] = process.argv.slice(2) as [string, string];
const store = ProjectStore.open(project);
const db = store.db;
db.exec('BEGIN IMMEDIATE');
process.stdout.write('begun\n');
const importId = randomUUID();
db.prepare(
  "INSERT INTO imports (id, status, source_name, format, options, started_at) VALUES (?, 'committed', ?, 'csv', '{}', datetime('now'))",
).run(importId, TXN_MARKER);
const add = db.prepare('INSERT INTO documents (import_id, row_number, external_id, text) VALUES (?, ?, ?, ?)');
let i = 0;
const total = Number(rows);
// Batches between turns of the event loop, so the kill can land at any point of the writing.
const tick = setInterval(() => {
  for (let n = 0; n < 500 && i < total; n++, i++) add.run(importId, i + 1, `u${i}`, `${TXN_MARKER} ${i} ${'filler text '.repeat(20)}`);
  if (i >= total) {
    clearInterval(tick);
    process.stdout.write('holding\n');
    setInterval(() => {}, 1000);
  }
}, 0);

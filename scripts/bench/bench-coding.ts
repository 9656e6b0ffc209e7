// npx tsx scripts/bench/bench-coding.ts — coding at 1,000,000 documents: a project with a 3-label
// question, synthetic predictions for every document (stored through the runner's batch writer,
// which maintains the coding state) and 50,000 decisions; then the latency of a committed decision
// through the dispatcher, of the next queue page in each order, and of Browse pages over a mix of
// filters and sorts. Documents are bulk-inserted (the import itself is measured by bench-import).
// BENCH_DOCS / BENCH_DECISIONS make a smaller run.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Codebook, MethodInput, QueuePage } from '../../common/contract';
import { modelInputHash } from '../../main/core/codebook/hypotheses';
import { decide } from '../../main/core/coding/decisions';
import { createCore } from '../../main/core/create-core';
import { batchWriter, insertRun } from '../../main/core/store/prediction-store';
import { searchText } from '../../main/core/store/search-text';

const DOCS = Number(process.env.BENCH_DOCS ?? 1_000_000);
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 50_000);
const WORDS = 'government asylum budget climate school tax rail hospital border pension energy election court police farm water army trade vote union'.split(' ');

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(7);
const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number) => x.toFixed(1);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-bench-coding-'));
  const core = createCore({ dataDir: join(dir, 'data'), projectsDir: join(dir, 'projects'), uploadsDir: join(dir, 'uploads'), face: 'cli', version: 'bench' }, () => {});
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await core.dispatch(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as T;
  };
  await call('project.create', { name: 'bench', path: join(dir, 'bench.prelabel') });
  const db = core.context.project!.db;

  let t0 = performance.now();
  const importId = randomUUID();
  db.transaction(() => {
    db.prepare("INSERT INTO imports (id, status, source_name, format, options, row_count, started_at) VALUES (?, 'committed', 'bench', 'csv', '{}', ?, ?)").run(importId, DOCS, new Date().toISOString());
    const doc = db.prepare('INSERT INTO documents (id, import_id, row_number, external_id, text) VALUES (?, ?, ?, ?, ?)');
    const fts = db.prepare('INSERT INTO documents_fts (rowid, text) VALUES (?, ?)');
    for (let i = 1; i <= DOCS; i++) {
      const text = `Item ${i}: ` + Array.from({ length: 8 + Math.floor(rand() * 30) }, () => pick(WORDS)).join(' ') + '.';
      doc.run(i, importId, i, `doc-${i}`, text);
      fts.run(i, searchText(text));
    }
  })();
  console.log(`Inserted ${DOCS.toLocaleString('en')} documents with their search index in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);

  const codebook = await call<Codebook>('codebook.set', { questions: [{ name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }, { name: 'neutral' }] }] });
  const q = codebook.questions[0]!;
  const sha = 'b'.repeat(64);
  const run = insertRun(db, { id: randomUUID(), questionId: q.id, modelId: 'bench', modelSha256: sha, modelInputHash: modelInputHash(q, sha), codebookRevisionId: codebook.revisionId, options: { maxLength: 512 } });
  t0 = performance.now();
  const write = batchWriter(db, run.id);
  const BATCH = 2000;
  const logits = new Float64Array(BATCH * 3);
  for (let start = 1; start <= DOCS; start += BATCH) {
    const ids = Array.from({ length: Math.min(BATCH, DOCS - start + 1) }, (_, k) => start + k);
    for (let k = 0; k < ids.length * 3; k++) logits[k] = rand() * 6 - 3;
    write(
      ids.map((documentId) => ({ documentId, tokenCount: 40, truncated: false, windows: 1 })),
      ids.length * 3,
      (r, out) => {
        out[0] = ids[Math.floor(r / 3)]!;
        out[1] = q.labels[r % 3]!.id;
        out[2] = 0;
        out[3] = logits[r]!;
        out[4] = 0;
        out[5] = 0;
      },
    );
  }
  const predSeconds = (performance.now() - t0) / 1000;
  console.log(`Stored ${(DOCS * 3).toLocaleString('en')} predictions with the coding state in ${predSeconds.toFixed(1)} s (${Math.round(DOCS / predSeconds).toLocaleString('en')} documents/s).`);

  t0 = performance.now();
  const coders = ['Ana', 'Ben', 'Cleo', 'Dev'];
  const decided = new Set<number>();
  db.transaction(() => {
    while (decided.size < DECISIONS) {
      const id = 1 + Math.floor(rand() * DOCS);
      if (decided.has(id)) continue;
      decided.add(id);
      const skip = rand() < 0.05;
      decide(db, { questionId: q.id, documentId: id, coder: pick(coders), kind: skip ? 'skip' : 'label', labelIds: skip ? [] : [pick(q.labels).id], suggestion: null, seconds: 4, flagged: rand() < 0.02 });
    }
  })();
  console.log(`Recorded ${DECISIONS.toLocaleString('en')} decisions in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');

  const results: Array<{ what: string; n: number; p50: number; p95: number; target?: number }> = [];

  // Decisions through the dispatcher, as the app makes them: committed when the call returns.
  const decideTimes: number[] = [];
  for (let k = 0; k < 300; k++) {
    let id = 1 + Math.floor(rand() * DOCS);
    while (decided.has(id)) id = 1 + Math.floor(rand() * DOCS);
    decided.add(id);
    const label = pick(q.labels).id;
    const s = performance.now();
    await call('annotate.decide', { questionId: q.id, documentId: id, coder: 'Ana', kind: 'label', labelIds: [label], suggestion: { labelIds: [label], score: 0.7, runId: run.id }, seconds: 3 });
    decideTimes.push(performance.now() - s);
  }
  results.push({ what: 'annotate.decide (committed)', n: 300, p50: pct(decideTimes, 50), p95: pct(decideTimes, 95), target: 20 });

  const queues: Array<[string, Record<string, unknown>]> = [
    ['in_order', { order: 'in_order' }],
    ['random', { order: 'random', seed: 11 }],
    ['least_confident', { order: 'least_confident' }],
    ['by_label (one label)', { order: 'by_label', labelId: q.labels[1]!.id }],
    ['by_label (grouped)', { order: 'by_label' }],
  ];
  for (const [name, order] of queues) {
    let page = await call<QueuePage>('annotate.queue', { questionId: q.id, ...order, limit: 10 });
    const times: number[] = [];
    for (let k = 0; k < 30; k++) {
      const s = performance.now();
      page = await call<QueuePage>('annotate.queue', { questionId: q.id, ...order, limit: 10, after: page.items[page.items.length - 1]!.key });
      times.push(performance.now() - s);
    }
    results.push({ what: `annotate.queue next 10, ${name}`, n: times.length, p50: pct(times, 50), p95: pct(times, 95), target: 50 });
  }

  type Browse = MethodInput<'browse.page'>;
  const combos: Array<[string, Partial<Browse>]> = [
    ['all, by document', {}],
    ['open, by confidence', { status: 'open', sort: 'confidence' }],
    ['open, by confidence desc', { status: 'open', sort: 'confidence', direction: 'desc' }],
    ['confidence 0.4-0.6, by confidence', { minConfidence: 0.4, maxConfidence: 0.6, sort: 'confidence' }],
    ['suggestion = against, by document', { suggestionId: q.labels[1]!.id }],
    ['all, by suggestion', { sort: 'suggestion' }],
    ['decided, by decided_at desc', { status: 'decided', sort: 'decided_at', direction: 'desc' }],
    ['label = favour, by document', { labelId: q.labels[0]!.id }],
    ['all, by label', { sort: 'label' }],
    ['coder = Ben, by document', { coder: 'Ben' }],
    ['all, by coder', { sort: 'coder' }],
    ['flagged, by document', { flagged: true }],
    ['skipped, by decided_at', { status: 'skipped', sort: 'decided_at' }],
    ['accepted, by confidence', { agreement: 'accepted', sort: 'confidence' }],
    ['search "asylum", by document', { search: 'asylum' }],
    ['search "asylum rail", open, by confidence', { search: 'asylum rail', status: 'open', sort: 'confidence' }],
    ['open, suggestion = neutral, confidence <= 0.5', { status: 'open', suggestionId: q.labels[2]!.id, maxConfidence: 0.5, sort: 'confidence' }],
  ];
  const allBrowse: number[] = [];
  for (const [name, filter] of combos) {
    const times: number[] = [];
    for (let rep = 0; rep < 3; rep++) {
      let after: string | undefined;
      // The first page (with its total) and four more.
      for (let k = 0; k < 5; k++) {
        const s = performance.now();
        const page = await call<{ next: string | null }>('browse.page', { questionId: q.id, ...filter, limit: 100, ...(after ? { after } : {}) });
        times.push(performance.now() - s);
        if (!page.next) break;
        after = page.next;
      }
    }
    allBrowse.push(...times);
    results.push({ what: `browse.page: ${name}`, n: times.length, p50: pct(times, 50), p95: pct(times, 95), target: 150 });
  }
  results.push({ what: 'browse.page, all combinations', n: allBrowse.length, p50: pct(allBrowse, 50), p95: pct(allBrowse, 95), target: 150 });

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`\nMachine: ${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  console.log(`Project: ${DOCS.toLocaleString('en')} documents, 3 labels, predictions for all, ${DECISIONS.toLocaleString('en')} decisions\n`);
  console.log('| measurement | n | p50 ms | p95 ms | target (p95) | |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const r of results) {
    const verdict = r.target === undefined ? '' : r.p95 <= r.target ? 'met' : 'MISSED';
    console.log(`| ${r.what} | ${r.n} | ${ms(r.p50)} | ${ms(r.p95)} | ${r.target === undefined ? '' : `<= ${r.target} ms`} | ${verdict} |`);
  }
  await core.shutdown();
  rmSync(dir, { recursive: true, force: true });
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

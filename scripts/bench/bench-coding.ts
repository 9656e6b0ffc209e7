// npx tsx scripts/bench/bench-coding.ts — coding at 1,000,000 documents: a project with a 3-label
// question, synthetic predictions for every document (stored through the runner's batch writer,
// which maintains the coding state) and 50,000 decisions; then the latency of a committed decision
// through the dispatcher, of the next queue page in each order (uncertain first without and with a
// band too), and of Browse pages over a mix of
// filters and sorts. Documents are bulk-inserted (the import itself is measured by bench-import).
// BENCH_DOCS / BENCH_DECISIONS make a smaller run; BENCH_PROJECT=file measures a copy of a project
// built before with support/coding-project.ts (buildCodingProject) instead of building one.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { CodebookQuestion, MethodInput, QueuePage } from '../../common/contract';
import { readCodebook } from '../../main/core/codebook/codebook-read';
import { createCore } from '../../main/core/create-core';
import { mulberry32 } from '../model/gen/prng';
import { fillCodingProject } from './support/coding-project';

const DOCS = Number(process.env.BENCH_DOCS ?? 1_000_000);
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 50_000);
/** A project built before by support/coding-project.ts (buildCodingProject), measured on a copy. */
const PROJECT = process.env.BENCH_PROJECT;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number) => x.toFixed(1);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-bench-coding-'));
  const core = createCore(
    {
      dataDir: join(dir, 'data'),
      projectsDir: join(dir, 'projects'),
      uploadsDir: join(dir, 'uploads'),
      face: 'cli',
      writes: { chosenBy: 'caller' },
      version: 'bench',
    },
    () => {},
  );
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await core.dispatch(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as T;
  };
  const path = join(dir, 'bench.prelabel');
  let built: { question: CodebookQuestion; runId: string; decided: Set<number>; rand: () => number };
  if (PROJECT) {
    copyFileSync(PROJECT, path);
    await call('project.open', { path });
    const db = core.context.requireProject().db;
    // Statistics as a fresh build leaves them (fillCodingProject ends with ANALYZE), for the indexes
    // that a migration on opening may have added too.
    db.exec('ANALYZE');
    const question = readCodebook(db).questions[0]!;
    const runId = db.prepare('SELECT id FROM prelabel_runs WHERE question_id = ?').pluck().get(question.id) as string;
    const decided = new Set(db.prepare('SELECT document_id FROM coding_state WHERE annotation_id IS NOT NULL').pluck().all() as number[]);
    built = { question, runId, decided, rand: mulberry32(8) };
  } else {
    await call('project.create', { name: 'bench', path });
    built = await fillCodingProject(core, { docs: DOCS, decisions: DECISIONS, log: (line) => console.log(line) });
  }
  const { question: q, runId, decided, rand } = built;
  const docs = (core.context.requireProject().db.prepare('SELECT max(id) FROM documents').pluck().get() as number | null) ?? 0;
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;

  const results: Array<{ what: string; n: number; p50: number; p95: number; target?: number }> = [];

  // Decisions through the dispatcher, as the app makes them: committed when the call returns.
  const decideTimes: number[] = [];
  for (let k = 0; k < 300; k++) {
    let id = 1 + Math.floor(rand() * docs);
    while (decided.has(id)) id = 1 + Math.floor(rand() * docs);
    decided.add(id);
    const label = pick(q.labels).id;
    const s = performance.now();
    await call('annotate.decide', {
      questionId: q.id,
      documentId: id,
      coder: 'Ana',
      kind: 'label',
      labelIds: [label],
      suggestion: { labelIds: [label], score: 0.7, runId },
      seconds: 3,
    });
    decideTimes.push(performance.now() - s);
  }
  results.push({ what: 'annotate.decide (committed)', n: 300, p50: pct(decideTimes, 50), p95: pct(decideTimes, 95), target: 20 });

  const queues: Array<[string, Record<string, unknown>]> = [
    ['in_order', { order: 'in_order' }],
    ['random', { order: 'random', seed: 11 }],
    ['least_confident', { order: 'least_confident' }],
    ['by_label (one label)', { order: 'by_label', labelId: q.labels[1]!.id }],
    ['by_label (grouped)', { order: 'by_label' }],
    ['uncertain_first (no band)', { order: 'uncertain_first' }],
  ];
  const nextPages = async (order: Record<string, unknown>) => {
    let page = await call<QueuePage>('annotate.queue', { questionId: q.id, ...order, limit: 10 });
    const times: number[] = [];
    for (let k = 0; k < 30; k++) {
      const s = performance.now();
      page = await call<QueuePage>('annotate.queue', {
        questionId: q.id,
        ...order,
        limit: 10,
        after: page.items[page.items.length - 1]!.key,
      });
      times.push(performance.now() - s);
    }
    return times;
  };
  for (const [name, order] of queues) {
    const times = await nextPages(order);
    results.push({ what: `annotate.queue next 10, ${name}`, n: times.length, p50: pct(times, 50), p95: pct(times, 95), target: 50 });
  }
  // Uncertain first with a band: the pages inside it (margin order), then past its end (document order).
  await call('thresholds.setBand', { questionId: q.id, margin: 0.1 });
  const bandTimes = await nextPages({ order: 'uncertain_first' });
  results.push({
    what: 'annotate.queue next 10, uncertain_first (band 0.1)',
    n: bandTimes.length,
    p50: pct(bandTimes, 50),
    p95: pct(bandTimes, 95),
    target: 50,
  });
  const inBand = (await call<{ band: { current: { corpus: number } | null } | null }>('thresholds.get', { questionId: q.id })).band?.current
    ?.corpus;
  const pastStart = performance.now();
  const past = await call<QueuePage>('annotate.queue', {
    questionId: q.id,
    order: 'uncertain_first',
    limit: 10,
    after: JSON.stringify([1, 0, 0, 0]),
  });
  const pastMs = performance.now() - pastStart;
  results.push({
    what: `annotate.queue first 10 after the band (${inBand} inside it; ${past.items.length} served)`,
    n: 1,
    p50: pastMs,
    p95: pastMs,
  });
  await call('thresholds.setBand', { questionId: q.id, margin: null });

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
    [
      'open, suggestion = neutral, confidence <= 0.5',
      { status: 'open', suggestionId: q.labels[2]!.id, maxConfidence: 0.5, sort: 'confidence' },
    ],
  ];
  const allBrowse: number[] = [];
  for (const [name, filter] of combos) {
    const times: number[] = [];
    for (let rep = 0; rep < 3; rep++) {
      let after: string | undefined;
      // The first page (with its total) and four more.
      for (let k = 0; k < 5; k++) {
        const s = performance.now();
        const page = await call<{ next: string | null }>('browse.page', {
          questionId: q.id,
          ...filter,
          limit: 100,
          ...(after ? { after } : {}),
        });
        times.push(performance.now() - s);
        if (!page.next) break;
        after = page.next;
      }
    }
    allBrowse.push(...times);
    results.push({ what: `browse.page: ${name}`, n: times.length, p50: pct(times, 50), p95: pct(times, 95), target: 150 });
  }
  results.push({
    what: 'browse.page, all combinations',
    n: allBrowse.length,
    p50: pct(allBrowse, 50),
    p95: pct(allBrowse, 95),
    target: 150,
  });

  // Several coders (issue 14): each coder codes every document (mode 'every'). A second coder's
  // decision on a document the first decided (the document's coder states and its resolution are
  // written with it), and the second coder's own queue, which leaves out only their own decisions.
  await call('annotate.setSettings', { mode: 'every', resolution: { rule: 'majority' } });
  const decidedList = [...decided];
  const secondTimes: number[] = [];
  for (let k = 0; k < 300; k++) {
    const id = decidedList[Math.floor(rand() * decidedList.length)]!;
    const label = pick(q.labels).id;
    const s = performance.now();
    await call('annotate.decide', {
      questionId: q.id,
      documentId: id,
      coder: 'Ben2',
      kind: 'label',
      labelIds: [label],
      suggestion: null,
      seconds: 3,
    });
    secondTimes.push(performance.now() - s);
  }
  results.push({
    what: "annotate.decide, a second coder on a decided document (mode 'every', majority rule)",
    n: 300,
    p50: pct(secondTimes, 50),
    p95: pct(secondTimes, 95),
    target: 20,
  });
  for (const [name, order] of queues.filter(
    ([n]) => n === 'in_order' || n === 'least_confident' || n === 'random' || n.startsWith('uncertain_first'),
  )) {
    let page = await call<QueuePage>('annotate.queue', { questionId: q.id, coder: 'Ben2', ...order, limit: 10 });
    const times: number[] = [];
    for (let k = 0; k < 30; k++) {
      const s = performance.now();
      page = await call<QueuePage>('annotate.queue', {
        questionId: q.id,
        coder: 'Ben2',
        ...order,
        limit: 10,
        after: page.items[page.items.length - 1]!.key,
      });
      times.push(performance.now() - s);
    }
    results.push({
      what: `annotate.queue next 10 of a second coder (mode 'every'), ${name}`,
      n: times.length,
      p50: pct(times, 50),
      p95: pct(times, 95),
      target: 50,
    });
  }
  await call('annotate.setSettings', { mode: 'shared', resolution: { rule: 'latest' } });

  // The first read after the current hash changes back to one with predictions for every document
  // (int8 back to fp32, a template change undone): the suggestion columns are rebuilt from the
  // stored logits ([Note: bulk rebuild]). Forgetting the recorded hash forces exactly that.
  core.context.requireProject().db.prepare('DELETE FROM coding_state_hashes WHERE question_id = ?').run(q.id);
  const rebuildStart = performance.now();
  await call('annotate.queue', { questionId: q.id, limit: 10 });
  const rebuildMs = performance.now() - rebuildStart;
  results.push({
    what: 'first queue page after the current hash changed back (rebuilds every suggestion)',
    n: 1,
    p50: rebuildMs,
    p95: rebuildMs,
  });

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`\nMachine: ${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  console.log(
    `Project: ${docs.toLocaleString('en')} documents, 3 labels, predictions for all, ${(decided.size - 300).toLocaleString('en')} decisions before the measured ones\n`,
  );
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

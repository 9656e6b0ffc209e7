// npx tsx scripts/bench/bench-evaluation.ts — the Validation screen at 1,000,000 documents with 2,000
// decisions: evaluation.run through the dispatcher (what the screen calls when it opens), against
// every coded document and against a blind sample of 400, with and without a breakdown by a metadata
// column (which aggregates the corpus by that column too), and report.write. The project is built by
// support/coding-project.ts (bulk documents, predictions through the runner's batch writer, decisions
// through the decision path, 80% of them with a shown suggestion). Target: evaluation.run < 1 s.
// BENCH_DOCS / BENCH_DECISIONS make a smaller run; BENCH_KEEP=file keeps a copy of the project as
// built (before the sample), and BENCH_PROJECT=file measures a copy of such a project instead of
// building one (building 1M documents with predictions takes minutes; the timing is the same).
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { CodebookQuestion, EvaluationResult } from '../../common/contract';
import { readCodebook } from '../../main/core/codebook/codebook-read';
import { createCore } from '../../main/core/create-core';
import { fillCodingProject } from './support/coding-project';

const DOCS = Number(process.env.BENCH_DOCS ?? 1_000_000);
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 2_000);
const PROJECT = process.env.BENCH_PROJECT;
const KEEP = process.env.BENCH_KEEP;
const LANGS = ['de', 'en', 'fr', 'it', 'es'];
const REPEATS = 7;

const ms = (x: number) => x.toFixed(0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-bench-evaluation-'));
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
  let question: CodebookQuestion;
  if (PROJECT) {
    copyFileSync(PROJECT, path);
    await call('project.open', { path });
    question = readCodebook(core.context.requireProject().db).questions[0]!;
  } else {
    await call('project.create', { name: 'bench', path });
    const built = await fillCodingProject(core, {
      docs: DOCS,
      decisions: DECISIONS,
      suggested: 0.8,
      metadata: (i) => `{"lang":"${LANGS[i % LANGS.length]}"}`,
      log: (line) => console.log(line),
    });
    question = built.question;
    if (KEEP) {
      await call('project.close', {});
      copyFileSync(path, KEEP);
      await call('project.open', { path });
    }
  }
  const db = core.context.requireProject().db;
  // A blind validation sample of 400, coded (the human label agrees with the suggestion 70% of the time).
  const t0 = performance.now();
  const sample = await call<{ id: string }>('samples.create', { questionId: question.id, seed: 3, size: 400 });
  const units = db.prepare('SELECT COUNT(*) FROM documents').pluck().get() as number;
  console.log(`sample of 400 drawn from ${units} units in ${ms(performance.now() - t0)} ms`);
  const ids = db
    .prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY position')
    .pluck()
    .all(sample.id) as number[];
  for (const [k, id] of ids.entries()) {
    const label = question.labels[k % 10 < 7 ? 0 : k % question.labels.length]!.id;
    await call('annotate.decide', {
      questionId: question.id,
      documentId: id,
      coder: 'Ben',
      kind: 'label',
      labelIds: [label],
      sampleId: sample.id,
    });
  }
  await call('project.close', {});
  await call('project.open', { path });

  // What the Validation screen asks for when it opens, right after the project is opened: its
  // choices (the question's samples, the metadata columns) and the evaluation against every coded
  // document (the default; no breakdown).
  const opened = performance.now();
  await call('samples.list', { questionId: question.id });
  await call('samples.columns', {});
  await call<EvaluationResult>('evaluation.run', { questionId: question.id, against: 'human' });
  const screenOpen = performance.now() - opened;

  const cases: Array<{ what: string; input: Record<string, unknown> }> = [
    { what: 'against every coded document', input: { questionId: question.id, against: 'human' } },
    { what: 'against the blind sample (400)', input: { questionId: question.id, against: 'sample' } },
    { what: 'against every coded document, by lang', input: { questionId: question.id, against: 'human', groupBy: 'lang' } },
  ];
  const rows: string[] = [];
  for (const c of cases) {
    const times: number[] = [];
    let last: EvaluationResult | null = null;
    for (let k = 0; k < REPEATS; k++) {
      const s = performance.now();
      last = await call<EvaluationResult>('evaluation.run', c.input);
      times.push(performance.now() - s);
    }
    rows.push(
      `| ${c.what} | ${last!.documents.used} | ${ms(times[0]!)} | ${ms(median(times))} | ${ms(Math.max(...times))} | ${last!.tookMs} |`,
    );
  }
  const s = performance.now();
  await call('report.write', { questionId: question.id, against: 'sample', path: join(dir, 'report.html') });
  const report = performance.now() - s;

  console.log(
    `\n${units.toLocaleString('en')} documents, ${PROJECT ? 'the decisions of the project' : `${DECISIONS.toLocaleString('en')} decisions`} + 400 blind; ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );
  console.log("| evaluation.run | documents compared | first (ms) | median of 7 (ms) | max (ms) | core's own tookMs (last) |");
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log(
    `The screen opening (samples.list, samples.columns, evaluation.run against every coded document, first after opening the project): ${ms(screenOpen)} ms (target < 1000 ms: ${screenOpen < 1000 ? 'met' : 'MISSED'})`,
  );
  console.log(`report.write (against the sample, languages counted): ${ms(report)} ms`);
  await core.shutdown();
  rmSync(dir, { recursive: true, force: true });
}

void main();

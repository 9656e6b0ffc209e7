// Benchmark of issue 18, item 4: the core's own CPU time per pair on bench:nli's nine-language texts
// (about 105 tokens a pair), where tokenising costs the most. Scores the sample through the app's
// engine (a test core: importer, codebook, prelabel.start, the real runner, inference process and
// SQLite writes) and reports the runner's core ms/pair (process.cpuUsage of this process over the
// run: the model runs in the inference process), the tokenizer's own CPU time on the same texts, and
// a SHA-256 over every stored logit, so a change to the core can be checked bit for bit against the
// figure printed before it. --profile FILE writes a V8 CPU profile of the first run (open it in
// Chrome's DevTools) and prints the functions with the most self time.
//   PRELABEL_DATA_DIR=/work/shared/data npx tsx scripts/bench/bench-core-time.ts [--model DIR]
//     [--texts 1000] [--seed 42] [--reps 3] [--warmup 100] [--threads 2] [--profile FILE] [--library-unigram]
//   ... --check-tokenizer: Prelabel's tokenizer against the library's on every line (and every
//     tab-separated field) of every text file of the shared corpora and on the sample; no run.
// Without --model the generated tiny model is used (its tokenizer has the full model's pieces, so
// tokenising costs the same; the model's time is small, which is what makes the core's share visible).
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Codebook } from '../../common/contract';
import { NliTokenizer } from '../../main/core/nli/scoring/tokenizer';
import { DATA_DIR } from '../../main/core/test-support/corpora';
import { makeTestCore } from '../../main/core/test-support/test-core';
import { makeModel } from '../model/gen/make-model';
import { LABELS, TEMPLATE, sampleTexts } from './nli/sample';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** Self time by function (and by file) from a V8 CPU profile: the top `n`. */
function topSelf(profile: { nodes: ProfileNode[] }, n: number): string[] {
  const total = profile.nodes.reduce((a, x) => a + (x.hitCount ?? 0), 0);
  const byFn = new Map<string, number>();
  for (const x of profile.nodes) {
    const file = x.callFrame.url.replace(/^.*\/(node_modules\/[^/]+(?:\/[^/]+)?|main|scripts|common)\//, '$1/');
    const key = `${x.callFrame.functionName || '(anonymous)'} ${file}:${x.callFrame.lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + (x.hitCount ?? 0));
  }
  return [...byFn.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
}

/** Removes the fast search from a tokenizer's Unigram model: the library's own prototype method answers again. */
function libraryUnigram(tok: NliTokenizer): void {
  const model = (tok as unknown as { tok: { model: Record<string, unknown> } }).tok.model;
  if (!Object.prototype.hasOwnProperty.call(model, 'encode')) throw new Error('the tokenizer has no fast Unigram search to remove');
  delete model.encode;
}

/** Compares Prelabel's tokenizer with the library's on every line of the corpora and the sample. */
function checkTokenizer(modelDir: string, sample: string[]): void {
  const fast = NliTokenizer.fromModelDir(modelDir);
  const lib = NliTokenizer.fromModelDir(modelDir);
  libraryUnigram(lib);
  let texts = 0;
  let tokens = 0;
  let skipped = 0;
  let files = 0;
  const differ: string[] = [];
  const compare = (text: string) => {
    // The library fails on texts this long (its Unigram encode spreads all pieces into one call).
    if (text.length > 20_000) {
      skipped++;
      return;
    }
    const a = lib.tokenize(text);
    const b = fast.tokenize(text);
    texts++;
    tokens += a.length;
    if (a.length !== b.length || a.some((id, i) => id !== b[i])) differ.push(text);
  };
  for (const text of sample) compare(text);
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.(csv|tsv|jsonl|txt)$/i.test(e.name)) {
        files++;
        for (const line of readFileSync(path, 'utf8').split('\n')) {
          if (line.trim() === '') continue;
          compare(line);
          if (line.includes('\t')) for (const field of line.split('\t')) if (field.trim() !== '') compare(field);
        }
      }
    }
  };
  walk(DATA_DIR);
  console.log(
    `tokenizer check: ${texts} texts (the sample, and every line and tab-separated field of ${files} corpus files), ${tokens} tokens: ${differ.length} differ from the library's ids${skipped ? `; ${skipped} texts over 20,000 characters skipped (the library fails on them)` : ''}`,
  );
  for (const d of differ.slice(0, 5)) console.log(`  differs: ${JSON.stringify(d.slice(0, 200))}`);
  if (differ.length > 0) process.exitCode = 1;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      texts: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '42' },
      reps: { type: 'string', default: '3' },
      /** Texts of a first run that is not counted (compiles the core's code paths, as bench:nli's warm-up). */
      warmup: { type: 'string', default: '100' },
      threads: { type: 'string', default: '2' },
      profile: { type: 'string' },
      /** The library's own Unigram search instead of Prelabel's ([Note: fast Unigram segmentation]): the figure before it. */
      'library-unigram': { type: 'boolean', default: false },
      /** Only compare the tokenizer with the library's on every line of the shared corpora, then stop. */
      'check-tokenizer': { type: 'boolean', default: false },
    },
  });
  const count = Number(values.texts);
  const reps = Number(values.reps);
  const threads = Number(values.threads);
  if (!Number.isInteger(count) || count < 20) throw new Error(`--texts must be an integer of at least 20, not "${values.texts}"`);
  if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps must be a positive integer, not "${values.reps}"`);
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`--threads must be a positive integer, not "${values.threads}"`);
  const work = mkdtempSync(join(tmpdir(), 'prelabel-bench-core-'));
  try {
    const modelDir = values.model ?? makeModel({ size: 'tiny', outDir: join(work, 'model') }).dir;
    const tok = NliTokenizer.fromModelDir(modelDir);
    const sample = await sampleTexts(tok, { count, seed: Number(values.seed) });
    const langs = [...new Set(sample.map((s) => s.lang))].sort();
    const meanPair = sample.reduce((a, s) => a + s.pairTokens, 0) / sample.length;
    console.log(
      `${sample.length} texts in ${langs.length} languages (${langs.join(', ')}), seed ${values.seed}, ${LABELS.length} labels, mean longest pair ${meanPair.toFixed(1)} tokens; model ${modelDir}`,
    );

    // The tokenizer alone on the same texts (a fresh tokenizer, each text once, as a run does).
    const fresh = NliTokenizer.fromModelDir(modelDir);
    if (values['library-unigram']) libraryUnigram(fresh);
    const cpu0 = process.cpuUsage();
    let tokens = 0;
    for (const s of sample) tokens += fresh.tokenize(s.text).length;
    const cpu1 = process.cpuUsage(cpu0);
    const tokMs = (cpu1.user + cpu1.system) / 1000;
    console.log(
      `tokenizer alone: ${tokMs.toFixed(0)} ms CPU for ${sample.length} texts (${tokens} tokens): ${((1000 * tokMs) / tokens).toFixed(2)} us a token, ${(tokMs / (sample.length * LABELS.length)).toFixed(3)} ms a pair`,
    );

    if (values['check-tokenizer']) {
      checkTokenizer(
        modelDir,
        sample.map((x) => x.text),
      );
      return;
    }
    const file = join(work, 'texts.jsonl');
    writeFileSync(file, sample.map((x) => JSON.stringify({ id: x.id, text: x.text })).join('\n') + '\n');
    const warmup = Number(values.warmup);
    if (!Number.isInteger(warmup) || warmup < 0) throw new Error(`--warmup must be a whole number, not "${values.warmup}"`);
    const warmupFile = join(work, 'warmup.jsonl');
    // Texts of the same pool that the sample does not hold: reversed sample texts keep the languages and lengths.
    writeFileSync(
      warmupFile,
      sample
        .slice(0, warmup)
        .map((x) => JSON.stringify({ id: `w${x.id}`, text: [...x.text].reverse().join('') }))
        .join('\n') + '\n',
    );
    const t = makeTestCore(work);
    const { engine } = t.core.context;
    await engine.selectModel(modelDir, { persist: false });
    if (values['library-unigram']) libraryUnigram((await engine.activeModel()).tokenizer);
    const figures: Array<{ coreMsPerPair: number; pairsPerSecond: number; logits: string }> = [];
    for (let rep = warmup > 0 ? 0 : 1; rep <= reps; rep++) {
      await t.call('project.create', { name: `core-${rep}`, path: join(work, `core-${rep}.prelabel`) });
      const imp = await t.call('import.start', {
        source: { kind: 'path', path: rep === 0 ? warmupFile : file },
        options: { format: 'jsonl' },
        mapping: { textColumns: ['text'], idColumn: 'id' },
      });
      const done = await t.waitForJob(imp.jobId);
      if (done.status !== 'done') throw new Error(`import failed: ${JSON.stringify(done)}`);
      const codebook = (await t.call('codebook.set', {
        questions: [{ name: 'Topic', template: TEMPLATE, labels: LABELS.map((name) => ({ name })) }],
      })) as Codebook;
      const question = codebook.questions[0]!;
      const load = loadavg()[0]!;
      const session = rep === 1 && values.profile ? new Session() : null;
      if (session) {
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
      }
      const info = await t.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [], threads });
      const final = await engine.waitForRun(info.id);
      if (session) {
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(values.profile!, JSON.stringify(profile));
        console.log(`CPU profile of run 1: ${values.profile}; self time, top 25:`);
        for (const line of topSelf(profile as unknown as { nodes: ProfileNode[] }, 25)) console.log(`  ${line}`);
        session.disconnect();
      }
      if (final?.status !== 'done') throw new Error(`run ${rep} ended ${final?.status}: ${final?.error ?? ''}`);
      const s = engine.sessionStats(info.id)!;
      if (rep === 0) {
        console.log(`warm-up: ${s.pairs} pairs, core ${s.coreMsPerPair.toFixed(3)} ms a pair (not counted)`);
        continue;
      }
      // Every stored logit, in a fixed order, as float64 bytes: equal hashes are equal scores bit for bit.
      const db = t.core.context.project!.db;
      const rows = db
        .prepare(
          `SELECT d.external_id, l.name, p.window, p.entailment, p.neutral, p.contradiction
             FROM predictions p JOIN documents d ON d.id = p.document_id JOIN labels l ON l.id = p.label_id
            WHERE p.run_id = ? ORDER BY d.external_id, l.name, p.window`,
        )
        .raw()
        .all(info.id) as Array<[string, string, number, number, number | null, number]>;
      const hash = createHash('sha256');
      for (const [doc, label, window, e, n, c] of rows) {
        hash.update(`${doc}\t${label}\t${window}\t`);
        hash.update(new Float64Array([e, n ?? NaN, c]));
      }
      const logits = hash.digest('hex').slice(0, 16);
      figures.push({ coreMsPerPair: s.coreMsPerPair, pairsPerSecond: s.pairsPerSecond, logits });
      console.log(
        `run ${rep}: ${s.pairs} pairs (${rows.length} rows stored) in ${s.seconds.toFixed(2)} s, ${s.pairsPerSecond.toFixed(0)} pairs/s; core CPU ${s.coreCpuMs.toFixed(0)} ms = ${s.coreMsPerPair.toFixed(3)} ms a pair; inference ${s.runMs.toFixed(0)} ms in ${s.batches} batches; load ${load.toFixed(2)} -> ${loadavg()[0]!.toFixed(2)}; logits sha256 ${logits}`,
      );
    }
    console.log(
      `median of ${reps}: core ${median(figures.map((f) => f.coreMsPerPair)).toFixed(3)} ms a pair (best ${Math.min(...figures.map((f) => f.coreMsPerPair)).toFixed(3)}), ${median(figures.map((f) => f.pairsPerSecond)).toFixed(0)} pairs/s; logits ${new Set(figures.map((f) => f.logits)).size === 1 ? `identical in every run (${figures[0]!.logits})` : 'DIFFER between runs'}`,
    );
    await t.core.shutdown();
    await engine.close();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`bench-core-time: ${(err as Error).message}`);
  process.exit(1);
});

// npm run bench:tuning — hypothesis "try it" against a pre-label run, side by side in one run, on
// the generated `full` model (the real model's sizes, random weights) and the texts of bench:nli
// (real texts in nine languages, its 5 labels and template). In each repetition: a pre-label run
// of N documents x 5 labels through the app's engine (what bench:nli's Prelabel fp32 engine does:
// N x 5 pairs), then, with every document coded, tuning.try with a new template (all 5 labels
// scored again: the same N x 5 pairs, plus reading the truth, the stored logits and the metrics
// with their bootstrap) and with one label's hypothesis changed (N pairs). Target (issue 16): the
// template variant takes at most the run's time + 1 s.
//
//   tsx scripts/bench/bench-tuning.ts [--texts 500] [--reps 3] [--seed 42] [--threads N] [--model DIR] [--json FILE]
// Env: PRELABEL_BENCH_MODEL_DIR reuses a generated full model folder; PRELABEL_DATA_DIR the corpora.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Codebook, JobDone, TuningResult } from '../../common/contract';
import { physicalCores } from '../../main/core/nli/inference/cpu-cores';
import { NliTokenizer } from '../../main/core/nli/scoring/tokenizer';
import { mulberry32 } from '../../main/core/seeded-random';
import { makeTestCore } from '../../main/core/test-support/test-core';
import { makeModel } from '../model/gen/make-model';
import { LABELS, TEMPLATE, sampleTexts } from './nli/sample';

const TARGET_SLACK_S = 1;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      texts: { type: 'string', default: '500' },
      reps: { type: 'string', default: '3' },
      seed: { type: 'string', default: '42' },
      threads: { type: 'string' },
      model: { type: 'string' },
      json: { type: 'string' },
    },
  });
  const count = Number(values.texts);
  const reps = Number(values.reps);
  const threads = values.threads ? Number(values.threads) : physicalCores();
  const work = mkdtempSync(join(tmpdir(), 'prelabel-bench-tuning-'));
  try {
    let modelDir = values.model ?? process.env.PRELABEL_BENCH_MODEL_DIR;
    if (!modelDir) {
      const t0 = performance.now();
      modelDir = makeModel({ size: 'full', outDir: join(work, 'model') }).dir;
      console.log(`Generated the full model (random weights) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const sample = await sampleTexts(NliTokenizer.fromModelDir(modelDir), { count, seed: Number(values.seed) });
    const t = makeTestCore(work);
    const { engine } = t.core.context;
    await engine.selectModel(modelDir, { persist: false });
    await t.call('project.create', { name: 'bench', path: join(work, 'bench.prelabel') });
    const jsonl = join(work, 'texts.jsonl');
    writeFileSync(jsonl, sample.map((s) => JSON.stringify({ id: s.id, text: s.text, lang: s.lang })).join('\n') + '\n');
    const imp = await t.call('import.start', {
      source: { kind: 'path', path: jsonl },
      options: { format: 'jsonl' },
      mapping: { textColumns: ['text'], idColumn: 'id' },
    });
    if ((await t.waitForJob(imp.jobId)).status !== 'done') throw new Error('import failed');
    let codebook: Codebook = await t.call('codebook.set', {
      questions: [{ name: 'Topic', template: TEMPLATE, labels: LABELS.map((name) => ({ name })) }],
    });
    const q = () => codebook.questions[0]!;
    const db = t.core.context.project!.db;
    const ids = db.prepare('SELECT id FROM documents ORDER BY id').pluck().all() as number[];
    const rng = mulberry32(Number(values.seed));
    for (const id of ids)
      await t.call('annotate.decide', {
        questionId: q().id,
        documentId: id,
        coder: 'bench',
        kind: 'label',
        labelIds: [q().labels[Math.floor(rng() * LABELS.length)]!.id],
      });

    const rows: Array<{
      rep: number;
      runS: number;
      runPairs: number;
      templateS: number;
      templatePairs: number;
      labelS: number;
      labelPairs: number;
    }> = [];
    for (let rep = 0; rep < reps; rep++) {
      // A fresh wording each repetition, so the run scores every document anew.
      codebook = await t.call('codebook.set', {
        questions: [{ ...q(), template: rep === 0 ? TEMPLATE : `${TEMPLATE.replace('.', '')} (${rep}).` }],
      });
      const t0 = performance.now();
      const run = await t.call('prelabel.start', { questionId: q().id, threads });
      const end = await t.waitForJob(run.id);
      const runS = (performance.now() - t0) / 1000;
      const session = (end.result as { session: { pairs: number } }).session;
      const tryIt = async (variant: Parameters<typeof t.call<'tuning.try'>>[1]['variants'][number]) => {
        const s0 = performance.now();
        const { jobId } = await t.call('tuning.try', { questionId: q().id, against: 'human', variants: [variant] });
        const done: JobDone = await t.waitForJob(jobId);
        if (done.status !== 'done') throw new Error(JSON.stringify(done.error));
        const r = done.result as TuningResult;
        return { seconds: (performance.now() - s0) / 1000, pairs: r.variants[1]!.pairsScored, used: r.documents.used };
      };
      const template = await tryIt({ template: 'This text is about {}.' });
      const label = await tryIt({ hypotheses: { [q().labels[0]!.id]: 'This text is about government and elections.' } });
      if (template.used !== count) throw new Error(`try it used ${template.used} documents, not ${count}`);
      rows.push({
        rep,
        runS,
        runPairs: session.pairs,
        templateS: template.seconds,
        templatePairs: template.pairs,
        labelS: label.seconds,
        labelPairs: label.pairs,
      });
      console.log(
        `rep ${rep + 1}: pre-label run ${session.pairs} pairs ${runS.toFixed(2)} s; try it (template) ${template.pairs} pairs ${template.seconds.toFixed(2)} s; try it (one label) ${label.pairs} pairs ${label.seconds.toFixed(2)} s`,
      );
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const run = median(rows.map((r) => r.runS));
    const tmpl = median(rows.map((r) => r.templateS));
    const one = median(rows.map((r) => r.labelS));
    console.log(`\n${count} coded documents x ${LABELS.length} labels, ${threads} threads, model ${modelDir}; medians of ${reps}:`);
    console.log(`  pre-label run (bench:nli's fp32 engine)  ${run.toFixed(2)} s  (${rows[0]!.runPairs} pairs)`);
    console.log(`  try it, template variant               ${tmpl.toFixed(2)} s  (${rows[0]!.templatePairs} pairs)`);
    console.log(`  try it, one label's hypothesis         ${one.toFixed(2)} s  (${rows[0]!.labelPairs} pairs)`);
    console.log(`  target: template variant <= run + ${TARGET_SLACK_S} s: ${tmpl <= run + TARGET_SLACK_S ? 'met' : 'NOT met'}`);
    if (values.json)
      writeFileSync(values.json, JSON.stringify({ count, threads, reps: rows, median: { run, template: tmpl, oneLabel: one } }, null, 2));
    await t.core.shutdown();
    await engine.close();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

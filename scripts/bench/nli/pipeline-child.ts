// The benchmark's transformers.js engine, in a process of its own: the zero-shot-classification
// pipeline on the same model file (local folder, fp32, remote models off), with the same intra-op
// thread count through its session options. One pipeline call per text with the five candidate
// labels: transformers.js 4.3 then runs the text's five pairs one by one (a session.run per pair).
import { readFileSync, writeFileSync } from 'node:fs';
import { env, pipeline, type ZeroShotClassificationPipeline } from '@huggingface/transformers';
import { otherLoadMonitor } from './machine';
import { idsHash, type PipelineJob, type PipelineResult } from './protocol';

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as PipelineJob;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.useBrowserCache = false;
  env.localModelPath = job.modelRoot;
  // Nothing may leave the machine: a network request fails the benchmark instead.
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (/^(https?|wss?):/i.test(url)) throw new Error(`network access attempted: ${url}`);
    return realFetch(input, init);
  }) as typeof fetch;

  const sessionOptions = {
    intraOpNumThreads: job.threads,
    interOpNumThreads: 1,
    executionMode: 'sequential' as const,
    graphOptimizationLevel: 'all' as const,
  };
  let t = performance.now();
  const classifier = (await pipeline('zero-shot-classification', job.modelName, {
    dtype: 'fp32',
    local_files_only: true,
    session_options: sessionOptions,
  })) as ZeroShotClassificationPipeline;
  const loadMs = performance.now() - t;
  const call = (text: string) =>
    classifier(text, job.labels, { hypothesis_template: job.template, multi_label: false }) as Promise<{
      labels: string[];
      scores: number[];
    }>;

  t = performance.now();
  for (const w of job.warmup) await call(w.text);
  const warmupMs = performance.now() - t;

  const timings: PipelineResult['timings'] = [];
  const scores: PipelineResult['scores'] = {};
  const sampler = otherLoadMonitor(process.pid);
  for (const text of job.texts) {
    const [started, cpu] = [performance.now(), process.cpuUsage()];
    const out = await call(text.text);
    const used = process.cpuUsage(cpu);
    timings.push({ id: text.id, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 });
    scores[text.id] = job.labels.map((l) => out.scores[out.labels.indexOf(l)]!);
  }
  const otherCores = sampler.stop();

  // The ids the pipeline fed the model (after timing): its own tokenizer call, as in _call.
  const pairs: PipelineResult['pairs'] = {};
  for (const text of job.texts) {
    pairs[text.id] = job.labels.map((l) => {
      const enc = classifier.tokenizer(text.text, { text_pair: job.template.replace('{}', l), padding: true, truncation: true }) as {
        input_ids: { data: BigInt64Array };
      };
      return { tokens: enc.input_ids.data.length, hash: idsHash(enc.input_ids.data) };
    });
  }
  await classifier.dispose();
  const result: PipelineResult = {
    engine: 'pipeline',
    loadMs,
    warmupMs,
    timings,
    scores,
    pairs,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    sessionOptions,
    otherCores,
  };
  writeFileSync(job.out, JSON.stringify(result));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

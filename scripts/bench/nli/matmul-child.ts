// The single-MatMul peak in a process of its own (nothing else loaded, nothing else running).
import { readFileSync, writeFileSync } from 'node:fs';
import { measureMatMulPeak } from './matmul-peak';
import type { MatMulJob } from './protocol';

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as MatMulJob;
  const peak = await measureMatMulPeak(job.dir, { threads: job.threads, runs: job.runs });
  writeFileSync(job.out, JSON.stringify({ ...peak, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

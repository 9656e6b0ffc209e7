// The single-MatMul peaks in a process of their own (nothing else loaded): fp32, and with
// `int8` the same shape as one DynamicQuantizeMatMul right after it, so both limits come from the
// same minute of the machine.
import { readFileSync, writeFileSync } from 'node:fs';
import { measureInt8Peak } from './int8-peak';
import { measureMatMulPeak } from './matmul-peak';
import type { MatMulJob } from './protocol';

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as MatMulJob;
  const peak = await measureMatMulPeak(job.dir, { threads: job.threads, runs: job.runs });
  const int8 = job.int8 ? await measureInt8Peak(job.dir, { threads: job.threads, runs: job.runs }) : undefined;
  writeFileSync(job.out, JSON.stringify({ ...peak, maxRssBytes: process.resourceUsage().maxRSS * 1024, int8 }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

// What one batch costs on the way to the inference process and back, apart from the model: the
// same InferenceClient and child as a run, with the generated tiny model (so session.run is
// short), batches of the shapes a run sends. Round trip minus the child's own session.run time is
// the IPC (structured clone of the two int64 tensors, 'advanced' serialization, and the logits back).
import { join } from 'node:path';
import { InferenceClient } from '../../../main/core/nli/inference/inference-client';
import { makeModel } from '../../model/gen/make-model';

export interface IpcCost {
  batch: number;
  sequence: number;
  bytes: number;
  roundTripMs: number;
  runMs: number;
  ipcMs: number;
}

export async function measureIpcCost(dir: string, shapes: Array<[number, number]>, reps = 30): Promise<IpcCost[]> {
  const made = makeModel({ size: 'tiny', outDir: join(dir, 'ipc-tiny') });
  const client = new InferenceClient();
  try {
    await client.load(made.onnxPath, 1);
    const out: IpcCost[] = [];
    for (const [batch, sequence] of shapes) {
      const n = batch * sequence;
      const inputIds = new BigInt64Array(n).fill(5n);
      const attentionMask = new BigInt64Array(n).fill(1n);
      const samples: Array<{ rt: number; run: number }> = [];
      for (let i = 0; i < reps + 3; i++) {
        const t = performance.now();
        const r = await client.run({ output: 'logits', inputIds, attentionMask, batch, sequence });
        if (i >= 3) samples.push({ rt: performance.now() - t, run: r.runMs });
      }
      samples.sort((a, b) => a.rt - a.run - (b.rt - b.run));
      const m = samples[Math.floor(samples.length / 2)]!;
      out.push({ batch, sequence, bytes: 2 * 8 * n, roundTripMs: m.rt, runMs: m.run, ipcMs: m.rt - m.run });
    }
    return out;
  } finally {
    await client.close();
  }
}

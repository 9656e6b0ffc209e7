// What the result chain ([Note: result chain] in main/core/shards/result-chain.ts) costs the merge's
// check: a synthetic result of N documents x 5 labels (10 documents a batch) written with its chain,
// then read 3 times with eachLine + JSON.parse alone and with readChain (parse, float32 check,
// chain). Run: npx tsx scripts/bench/slurm/chain-cost.ts [N] (default 50000).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainNext, chainStart, readChain, RESULT_VERSION } from '../../../main/core/shards/result-chain';
import { eachLine } from '../../../main/core/shards/result-lines';
import type { ResultGroup } from '../../../main/core/shards/shard-format';

const documents = Number(process.argv[2] ?? 50_000);
const header = JSON.stringify({ format: 'prelabel-shard-result', version: RESULT_VERSION, setId: 's', index: 0 });
const lines = [header];
let head = chainStart(header);
for (let doc = 0, g = 0; doc < documents; g++) {
  const group: ResultGroup = { group: g, docs: [], rows: [] };
  for (let d = 0; d < 10 && doc < documents; d++, doc++) {
    group.docs.push([doc, 30, 0, 1]);
    for (let l = 0; l < 5; l++)
      group.rows.push([doc, `label-${l}`, 0, Math.fround(Math.sin(doc + l)), Math.fround(Math.cos(doc)), Math.fround(-Math.sin(doc * l))]);
  }
  head = chainNext(head, group);
  lines.push(JSON.stringify({ ...group, chain: head }));
}
lines.push(JSON.stringify({ end: head, groups: lines.length - 1 }));
const dir = mkdtempSync(join(tmpdir(), 'prelabel-chain-'));
const path = join(dir, 'shard-0000.result.jsonl');
try {
  writeFileSync(path, lines.join('\n') + '\n');
  for (let rep = 0; rep < 3; rep++) {
    let t = performance.now();
    eachLine(path, (l, i) => {
      if (i > 0) JSON.parse(l);
    });
    const plain = performance.now() - t;
    t = performance.now();
    const r = readChain(path);
    const chained = performance.now() - t;
    if (!r.ended || r.problem) throw new Error(`the chain did not verify: ${JSON.stringify(r.problem)}`);
    console.log(`${documents} x 5: parse only ${plain.toFixed(0)} ms, parse + float32 + chain ${chained.toFixed(0)} ms`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

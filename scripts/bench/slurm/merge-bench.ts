// The merge part of bench-slurm.ts: a project of N synthetic documents with one question of five
// labels, cut into shards by `prelabel shard` (the tiny model: the merge never runs the model),
// result files written here in the format score-shard writes (shard-format.ts: a header naming the
// shard's checksum and model, then one line per batch with its documents and one row per label, one
// window a document, each with its chained hash, and the end line: result-chain.ts), and `prelabel merge-shards` timed. Then the stored predictions are checked
// against the values written: the count, and every row of a sample of documents.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { makeModel } from '../../model/gen/make-model';
import { chainNext, chainStart, RESULT_VERSION } from '../../../main/core/shards/result-chain';
import { RESULT_FORMAT, readShard, resultFile, type ResultGroup, type ResultHeader } from '../../../main/core/shards/shard-format';
import { LABELS, makeProject, prelabel } from './support';

export interface MergeFigures {
  documents: number;
  labels: number;
  shards: number;
  importSeconds: number;
  shardSeconds: number;
  writeResultsSeconds: number;
  resultBytes: number;
  mergeSeconds: number;
  predictions: number;
  checkedRows: number;
}

const WORDS =
  'market team election rocket bank player minister orbit shares coach parliament satellite profit league vote telescope trade goal treaty software'.split(
    ' ',
  );

/** Deterministic texts of 6 to 40 words (a seeded LCG), so shards get batches of different lengths. */
function texts(n: number): string[] {
  let s = 12345;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0);
  return Array.from({ length: n }, (_, i) => {
    const len = 6 + (next() % 35);
    return `Story ${i}: ` + Array.from({ length: len }, () => WORDS[next() % WORDS.length]).join(' ') + '.';
  });
}

/** The logits written for (document, label): float32 values any document id reproduces. */
export function syntheticLogits(doc: number, label: number): [number, number, number] {
  const x = Math.sin(doc * 12.9898 + label * 78.233) * 43758.5453;
  const f = x - Math.floor(x);
  return [Math.fround(4 * f - 2), Math.fround(1 - f), Math.fround(2 - 4 * f)];
}

export async function mergeBench(env: NodeJS.ProcessEnv, work: string, documents: number, shards: number): Promise<MergeFigures> {
  const model = makeModel({ size: 'tiny', outDir: join(work, 'tiny-model') });
  const { path, importSeconds } = makeProject(env, work, 'merge', texts(documents));
  const out = join(work, 'merge-shards');
  const shard = prelabel(
    env,
    'shard',
    path,
    '--question',
    'Topic',
    '--model',
    model.dir,
    '--shards',
    String(shards),
    '--out',
    out,
    '--json',
  );

  const t = performance.now();
  let resultBytes = 0;
  for (const name of readdirSync(out).filter((n) => /^shard-\d{4,}\.jsonl$/.test(n))) {
    const s = readShard(join(out, name));
    const header: ResultHeader = {
      format: RESULT_FORMAT,
      version: RESULT_VERSION,
      setId: s.header.setId,
      index: s.header.index,
      shardChecksum: s.checksum,
      modelSha256: s.header.model.sha256,
      modelInputHash: s.header.modelInputHash,
    };
    const labelIds = s.header.hypotheses.map((h) => {
      if (!LABELS.includes(h.label)) throw new Error(`the shard's label "${h.label}" is not one of the benchmark's`);
      return h.labelId;
    });
    const position = s.header.hypotheses.map((h) => LABELS.indexOf(h.label));
    const lines = [JSON.stringify(header)];
    // The chained hash of every batch line and the end line, as score-shard writes them.
    let head = chainStart(lines[0]!);
    for (const g of s.groups) {
      const group: ResultGroup = { group: g.group, docs: [], rows: [] };
      for (const d of g.documents) {
        group.docs.push([d.id, d.text.split(' ').length + 2, 0, 1]);
        labelIds.forEach((labelId, k) => group.rows.push([d.id, labelId, 0, ...syntheticLogits(d.id, position[k]!)]));
      }
      head = chainNext(head, group);
      lines.push(JSON.stringify({ ...group, chain: head }));
    }
    lines.push(JSON.stringify({ end: head, groups: s.groups.length }));
    const text = lines.join('\n') + '\n';
    resultBytes += Buffer.byteLength(text);
    writeFileSync(join(out, resultFile(s.header.index)), text, { mode: 0o600 });
  }
  const writeResultsSeconds = (performance.now() - t) / 1000;

  const merged = prelabel(env, 'merge-shards', path, out, '--json');
  const summary = JSON.parse(merged.out) as { documents: number; predictions: number };
  if (summary.documents !== documents) throw new Error(`merge-shards stored ${summary.documents} documents, not ${documents}`);

  // Independent check: the stored rows against the values written, by label position in the codebook.
  const db = new Database(path, { readonly: true });
  let checkedRows = 0;
  try {
    const count = db.prepare('SELECT count(*) FROM predictions').pluck().get() as number;
    if (count !== documents * LABELS.length) throw new Error(`${count} predictions stored, not ${documents * LABELS.length}`);
    const order = new Map(
      (db.prepare('SELECT id, name FROM labels').all() as Array<{ id: string; name: string }>).map((l) => [l.id, LABELS.indexOf(l.name)]),
    );
    const rows = db
      .prepare('SELECT document_id, label_id, entailment, neutral, contradiction FROM predictions WHERE document_id % 997 = 0')
      .raw()
      .all() as Array<[number, string, number, number, number]>;
    for (const [doc, label, e, n, c] of rows) {
      const want = syntheticLogits(doc, order.get(label)!);
      if (e !== want[0] || n !== want[1] || c !== want[2])
        throw new Error(`document ${doc}, label ${label}: stored ${[e, n, c]}, written ${want}`);
      checkedRows++;
    }
  } finally {
    db.close();
  }
  return {
    documents,
    labels: LABELS.length,
    shards,
    importSeconds,
    shardSeconds: shard.seconds,
    writeResultsSeconds,
    resultBytes,
    mergeSeconds: merged.seconds,
    predictions: summary.predictions,
    checkedRows,
  };
}

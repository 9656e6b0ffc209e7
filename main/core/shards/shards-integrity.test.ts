// A merge never accepts a result changed after scoring ([Note: result chain] in result-chain.ts):
// on real AG News rows with the generated tiny model, a logit changed to another float32 value,
// 1e300, NaN, a removed batch line, a swapped pair of lines, a missing end line and an older
// format are each refused, naming the shard's file and line, with the sbatch line that reruns it,
// and nothing is stored; that rerun scores the damaged result again (the same bytes) and it merges.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prelabelProject, setQuestions, topicQuestion, type PrelabelProject } from '../nli/test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../nli/test-support/tiny-model';
import { useTempDir } from '../test-support/temp-dir';
import type { ResultGroup } from './shard-format';
import { resultFile, shardFile } from './shard-format';
import { mergeShards } from './shard-merger';
import { chainNext, chainStart } from './result-chain';

const tmp = useTempDir();
let model: TinyModel;
let p: PrelabelProject | null = null;
beforeAll(() => {
  model = makeTinyModel(loadFixtures());
});
afterAll(async () => {
  await p?.close();
  model?.cleanup();
});

type Line = ResultGroup & { chain: string };

describe('a merge of results changed after scoring', () => {
  it('refuses each change naming the file and line, and merges once the shard is scored again', { timeout: 300_000 }, async () => {
    const dir = tmp();
    p = await prelabelProject(dir, { count: 40, modelDir: model.dir });
    p.engine.tuning.maxLength = 64;
    p.engine.tuning.maxRows = 8; // several batches a shard
    await setQuestions(p.t, [topicQuestion()]);
    const db = p.t.core.context.project!.db;
    const out = join(dir, 'shards');
    await p.t.call('prelabel.shard', { question: 'Topic', shards: 2, outDir: out, modelDir: model.dir });
    for (let i = 0; i < 2; i++) {
      const s = await p.t.call('prelabel.scoreShard', { shardPath: join(out, shardFile(i)), modelDir: model.dir, threads: 1 });
      expect(s.threads).toBe(1);
    }
    const path = join(out, resultFile(0));
    const original = readFileSync(path, 'utf8');
    const lines = original.split('\n').slice(0, -1);
    expect(lines.length).toBeGreaterThanOrEqual(5); // header, three batches at least, end

    // The chain as written, recomputed independently of the reader.
    let head = chainStart(lines[0]!);
    for (const l of lines.slice(1, -1)) {
      head = chainNext(head, JSON.parse(l) as Line);
      expect((JSON.parse(l) as Line).chain).toBe(head);
    }
    expect(JSON.parse(lines.at(-1)!)).toEqual({ end: head, groups: lines.length - 2 });

    const refused = (changed: string[], reason: RegExp) => {
      writeFileSync(path, changed.map((l) => `${l}\n`).join(''));
      const r = mergeShards(db, out);
      expect(r.ok).toBe(false);
      expect(r.failed).toEqual([{ index: 0, reason: expect.stringMatching(reason) as unknown }]);
      expect(r.rerun).toBe('sbatch --array=0 run.sbatch');
      expect(db.prepare('SELECT count(*) FROM prelabel_runs').pluck().get()).toBe(0);
    };
    const withBatch = (i: number, change: (g: Line) => void): string[] => {
      const g = JSON.parse(lines[i]!) as Line;
      change(g);
      return lines.map((l, k) => (k === i ? JSON.stringify(g) : l));
    };
    const file = /^shard-0000\.result\.jsonl /;
    const batch2 = (JSON.parse(lines[2]!) as Line).group;

    // A logit changed to another float32 value (the reviewer's -1.189 -> -1.289, as float32).
    const altered = withBatch(2, (g) => {
      g.rows[0]![3] = Math.fround(g.rows[0]![3] - 0.1);
    });
    refused(altered, new RegExp(`${file.source}line 3: batch ${batch2} does not match its hash`));
    // A value typed in that no float32 is, 1e300, NaN and a missing entailment.
    refused(
      withBatch(2, (g) => {
        g.rows[0]![3] = -1.289;
      }),
      /line 3: batch \d+: logit -1\.289 of document \d+, label .+ is not a finite float32 value/,
    );
    refused(
      withBatch(2, (g) => {
        g.rows[1]![5] = 1e300;
      }),
      /line 3: batch \d+: logit 1e\+300 of document .* not a finite float32 value/,
    );
    const nan = withBatch(2, (g) => {
      g.rows[0]![3] = 12345.5;
    }).map((l) => l.replace('12345.5', 'NaN'));
    refused(nan, /line 3: not valid JSON/);
    refused(
      withBatch(2, (g) => {
        g.rows[0]![3] = null as unknown as number;
      }),
      /line 3: batch \d+: logit null/,
    );
    // A removed batch line, a swapped pair, the last batch removed, the end line removed.
    refused([lines[0]!, ...lines.slice(2)], new RegExp(`${file.source}line 2: batch ${batch2} does not match its hash`));
    refused([lines[0]!, lines[2]!, lines[1]!, ...lines.slice(3)], /line 2: batch \d+ does not match its hash/);
    refused([...lines.slice(0, -2), lines.at(-1)!], new RegExp(`line ${lines.length - 1}: the end line does not match`));
    refused(lines.slice(0, -1), /has no end line after its \d+ batches/);
    // A line after the end, and a result of the format before the chain.
    refused([...lines, lines[1]!], new RegExp(`line ${lines.length + 1}: lines follow the end line`));
    refused(
      [lines[0]!.replace('"version":3', '"version":2'), ...lines.slice(1)],
      /line 1: made by an older Prelabel .*score the shard again/,
    );

    // The rerun the merge names scores the damaged result again: the same bytes, and it merges.
    writeFileSync(path, altered.map((l) => `${l}\n`).join(''));
    const again = await p.t.call('prelabel.scoreShard', { shardPath: join(out, shardFile(0)), modelDir: model.dir, threads: 1 });
    expect(again.resumedGroups).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(original);
    const merged = mergeShards(db, out);
    expect(merged.ok).toBe(true);
    // Stored: the logits of the result lines as scored (read back independently of the merge).
    const stored = db
      .prepare('SELECT entailment, neutral, contradiction FROM predictions WHERE document_id = ? AND label_id = ? AND window = ?')
      .raw();
    for (const l of lines.slice(1, -1)) {
      for (const row of (JSON.parse(l) as Line).rows) {
        const got = stored.get(row[0], row[1], row[2]) as number[];
        [row[3], row[4], row[5]].forEach((v, k) => expect(Object.is(got[k], v)).toBe(true));
      }
    }
  });
});

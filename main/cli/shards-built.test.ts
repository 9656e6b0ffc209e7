// `prelabel shard`, `score-shard` and `merge-shards` through the built CLI (bin/prelabel.mjs ->
// out/main/cli.js; build first: npm run build) on 1,200 AG News rows with the generated tiny model:
// 4 shards, one task killed (SIGKILL) midway and run again, the failed-shard report with its sbatch
// line, the merge, a second merge that changes nothing, and every logit equal bit for bit to
// `prelabel prelabel` on a copy of the same project.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../core/test-support/temp-dir';
import { agNewsTopicProjectByCli } from '../core/nli/test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../core/nli/test-support/tiny-model';

const tmp = useTempDir();
const root = fileURLToPath(new URL('../..', import.meta.url));
const built = existsSync(join(root, 'out/main/cli.js')) && existsSync(join(root, 'out/main/inference-process.js'));
let model: TinyModel;

beforeAll(() => {
  if (built) model = makeTinyModel(loadFixtures());
});
afterAll(() => model?.cleanup());

type Row = [number, string, number, number, number | null, number];
function predictions(path: string): Row[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT p.document_id, l.name, p.window, p.entailment, p.neutral, p.contradiction FROM predictions p
         JOIN labels l ON l.id = p.label_id ORDER BY p.document_id, l.name, p.window`,
      )
      .raw()
      .all() as Row[];
  } finally {
    db.close();
  }
}

describe.skipIf(!built)('sharded pre-label run (the built CLI; skipped without out/main/cli.js)', () => {
  it(
    'shards, scores with one task killed and rerun, merges: the logits of a single-machine run, bit for bit',
    { timeout: 600_000 },
    async () => {
      const dir = tmp();
      const env = { ...process.env, PRELABEL_HOME: join(dir, 'home') };
      const bin = join(root, 'bin/prelabel.mjs');
      const cli = (...argv: string[]) => {
        const r = spawnSync(process.execPath, [bin, ...argv], { env, encoding: 'utf8', timeout: 300_000 });
        return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
      };
      const { project, single } = agNewsTopicProjectByCli(cli, dir, 1200);

      const out = join(dir, 'shards');
      // int8 before the project's agreement check, and --top-parents without --hierarchical: one line each.
      const noInt8 = cli(
        'shard',
        project,
        '--question',
        'Topic',
        '--model',
        model.dir,
        '--shards',
        '4',
        '--out',
        out,
        '--precision',
        'int8',
      );
      expect(noInt8.code).toBe(1);
      expect(noInt8.err).toMatch(/^.*scores with fp32: switch it to int8 first.*$/);
      const noTree = cli('shard', project, '--question', 'Topic', '--shards', '4', '--out', out, '--top-parents', '2');
      expect(noTree.code).toBe(1);
      expect(noTree.err).toContain('--top-parents goes with --hierarchical');
      const sharded = cli('shard', project, '--question', 'Topic', '--model', model.dir, '--shards', '4', '--out', out, '--json');
      expect(sharded.code, sharded.err).toBe(0);
      expect(JSON.parse(sharded.out)).toMatchObject({ ok: true, documents: 1200 });
      expect(readFileSync(join(out, 'run.sbatch'), 'utf8')).toContain('#SBATCH --array=0-3');

      const plain = cli('prelabel', single, '--model', model.dir, '--threads', '1');
      expect(plain.code, plain.err).toBe(0);

      // Task 1 is killed once it has written a batch, then runs again and resumes.
      const partial = join(out, 'shard-0001.partial.jsonl');
      const task = spawn(process.execPath, [bin, 'score-shard', join(out, 'shard-0001.jsonl'), '--model', model.dir], {
        env: { ...env, SLURM_CPUS_PER_TASK: '1' },
        stdio: 'ignore',
      });
      const exited = new Promise<number | null>((resolve) => task.on('exit', (code) => resolve(code)));
      while (!(existsSync(partial) && readFileSync(partial, 'utf8').split('\n').length > 2)) await new Promise((r) => setTimeout(r, 2));
      task.kill('SIGKILL');
      expect(await exited).toBeNull();
      expect(existsSync(join(out, 'shard-0001.result.jsonl'))).toBe(false);
      const resumed = cli('score-shard', join(out, 'shard-0001.jsonl'), '--model', model.dir, '--threads', '1', '--json');
      expect(resumed.code, resumed.err).toBe(0);
      expect(JSON.parse(resumed.out)).toMatchObject({ threads: 1 });
      expect(JSON.parse(resumed.out).resumedGroups).toBeGreaterThan(0);
      for (const i of [0, 2])
        expect(cli('score-shard', join(out, `shard-000${i}.jsonl`), '--model', model.dir, '--threads', '1').code).toBe(0);

      const early = cli('merge-shards', project, out);
      expect(early.code).toBe(1);
      expect(early.err).toContain('shard 3: no result file');
      expect(early.err).toContain('sbatch --array=3 run.sbatch');
      expect(early.err).toContain('Nothing merged: 1 of the 4 shards has no usable result. Rerun only that one');
      expect(predictions(project)).toHaveLength(0);

      // A logit of shard 0's result edited by hand (to another float32, and to 1e300): refused with
      // its line and the rerun line; nothing stored.
      const result0 = join(out, 'shard-0000.result.jsonl');
      const scored = readFileSync(result0, 'utf8');
      const lines = scored.split('\n');
      for (const value of [Math.fround(-1.289), 1e300]) {
        const g = JSON.parse(lines[1]!) as { group: number; rows: Row[] };
        g.rows[0]![3] = value === g.rows[0]![3] ? Math.fround(value + 1) : value;
        writeFileSync(result0, [lines[0], JSON.stringify(g), ...lines.slice(2)].join('\n'));
        const edited = cli('merge-shards', project, out);
        expect(edited.code).toBe(1);
        expect(edited.err).toMatch(
          value === 1e300
            ? /shard 0: shard-0000\.result\.jsonl line 2: batch \d+: logit 1e\+300 .* not a finite float32 value/
            : /shard 0: shard-0000\.result\.jsonl line 2: batch \d+ does not match its hash/,
        );
        expect(edited.err).toContain('sbatch --array=0,3 run.sbatch');
        expect(predictions(project)).toHaveLength(0);
      }
      writeFileSync(result0, scored);

      const wrongModel = cli('score-shard', join(out, 'shard-0003.jsonl'), '--model', join(dir, 'home'));
      expect(wrongModel.code).toBe(1);
      expect(wrongModel.err.split('\n')).toHaveLength(1);
      expect(cli('score-shard', join(out, 'shard-0003.jsonl'), '--model', model.dir, '--threads', '1').code).toBe(0);

      const merged = cli('merge-shards', project, out, '--json');
      expect(merged.code, merged.err).toBe(0);
      expect(JSON.parse(merged.out)).toMatchObject({ ok: true, documents: 1200, alreadyMerged: false });
      const again = cli('merge-shards', project, out);
      expect(again.code).toBe(0);
      expect(again.out).toContain('merged already');
      expect(JSON.parse(merged.out)).toMatchObject({ precision: 'fp32', hierarchical: false, shards: 4 });

      const a = predictions(project);
      const b = predictions(single);
      expect(a.length).toBeGreaterThanOrEqual(1200 * 4);
      expect(a.length).toBe(b.length);
      let equal = 0;
      a.forEach((r, i) => {
        const s = b[i]!;
        if (r[0] === s[0] && r[1] === s[1] && r[2] === s[2] && [3, 4, 5].every((k) => Object.is(r[k], s[k]))) equal++;
      });
      expect(equal).toBe(a.length);
    },
  );
});

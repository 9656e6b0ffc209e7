// Benchmark of issue 18, items 1 and 4: each distinct model input scored once, and the core's own
// CPU time per pair. Two corpora, each scored twice by the app's engine (one question with reuse
// off, one with it on, same project, same labels):
// - a real corpus with repeats: the SMS Spam Collection (sms_spam_nonutf8/spam.csv, cp1252, read by
//   the importer), whose duplicate share is measured here;
// - a synthetic 30%-duplicate set: distinct AG News texts, of which a seeded 30% are replaced by
//   copies of others.
// Checks that every stored logit of the reuse run is bit-identical to the run that scored every
// document, and prints pairs/s (pairs stored a second, scored or reused), the pairs reused and the
// core's CPU ms per pair stored.
//   npx tsx scripts/bench/bench-reuse.ts [--size tiny|full] [--texts 5572] [--threads 2] [--seed 42] [--write-rows N]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Codebook } from '../../common/contract';
import { corpusFile } from '../../main/core/test-support/corpora';
import { makeTestCore } from '../../main/core/test-support/test-core';
import { mulberry32 } from '../../main/core/seeded-random';
import { makeModel } from '../model/gen/make-model';

const LABELS = ['politics', 'business', 'sports', 'science', 'entertainment'];

interface RunFigures {
  documents: number;
  pairs: number;
  reusedPairs: number;
  seconds: number;
  coreMsPerPair: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'tiny' },
      texts: { type: 'string', default: '5572' },
      threads: { type: 'string', default: '2' },
      seed: { type: 'string', default: '42' },
      /** 1: one transaction a scored group (the writes before issue 18). */
      'write-rows': { type: 'string' },
    },
  });
  const size = values.size === 'full' ? 'full' : 'tiny';
  const count = Number(values.texts);
  const threads = Number(values.threads);
  const random = mulberry32(Number(values.seed));
  const work = mkdtempSync(join(tmpdir(), 'prelabel-bench-reuse-'));
  try {
    const model = makeModel({ size, outDir: join(work, 'model') });
    const t = makeTestCore(work);
    const { engine } = t.core.context;
    await engine.selectModel(model.dir, { persist: false });
    if (values['write-rows']) engine.tuning.writeRows = Number(values['write-rows']);

    const score = async (name: string, source: { path: string; options: object; mapping: object }) => {
      await t.call('project.create', { name, path: join(work, `${name}.prelabel`) });
      const imp = await t.call('import.start', {
        source: { kind: 'path', path: source.path },
        options: source.options,
        mapping: source.mapping,
      } as never);
      const done = await t.waitForJob(imp.jobId);
      if (done.status !== 'done') throw new Error(`import of ${name} failed: ${JSON.stringify(done)}`);
      const db = t.core.context.project!.db;
      const texts = db.prepare('SELECT text FROM documents').pluck().all() as string[];
      const distinct = new Set(texts).size;
      const question = (name: string) => ({ name, template: 'This example is {}.', labels: LABELS.map((l) => ({ name: l })) });
      const codebook = (await t.call('codebook.set', { questions: [question('off'), question('on')] })) as Codebook;
      const figures: Record<string, RunFigures & { runId: string }> = {};
      for (const q of codebook.questions) {
        engine.tuning.reuse = q.name === 'on';
        const info = await t.call('prelabel.start', { questionId: q.id, priorityDocumentIds: [], threads });
        const final = await engine.waitForRun(info.id);
        if (final?.status !== 'done') throw new Error(`run ${name}/${q.name} ended ${final?.status}`);
        const s = engine.sessionStats(info.id)!;
        figures[q.name] = {
          runId: info.id,
          documents: s.documents,
          pairs: s.pairs,
          reusedPairs: s.reusedPairs,
          seconds: s.seconds,
          coreMsPerPair: s.coreMsPerPair,
        };
      }
      // Every logit of the reuse run against the run that scored every document, bit for bit.
      const rows = (runId: string) =>
        db
          .prepare(
            `SELECT p.document_id || ' ' || l.name || ' ' || p.window, p.entailment, p.neutral, p.contradiction FROM predictions p
             JOIN labels l ON l.id = p.label_id WHERE p.run_id = ?`,
          )
          .raw()
          .all(runId) as Array<[string, number, number | null, number]>;
      const off = new Map(rows(figures.off!.runId).map((r) => [r[0], r]));
      let different = 0;
      const on = rows(figures.on!.runId);
      for (const r of on) {
        const o = off.get(r[0]);
        if (!o || !Object.is(o[1], r[1]) || !Object.is(o[2], r[2]) || !Object.is(o[3], r[3])) different++;
      }
      if (on.length !== off.size) different += Math.abs(on.length - off.size);
      return { name, documents: texts.length, repeats: texts.length - distinct, figures, different };
    };

    // The real corpus with repeats: the SMS Spam Collection as the importer reads it.
    const sms = await score('sms', {
      path: corpusFile('sms_spam_nonutf8', 'spam.csv'),
      options: { hasHeader: true },
      mapping: { textColumns: ['Message'] },
    });
    // The synthetic set: distinct AG News texts, 30% of them replaced by copies of the others.
    const ag = readFileSync(corpusFile('ag_news', 'test.csv'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => /^"\d+","((?:[^"]|"")*)","((?:[^"]|"")*)"\r?$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => `${m[1]!.replace(/""/g, '"')}\n\n${m[2]!.replace(/""/g, '"')}`);
    const unique = [...new Set(ag)].slice(0, count);
    const dupes = Math.round(unique.length * 0.3);
    const texts = [...unique];
    const order = texts.map((_t, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const kept = order.slice(dupes);
    for (const i of order.slice(0, dupes)) texts[i] = unique[kept[Math.floor(random() * kept.length)]!]!;
    const jsonl = join(work, 'synthetic.jsonl');
    writeFileSync(jsonl, texts.map((text, i) => JSON.stringify({ id: `s${i}`, text })).join('\n') + '\n');
    const synthetic = await score('synthetic', {
      path: jsonl,
      options: { format: 'jsonl' },
      mapping: { textColumns: ['text'], idColumn: 'id' },
    });

    await t.core.shutdown();
    await engine.close();
    console.log(
      `\nModel: generated ${size} (random weights); ${threads} threads; ${LABELS.length} labels; ${engine.tuning.writeRows} pairs a write at most; load ${readFileSync('/proc/loadavg', 'utf8').trim()}`,
    );
    console.log(
      '| corpus | documents | repeated texts | reuse | pairs scored | pairs reused | seconds | pairs/s (stored) | core ms/pair | logits differing from reuse off |',
    );
    console.log('|---|---:|---:|---|---:|---:|---:|---:|---:|---:|');
    for (const c of [sms, synthetic]) {
      for (const k of ['off', 'on'] as const) {
        const f = c.figures[k]!;
        const stored = f.pairs + f.reusedPairs;
        console.log(
          `| ${c.name} | ${c.documents} | ${c.repeats} (${((100 * c.repeats) / c.documents).toFixed(1)}%) | ${k} | ${f.pairs} | ${f.reusedPairs} | ${f.seconds.toFixed(2)} | ${(stored / f.seconds).toFixed(1)} | ${f.coreMsPerPair.toFixed(3)} | ${k === 'on' ? c.different : ''} |`,
        );
      }
    }
    if (sms.different + synthetic.different > 0) process.exitCode = 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

// Hierarchical scoring against full scoring on the Manifesto corpus (UK quasi-sentences with their
// CMP codes): the 56 codes under the 7 policy domains (the code's first digit). A seeded sample of
// coded sentences is imported into a project, and the same question (7 domains + 56 codes, each
// code with its domain as parent) is run twice through the app's engine: every label asked, then
// the domains first and only the codes of the top N domains. Reports pairs scored, time, and how
// often the top code (and its domain) agrees with full scoring.
//
//   npx tsx scripts/bench/bench-hierarchy.ts [--size tiny|full] [--texts 300] [--top-parents 2] [--seed 42]
//
// The models are generated (scripts/model/gen: the real architecture with random weights), so agreement
// numbers are a property of the procedure on this corpus, not of a trained model's accuracy.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Codebook } from '../../common/contract';
import { mulberry32 } from '../../main/core/seeded-random';
import { makeModel } from '../model/gen/make-model';
import { corpusFile } from '../../main/core/test-support/corpora';
import { makeTestCore } from '../../main/core/test-support/test-core';

const DOMAINS: Record<string, string> = {
  '1': 'External relations',
  '2': 'Freedom and democracy',
  '3': 'Political system',
  '4': 'Economy',
  '5': 'Welfare and quality of life',
  '6': 'Fabric of society',
  '7': 'Social groups',
};

/** RFC 4180 rows: quoted fields with "" escapes and newlines, CRLF or LF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'tiny' },
      texts: { type: 'string', default: '300' },
      'top-parents': { type: 'string', default: '2' },
      seed: { type: 'string', default: '42' },
    },
  });
  const size = values.size === 'full' ? 'full' : 'tiny';
  const count = Number(values.texts);
  const topParents = Number(values['top-parents']);
  const seed = Number(values.seed);

  const codes = parseCsv(readFileSync(corpusFile('manifesto_uk_cmp', 'manifesto_codes.csv'), 'utf8'))
    .map(([code, title]) => ({ code: code!.trim(), title: title!.trim() }))
    .filter((c) => /^[1-7]\d\d$/.test(c.code));
  const codeSet = new Set(codes.map((c) => c.code));
  const dir = corpusFile('manifesto_uk_cmp', 'manifestos');
  const sentences: Array<{ id: string; text: string; code: string }> = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()) {
    parseCsv(readFileSync(join(dir, file), 'utf8'))
      .slice(1)
      .forEach(([text, code], i) => {
        if (text && code && codeSet.has(code)) sentences.push({ id: `${file.replace('.csv', '')}:${i + 2}`, text, code });
      });
  }
  const random = mulberry32(seed);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (sentences.length - i));
    [sentences[i], sentences[j]] = [sentences[j]!, sentences[i]!];
  }
  const sample = sentences.slice(0, count);

  const work = mkdtempSync(join(tmpdir(), 'prelabel-bench-hierarchy-'));
  try {
    const started = performance.now();
    const model = makeModel({ size, outDir: join(work, 'model') });
    console.log(`Generated the ${size} model (random weights) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const t = makeTestCore(work);
    const { engine } = t.core.context;
    await engine.selectModel(model.dir, { persist: false });
    await t.call('project.create', { name: 'manifesto', path: join(work, 'manifesto.prelabel') });
    const jsonl = join(work, 'sample.jsonl');
    writeFileSync(jsonl, sample.map((s) => JSON.stringify({ id: s.id, text: s.text })).join('\n') + '\n');
    const imp = await t.call('import.start', {
      source: { kind: 'path', path: jsonl },
      options: { format: 'jsonl' },
      mapping: { textColumns: ['text'], idColumn: 'id' },
    });
    if ((await t.waitForJob(imp.jobId)).status !== 'done') throw new Error('import failed');
    const labels = [
      ...Object.values(DOMAINS).map((name) => ({ name })),
      ...codes.map((c) => ({ name: `${c.code} ${c.title}`, code: c.code, parent: DOMAINS[c.code[0]!]! })),
    ];
    const codebook = (await t.call('codebook.set', {
      questions: [{ name: 'CMP code', template: 'This text is about {}.', labels }],
    })) as Codebook;
    const question = codebook.questions[0]!;
    const db = t.core.context.project!.db;
    const codeOf = new Map(question.labels.filter((l) => l.code).map((l) => [l.id, l.code!]));

    /** Per document, the code label with the highest entailment logit among those stored. */
    const topCodes = (runId: string) => {
      const rows = db
        .prepare(
          'SELECT d.external_id, p.label_id, p.entailment FROM predictions p JOIN documents d ON d.id = p.document_id WHERE p.run_id = ?',
        )
        .raw()
        .all(runId) as [string, string, number][];
      const best = new Map<string, [string, number]>();
      for (const [doc, label, e] of rows) {
        const code = codeOf.get(label);
        if (code && (!best.has(doc) || e > best.get(doc)![1])) best.set(doc, [code, e]);
      }
      return new Map([...best].map(([doc, [code]]) => [doc, code]));
    };
    const runOnce = async (hierarchical: boolean) => {
      const run = await t.call('prelabel.start', {
        questionId: question.id,
        priorityDocumentIds: [],
        hierarchical,
        topParents,
        threads: 2,
      });
      await engine.waitForRun(run.id);
      return { run, stats: engine.sessionStats(run.id)!, top: topCodes(run.id) };
    };
    const full = await runOnce(false);
    const hier = await runOnce(true);
    let sameCode = 0;
    let sameDomain = 0;
    let goldFull = 0;
    let goldHier = 0;
    for (const s of sample) {
      const a = full.top.get(s.id)!;
      const b = hier.top.get(s.id)!;
      if (a === b) sameCode++;
      if (a[0] === b[0]) sameDomain++;
      if (a === s.code) goldFull++;
      if (b === s.code) goldHier++;
    }
    const pct = (n: number) => `${((100 * n) / sample.length).toFixed(1)}%`;
    console.log(
      `Manifesto sample: ${sample.length} coded quasi-sentences (seed ${seed}) of ${sentences.length}; ${codes.length} codes under ${Object.keys(DOMAINS).length} domains; top parents ${topParents}`,
    );
    console.log('| scoring | pairs | pairs a text | seconds | pairs/s |');
    console.log('|---|---:|---:|---:|---:|');
    for (const [name, r] of [
      ['full (7 domains + 56 codes)', full],
      [`hierarchical (domains, then the codes of the top ${topParents})`, hier],
    ] as const) {
      console.log(
        `| ${name} | ${r.stats.pairs} | ${(r.stats.pairs / sample.length).toFixed(1)} | ${r.stats.seconds.toFixed(1)} | ${r.stats.pairsPerSecond.toFixed(0)} |`,
      );
    }
    console.log(`Flat 56-code scoring would ask ${sample.length * codes.length} pairs.`);
    console.log(
      `Hierarchical vs full: ${(hier.stats.pairs / full.stats.pairs).toFixed(3)} of the pairs, ${(hier.stats.seconds / full.stats.seconds).toFixed(3)} of the time`,
    );
    console.log(`Top code agrees with full scoring on ${pct(sameCode)} of texts; its domain on ${pct(sameDomain)}`);
    console.log(
      `Top code = the gold CMP code: full ${pct(goldFull)}, hierarchical ${pct(goldHier)} (chance about ${(100 / codes.length).toFixed(1)}%; random weights)`,
    );
    await t.core.shutdown();
    await engine.close();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`bench-hierarchy: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

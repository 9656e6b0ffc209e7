// The training-data split on real multi-label corpora, and the NLI pairs on the same split as the
// Hugging Face export. GermEval 2017 (Deutsche Bahn feedback) tags each text with aspect categories,
// 19 of them in 119 combinations: grouping by the whole combination (the split before iterative
// stratification) rounds each of the many small groups on its own. GermEval 2021 (three binary
// tasks) has few combinations, where both do well. Measured here, before and after.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { hypothesisFor } from '../codebook/hypotheses';
import { corpusFile } from '../test-support/corpora';
import { useTempDir } from '../test-support/temp-dir';
import { runExport } from './export-job';
import { iterativeSplit, stratifiedSplit, type MultiLabelItem } from './split';
import { decide, makeExportProject } from './test-support/export-project';

const tmp = useTempDir();
/** Aspect categories among the first 600 GermEval 2017 texts with an aspect. */
const LABELS_IN_FIRST_600 = 17;

/** GermEval 2017 texts with at least one aspect, labelled by their aspect categories ("Zugfahrt#Haupt:negative" -> Zugfahrt). */
function germeval2017(): Array<{ id: string; text: string; labels: string[] }> {
  return readFileSync(corpusFile('germeval2017_db_sentiment', 'test.tsv'), 'utf8')
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((r) => r.length > 4 && r[4]!.trim() !== '')
    .map((r, i) => ({
      id: String(i + 1),
      text: r[1]!,
      labels: [
        ...new Set(
          r[4]!
            .split(' ')
            .filter(Boolean)
            .map((a) => a.split(':')[0]!.split('#')[0]!),
        ),
      ],
    }));
}

function germeval2021(): MultiLabelItem[] {
  const rows = parse(readFileSync(corpusFile('germeval2021_toxic', 'test.csv')), { columns: true }) as Record<string, string>[];
  return rows
    .map((r, i) => ({ id: i + 1, labels: ['Sub1_Toxic', 'Sub2_Engaging', 'Sub3_FactClaiming'].filter((k) => r[k] === '1') }))
    .filter((x) => x.labels.length > 0);
}

/** The split before: one group per whole label set, each rounded on its own. */
const byLabelSet = (items: readonly MultiLabelItem[], f: number, seed: number) =>
  stratifiedSplit(
    items.map((x) => ({ id: x.id, stratum: [...x.labels].sort().join('|') })),
    f,
    seed,
  );

/** The largest distance of a label's test share from f, over labels with at least `min` documents. */
function worstLabel(items: readonly MultiLabelItem[], test: ReadonlySet<number>, f: number, min = 10): number {
  const labels = [...new Set(items.flatMap((x) => x.labels))];
  let worst = 0;
  for (const l of labels) {
    const with_ = items.filter((x) => x.labels.includes(l));
    if (with_.length < min) continue;
    worst = Math.max(worst, Math.abs(with_.filter((x) => test.has(x.id)).length / with_.length - f));
  }
  return worst;
}

describe('iterative stratification (Sechidis et al. 2011)', () => {
  it('GermEval 2017 aspects: the test share and each label share close to the one asked, where grouping by label set drifts', () => {
    const items: MultiLabelItem[] = germeval2017().map((d) => ({ id: Number(d.id), labels: d.labels }));
    expect(items).toHaveLength(2095);
    for (const [f, seed] of [
      [0.2, 42],
      [0.1, 7],
      [0.3, 1],
    ] as const) {
      const before = byLabelSet(items, f, seed);
      const after = iterativeSplit(items, f, seed);
      // Before (measured): 19.1% / 9.4% / 29.4% test, a label up to 6.5-9.2 points off its share.
      expect(worstLabel(items, before, f)).toBeGreaterThan(0.05);
      // After: within half a point overall, and every label of 10+ documents within 2 points.
      expect(Math.abs(after.size / items.length - f)).toBeLessThan(0.005);
      expect(worstLabel(items, after, f)).toBeLessThan(0.02);
      // Reproducible by seed.
      expect([...iterativeSplit(items, f, seed)]).toEqual([...after]);
    }
  });

  it('GermEval 2021 (three tasks, few combinations): each label within one point; overall within two', () => {
    const items = germeval2021();
    expect(items).toHaveLength(634);
    const after = iterativeSplit(items, 0.2, 42);
    // Measured: 21.45% test. With three heavily overlapping labels the algorithm, which balances
    // labels, not documents, overshoots the document share a little; each label's share is exact
    // to 0.2 points. Grouping by label set gets 20.03% here.
    expect(Math.abs(after.size / items.length - 0.2)).toBeLessThan(0.02);
    expect(worstLabel(items, after, 0.2)).toBeLessThan(0.01);
    expect(worstLabel(items, byLabelSet(items, 0.2, 42), 0.2)).toBeLessThan(0.01);
  });
});

describe('NLI pairs on the datasets split', () => {
  interface Pair {
    id: string;
    premise: string;
    hypothesis: string;
    label: string | number;
    label_text?: string;
    label_name: string;
  }
  const lines = <T>(path: string) =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as T);

  it('test documents never in training pairs, each with every label; balanced not_entailment pairs; 0/1 labels as asked', async () => {
    const docs = germeval2017().slice(0, 600);
    const labelNames = [...new Set(docs.flatMap((d) => d.labels))].sort();
    const p = makeExportProject(
      tmp(),
      docs.map((d) => ({ id: d.id, text: d.text })),
      { name: 'Aspects', multiLabel: true, template: 'Der Text handelt von {}.', labels: labelNames.map((name) => ({ name })) },
    );
    docs.forEach((d, i) => decide(p, { documentId: p.docs[i]!, labels: d.labels.map((l) => p.label[l]!) }));
    const out = join(tmp(), 'out');
    mkdirSync(out);
    const common = {
      projectPath: p.path,
      questionId: p.question.id,
      filter: 'coded' as const,
      seed: 11,
      testFraction: 0.2,
      appVersion: 'test',
      signal: new AbortController().signal,
      onProgress: () => {},
    };
    await runExport({ ...common, exportId: 'hf', format: 'hf', target: { kind: 'file', path: join(out, 'ds') } });
    const r = await runExport({
      ...common,
      exportId: 'nli',
      format: 'nli',
      nliLabels: 'numeric',
      target: { kind: 'file', path: join(out, 'aspects-nli.jsonl') },
    });
    const hfTest = new Set(lines<{ id: string }>(join(out, 'ds', 'test.jsonl')).map((x) => x.id));
    const hfTrain = new Set(lines<{ id: string }>(join(out, 'ds', 'train.jsonl')).map((x) => x.id));
    const train = lines<Pair>(join(out, 'aspects-nli.jsonl'));
    const test = lines<Pair>(join(out, 'aspects-nli.test.jsonl'));
    expect(hfTest.size).toBeGreaterThan(100);
    // The same split: the NLI test file holds exactly the hf test documents, training exactly the rest.
    expect(new Set(test.map((x) => x.id))).toEqual(hfTest);
    expect(new Set(train.map((x) => x.id))).toEqual(hfTrain);
    for (const x of train) expect(hfTest.has(x.id)).toBe(false);
    // Test: every label for every test document, in codebook order, hypotheses as the engine builds them.
    const byName = new Map(p.question.labels.map((l) => [l.name, l]));
    const labelsOf = new Map(docs.map((d) => [d.id, new Set(d.labels)]));
    expect(test).toHaveLength(hfTest.size * labelNames.length);
    for (const x of test) {
      expect(x.hypothesis).toBe(hypothesisFor(p.question, byName.get(x.label_name)!));
      const yes = labelsOf.get(x.id)!.has(x.label_name);
      expect(x.label).toBe(yes ? 0 : 1);
      expect(x.label_text).toBe(yes ? 'entailment' : 'not_entailment');
    }
    // Training, balanced: per document one not_entailment pair per entailment pair, of labels not chosen.
    const perDoc = new Map<string, Pair[]>();
    for (const x of train) perDoc.set(x.id, [...(perDoc.get(x.id) ?? []), x]);
    for (const [id, pairs] of perDoc) {
      const chosen = labelsOf.get(id)!;
      const yes = pairs.filter((x) => x.label === 0);
      const no = pairs.filter((x) => x.label === 1);
      expect(yes.map((x) => x.label_name).sort()).toEqual([...chosen].sort());
      expect(no).toHaveLength(Math.min(chosen.size, labelNames.length - chosen.size));
      for (const x of no) expect(chosen.has(x.label_name)).toBe(false);
    }
    const entail = train.filter((x) => x.label === 0).length;
    const balanced = [...perDoc.keys()].reduce(
      (n, id) => n + Math.min(labelsOf.get(id)!.size, labelNames.length - labelsOf.get(id)!.size),
      0,
    );
    expect(train.filter((x) => x.label === 1)).toHaveLength(balanced);
    // As many not_entailment as entailment pairs, but for a document with more than half the labels
    // (k > L - k: only L - k labels are left to draw from).
    const short = [...perDoc.keys()].reduce((n, id) => n + Math.max(0, 2 * labelsOf.get(id)!.size - labelNames.length), 0);
    expect(entail - balanced).toBe(short);
    expect(labelNames).toHaveLength(LABELS_IN_FIRST_600);
    expect(r.rows).toBe(train.length + test.length);
    const manifest = JSON.parse(readFileSync(join(out, 'aspects-nli.jsonl.manifest.json'), 'utf8')) as {
      split: { method: string; test: number };
      nli: { negatives: string; labels: string; label2id: Record<string, number> };
    };
    expect(manifest.split).toMatchObject({ test: hfTest.size, method: expect.stringMatching(/iterative stratification/) });
    expect(manifest.nli).toMatchObject({ negatives: 'balanced', labels: 'numeric', label2id: { entailment: 0, not_entailment: 1 } });

    // 'all': every label not chosen makes a training pair.
    const all = await runExport({
      ...common,
      exportId: 'nli-all',
      format: 'nli',
      nliNegatives: 'all',
      target: { kind: 'file', path: join(out, 'all.jsonl') },
    });
    expect(lines<Pair>(join(out, 'all.jsonl'))).toHaveLength(hfTrain.size * labelNames.length);
    expect(all.rows).toBe((hfTrain.size + hfTest.size) * labelNames.length);
  });
});

// The corpus counts per metadata value behind a breakdown ([Note: group counts cache]): asked again
// with nothing changed they are the same, and pre-labelling more units under the same model input
// changes them; each time they equal a plain count of the documents' metadata and model labels.
import { describe, expect, it } from 'vitest';
import { useEvaluationProjects } from './test-support/use-evaluation-projects';
import { currentHash, independentModel, storeSeededRun, type EvaluationProject } from './test-support/evaluation-project';

const project = useEvaluationProjects();

/** Per language: how many units the model labels, and how many of each label (by name). */
function plainCounts(p: EvaluationProject): Array<{ group: string; corpusN: number; naive: Record<string, number> }> {
  const question = p.single;
  const names = new Map(question.labels.map((l) => [l.id, l.name]));
  const model = independentModel(
    p.db(),
    question.id,
    currentHash(p.db(), question.id),
    question.labels.map((l) => l.id),
    false,
  );
  const lang = new Map(
    (p.db().prepare("SELECT id, json_extract(metadata, '$.lang') AS lang FROM documents").all() as Array<{ id: number; lang: string }>).map(
      (d) => [d.id, d.lang],
    ),
  );
  const out = new Map<string, { group: string; corpusN: number; naive: Record<string, number> }>();
  for (const [d, v] of model) {
    const g = lang.get(d)!;
    const row = out.get(g) ?? { group: g, corpusN: 0, naive: {} };
    out.set(g, row);
    row.corpusN++;
    const label = names.get(v.labels[0]!)!;
    row.naive[label] = (row.naive[label] ?? 0) + 1;
  }
  return [...out.values()].sort((a, b) => a.group.localeCompare(b.group));
}

async function groups(p: EvaluationProject) {
  const r = await p.t.call('evaluation.run', {
    questionId: p.single.id,
    against: 'gold',
    groupBy: 'lang',
    bootstrap: { replicates: 200, seed: 1 },
  });
  return r.prevalence!.groups!.map((g) => ({
    group: g.group,
    corpusN: g.corpusN,
    naive: Object.fromEntries(
      g.labels.filter((l) => l.naive!.estimate > 0).map((l) => [l.label, Math.round(l.naive!.estimate * g.corpusN)]),
    ),
  }));
}

describe('corpus counts per metadata value', () => {
  it('stay right while pre-labelling goes on under the same model input', async () => {
    const p = await project(60, 4);
    storeSeededRun(p, 0, 2, p.ids.slice(0, 25));
    const first = await groups(p);
    expect(first.reduce((a, g) => a + g.corpusN, 0)).toBe(25);
    expect(first).toEqual(plainCounts(p));
    expect(await groups(p)).toEqual(first);

    // The rest of the units scored by a second run with the same codebook and model: the same hash.
    const hash = currentHash(p.db(), p.single.id);
    storeSeededRun(p, 0, 3, p.ids.slice(25));
    expect(currentHash(p.db(), p.single.id)).toBe(hash);
    const second = await groups(p);
    expect(second.reduce((a, g) => a + g.corpusN, 0)).toBe(60);
    expect(second).toEqual(plainCounts(p));
  });
});

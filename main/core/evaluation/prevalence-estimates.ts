// The corpus share of each label (issue 13, item 9): the model's naive count over every unit with a
// current prediction, the human-only share of the labelled documents, and prediction-powered
// inference (PPI, and power-tuned PPI++) that combines both; overall and per metadata value. The
// estimators are main/core/stats/prevalence.ts; this file feeds them the corpus counts (SQL) and the
// used documents. They are valid only when the labelled documents are a simple random sample of the
// units counted in N: the evaluation says so when they are not.
import type { LabelPrevalenceView, PrevalenceView } from '../../../common/contract';
import { groupPrevalence, labelPrevalence, type LabelPrevalence, type PrevalenceInput } from '../stats';
import type { CorpusCounts } from './corpus-counts';
import type { UsedDocument } from './metrics';

function input(
  labels: readonly string[],
  names: Map<string, string>,
  corpus: CorpusCounts,
  docs: readonly UsedDocument[],
): PrevalenceInput {
  const counts: Record<string, number> = {};
  for (const [id, n] of corpus.counts) {
    const name = names.get(id);
    if (name !== undefined) counts[name] = (counts[name] ?? 0) + n;
  }
  return { labels, corpusN: corpus.n, corpusCounts: counts, sample: docs.map((d) => ({ model: d.model, human: d.truth })) };
}

function merge(plain: LabelPrevalence[], tuned: LabelPrevalence[]): LabelPrevalenceView[] {
  return plain.map((p, i) => ({ label: p.label, naive: p.naive, human: p.human, ppi: p.ppi, ppiPlusPlus: tuned[i]?.ppi ?? null }));
}

/**
 * Prevalence overall and, with `byGroup` (the corpus counts per value of a metadata column, '' for
 * units without one), per group. `names` maps label ids to the names the documents carry.
 */
export function prevalence(
  labels: readonly string[],
  names: Map<string, string>,
  corpus: CorpusCounts,
  docs: readonly UsedDocument[],
  byGroup: Map<string, CorpusCounts> | null,
  confidence: number,
): PrevalenceView | null {
  if (corpus.n === 0) return null;
  // The sample side is the used documents: those with a truth and a current prediction, so each is one of the N.
  const overall = input(labels, names, corpus, docs);
  const view: PrevalenceView = {
    corpusN: corpus.n,
    sampleN: docs.length,
    labels: merge(labelPrevalence(overall, { confidence }), labelPrevalence(overall, { confidence, powerTuning: true })),
    groups: null,
  };
  if (byGroup) {
    const groups = [...byGroup.keys()].sort().map((g) => ({
      group: g,
      ...input(
        labels,
        names,
        byGroup.get(g)!,
        docs.filter((d) => (d.group ?? '') === g),
      ),
    }));
    const plain = groupPrevalence(groups, { confidence });
    const tuned = groupPrevalence(groups, { confidence, powerTuning: true });
    view.groups = plain.map((g, i) => ({
      group: g.group,
      corpusN: g.corpusN,
      sampleN: g.sampleN,
      labels: merge(g.labels, tuned[i]!.labels),
    }));
  }
  return view;
}

// Aggregation of unit results to their parent document (export level 'parent'): the decisions
// and the pre-labels of a parent's units, combined by a declared rule (contract: aggregateRules).
//
// [Note: aggregation rules] Counted per parent over its units:
// - decided units: units whose current decision gives labels (kind 'label'); skipped, "not
//   codable" and open units are counted apart and never vote.
// - scored units: units with a current suggestion (the current model-input hash).
// any       labels: every label of any decided unit.        pre-labels: every label suggested for any scored unit.
// majority  labels: in more than half of the decided units; exactly half is a tie (own column).
//           pre-labels: the same over the scored units' suggested labels.
// max_score pre-labels: per label the maximum score over the scored units, then the question's
//           rule: single-label the label with the highest maximum (several equal maxima: none, listed as ties), multi-label
//           every label at 0.5 or above; the maxima are number columns. Decisions have no score:
//           the maximum over units of "has the label" (1 or 0) is `any`.
// share     per label the share of decided units that have it (pre-labels: of scored units whose
//           suggestion has it), number columns; labels and ties as majority.
// A parent with no decided (scored) unit has empty labels (suggestion) and shares.
import type { AggregateRule, CodebookQuestion, Suggestion } from '../../../common/contract';

export interface UnitVote {
  kind: 'label' | 'skip' | 'not_codable' | null;
  labelIds: readonly string[];
  suggestion: Suggestion | null;
}

/** What one parent's units add up to, before a rule reads it. */
export class ParentTally {
  units = 0;
  decided = 0;
  skipped = 0;
  notCodable = 0;
  scored = 0;
  readonly labelCounts = new Map<string, number>();
  readonly suggestedCounts = new Map<string, number>();
  readonly maxScores = new Map<string, number>();

  add(u: UnitVote): void {
    this.units++;
    if (u.kind === 'label') {
      this.decided++;
      for (const id of new Set(u.labelIds)) this.labelCounts.set(id, (this.labelCounts.get(id) ?? 0) + 1);
    } else if (u.kind === 'skip') this.skipped++;
    else if (u.kind === 'not_codable') this.notCodable++;
    if (u.suggestion) {
      this.scored++;
      for (const id of new Set(u.suggestion.labelIds)) this.suggestedCounts.set(id, (this.suggestedCounts.get(id) ?? 0) + 1);
      for (const s of u.suggestion.scores) this.maxScores.set(s.labelId, Math.max(this.maxScores.get(s.labelId) ?? 0, s.score));
    }
  }
}

export interface Aggregated {
  /** Label ids in codebook order. */
  labels: string[];
  ties: string[];
  /** share: per label id its share (null without decided units); other rules: empty. */
  shares: Map<string, number | null>;
  suggestion: string[];
  suggestionTies: string[];
  /** share: per label the share of scored units suggesting it; max_score: per label the maximum score. */
  suggestionValues: Map<string, number | null>;
}

function byVotes(
  order: readonly string[],
  counts: Map<string, number>,
  of: number,
  rule: 'any' | 'majority',
): { labels: string[]; ties: string[] } {
  if (rule === 'any') return { labels: order.filter((id) => (counts.get(id) ?? 0) > 0), ties: [] };
  if (of === 0) return { labels: [], ties: [] };
  return {
    labels: order.filter((id) => 2 * (counts.get(id) ?? 0) > of),
    ties: order.filter((id) => 2 * (counts.get(id) ?? 0) === of),
  };
}

export function aggregate(t: ParentTally, rule: AggregateRule, question: CodebookQuestion): Aggregated {
  const order = question.labels.map((l) => l.id);
  const voting = rule === 'any' || rule === 'max_score' ? 'any' : 'majority';
  const decided = byVotes(order, t.labelCounts, t.decided, voting);
  const shares = new Map<string, number | null>();
  const suggestionValues = new Map<string, number | null>();
  if (rule === 'share') {
    for (const id of order) {
      shares.set(id, t.decided === 0 ? null : (t.labelCounts.get(id) ?? 0) / t.decided);
      suggestionValues.set(id, t.scored === 0 ? null : (t.suggestedCounts.get(id) ?? 0) / t.scored);
    }
  }
  if (rule !== 'max_score') {
    const suggested = byVotes(order, t.suggestedCounts, t.scored, voting);
    return {
      labels: decided.labels,
      ties: decided.ties,
      shares,
      suggestion: suggested.labels,
      suggestionTies: suggested.ties,
      suggestionValues,
    };
  }
  for (const id of order) suggestionValues.set(id, t.scored === 0 ? null : (t.maxScores.get(id) ?? 0));
  let suggestion: string[] = [];
  let suggestionTies: string[] = [];
  if (t.scored > 0) {
    if (question.multiLabel) suggestion = order.filter((id) => (t.maxScores.get(id) ?? 0) >= 0.5);
    else {
      const best = Math.max(...order.map((id) => t.maxScores.get(id) ?? 0));
      const top = order.filter((id) => t.maxScores.has(id) && t.maxScores.get(id) === best);
      suggestion = top.length === 1 ? top : [];
      suggestionTies = top.length > 1 ? top : [];
    }
  }
  return { labels: decided.labels, ties: decided.ties, shares, suggestion, suggestionTies, suggestionValues };
}

/** One sentence per rule for the manifest. */
export const RULE_DESCRIPTIONS: Record<AggregateRule, string> = {
  any: 'A parent has a label when any of its decided units has it (pre-labels: when any scored unit is suggested it).',
  majority:
    'A parent has a label when more than half of its decided units have it; a label of exactly half is a tie (label_ties). Pre-labels: the same over scored units.',
  max_score:
    "Pre-labels: per label the maximum score over the parent's scored units (max_score columns), then the question's rule (single-label: the highest, or when several share the highest none, listed as ties in suggestion_ties; multi-label: every label at 0.5 or above). Decisions have no score: a parent has a label when any decided unit has it.",
  share:
    'Per label the share of decided units that have it (share columns; pre-labels: of scored units suggested it, suggestion_share columns); labels and ties as majority.',
};

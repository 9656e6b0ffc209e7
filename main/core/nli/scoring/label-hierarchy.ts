// The label tree of a question for hierarchical scoring: which labels are asked first (the top
// level), which are asked only under a chosen parent, and which can be a suggestion (the leaves).
// Labels name their parent (codebook.ts: `parent` is the parent label's name); a parent that is
// archived, missing or part of a cycle makes its label top-level, so no label is ever unreachable.
import type { CodebookLabel } from '../../../../common/contract';

export interface LabelHierarchy {
  /** Indices (into the labels given) of the top-level labels: always scored first. */
  roots: number[];
  /** Per top-level label, the indices of all labels below it (children, grandchildren, ...). */
  below: Map<number, number[]>;
  /** Indices of the labels without children: the candidates for a suggestion. */
  leaves: number[];
}

export function labelHierarchy(labels: readonly Pick<CodebookLabel, 'name' | 'parent'>[]): LabelHierarchy {
  const byName = new Map(labels.map((l, i) => [l.name, i]));
  const parentOf = labels.map((l) => (l.parent && l.parent !== l.name ? (byName.get(l.parent) ?? -1) : -1));
  const rootOf = (i: number): number => {
    const seen = new Set<number>();
    let at = i;
    while (parentOf[at]! >= 0 && !seen.has(at)) {
      seen.add(at);
      at = parentOf[at]!;
    }
    // A cycle has no top: its labels stand on their own.
    return seen.has(at) && parentOf[at]! >= 0 ? i : at;
  };
  const roots: number[] = [];
  const below = new Map<number, number[]>();
  const hasChild = new Set<number>();
  labels.forEach((_, i) => {
    const root = rootOf(i);
    if (root === i) {
      roots.push(i);
      return;
    }
    hasChild.add(parentOf[i]!);
    const list = below.get(root) ?? [];
    list.push(i);
    below.set(root, list);
  });
  for (const r of roots) if (below.has(r)) hasChild.add(r);
  return { roots, below, leaves: labels.map((_, i) => i).filter((i) => !hasChild.has(i)) };
}

// The margin of a suggestion: its top probability minus the second's (issue 16, the uncertain band).
// Kept apart, with no imports, so the coding state's writers and the band's report share it.

/** Top minus second probability; 1 with a single label. */
export function marginOf(scores: ReadonlyArray<{ score: number }>): number {
  if (scores.length < 2) return 1;
  let a = -Infinity;
  let b = -Infinity;
  for (const { score } of scores) {
    if (score > a) {
      b = a;
      a = score;
    } else if (score > b) b = score;
  }
  return a - b;
}

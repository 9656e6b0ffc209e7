// English strings of the Pre-label screen's line on pairs reused from identical texts (issue 18).
export const prelabelReuseEn = {
  'prelabelReuse.line': {
    one: '{count} pair reused from identical texts (the same model input, so the same logits, without running the model again).',
    other: '{count} pairs reused from identical texts (the same model input, so the same logits, without running the model again).',
  },
} as const;

// Version 10: the margin of each document's current suggestion (issue 16, the uncertain band).
//
// coding_state.suggestion_margin: the top label's probability minus the second's, on the scale the
// suggestion itself uses (the softmax across labels of the raw zero-shot scores, or the calibrated
// classifier's probabilities while it is on: [Note: one scale for the band] in
// thresholds/uncertain-band.ts); NULL for multi-label questions (no band) and where there is no
// suggestion. The queue's "uncertain first" order reads it through its index; the band's report
// counts through it.
//
// Existing projects: the margin comes from the stored logits by the zero-shot scoring of
// nli/scoring (and the calibrated classifier), which SQL cannot reproduce. So this version forgets
// which model input the suggestion columns were built for (coding_state_hashes): the first read of a
// question (a queue page, Browse, an evaluation) or its next pre-label run rebuilds its suggestions
// from the stored predictions with coding/coding-state.ts, margins included, as version 2 filled
// them. Decisions are untouched.
export const version = 10;

export const sql = /* sql */ `
ALTER TABLE coding_state ADD COLUMN suggestion_margin REAL;
CREATE INDEX coding_state_margin ON coding_state(question_id, suggestion_hash, suggestion_margin) WHERE suggestion_margin IS NOT NULL;
DELETE FROM coding_state_hashes;
`;

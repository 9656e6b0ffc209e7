// Version 5: a decision made where no suggestion was shown is neither "accepted" nor "changed".
//
// Versions 2-4 stored coding_state.accepted = 0 for such decisions (the backfill of version 2 and the
// decision writer alike), so Browse marked them "changed" and its "changed" filter and count
// included them, although the coder changed nothing. The decision log (annotations) was always
// right: suggestion_label_ids is NULL there. This resets the derived column from the log; the
// tally triggers of version 3 move the counts with it.
export const version = 5;

export const sql = /* sql */ `
UPDATE coding_state SET accepted = NULL
WHERE accepted IS NOT NULL
  AND annotation_id IN (SELECT id FROM annotations WHERE suggestion_label_ids IS NULL);
`;

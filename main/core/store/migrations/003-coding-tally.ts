// Version 3: per-question decision counts kept up to date by triggers on the coding state, so that
// progress (asked for with every queue page and after every decision) reads a handful of rows
// instead of counting the decided documents of a million; and indexes for the Browse filters that
// combine "open" or "decided" with a suggestion or confidence (coding/browse.ts).
//
// [Note: coding tally] coding_tally holds, per question, the number of current decisions in
// buckets: 'kind:<kind>' (label, skip, not_codable), 'accepted:1' / 'accepted:0' (label decisions
// that took or changed the suggestion), 'first:<label>' (the decision's first label in codebook
// order, coding_state.label_id: the single-label count) and 'label:<label>' (every label of the
// decision: the multi-label count). Triggers on coding_state keep it in step with every path that
// writes the state (a decision, an undo, a rebuild, the backfill of version 2) without each path
// having to remember it; as a derived cache it is rebuilt with the state. The update triggers fire
// only on the decision columns: the suggestion writer, which stores a million rows per pre-label
// run, touches the suggestion columns only and so never pays for them. Buckets that fall to 0 stay
// (with n = 0): readers skip them.
export const version = 3;

const buckets = (row: 'new' | 'old') => /* sql */ `
  SELECT 'kind:' || ${row}.kind AS b
  UNION ALL SELECT 'accepted:' || ${row}.accepted WHERE ${row}.accepted IS NOT NULL
  UNION ALL SELECT 'first:' || ${row}.label_id WHERE ${row}.label_id IS NOT NULL
  UNION ALL SELECT 'label:' || value FROM json_each(${row}.label_ids)`;

// "WHERE true" keeps the parser from reading ON CONFLICT as a join constraint of the SELECT.
const add = (row: 'new' | 'old', delta: 1 | -1) => /* sql */ `
  INSERT INTO coding_tally (question_id, bucket, n) SELECT ${row}.question_id, b, ${delta} FROM (${buckets(row)}) WHERE true
  ON CONFLICT (question_id, bucket) DO UPDATE SET n = n + excluded.n;`;

const DECISION_COLUMNS = 'annotation_id, kind, label_ids, label_id, accepted';

export const sql = /* sql */ `
CREATE TABLE coding_tally (
  question_id TEXT NOT NULL,
  bucket TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (question_id, bucket)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER coding_tally_insert AFTER INSERT ON coding_state WHEN new.annotation_id IS NOT NULL BEGIN
  ${add('new', 1)}
END;
CREATE TRIGGER coding_tally_delete AFTER DELETE ON coding_state WHEN old.annotation_id IS NOT NULL BEGIN
  ${add('old', -1)}
END;
CREATE TRIGGER coding_tally_update_old AFTER UPDATE OF ${DECISION_COLUMNS} ON coding_state WHEN old.annotation_id IS NOT NULL BEGIN
  ${add('old', -1)}
END;
CREATE TRIGGER coding_tally_update_new AFTER UPDATE OF ${DECISION_COLUMNS} ON coding_state WHEN new.annotation_id IS NOT NULL BEGIN
  ${add('new', 1)}
END;

-- Browse: "open" with a confidence sort or range, or with a suggestion, reads only the open rows, in
-- order and without looking each row up for its decision; "decided" filters (accepted, changed, a
-- status) sorted by confidence read only the decided rows instead of walking every suggestion.
CREATE INDEX coding_state_open_confidence ON coding_state(question_id, suggestion_hash, suggestion_score) WHERE annotation_id IS NULL;
CREATE INDEX coding_state_open_suggestion ON coding_state(question_id, suggestion_hash, suggestion_label_id, suggestion_score) WHERE annotation_id IS NULL;
CREATE INDEX coding_state_decided_confidence ON coding_state(question_id, suggestion_hash, suggestion_score) WHERE annotation_id IS NOT NULL;
-- A coder filter names coder_id alone (set only with a decision), which this index answers without
-- looking up rows; it replaces the index of version 2 that needed "annotation_id IS NOT NULL".
DROP INDEX coding_state_coder;
CREATE INDEX coding_state_coder_id ON coding_state(question_id, coder_id) WHERE coder_id IS NOT NULL;

-- The decisions already in the state.
INSERT INTO coding_tally (question_id, bucket, n)
SELECT question_id, b, count(*) FROM (
  SELECT question_id, 'kind:' || kind AS b FROM coding_state WHERE annotation_id IS NOT NULL
  UNION ALL SELECT question_id, 'accepted:' || accepted FROM coding_state WHERE annotation_id IS NOT NULL AND accepted IS NOT NULL
  UNION ALL SELECT question_id, 'first:' || label_id FROM coding_state WHERE annotation_id IS NOT NULL AND label_id IS NOT NULL
  UNION ALL SELECT s.question_id, 'label:' || j.value FROM coding_state s, json_each(s.label_ids) j WHERE s.annotation_id IS NOT NULL
) GROUP BY question_id, b;
`;

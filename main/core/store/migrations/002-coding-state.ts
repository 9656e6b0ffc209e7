// Version 2: the coding state, one row per (question, document) that has a decision or a
// suggestion, maintained with every decision, undo and stored pre-label batch (main/core/coding).
//
// [Note: coding state] The decision log (annotations) stays the truth; coding_state is derived from
// it and from the stored logits so that Annotate and Browse can filter and sort a million documents
// through indexes instead of replaying the log or re-scoring logits per page. It holds the current
// decision (the latest decision of any coder that no undo row points at) and the top suggestion with
// the model-input hash it was made under: a suggestion counts only while that hash is the question's
// current one. It has no foreign keys on purpose: it is a cache that coding/coding-state.ts can
// rebuild from the log and the predictions at any time.
export const version = 2;

export const sql = /* sql */ `
CREATE TABLE coding_state (
  question_id TEXT NOT NULL,
  document_id INTEGER NOT NULL,
  annotation_id TEXT,                  -- the current decision; NULL: open
  kind TEXT CHECK (kind IN ('label', 'skip', 'not_codable')),
  label_ids TEXT,                      -- JSON array of the decision's label uuids
  label_id TEXT,                       -- its first label in codebook order (sort by label)
  coder_id TEXT,
  decided_at TEXT,
  flagged INTEGER NOT NULL DEFAULT 0,
  note TEXT,
  accepted INTEGER,                    -- kind 'label': 1 when the labels were the suggestion's
  suggestion_label_id TEXT,            -- top label of the latest stored logits
  suggestion_score REAL,
  suggestion_run_id TEXT,
  suggestion_hash TEXT,                -- model-input hash of that run: stale unless current
  PRIMARY KEY (question_id, document_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX coding_state_confidence ON coding_state(question_id, suggestion_hash, suggestion_score);
CREATE INDEX coding_state_suggestion ON coding_state(question_id, suggestion_hash, suggestion_label_id, suggestion_score);
CREATE INDEX coding_state_decided ON coding_state(question_id, kind, accepted) WHERE annotation_id IS NOT NULL;
CREATE INDEX coding_state_decided_at ON coding_state(question_id, decided_at) WHERE annotation_id IS NOT NULL;
CREATE INDEX coding_state_label ON coding_state(question_id, label_id) WHERE label_id IS NOT NULL;
CREATE INDEX coding_state_coder ON coding_state(question_id, coder_id) WHERE annotation_id IS NOT NULL;
CREATE INDEX coding_state_flagged ON coding_state(question_id) WHERE flagged = 1;

-- The hash whose predictions the suggestion columns of a question hold wherever they exist; a
-- read under another current hash rebuilds them first (coding-state.ts, ensureSuggestions).
CREATE TABLE coding_state_hashes (
  question_id TEXT PRIMARY KEY,
  model_input_hash TEXT NOT NULL
) STRICT;

-- Undo looks for decisions that no undo row points at yet.
CREATE INDEX annotations_undoes ON annotations(undoes_id) WHERE undoes_id IS NOT NULL;

-- Backfill of the decisions already in the log; suggestions are filled on first read.
INSERT INTO coding_state (question_id, document_id, annotation_id, kind, label_ids, label_id, coder_id, decided_at, flagged, note, accepted)
SELECT a.question_id, a.document_id, a.id, a.kind, a.label_ids,
  (SELECT l.id FROM json_each(a.label_ids) j JOIN labels l ON l.id = j.value ORDER BY l.position LIMIT 1),
  a.coder_id, a.created_at, a.flagged, a.note,
  CASE WHEN a.kind <> 'label' THEN NULL
       WHEN a.suggestion_label_ids IS NULL THEN 0
       ELSE (SELECT group_concat(value, ',') FROM (SELECT value FROM json_each(a.label_ids) ORDER BY value))
         IS (SELECT group_concat(value, ',') FROM (SELECT value FROM json_each(a.suggestion_label_ids) ORDER BY value)) END
FROM annotations a
WHERE a.rowid = (
  SELECT b.rowid FROM annotations b
  WHERE b.document_id = a.document_id AND b.question_id = a.question_id AND b.kind <> 'undo'
    AND NOT EXISTS (SELECT 1 FROM annotations u WHERE u.undoes_id = b.id)
  ORDER BY b.created_at DESC, b.rowid DESC LIMIT 1);
`;

// Version 8: several coders (issue 14).
//
// - annotations.role: what a decision is. 'coding': a coder's own decision (the only kind before this
//   version); 'adjudication': the label an adjudicator settled a disagreement with; 'training': a
//   decision made in a training round (a training sample's queue), which trains the coder and never
//   counts as a label of the project.
// - coder_state: [Note: several coders] each coder's current decision per (question, document): that
//   coder's latest 'coding' decision that no undo cancels. A decision of one coder never replaces
//   another's: the coder's queue, the agreement and the coder's own view read this table. Like
//   coding_state it is a cache of the log, rebuilt from it at any time (coding/coding-state.ts).
// - coding_state keeps the project's current decision of a document, now resolved among the coders
//   (coding/resolution.ts): `coders` counts the coders with a current decision, `resolution` says how
//   the current one was chosen ('single', 'agreed', 'adjudicated', 'rule': a disagreement settled by
//   the project's rule; NULL while open). Rows decided before this version get 'single' where one
//   coder decided; where several did, resolution stays NULL and the core resolves them when the
//   project opens (coding-state.ts, resolveUnresolved), with the code that knows the rule.
// - samples.kind: what a sample is for. 'validation' (blind labels to measure the model), 'reliability'
//   (every coder codes it; the agreement is computed on it), 'training' (a training round's set).
//   `purpose` stays 'validation' for all: it names how a sample is coded (blind, in its own queue).
export const version = 8;

export const sql = /* sql */ `
ALTER TABLE annotations ADD COLUMN role TEXT NOT NULL DEFAULT 'coding' CHECK (role IN ('coding', 'adjudication', 'training'));
CREATE INDEX annotations_role ON annotations(question_id, role, document_id) WHERE role <> 'coding';

CREATE TABLE coder_state (
  question_id TEXT NOT NULL,
  coder_id TEXT NOT NULL,
  document_id INTEGER NOT NULL,
  annotation_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('label', 'skip', 'not_codable')),
  label_ids TEXT NOT NULL,             -- JSON array, codebook order
  decided_at TEXT NOT NULL,
  PRIMARY KEY (question_id, coder_id, document_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX coder_state_document ON coder_state(question_id, document_id);

ALTER TABLE coding_state ADD COLUMN coders INTEGER NOT NULL DEFAULT 0;
ALTER TABLE coding_state ADD COLUMN resolution TEXT CHECK (resolution IN ('single', 'agreed', 'adjudicated', 'rule'));
CREATE INDEX coding_state_resolution ON coding_state(question_id, resolution) WHERE annotation_id IS NOT NULL;

ALTER TABLE samples ADD COLUMN kind TEXT NOT NULL DEFAULT 'validation' CHECK (kind IN ('validation', 'reliability', 'training'));

-- Each coder's current decision from the log.
INSERT INTO coder_state (question_id, coder_id, document_id, annotation_id, kind, label_ids, decided_at)
SELECT question_id, coder_id, document_id, id, kind, label_ids, created_at FROM (
  SELECT a.*, row_number() OVER (PARTITION BY a.question_id, a.coder_id, a.document_id ORDER BY a.created_at DESC, a.rowid DESC) AS latest
  FROM annotations a
  WHERE a.kind <> 'undo' AND NOT EXISTS (SELECT 1 FROM annotations u WHERE u.undoes_id = a.id)
) WHERE latest = 1;

UPDATE coding_state SET coders = (
  SELECT count(*) FROM coder_state c WHERE c.question_id = coding_state.question_id AND c.document_id = coding_state.document_id
) WHERE annotation_id IS NOT NULL;
UPDATE coding_state SET resolution = 'single' WHERE annotation_id IS NOT NULL AND coders <= 1;
`;

// Version 7: validation samples and the provenance of each decision (issue 13).
//
// - samples, sample_documents: a seeded random sample of coding units drawn for a question (purpose
//   'validation': the documents a coder labels blind, so that the model can be compared with labels
//   made without seeing it). `options` (JSON) records how it was drawn: the size calculation, the
//   population, the stratification column and each stratum's share. `position` is the order in which
//   the sample's queue serves its documents (the draw's order). Ids are uuids, so two coders' copies
//   of a project merge; sample_documents name documents by their row id, as annotations do.
// - annotations.sample_id, blind: a decision made in a sample's queue (blind = 1: neither the
//   suggestion nor the gold label was shown). Such a decision still records the suggestion that was
//   current at the time (suggestion_label_ids, score, run), hidden, so model and human can be
//   compared on exactly the labels of that moment.
// - annotations.suggestion_shown: the recorded suggestion was on screen. Before this version a
//   suggestion was recorded only when shown, so older rows get suggestion_label_ids IS NOT NULL.
// - annotations.gold_shown: the document's gold label was on screen (the project's switch "Show gold
//   labels while coding"), so the decision is not independent of the gold.
// [Note: append-only provenance] The log stays append-only: these columns are written once, with
// the row; only this migration fills suggestion_shown for the rows before it, from what they say.
export const version = 7;

export const sql = /* sql */ `
CREATE TABLE samples (
  id TEXT PRIMARY KEY,                 -- uuid
  question_id TEXT NOT NULL REFERENCES questions(id),
  purpose TEXT NOT NULL CHECK (purpose IN ('validation')),
  seed INTEGER NOT NULL,
  size INTEGER NOT NULL,
  options TEXT NOT NULL DEFAULT '{}',  -- JSON: size calculation, population, stratification
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX samples_question ON samples(question_id, created_at);

CREATE TABLE sample_documents (
  sample_id TEXT NOT NULL REFERENCES samples(id),
  document_id INTEGER NOT NULL REFERENCES documents(id),
  position INTEGER NOT NULL,           -- 0-based order of the sample's queue
  PRIMARY KEY (sample_id, position)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX sample_documents_document ON sample_documents(sample_id, document_id);
CREATE INDEX sample_documents_by_document ON sample_documents(document_id);

ALTER TABLE annotations ADD COLUMN sample_id TEXT REFERENCES samples(id);
ALTER TABLE annotations ADD COLUMN blind INTEGER NOT NULL DEFAULT 0 CHECK (blind IN (0, 1));
ALTER TABLE annotations ADD COLUMN suggestion_shown INTEGER NOT NULL DEFAULT 0 CHECK (suggestion_shown IN (0, 1));
ALTER TABLE annotations ADD COLUMN gold_shown INTEGER NOT NULL DEFAULT 0 CHECK (gold_shown IN (0, 1));
UPDATE annotations SET suggestion_shown = 1 WHERE suggestion_label_ids IS NOT NULL;
CREATE INDEX annotations_sample ON annotations(sample_id, question_id, document_id) WHERE sample_id IS NOT NULL;

-- Browse's gold filters and the distinct gold values (Codebook: labels from gold values).
CREATE INDEX documents_gold ON documents(gold_label) WHERE gold_label IS NOT NULL;
`;

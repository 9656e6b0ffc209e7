// Version 1: the whole data model decided at the start (DESIGN.md, "Decisions to make at the start"),
// including tables whose features arrive later, so that files made now open unchanged then.
export const version = 1;

export const sql = /* sql */ `
CREATE TABLE project_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE coders (
  id TEXT PRIMARY KEY,                 -- uuid, stable across copies of the project
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE imports (
  id TEXT PRIMARY KEY,                 -- uuid
  status TEXT NOT NULL CHECK (status IN ('pending', 'committed', 'failed', 'cancelled')),
  source_name TEXT NOT NULL,
  format TEXT NOT NULL,
  options TEXT NOT NULL,               -- JSON: detection, parsing options and column mapping
  row_count INTEGER NOT NULL DEFAULT 0,
  skipped_count INTEGER NOT NULL DEFAULT 0,
  problems TEXT NOT NULL DEFAULT '[]', -- JSON: [{row, code, message}]
  started_at TEXT NOT NULL,
  finished_at TEXT
) STRICT;

-- Rows of a pending import are written in chunks and stay invisible until the import's status
-- becomes 'committed' in one final update.
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  import_id TEXT NOT NULL REFERENCES imports(id),
  row_number INTEGER NOT NULL,         -- 1-based data row in the source file
  external_id TEXT NOT NULL,           -- the id column's text, or the row number without one
  text TEXT NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}', -- JSON object of the other columns, as strings
  gold_label TEXT
) STRICT;
CREATE INDEX documents_import ON documents(import_id);
CREATE INDEX documents_external_id ON documents(external_id);

-- Full-text search over committed documents: word tokens (unicode61, accents folded). Scripts
-- written without spaces (Chinese, Japanese, Thai, ...) are indexed character by character, which
-- the importer prepares (store/search-text.ts), so they are searchable too. Contentless: the text
-- lives in documents; rows are deleted by rowid (contentless_delete).
CREATE VIRTUAL TABLE documents_fts USING fts5(
  text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE codebook_revisions (
  id TEXT PRIMARY KEY,                 -- uuid; stamped on every decision
  parent_id TEXT REFERENCES codebook_revisions(id),
  created_at TEXT NOT NULL,
  summary TEXT NOT NULL,               -- what changed, for the history
  snapshot TEXT NOT NULL               -- JSON: the whole codebook after the change
) STRICT;

CREATE TABLE questions (
  id TEXT PRIMARY KEY,                 -- uuid
  name TEXT NOT NULL UNIQUE,
  multi_label INTEGER NOT NULL DEFAULT 0,
  ordered INTEGER NOT NULL DEFAULT 0,  -- ordinal labels, for agreement statistics
  template TEXT NOT NULL DEFAULT 'This example is {}.',
  long_text TEXT NOT NULL DEFAULT 'truncate' CHECK (long_text IN ('truncate', 'windows')),
  position INTEGER NOT NULL,
  archived INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE labels (
  id TEXT PRIMARY KEY,                 -- uuid
  question_id TEXT NOT NULL REFERENCES questions(id),
  parent_id TEXT REFERENCES labels(id),
  name TEXT NOT NULL,
  code TEXT,                           -- e.g. the Manifesto code "504"
  description TEXT NOT NULL DEFAULT '',
  include_rules TEXT NOT NULL DEFAULT '',
  exclude_rules TEXT NOT NULL DEFAULT '',
  examples TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
  hypothesis TEXT,                     -- a full hypothesis that replaces the question's template
  color TEXT,
  hotkey TEXT,
  position INTEGER NOT NULL,
  archived INTEGER NOT NULL DEFAULT 0, -- labels with decisions are archived, never deleted
  UNIQUE (question_id, name)
) STRICT;

CREATE TABLE prelabel_runs (
  id TEXT PRIMARY KEY,                 -- uuid
  question_id TEXT NOT NULL REFERENCES questions(id),
  model_id TEXT NOT NULL,
  model_sha256 TEXT NOT NULL,
  model_input_hash TEXT NOT NULL,      -- template + hypotheses + model: what makes predictions stale
  codebook_revision_id TEXT REFERENCES codebook_revisions(id),
  status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'cancelled', 'done', 'failed')),
  options TEXT NOT NULL DEFAULT '{}',  -- JSON: window mode, max length, threads, provider
  error TEXT,
  created_at TEXT NOT NULL,
  finished_at TEXT
) STRICT;

-- Raw logits per document, label and window, so that single- vs multi-label scoring, calibration
-- and window aggregation can be recomputed without running the model again.
CREATE TABLE predictions (
  run_id TEXT NOT NULL REFERENCES prelabel_runs(id),
  document_id INTEGER NOT NULL REFERENCES documents(id),
  label_id TEXT NOT NULL REFERENCES labels(id),
  window INTEGER NOT NULL DEFAULT 0,
  entailment REAL NOT NULL,
  neutral REAL,                        -- absent in two-class models
  contradiction REAL NOT NULL,
  PRIMARY KEY (run_id, document_id, label_id, window)
) STRICT, WITHOUT ROWID;

CREATE TABLE prediction_documents (
  run_id TEXT NOT NULL REFERENCES prelabel_runs(id),
  document_id INTEGER NOT NULL REFERENCES documents(id),
  token_count INTEGER NOT NULL,        -- premise tokens before truncation
  truncated INTEGER NOT NULL DEFAULT 0,
  windows INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (run_id, document_id)
) STRICT, WITHOUT ROWID;

-- The append-only decision log. The current label of a document for a question is its latest
-- decision; undo, skip and "not codable" are rows too, so audit and undo read the same table.
CREATE TABLE annotations (
  id TEXT PRIMARY KEY,                 -- uuid, so two coders' copies merge
  document_id INTEGER NOT NULL REFERENCES documents(id),
  question_id TEXT NOT NULL REFERENCES questions(id),
  coder_id TEXT NOT NULL REFERENCES coders(id),
  kind TEXT NOT NULL CHECK (kind IN ('label', 'skip', 'not_codable', 'undo')),
  label_ids TEXT NOT NULL DEFAULT '[]',        -- JSON array of label uuids
  undoes_id TEXT REFERENCES annotations(id),   -- for kind = 'undo'
  suggestion_label_ids TEXT,                   -- JSON: what the model suggested when shown
  suggestion_score REAL,
  run_id TEXT REFERENCES prelabel_runs(id),
  codebook_revision_id TEXT REFERENCES codebook_revisions(id),
  seconds REAL,
  note TEXT,
  flagged INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX annotations_document ON annotations(document_id, question_id, created_at);
CREATE INDEX annotations_coder ON annotations(coder_id, created_at);
`;

-- index annotations_coder
CREATE INDEX annotations_coder ON annotations(coder_id, created_at);

-- index annotations_document
CREATE INDEX annotations_document ON annotations(document_id, question_id, created_at);

-- index annotations_role
CREATE INDEX annotations_role ON annotations(question_id, role, document_id) WHERE role <> 'coding';

-- index annotations_sample
CREATE INDEX annotations_sample ON annotations(sample_id, question_id, document_id) WHERE sample_id IS NOT NULL;

-- index annotations_undoes
CREATE INDEX annotations_undoes ON annotations(undoes_id) WHERE undoes_id IS NOT NULL;

-- index coder_state_document
CREATE INDEX coder_state_document ON coder_state(question_id, document_id);

-- index coding_state_coder_id
CREATE INDEX coding_state_coder_id ON coding_state(question_id, coder_id) WHERE coder_id IS NOT NULL;

-- index coding_state_confidence
CREATE INDEX coding_state_confidence ON coding_state(question_id, suggestion_hash, suggestion_score);

-- index coding_state_decided
CREATE INDEX coding_state_decided ON coding_state(question_id, kind, accepted) WHERE annotation_id IS NOT NULL;

-- index coding_state_decided_at
CREATE INDEX coding_state_decided_at ON coding_state(question_id, decided_at) WHERE annotation_id IS NOT NULL;

-- index coding_state_decided_confidence
CREATE INDEX coding_state_decided_confidence ON coding_state(question_id, suggestion_hash, suggestion_score) WHERE annotation_id IS NOT NULL;

-- index coding_state_flagged
CREATE INDEX coding_state_flagged ON coding_state(question_id) WHERE flagged = 1;

-- index coding_state_label
CREATE INDEX coding_state_label ON coding_state(question_id, label_id) WHERE label_id IS NOT NULL;

-- index coding_state_margin
CREATE INDEX coding_state_margin ON coding_state(question_id, suggestion_hash, suggestion_margin) WHERE suggestion_margin IS NOT NULL;

-- index coding_state_open_confidence
CREATE INDEX coding_state_open_confidence ON coding_state(question_id, suggestion_hash, suggestion_score) WHERE annotation_id IS NULL;

-- index coding_state_open_suggestion
CREATE INDEX coding_state_open_suggestion ON coding_state(question_id, suggestion_hash, suggestion_label_id, suggestion_score) WHERE annotation_id IS NULL;

-- index coding_state_resolution
CREATE INDEX coding_state_resolution ON coding_state(question_id, resolution) WHERE annotation_id IS NOT NULL;

-- index coding_state_suggestion
CREATE INDEX coding_state_suggestion ON coding_state(question_id, suggestion_hash, suggestion_label_id, suggestion_score);

-- index documents_external_id
CREATE INDEX documents_external_id ON documents(external_id);

-- index documents_gold
CREATE INDEX documents_gold ON documents(gold_label) WHERE gold_label IS NOT NULL;

-- index documents_import
CREATE INDEX documents_import ON documents(import_id);

-- index documents_parent
CREATE INDEX documents_parent ON documents(parent_id, segment_index) WHERE parent_id IS NOT NULL;

-- index prediction_documents_input_hash
CREATE INDEX prediction_documents_input_hash ON prediction_documents(input_hash) WHERE input_hash IS NOT NULL;

-- index sample_documents_by_document
CREATE INDEX sample_documents_by_document ON sample_documents(document_id);

-- index sample_documents_document
CREATE UNIQUE INDEX sample_documents_document ON sample_documents(sample_id, document_id);

-- index samples_question
CREATE INDEX samples_question ON samples(question_id, created_at);

-- table annotations
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
, sample_id TEXT REFERENCES samples(id), blind INTEGER NOT NULL DEFAULT 0 CHECK (blind IN (0, 1)), suggestion_shown INTEGER NOT NULL DEFAULT 0 CHECK (suggestion_shown IN (0, 1)), gold_shown INTEGER NOT NULL DEFAULT 0 CHECK (gold_shown IN (0, 1)), role TEXT NOT NULL DEFAULT 'coding' CHECK (role IN ('coding', 'adjudication', 'training'))) STRICT;

-- table codebook_revisions
CREATE TABLE codebook_revisions (
  id TEXT PRIMARY KEY,                 -- uuid; stamped on every decision
  parent_id TEXT REFERENCES codebook_revisions(id),
  created_at TEXT NOT NULL,
  summary TEXT NOT NULL,               -- what changed, for the history
  snapshot TEXT NOT NULL               -- JSON: the whole codebook after the change
) STRICT;

-- table coder_state
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

-- table coders
CREATE TABLE coders (
  id TEXT PRIMARY KEY,                 -- uuid, stable across copies of the project
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
) STRICT;

-- table coding_state
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
  suggestion_hash TEXT, coders INTEGER NOT NULL DEFAULT 0, resolution TEXT CHECK (resolution IN ('single', 'agreed', 'adjudicated', 'rule')), suggestion_margin REAL,                -- model-input hash of that run: stale unless current
  PRIMARY KEY (question_id, document_id)
) STRICT, WITHOUT ROWID;

-- table coding_state_hashes
CREATE TABLE coding_state_hashes (
  question_id TEXT PRIMARY KEY,
  model_input_hash TEXT NOT NULL
) STRICT;

-- table coding_tally
CREATE TABLE coding_tally (
  question_id TEXT NOT NULL,
  bucket TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (question_id, bucket)
) STRICT, WITHOUT ROWID;

-- table documents
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  import_id TEXT NOT NULL REFERENCES imports(id),
  row_number INTEGER NOT NULL,         -- 1-based data row in the source file
  external_id TEXT NOT NULL,           -- the id column's text, or the row number without one
  text TEXT NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}', -- JSON object of the other columns, as strings
  gold_label TEXT
, parent_id INTEGER REFERENCES documents(id), segment_index INTEGER, char_start INTEGER, char_end INTEGER) STRICT;

-- table documents_fts
CREATE VIRTUAL TABLE documents_fts USING fts5(
  text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);

-- table documents_fts_config
CREATE TABLE 'documents_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;

-- table documents_fts_data
CREATE TABLE 'documents_fts_data'(id INTEGER PRIMARY KEY, block BLOB);

-- table documents_fts_docsize
CREATE TABLE 'documents_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB, origin INTEGER);

-- table documents_fts_idx
CREATE TABLE 'documents_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

-- table imports
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
, owner TEXT, heartbeat_at TEXT, search_indexed_through INTEGER NOT NULL DEFAULT 0, search_indexed INTEGER NOT NULL DEFAULT 0 CHECK (search_indexed IN (0, 1)), segmented_by TEXT REFERENCES imports(id)) STRICT;

-- table labels
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

-- table prediction_documents
CREATE TABLE prediction_documents (
  run_id TEXT NOT NULL REFERENCES prelabel_runs(id),
  document_id INTEGER NOT NULL REFERENCES documents(id),
  token_count INTEGER NOT NULL,        -- premise tokens before truncation
  truncated INTEGER NOT NULL DEFAULT 0,
  windows INTEGER NOT NULL DEFAULT 1, input_hash BLOB,
  PRIMARY KEY (run_id, document_id)
) STRICT, WITHOUT ROWID;

-- table predictions
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

-- table prelabel_runs
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

-- table project_meta
CREATE TABLE project_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- table questions
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

-- table sample_documents
CREATE TABLE sample_documents (
  sample_id TEXT NOT NULL REFERENCES samples(id),
  document_id INTEGER NOT NULL REFERENCES documents(id),
  position INTEGER NOT NULL,           -- 0-based order of the sample's queue
  PRIMARY KEY (sample_id, position)
) STRICT, WITHOUT ROWID;

-- table samples
CREATE TABLE samples (
  id TEXT PRIMARY KEY,                 -- uuid
  question_id TEXT NOT NULL REFERENCES questions(id),
  purpose TEXT NOT NULL CHECK (purpose IN ('validation')),
  seed INTEGER NOT NULL,
  size INTEGER NOT NULL,
  options TEXT NOT NULL DEFAULT '{}',  -- JSON: size calculation, population, stratification
  created_at TEXT NOT NULL
, kind TEXT NOT NULL DEFAULT 'validation' CHECK (kind IN ('validation', 'reliability', 'training'))) STRICT;

-- trigger coding_tally_delete
CREATE TRIGGER coding_tally_delete AFTER DELETE ON coding_state WHEN old.annotation_id IS NOT NULL BEGIN
  
  INSERT INTO coding_tally (question_id, bucket, n) SELECT old.question_id, b, -1 FROM (
  SELECT 'kind:' || old.kind AS b
  UNION ALL SELECT 'accepted:' || old.accepted WHERE old.accepted IS NOT NULL
  UNION ALL SELECT 'first:' || old.label_id WHERE old.label_id IS NOT NULL
  UNION ALL SELECT 'label:' || value FROM json_each(old.label_ids)) WHERE true
  ON CONFLICT (question_id, bucket) DO UPDATE SET n = n + excluded.n;
END;

-- trigger coding_tally_insert
CREATE TRIGGER coding_tally_insert AFTER INSERT ON coding_state WHEN new.annotation_id IS NOT NULL BEGIN
  
  INSERT INTO coding_tally (question_id, bucket, n) SELECT new.question_id, b, 1 FROM (
  SELECT 'kind:' || new.kind AS b
  UNION ALL SELECT 'accepted:' || new.accepted WHERE new.accepted IS NOT NULL
  UNION ALL SELECT 'first:' || new.label_id WHERE new.label_id IS NOT NULL
  UNION ALL SELECT 'label:' || value FROM json_each(new.label_ids)) WHERE true
  ON CONFLICT (question_id, bucket) DO UPDATE SET n = n + excluded.n;
END;

-- trigger coding_tally_update_new
CREATE TRIGGER coding_tally_update_new AFTER UPDATE OF annotation_id, kind, label_ids, label_id, accepted ON coding_state WHEN new.annotation_id IS NOT NULL BEGIN
  
  INSERT INTO coding_tally (question_id, bucket, n) SELECT new.question_id, b, 1 FROM (
  SELECT 'kind:' || new.kind AS b
  UNION ALL SELECT 'accepted:' || new.accepted WHERE new.accepted IS NOT NULL
  UNION ALL SELECT 'first:' || new.label_id WHERE new.label_id IS NOT NULL
  UNION ALL SELECT 'label:' || value FROM json_each(new.label_ids)) WHERE true
  ON CONFLICT (question_id, bucket) DO UPDATE SET n = n + excluded.n;
END;

-- trigger coding_tally_update_old
CREATE TRIGGER coding_tally_update_old AFTER UPDATE OF annotation_id, kind, label_ids, label_id, accepted ON coding_state WHEN old.annotation_id IS NOT NULL BEGIN
  
  INSERT INTO coding_tally (question_id, bucket, n) SELECT old.question_id, b, -1 FROM (
  SELECT 'kind:' || old.kind AS b
  UNION ALL SELECT 'accepted:' || old.accepted WHERE old.accepted IS NOT NULL
  UNION ALL SELECT 'first:' || old.label_id WHERE old.label_id IS NOT NULL
  UNION ALL SELECT 'label:' || value FROM json_each(old.label_ids)) WHERE true
  ON CONFLICT (question_id, bucket) DO UPDATE SET n = n + excluded.n;
END;

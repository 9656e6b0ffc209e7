// Version 4: what a process needs to know about an import that another process may still be
// writing or indexing (issue 10, bugs 1 and 4).
//
// - owner, heartbeat_at: who writes a pending import (JSON {pid, host}) and when it last wrote a
//   chunk. Opening a project purges a pending import only when its owner is provably gone
//   ([Note: import liveness] in store/import-lock.ts).
// - search_indexed_through, search_indexed: how far the full-text index of a committed import got.
//   The documents of the import with an id up to search_indexed_through are in documents_fts;
//   search_indexed = 1 once all of them are. Both are written in the same transaction as each
//   chunk of the index, so a kill leaves them exact, and opening the project resumes from there
//   ([Note: resumable search index] in store/search-index.ts).
//
// Imports committed before this version start unverified (0, 0): a kill during their index step
// left no trace, so the first open indexes whatever documents of theirs the index lacks.
export const version = 4;

export const sql = /* sql */ `
ALTER TABLE imports ADD COLUMN owner TEXT;
ALTER TABLE imports ADD COLUMN heartbeat_at TEXT;
ALTER TABLE imports ADD COLUMN search_indexed_through INTEGER NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN search_indexed INTEGER NOT NULL DEFAULT 0 CHECK (search_indexed IN (0, 1));
`;

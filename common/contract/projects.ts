// Projects, documents and the app itself.
import type { ProblemSummary } from './imports';
import type { UnitOfAnalysis } from './segments';
import { uuid, z } from './zod';

export const documentQuery = z.object({
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
  /** With a question: each row carries the model's current suggestion for it. */
  questionId: uuid.optional(),
  /** Full-text search: every word must occur (as a word prefix; accents ignored). */
  search: z.string().max(500).optional(),
});

export interface AppInfo {
  version: string;
  face: 'electron' | 'browser' | 'cli';
  projectsDir: string;
}

export interface ProjectInfo {
  id: string;
  name: string;
  path: string;
  schemaVersion: number;
  createdAt: string;
  documentCount: number;
  /** Things the user should know about the file's location (network share, sync folder). */
  warnings: string[];
}

export interface RecentProject {
  path: string;
  name: string;
  openedAt: string;
  exists: boolean;
}

export interface ImportSummary {
  id: string;
  sourceName: string;
  format: string;
  status: 'pending' | 'committed' | 'failed' | 'cancelled';
  rowCount: number;
  skippedCount: number;
  /** Problem rows found while importing, by class. */
  problems: ProblemSummary[];
  startedAt: string;
  finishedAt: string | null;
  /** Committed and every document in the full-text index. */
  searchIndexed: boolean;
  /** Another window or process is writing (pending) or indexing (committed) this import. */
  runningElsewhere: boolean;
  /** The segmentation whose units replace this import's documents as coding units, if any. */
  segmentedBy: string | null;
}

/** The full-text index: whether search finds every visible document yet. */
export interface SearchIndexState {
  complete: boolean;
  /** Visible documents not yet known to be in the index. */
  pending: number;
  /** Visible documents. */
  total: number;
  /** The rest is being indexed now (by this window's background job or another window's import). */
  building: boolean;
}

export interface ProjectStats {
  documents: number;
  imports: ImportSummary[];
  annotations: number;
  predictions: number;
  search: SearchIndexState;
  /** Whole documents or the units of the project's segmentations. */
  units: UnitOfAnalysis;
}

export interface DocumentRow {
  id: number;
  externalId: string;
  text: string;
  metadata: Record<string, string>;
  /** The gold label from the import's gold column (after its value mapping), if any. */
  gold: string | null;
  /** Length of the whole text; `text` in lists is cut at 2,000 characters. */
  textLength: number;
  /** The top label of the current predictions for the asked question, if scored. */
  suggestion?: { labelId: string; label: string; score: number } | null;
}

export interface DocumentPage {
  total: number;
  offset: number;
  rows: DocumentRow[];
}

export interface FileChoice {
  path: string;
}

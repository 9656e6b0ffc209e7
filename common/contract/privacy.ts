// True deletion: documents (chosen ones, a search's matches, an import), a coder's decisions or a
// whole project, with their text gone from the file, its WAL, the search index and the backups
// ([Note: true deletion] in main/core/privacy/scrub.ts). Every deletion is counted first
// (`privacy.plan`) and confirmed with those counts (`privacy.delete` refuses when they changed).
import { nonEmpty, uuid, z } from './zod';

export const deletionTarget = z.discriminatedUnion('kind', [
  /** Documents by id (Browse's rows). A unit of a split takes its whole document with it: the
   * document's text holds the unit's. */
  z.object({ kind: z.literal('documents'), ids: z.array(z.number().int().positive()).min(1).max(1_000_000) }).strict(),
  /** Documents by their external ids (the id column of the import; a unit's `<document>#<n>`). */
  z.object({ kind: z.literal('externalIds'), externalIds: z.array(nonEmpty.max(1000)).min(1).max(1_000_000) }).strict(),
  /** Every coding unit whose text matches a search (Browse's search box). */
  z.object({ kind: z.literal('search'), search: nonEmpty.max(1000) }).strict(),
  /** An imported file: all its documents (and the units of their splits), and the import itself. */
  z.object({ kind: z.literal('import'), importId: uuid }).strict(),
  /** A coder: all their decisions (coding, adjudication, training) and notes, and the coder's name. */
  z.object({ kind: z.literal('coder'), coder: nonEmpty.max(200) }).strict(),
]);
export type DeletionTarget = z.infer<typeof deletionTarget>;

/** What a deletion removes, counted before it runs. */
export interface DeletionPlan {
  target: DeletionTarget;
  /** Whole documents (not units of a split). */
  documents: number;
  /** Units of splits (their text is part of their documents'). */
  units: number;
  /** Rows of the decision log: decisions, undos, adjudications, training decisions. */
  decisions: number;
  /** Documents with pre-label scores stored (their predictions go too). */
  predicted: number;
  /** Samples losing documents, and those left empty (removed). */
  samplesChanged: number;
  samplesRemoved: number;
  /** Imports left without documents (removed). */
  importsRemoved: number;
  /** Coders removed (kind 'coder'). */
  coders: number;
  /** Backup files beside the project: every one is removed, they hold the deleted text. */
  backups: number;
}

export const deletionPlanInput = z.object({ target: deletionTarget }).strict();

export const deletionInput = z
  .object({
    target: deletionTarget,
    /** The counts the person confirmed (from `privacy.plan`): refused when they changed meanwhile. */
    expected: z.object({ documents: z.number().int().min(0), units: z.number().int().min(0), decisions: z.number().int().min(0) }).strict(),
  })
  .strict();

export interface DeletionResult extends DeletionPlan {
  /** FTS5 'optimize' ran: the search index holds no entry of the deleted documents. */
  searchIndexOptimized: boolean;
  /** VACUUM ran: the file was rebuilt from the rows that remain. */
  vacuumed: boolean;
  /** wal_checkpoint(TRUNCATE) emptied the WAL; false while another process had the project open. */
  walTruncated: boolean;
  backupsRemoved: number;
  /** Browser mode: the kept exports (downloads) made from the project, removed; 0 in the desktop
   * app, whose exports are files the person chose and stay. */
  exportsRemoved: number;
  /** PRAGMA integrity_check after the deletion: 'ok'. */
  integrity: string;
}

export const projectDeletionInput = z
  .object({
    path: nonEmpty,
    /** The project's name, typed by the person (or given by the CLI with --yes). */
    confirmName: z.string().max(200),
  })
  .strict();

export const projectDeletionPlanInput = z.object({ path: nonEmpty }).strict();

export interface ProjectDeletionPlan {
  path: string;
  name: string;
  documents: number;
  decisions: number;
  /** The files that go: the project, its -wal and -shm, its import locks, and its backups. */
  files: string[];
  bytes: number;
}

export interface ProjectDeletionResult {
  path: string;
  filesRemoved: number;
  bytes: number;
  backupsRemoved: number;
  /** Browser mode: the kept exports (downloads) made from the project, removed; 0 in the desktop app. */
  exportsRemoved: number;
}

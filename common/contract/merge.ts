// Coder copies and merge (issue 14, item 3): a coder package is a project file with the codebook and
// the documents one coder is to code, without the other coders' decisions (and, blind, without the
// suggestions); coded offline, it is merged back. Documents are matched by external id and the
// SHA-256 of their text (never by row id), questions and labels by id, coders by name, decisions by
// their uuid (present already: nothing happens; so merging twice changes nothing).
import { nonEmpty, uuid, z } from './zod';

export const packageInput = z
  .object({
    /** The coder the package is for (created in the package if the project has no such coder yet). */
    coder: nonEmpty.max(100),
    /** Where the package is written (absent in the browser mode: into the served downloads folder). */
    path: nonEmpty.optional(),
    /** The documents of this (reliability or validation) sample; else `documents`. */
    sampleId: uuid.optional(),
    /** Without a sample: every coding unit ('all') or those this coder has not decided on every
     * question yet ('open', the default). */
    documents: z.enum(['all', 'open']).default('open'),
    /** No suggestions in the package (predictions left out) and its settings blind coders and hide
     * suggestions switched on. */
    blind: z.boolean().default(false),
  })
  .strict();
export type PackageInput = z.input<typeof packageInput>;

export interface PackageWritten {
  /** The file written (a path on the core's machine), its name, and in the browser mode the export
   * id it is downloaded by (exportDownloadPath). */
  path: string;
  name: string;
  exportId: string | null;
  coder: string;
  documents: number;
  /** The package coder's own decisions it keeps. */
  decisions: number;
  blind: boolean;
  /** The package's project id (a new one) and the project it was made from. */
  projectId: string;
  packageOf: string;
}

/** The copies to merge: paths (Electron, CLI) and/or files uploaded to the browser-mode server
 * (the upload route of imports; the merge itself refuses what is not a Prelabel file). */
export const mergeInput = z
  .object({
    paths: z.array(nonEmpty).max(100).default([]),
    uploadIds: z.array(uuid).max(100).default([]),
  })
  .strict()
  .refine((v) => v.paths.length + v.uploadIds.length > 0, { message: 'Name at least one copy to merge.' });
export type MergeInput = z.input<typeof mergeInput>;

/** 'other coder': a decision in a package made for another coder (not merged); 'clock ahead': a
 * decision stamped later than the merge itself (merged, but it will count as later than any decision
 * made here until then: the copy's clock ran ahead). */
export type MergeConflictKind =
  'document missing' | 'text differs' | 'decision differs' | 'undo target missing' | 'other coder' | 'clock ahead';

export interface MergeConflict {
  kind: MergeConflictKind;
  /** The document's external id (in the copy). */
  externalId: string;
  /** The decision's id for 'decision differs' and 'undo target missing'. */
  annotationId: string | null;
  message: string;
}

export interface MergeCopyReport {
  path: string;
  /** The copy's project_meta: which project it was packaged from and for whom (null if not a package). */
  packageOf: string | null;
  packageCoder: string | null;
  /** Whether the copy was made from this project (package.of equals the project id). */
  sameProject: boolean;
  /** The copy was of an older file format and was migrated in a temporary copy. */
  migratedFrom: number | null;
  coders: string[];
  /** Coders created in the project by this copy. */
  codersCreated: string[];
  decisionsNew: number;
  decisionsPresent: number;
  /** Decisions not merged (their document conflicts, or the same id with other content). */
  decisionsNotMerged: number;
  samplesNew: number;
  /** Decisions whose pre-label run the project does not know: merged without the run reference. */
  runsUnknown: number;
  questions: string[];
  conflicts: MergeConflict[];
}

export interface MergeReport {
  copies: MergeCopyReport[];
  decisionsNew: number;
  decisionsPresent: number;
  conflicts: number;
  /** (question, document) pairs whose current decision was resolved again. */
  documentsRefreshed: number;
}

/** Each coder with a current decision on a question, and how far they got ('coders.progress'). */
export interface CoderProgress {
  coder: string;
  coderId: string;
  questions: Array<{ questionId: string; question: string; decided: number; skipped: number; units: number }>;
  lastDecisionAt: string | null;
}

// Which documents are coding units: the one SQL fragment every query of the store, coding, export
// and the NLI engine uses to pick the documents a coder sees, a run scores and an export writes.
//
// [Note: coding units] A document is a coding unit when its import is committed and not segmented:
// documents of pending, failed or cancelled imports are invisible ([Note: import liveness]), and the
// documents of an import that a segmentation split (imports.segmented_by) are parents, replaced by
// the segmentation's units until it is removed. Parents stay in the project: their text and
// metadata are what units point at (documents.parent_id) and what a parent-level export writes.
// Decisions and current suggestions (coding_state) exist only for units: a segmentation is refused
// where a document to split has decisions, and its commit clears the parents' suggestion rows.
export const UNIT_IMPORTS = "SELECT id FROM imports WHERE status = 'committed' AND segmented_by IS NULL";

/** "The document `alias` is a coding unit", for a WHERE clause. */
export const isUnit = (alias = 'd'): string => `${alias}.import_id IN (${UNIT_IMPORTS})`;

/** Imports whose documents are top-level: whole documents that are their own unit, and the parents
 * of a split (every committed import that is not a segmentation). A parent-level export writes one
 * row per top-level document. */
export const TOP_LEVEL_IMPORTS = "SELECT id FROM imports WHERE status = 'committed' AND format <> 'segments'";

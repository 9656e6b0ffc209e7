// The calibrated classifier's data, read from a project: every coding unit with a current human
// label decision of the question (the project's resolved decision, as evaluation's "human" truth) and
// current stored logits for every label (the model input the engine uses now: stale runs are never
// read), less the documents of the question's blind validation samples, which never train the
// classifier (they are what a validation compares against; [Note: calibration folds] in folds.ts).
import type { CodebookQuestion } from '../../../common/contract';
import { readTruth } from '../evaluation/evaluation-data';
import { currentPredictions } from '../store/prediction-store';
import type { Db } from '../store/project-db';
import type { CalibrationSet } from './classifier';
import { documentFeatures, FEATURES_PER_LABEL } from './features';

export interface CalibrationData extends CalibrationSet {
  /** Decisions left out, by reason. */
  left: {
    /** In a blind validation sample of the question. */
    blind: number;
    /** Without current logits for every label (not scored, or scored under another model input). */
    unscored: number;
    /** Naming an archived label only. */
    archived: number;
  };
}

const CHUNK = 5_000;

/** Documents of every sample of the question (validation and reliability samples alike). */
export function blindDocuments(db: Db, questionId: string): Set<number> {
  return new Set(
    db
      .prepare('SELECT DISTINCT sd.document_id FROM sample_documents sd JOIN samples s ON s.id = sd.sample_id WHERE s.question_id = ?')
      .pluck()
      .all(questionId) as number[],
  );
}

/** The group of each document: its parent when a segmentation made it, else itself. */
function groupsOf(db: Db, ids: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  const stmt = db.prepare('SELECT id, coalesce(parent_id, id) AS g FROM documents WHERE id IN (SELECT value FROM json_each(?))');
  for (let i = 0; i < ids.length; i += CHUNK)
    for (const r of stmt.all(JSON.stringify(ids.slice(i, i + CHUNK))) as Array<{ id: number; g: number }>) out.set(r.id, r.g);
  return out;
}

/** The question's labels a classifier is fitted over: every label not archived, in codebook order. */
export function calibrationLabels(question: CodebookQuestion): string[] {
  return question.labels.filter((l) => !l.archived).map((l) => l.id);
}

export function readCalibrationData(db: Db, question: CodebookQuestion, hash: string): CalibrationData {
  const labelIds = calibrationLabels(question);
  const index = new Map(labelIds.map((id, i) => [id, i]));
  const blind = blindDocuments(db, question.id);
  const truth = readTruth(db, question, 'human', null);
  const left = { blind: 0, unscored: 0, archived: 0 };
  const candidates: Array<{ documentId: number; labels: number[] }> = [];
  for (const r of truth.rows) {
    if (blind.has(r.documentId)) {
      left.blind++;
      continue;
    }
    const labels = r.labelIds.map((id) => index.get(id)).filter((i): i is number => i !== undefined);
    // A decision naming an archived label is left out whole (its set is not one of today's labels);
    // single-label needs exactly one label, multi-label may be the empty set.
    if (labels.length !== r.labelIds.length || (!question.multiLabel && labels.length !== 1)) {
      left.archived++;
      continue;
    }
    candidates.push({ documentId: r.documentId, labels });
  }
  const ids = candidates.map((c) => c.documentId);
  const features = new Map<number, number[]>();
  if (hash) {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = currentPredictions(db, question.id, hash, ids.slice(i, i + CHUNK));
      let start = 0;
      for (let j = 1; j <= rows.length; j++) {
        if (j < rows.length && rows[j]!.documentId === rows[start]!.documentId) continue;
        const f = documentFeatures(rows.slice(start, j), labelIds);
        if (f) features.set(rows[start]!.documentId, f);
        start = j;
      }
    }
  }
  const groups = groupsOf(db, ids);
  const d = FEATURES_PER_LABEL * labelIds.length;
  const kept = candidates.filter((c) => features.has(c.documentId));
  left.unscored = candidates.length - kept.length;
  const x = new Float64Array(kept.length * d);
  kept.forEach((c, i) => x.set(features.get(c.documentId)!, i * d));
  return {
    labelIds,
    multiLabel: question.multiLabel,
    documents: kept.map((c) => c.documentId),
    groups: kept.map((c) => groups.get(c.documentId) ?? c.documentId),
    features: { x, n: kept.length, d },
    truth: kept.map((c) => c.labels),
    blind,
    left,
  };
}

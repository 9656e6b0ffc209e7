// The model's labels for every exported unit: each label's score from the unit's current stored
// logits (the same scoring as Annotate and the validation screen), the run they came from, and
// whether the unit has only stale predictions; with the gold label and the final label.
//
// [Note: stale predictions in exports] A prediction is current when its run's model-input hash is
// the question's current one (template, hypotheses, model, scoring mode). A unit scored only under
// an older hash gets no model label and no scores (they would answer another question than the
// codebook's): its model columns are empty, `model_stale` is true and `model_run_id` names the
// newest stale run, so a reader sees that it exists and can pre-label again. A unit never scored
// has empty model columns and an empty `model_stale`. Stale scores are never written as current.
//
// [Note: final label] `final_label` is the label a corpus analysis uses: the human's labels where
// the current decision is a label decision (source `human`; a multi-label question's "none of these
// labels" is one with no labels, so empty); for a decision "not codable" no label
// and source `human` (a person judged that no label applies, so the model's label must not stand
// in); otherwise (open or skipped) the current model label (source `model`); empty where neither
// exists (no current prediction: never scored, or stale only), or where a single-label question's
// uncertain band holds the unit (its top two probabilities closer than the band's margin: the
// model is not sure enough to stand in for a coder; thresholds/uncertain-band.ts).
import type { CodebookLabel, CodebookQuestion } from '../../../common/contract';
import { type goldMatcher } from '../coding/gold';
import { suggestionLabels } from '../nli/scoring/suggestion-labels';
import { scoreDocument, type ScoredLabel } from '../nli/scoring/suggestions';
import type { PredictionRow, PredictionValues } from '../store/prediction-store';
import type { Db } from '../store/project-db';
import { currentThresholds, readUncertainBand } from '../thresholds/threshold-store';
import { marginOf } from '../thresholds/uncertain-band';
import { activeCalibration, type ActiveCalibration } from '../calibration/active';
import type { CurrentDecision, DocumentWithDecision } from './decisions';

/** Multi-label: a label is the model's when its score is at least this (as in Annotate and evaluate). */
export const MODEL_THRESHOLD = 0.5;

export interface ModelPrediction {
  /** The model's labels (single-label: its top label; multi-label: every label at or above 0.5), codebook order. */
  labelIds: readonly string[];
  /** The top label's score. */
  top: number;
  /** Scores by label id; a label not asked for this unit (hierarchical run) is absent. */
  scores: ReadonlyMap<string, number>;
  runId: string;
  /** Single-label: inside the question's uncertain band (top two probabilities closer than its
   * margin): not taken as the final label ([Note: final label]). */
  uncertain?: boolean;
}

export interface UnitModel {
  /** The current prediction; null when the unit has none (never scored, or stale only). */
  current: ModelPrediction | null;
  /** True: only stale predictions; false: a current one; null: never scored. */
  stale: boolean | null;
  /** The run of the current prediction, else the newest stale run, else null. */
  runId: string | null;
}

export type FinalSource = 'human' | 'model' | null;

interface RunRow {
  id: string;
  model_input_hash: string;
}

/** Reads the model's side of each chunk of units, in the export's id ranges. */
export class ModelReader {
  /** The labels a suggestion is made of (the leaves after a hierarchical run), in codebook order. */
  readonly labels: readonly ScoredLabel[];
  private readonly partial: boolean;
  private readonly current: RunRow[];
  private readonly stale: RunRow[];
  private readonly rowsOf;
  private readonly scoredOf;
  private readonly position: Map<string, number>;
  /** Multi-label: the tuned per-label thresholds in use (null: 0.5 for every label). */
  readonly cuts: ReadonlyMap<string, number> | null;
  /** Single-label: the uncertain band's margin (null: off). */
  readonly band: number | null;
  /** The calibrated classifier when on and current: its probabilities replace the raw scores, as in
   * suggestions ([Note: calibrated classifier] in calibration/index.ts); the manifest says which. */
  readonly calibrated: ActiveCalibration | null;

  constructor(
    db: Db,
    private readonly question: CodebookQuestion,
    readonly hash: string,
  ) {
    const { labels, partial } = suggestionLabels(db, question);
    this.labels = labels;
    this.partial = partial;
    this.position = new Map(labels.map((l, i) => [l.id, i]));
    // Tuned thresholds while current ([Note: thresholds go stale] in thresholds/threshold-store.ts).
    this.cuts = question.multiLabel ? currentThresholds(db, question.id, hash) : null;
    this.band = question.multiLabel ? null : readUncertainBand(db, question.id);
    this.calibrated = activeCalibration(db, question, hash);
    // Newest first: a unit scored by two current runs (one cancelled, then another) takes the newest.
    const runs = db
      .prepare('SELECT id, model_input_hash FROM prelabel_runs WHERE question_id = ? ORDER BY created_at DESC, rowid DESC')
      .all(question.id) as RunRow[];
    this.current = hash ? runs.filter((r) => r.model_input_hash === hash) : [];
    this.stale = runs.filter((r) => !hash || r.model_input_hash !== hash);
    // Both read by the primary keys (run_id, document_id, ...): one range per run and chunk; rows as
    // arrays (a million units have three million rows, and arrays cost better-sqlite3 less).
    this.rowsOf = db
      .prepare(
        `SELECT document_id, label_id, window, entailment, neutral, contradiction
           FROM predictions WHERE run_id = ? AND document_id > ? AND document_id <= ? ORDER BY document_id`,
      )
      .raw(true);
    this.scoredOf = db
      .prepare('SELECT document_id FROM prediction_documents WHERE run_id = ? AND document_id > ? AND document_id <= ?')
      .pluck();
  }

  /** Whether any run of the question exists at all (else the model columns are empty throughout). */
  get hasRuns(): boolean {
    return this.current.length + this.stale.length > 0;
  }

  /** The model's side of the units with afterId < id <= afterId + span. */
  chunk(afterId: number, span: number): Map<number, UnitModel> {
    const out = new Map<number, UnitModel>();
    if (this.labels.length === 0) return out;
    for (const run of this.current) {
      const rows = this.rowsOf.all(run.id, afterId, afterId + span) as PredictionValues[];
      let start = 0;
      for (let i = 1; i <= rows.length; i++) {
        if (i < rows.length && rows[i]![0] === rows[start]![0]) continue;
        const id = rows[start]![0];
        if (!out.has(id)) {
          const doc: PredictionRow[] = [];
          for (let k = start; k < i; k++) {
            const r = rows[k]!;
            doc.push({ documentId: r[0], labelId: r[1], window: r[2], entailment: r[3], neutral: r[4], contradiction: r[5] });
          }
          const p = this.predict(doc, run.id);
          if (p) out.set(id, { current: p, stale: false, runId: run.id });
        }
        start = i;
      }
    }
    for (const run of this.stale) {
      for (const id of this.scoredOf.all(run.id, afterId, afterId + span) as number[]) {
        if (!out.has(id)) out.set(id, { current: null, stale: true, runId: run.id });
      }
    }
    return out;
  }

  private predict(rows: readonly PredictionRow[], runId: string): ModelPrediction | null {
    const p = this.calibrated?.probabilities(rows);
    if (this.calibrated && p) {
      const scores = new Map(this.calibrated.labelIds.map((id, j) => [id, p[j]!]));
      const best = this.calibrated.labelIds.reduce((a, b) => (scores.get(b)! > scores.get(a)! ? b : a));
      // Calibrated probabilities are cut at 0.5 (thresholds were tuned on raw scores).
      const labelIds = this.question.multiLabel ? this.calibrated.labelIds.filter((id) => scores.get(id)! >= MODEL_THRESHOLD) : [best];
      const uncertain = this.band !== null && marginOf(p.map((score) => ({ score }))) < this.band;
      return { labelIds, top: scores.get(best)!, scores, runId, ...(uncertain ? { uncertain } : {}) };
    }
    const scored = scoreDocument(rows, this.labels, this.question.multiLabel, this.partial);
    if (!scored) return null;
    const scores = new Map<string, number>();
    for (const s of scored.scores) scores.set(this.labels[s.index]!.id, s.score);
    const top = scored.scores[0]!;
    const labelIds = this.question.multiLabel
      ? this.labels.filter((l) => (scores.get(l.id) ?? 0) >= (this.cuts?.get(l.id) ?? MODEL_THRESHOLD)).map((l) => l.id)
      : [this.labels[top.index]!.id];
    const uncertain = this.band !== null && marginOf(scored.scores) < this.band;
    return { labelIds, top: top.score, scores, runId, ...(uncertain ? { uncertain } : {}) };
  }

  /** Label ids in the order of the score columns. */
  order(ids: readonly string[]): string[] {
    return [...ids].sort((a, b) => (this.position.get(a) ?? Infinity) - (this.position.get(b) ?? Infinity));
  }
}

export const NO_MODEL: UnitModel = { current: null, stale: null, runId: null };

/** The gold label of a unit as the question's labels ([Note: gold matching] in coding/gold.ts):
 * null without gold or when the value names no label (or, multi-label, not every part does). */
export function goldLabels(match: ReturnType<typeof goldMatcher>, doc: Pick<DocumentWithDecision, 'gold'>): readonly string[] | null {
  const m = match(doc.gold);
  return m && m.complete && m.labelIds.length > 0 ? m.labelIds : null;
}

/** [Note: final label] */
export function finalLabel(
  decision: CurrentDecision | null,
  humanLabels: readonly CodebookLabel[],
  model: UnitModel,
): { labelIds: readonly string[]; source: FinalSource } {
  // A label decision with no labels is a multi-label question's "none of these labels": human, empty.
  if (decision?.kind === 'label' && (humanLabels.length > 0 || decision.labelIds.length === 0))
    return { labelIds: humanLabels.map((l) => l.id), source: 'human' };
  if (decision?.kind === 'not_codable') return { labelIds: [], source: 'human' };
  // Inside the uncertain band the model's label is left to a coder, not accepted.
  if (model.current && !model.current.uncertain) return { labelIds: model.current.labelIds, source: 'model' };
  return { labelIds: [], source: null };
}

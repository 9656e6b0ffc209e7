// The counts of an export for its manifest and result (documents, decisions by kind, revisions and
// runs on the decisions, the model columns' current, stale and empty units, the final label's
// sources, per label), and what the manifest says of the model columns.
import type { CodebookQuestion } from '../../../common/contract';
import type { ExportRecord } from './export-records';
import type { ModelReader } from './model-labels';

/** What the manifest says of the model columns ([Note: stale predictions in exports]). */
export function modelNotes(models: ModelReader): string[] {
  if (!models.hasRuns) return ['The question was never pre-labelled: the model columns are empty.'];
  return [
    `model_label, model_score and the score_ columns hold only predictions under the current model input (hash ${models.hash || 'none'}); a unit scored only under an older one has them empty, model_stale true and model_run_id naming that run. Pre-label again to bring them current.`,
  ];
}

/** Counts for the manifest and the result. */
export class Stats {
  documents = 0;
  readonly kinds: Record<string, number> = { label: 0, skip: 0, not_codable: 0, open: 0 };
  readonly revisions = new Map<string | null, number>();
  readonly runs = new Map<string, number>();
  /** Runs the model columns name: those of the current predictions, and the stale ones in model_run_id. */
  readonly modelRuns = new Set<string>();
  readonly model = { current: 0, stale: 0, none: 0, final: { human: 0, model: 0, none: 0 }, gold: 0 };
  private readonly labelCounts = new Map<string, number>();

  add(r: ExportRecord): void {
    this.documents++;
    if (r.model.current) {
      this.model.current++;
      this.modelRuns.add(r.model.current.runId);
    } else if (r.model.stale) {
      this.model.stale++;
      if (r.model.runId) this.modelRuns.add(r.model.runId);
    } else this.model.none++;
    this.model.final[r.finalSource ?? 'none']++;
    if (r.gold) this.model.gold++;
    const d = r.decision;
    this.kinds[d?.kind ?? 'open']!++;
    if (!d) return;
    this.revisions.set(d.codebookRevisionId, (this.revisions.get(d.codebookRevisionId) ?? 0) + 1);
    if (r.run) this.runs.set(r.run.id, (this.runs.get(r.run.id) ?? 0) + 1);
    for (const l of r.labels) this.labelCounts.set(l.id, (this.labelCounts.get(l.id) ?? 0) + 1);
  }

  perLabel(question: CodebookQuestion): Array<{ label: string; count: number }> {
    return question.labels
      .filter((l) => !l.archived || this.labelCounts.has(l.id))
      .map((l) => ({ label: l.name, count: this.labelCounts.get(l.id) ?? 0 }));
  }
}

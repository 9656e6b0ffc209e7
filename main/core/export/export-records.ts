// What one exported document says: its text and metadata, the decision that stands, the suggestion
// the coder saw and where it came from. Writers of every format read these records.
import type { CodebookLabel, CodebookQuestion, ExportFilter } from '../../../common/contract';
import { emptyGoldImports, goldMatcher } from '../coding/gold';
import type { Db } from '../store/project-db';
import type { CurrentDecision, DocumentWithDecision, ExportSegment } from './decisions';
import { finalLabel, goldLabels, NO_MODEL, type FinalSource, type UnitModel } from './model-labels';
import { Pseudonymiser, readPseudonymKey } from './pseudonym';

export interface RunRecord {
  id: string;
  modelId: string;
  modelSha256: string;
  modelInputHash: string;
  createdAt: string;
}

/** [Note: gold status] in columns.ts. */
export type GoldStatus = 'none' | 'labels' | 'no_label' | 'unmatched';

export interface ExportRecord {
  documentId: number;
  externalId: string;
  text: string;
  metadata: Record<string, string>;
  decision: CurrentDecision | null;
  /** The decision's labels, in codebook order (empty unless it is a label decision). */
  labels: readonly CodebookLabel[];
  coder: string | null;
  suggestion: readonly CodebookLabel[] | null;
  /** 'accepted': the labels are exactly the suggestion shown; 'changed': a suggestion was shown and
   * the coder chose otherwise; null: no label decision, or no suggestion on screen (none, or a blind
   * decision that recorded the suggestion of that moment hidden). */
  outcome: 'accepted' | 'changed' | null;
  run: RunRecord | null;
  /** A unit of a segmentation: its parent and place (its metadata is the parent's). */
  segment: ExportSegment | null;
  /** The model's current prediction, or whether it is stale ([Note: stale predictions in exports]). */
  model: UnitModel;
  /** The model's labels, in codebook order (empty without a current prediction). */
  modelLabels: readonly CodebookLabel[];
  /** The gold value mapped to the question's labels: empty for an empty cell that means "none of
   * these labels" ([Note: empty gold]); null without gold or when the value names none. */
  gold: readonly CodebookLabel[] | null;
  /** [Note: gold status] in columns.ts. */
  goldStatus: GoldStatus;
  /** [Note: final label] in model-labels.ts. */
  final: readonly CodebookLabel[];
  finalSource: FinalSource;
  /** [Note: final label resolution] in columns.ts: how the human decision was chosen among the coders. */
  finalResolution: 'single' | 'agreed' | 'adjudicated' | 'rule' | null;
  /** Coders with a current decision on the unit (a skip included). */
  coders: number;
  /** [Note: sample membership] The question's validation samples that hold this unit (oldest first),
   * whether or not anyone coded it; empty when none does. */
  samples: readonly string[];
}

/** Everything the records refer to, read once per export. */
export class RecordContext {
  private readonly labelsById: Map<string, CodebookLabel>;
  private readonly position: Map<string, number>;
  private readonly coders: Map<string, string>;
  readonly runs: Map<string, RunRecord>;
  private readonly byJson = new Map<string, readonly CodebookLabel[]>();
  private readonly metadataByJson = new Map<string, Record<string, string>>();
  private readonly gold: ReturnType<typeof goldMatcher>;
  /** The imports whose units' empty gold cell means no label for the question ([Note: empty gold]). */
  private readonly emptyGold: ReadonlySet<string>;
  private readonly sampleMembership = new Map<number, string[]>();
  /** The chosen metadata columns' values replaced by pseudonyms ([Note: pseudonyms] in pseudonym.ts). */
  private readonly pseudonyms: Pseudonymiser | null;

  constructor(
    db: Db,
    readonly question: CodebookQuestion,
    pseudonymise: readonly string[] = [],
  ) {
    this.pseudonyms = pseudonymise.length ? new Pseudonymiser(readPseudonymKey(db), pseudonymise) : null;
    this.labelsById = new Map(question.labels.map((l) => [l.id, l]));
    this.position = new Map(question.labels.map((l, i) => [l.id, i]));
    this.gold = goldMatcher(question);
    this.emptyGold = new Set(emptyGoldImports(db, question));
    this.coders = new Map((db.prepare('SELECT id, name FROM coders').all() as { id: string; name: string }[]).map((c) => [c.id, c.name]));
    const runs = db
      .prepare('SELECT id, model_id, model_sha256, model_input_hash, created_at FROM prelabel_runs WHERE question_id = ?')
      .all(question.id) as { id: string; model_id: string; model_sha256: string; model_input_hash: string; created_at: string }[];
    // [Note: sample membership] Read once per export from sample_documents: a sample holds at most the
    // question's units, and a unit belongs to a sample from its draw on, coded or not.
    const members = db
      .prepare(
        `SELECT sd.document_id, sd.sample_id FROM sample_documents sd JOIN samples s ON s.id = sd.sample_id
          WHERE s.question_id = ? ORDER BY s.created_at, s.id`,
      )
      .raw(true)
      .all(question.id) as Array<[number, string]>;
    for (const [doc, sample] of members) {
      const list = this.sampleMembership.get(doc);
      if (list) list.push(sample);
      else this.sampleMembership.set(doc, [sample]);
    }
    this.runs = new Map(
      runs.map((r) => [
        r.id,
        { id: r.id, modelId: r.model_id, modelSha256: r.model_sha256, modelInputHash: r.model_input_hash, createdAt: r.created_at },
      ]),
    );
  }

  /** Labels by id in codebook order; an id the codebook does not know (a damaged row) is named by its id. */
  labels(ids: readonly string[]): CodebookLabel[] {
    return [...new Set(ids)]
      .map((id) => this.labelsById.get(id) ?? unknownLabel(id))
      .sort((a, b) => (this.position.get(a.id) ?? Infinity) - (this.position.get(b.id) ?? Infinity));
  }

  /** labels(), once per distinct stored JSON text. */
  private cached(json: string, ids: readonly string[]): readonly CodebookLabel[] {
    let labels = this.byJson.get(json);
    if (!labels) {
      labels = this.labels(ids);
      if (this.byJson.size < 10_000) this.byJson.set(json, labels);
    }
    return labels;
  }

  decisionLabels(d: CurrentDecision): readonly CodebookLabel[] {
    return d.kind === 'label' ? this.cached(d.labelsJson, d.labelIds) : [];
  }

  suggestionLabels(d: CurrentDecision): readonly CodebookLabel[] | null {
    return d.suggestionJson === null || d.suggestionLabelIds === null ? null : this.cached(d.suggestionJson, d.suggestionLabelIds);
  }

  /**
   * A document's metadata, parsed once per distinct stored JSON text: imports often repeat a few
   * values (a source, a batch, a date) over many rows, and JSON.parse of every row was a visible
   * part of a million-row export. Records share the parsed objects: writers only read them. Long
   * texts, and texts beyond the cache's size, are parsed each time, so the cache stays small.
   */
  metadata(json: string): Record<string, string> {
    let parsed = this.metadataByJson.get(json);
    if (!parsed) {
      parsed = JSON.parse(json) as Record<string, string>;
      if (this.pseudonyms) parsed = this.pseudonyms.metadata(parsed);
      if (json.length <= 2048 && this.metadataByJson.size < 10_000) this.metadataByJson.set(json, parsed);
    }
    return parsed;
  }

  /** Label lists by id list, cached by the ids joined (the model's and gold labels repeat). */
  private byIds(ids: readonly string[]): readonly CodebookLabel[] {
    return ids.length === 0 ? NONE : this.cached(ids.join(','), ids);
  }

  record(doc: DocumentWithDecision, parseMetadata = true, model: UnitModel = NO_MODEL): ExportRecord {
    const d = doc.decision;
    const labels = d ? this.decisionLabels(d) : [];
    const suggestion = d ? this.suggestionLabels(d) : null;
    let outcome: ExportRecord['outcome'] = null;
    if (d?.kind === 'label' && suggestion && d.suggestionShown) outcome = sameIds(labels, suggestion) ? 'accepted' : 'changed';
    const gold = goldLabels(this.gold, doc);
    const goldStatus: GoldStatus = gold
      ? 'labels'
      : doc.gold !== null
        ? 'unmatched'
        : this.emptyGold.has(doc.importId)
          ? 'no_label'
          : 'none';
    const final = finalLabel(d, labels, model);
    return {
      documentId: doc.id,
      externalId: doc.externalId,
      text: doc.text,
      metadata: parseMetadata ? this.metadata(doc.metadata) : {},
      decision: d,
      labels,
      coder: d ? (this.coders.get(d.coderId) ?? d.coderId) : null,
      suggestion,
      outcome,
      run: d?.runId ? (this.runs.get(d.runId) ?? null) : null,
      segment: doc.segment,
      model,
      modelLabels: model.current ? this.byIds(model.current.labelIds) : NONE,
      gold: gold ? this.byIds(gold) : goldStatus === 'no_label' ? NONE : null,
      goldStatus,
      final: final.source === 'human' ? (final.labelIds.length ? labels : NONE) : this.byIds(final.labelIds),
      finalSource: final.source,
      finalResolution: final.source === 'human' && d ? (doc.resolution ?? null) : null,
      coders: doc.coders ?? 0,
      samples: this.sampleMembership.get(doc.id) ?? NONE_SAMPLES,
    };
  }
}

const NONE: readonly CodebookLabel[] = [];
const NONE_SAMPLES: readonly string[] = [];

function sameIds(a: readonly CodebookLabel[], b: readonly CodebookLabel[]): boolean {
  return a === b || (a.length === b.length && a.every((l, i) => l.id === b[i]!.id));
}

function unknownLabel(id: string): CodebookLabel {
  return {
    id,
    name: id,
    code: null,
    description: '',
    includeRules: '',
    excludeRules: '',
    examples: [],
    hypothesis: null,
    color: null,
    hotkey: null,
    parent: null,
    archived: true,
  };
}

/** Whether a document's current decision passes the export's filter (see ExportFilter). */
export function passes(filter: ExportFilter, doc: DocumentWithDecision, ctx: RecordContext): boolean {
  if (filter === 'all') return true;
  const d = doc.decision;
  if (!d || d.kind !== 'label') return false;
  if (filter === 'coded') return true;
  if (!d.suggestionShown) return false;
  const suggestion = ctx.suggestionLabels(d);
  if (!suggestion) return false;
  const same = sameIds(ctx.decisionLabels(d), suggestion);
  return filter === 'accepted' ? same : !same;
}

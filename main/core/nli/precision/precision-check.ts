// The check before a project switches to int8: the active fp32 model and its int8 variant score
// the same seeded sample of the project's own documents with a question's hypotheses, and the
// share of documents whose top label agrees is compared with the user's threshold.
//
// [Note: int8 agreement check] The quantiser's own test bounds the logit error on generated models
// (quantize-model.test.ts); what a coder cares about is whether the suggestion changes on their
// texts and labels. So the check measures exactly that: the zero-shot top label (suggestions.ts,
// the same arithmetic the Documents table shows) under fp32 and under int8, on up to `sampleSize`
// visible documents drawn with a seeded shuffle (the same seed gives the same sample). The raw
// logit error is reported beside it for the curious, but only agreement decides. Documents are
// batched as a run batches them (similar lengths together, the run's batch limits): dynamic int8
// quantises activations with one scale per batch tensor, so int8 logits depend a little on which
// pairs share a batch, and the check should see what a run will produce.
import type { CodebookQuestion } from '../../../../common/contract';
import { scoredLabels } from '../../codebook/hypotheses';
import type { Db } from '../../store/project-db';
import { documentTextReader } from '../../store/prediction-store';
import type { InferenceClient } from '../inference/inference-client';
import { mulberry32 } from '../../seeded-random';
import type { LoadedModel } from '../../models/model-loader';
import type { DocumentPlan, PairPlanner, RowIndex } from '../scoring/pair-batch';
import type { RunnerTuning } from '../runs/run-tuning';
import { compareLogits } from './quantize/logit-agreement';
import { scoreDocument } from '../scoring/suggestions';
import type { PredictionRow } from '../../store/prediction-store';
import { isUnit } from '../../store/units';

export interface AgreementInput {
  db: Db;
  client: InferenceClient;
  fp32: LoadedModel;
  int8: LoadedModel;
  planner: PairPlanner;
  question: CodebookQuestion;
  sampleSize: number;
  seed: number;
  threads: number;
  tuning: Pick<RunnerTuning, 'maxRows' | 'maxBatchTokens'>;
  signal: AbortSignal;
  onProgress(phase: 'fp32' | 'int8', done: number, total: number): void;
}

export interface AgreementResult {
  documents: number;
  pairs: number;
  agreement: number;
  relativeError: number;
  maxScoreDiff: number;
  /** External ids of the sampled documents whose top label differs. */
  disagreements: string[];
}

/** Up to `size` visible document ids, a seeded uniform sample (partial Fisher-Yates). */
export function sampleDocumentIds(db: Db, size: number, seed: number): number[] {
  const ids = db
    .prepare(`SELECT d.id FROM documents d WHERE ${isUnit('d')} ORDER BY d.id`)
    .pluck()
    .all() as number[];
  const random = mulberry32(seed);
  const n = Math.min(size, ids.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (ids.length - i));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return ids.slice(0, n).sort((a, b) => a - b);
}

class CheckCancelled extends Error {}

/** Logits [rows x classes] of every row, in calls bounded like a run's batches. */
async function scoreRows(
  o: AgreementInput,
  model: LoadedModel,
  plans: DocumentPlan[],
  rows: RowIndex,
  phase: 'fp32' | 'int8',
): Promise<Float32Array> {
  const classes = model.config.id2label.length;
  const n = rows.doc.length;
  const out = new Float32Array(n * classes);
  await o.client.ensureLoaded(model.onnxPath, o.threads);
  for (let from = 0; from < n;) {
    if (o.signal.aborted) throw new CheckCancelled('The int8 check was cancelled; the project keeps its precision.');
    let to = from + 1;
    let longest = rows.length[from]!;
    while (to < n && to - from < o.tuning.maxRows && Math.max(longest, rows.length[to]!) * (to - from + 1) <= o.tuning.maxBatchTokens) {
      longest = Math.max(longest, rows.length[to]!);
      to++;
    }
    const result = await o.client.run({ output: model.outputName, ...o.planner.fill(plans, rows, from, to) });
    out.set(result.logits, from * classes);
    o.onProgress(phase, rows.doc[to - 1]! + 1, plans.length);
    from = to;
  }
  return out;
}

/** Zero-shot scores of each document by label position (the question's labels' order). */
function documentScores(
  o: AgreementInput,
  model: LoadedModel,
  plans: DocumentPlan[],
  rows: RowIndex,
  logits: Float32Array,
): Array<{ top: number; scores: number[] }> {
  const labels = scoredLabels(o.question).map((l) => ({ id: l.id, name: l.name }));
  const hyps = o.planner.hypotheses;
  const idx = model.config.indices;
  const classes = model.config.id2label.length;
  const perDoc: PredictionRow[][] = plans.map(() => []);
  for (let r = 0; r < rows.doc.length; r++) {
    const c = r * classes;
    perDoc[rows.doc[r]!]!.push({
      documentId: plans[rows.doc[r]!]!.documentId,
      labelId: hyps[rows.label[r]!]!.labelId,
      window: rows.window[r]!,
      entailment: logits[c + idx.entailment]!,
      neutral: idx.neutral === undefined ? null : logits[c + idx.neutral]!,
      contradiction: logits[c + idx.contradiction]!,
    });
  }
  return perDoc.map((docRows) => {
    const scored = scoreDocument(docRows, labels, o.question.multiLabel)!;
    const scores = new Array<number>(labels.length);
    for (const s of scored.scores) scores[s.index] = s.score;
    return { top: scored.scores[0]!.index, scores };
  });
}

export async function checkAgreement(o: AgreementInput): Promise<AgreementResult> {
  const read = documentTextReader(o.db);
  const plans: DocumentPlan[] = [];
  for (const id of sampleDocumentIds(o.db, o.sampleSize, o.seed)) {
    const doc = read(id);
    if (doc) plans.push(o.planner.plan(id, doc.externalId, doc.text, Buffer.byteLength(doc.text)));
  }
  // Similar lengths together, as in a run, so padding costs little.
  plans.sort((a, b) => a.longestRow - b.longestRow);
  const rows = o.planner.rowsOf(plans);
  const reference = await scoreRows(o, o.fp32, plans, rows, 'fp32');
  const candidate = await scoreRows(o, o.int8, plans, rows, 'int8');
  const a = documentScores(o, o.fp32, plans, rows, reference);
  const b = documentScores(o, o.int8, plans, rows, candidate);
  let agree = 0;
  let maxScoreDiff = 0;
  const disagreements: string[] = [];
  a.forEach((x, d) => {
    const y = b[d]!;
    if (x.top === y.top) agree++;
    else disagreements.push(plans[d]!.externalId);
    x.scores.forEach((s, k) => (maxScoreDiff = Math.max(maxScoreDiff, Math.abs(s - y.scores[k]!))));
  });
  const logits = compareLogits(reference, candidate, o.fp32.config.id2label.length);
  return {
    documents: plans.length,
    pairs: rows.doc.length,
    agreement: plans.length ? agree / plans.length : 1,
    relativeError: logits.relativeError,
    maxScoreDiff,
    disagreements,
  };
}

export { CheckCancelled };

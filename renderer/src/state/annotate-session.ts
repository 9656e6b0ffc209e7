// What an Annotate session codes and what survives a reload: the setup (coder, question, order and
// the queue's source: the question's open documents, a validation sample's, blind, or the skipped or
// flagged documents, issue 13), the coder last chosen on this machine, the session of this tab; the
// source fields of a queue call; and the counts a page brings about the queue being coded.
import type { CodingProgress, QueueItem, QueueOrder, QueuePage, QueueProgress, QueueSource, SampleInfo } from '../../../common/contract';
import { api } from '../platform/platform';

const CODER_KEY = 'prelabel.annotate.coder';
const SESSION_KEY = 'prelabel.annotate.session';

export interface AnnotateSetup {
  coder: string;
  questionId: string;
  order: QueueOrder;
  seed: number;
  /** With `by_label`: only documents suggested as this label (null: grouped by suggested label). */
  labelId: string | null;
  /** Which documents: the open ones (`queue`), a validation sample's (blind), the skipped or flagged
   * ones (of the sample, blind, with `sampleId`). Absent in sessions remembered by older versions. */
  source?: QueueSource;
  sampleId?: string | null;
}

/** The coder last chosen on this machine. */
export function rememberedCoder(): string {
  return globalThis.localStorage?.getItem(CODER_KEY) ?? '';
}

/** The setup of the session that ran in this tab, so that a reload goes on where it stood. */
export function rememberedSession(): AnnotateSetup | null {
  try {
    const raw = globalThis.sessionStorage?.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as AnnotateSetup) : null;
  } catch {
    return null;
  }
}

/** Remembers the coder (on this machine) and the session (in this tab). */
export function rememberSession(setup: AnnotateSetup): void {
  globalThis.localStorage?.setItem(CODER_KEY, setup.coder);
  globalThis.sessionStorage?.setItem(SESSION_KEY, JSON.stringify(setup));
}

/** Forgets this tab's session (the coder stays). */
export function forgetSession(): void {
  globalThis.sessionStorage?.removeItem(SESSION_KEY);
}

/** The source fields of a queue call for the session's setup. The coder always goes with it: a
 * sample's open documents are those this coder has not decided in it, and with several coders
 * (mode 'every') so are the question's; blind coders see their own decisions only. */
export function sourceOf(setup: AnnotateSetup) {
  const source = setup.source ?? 'queue';
  return {
    ...(source !== 'queue' ? { source } : {}),
    ...(setup.sampleId ? { sampleId: setup.sampleId } : {}),
    ...(setup.coder.trim() ? { coder: setup.coder } : {}),
  };
}

/** The next page of the session's queue after `after`. */
export function pageQuery(setup: AnnotateSetup, after: string | undefined, limit: number, contextSize: number) {
  return {
    questionId: setup.questionId,
    ...sourceOf(setup),
    order: setup.order,
    seed: setup.seed,
    ...(setup.order === 'by_label' && setup.labelId ? { labelId: setup.labelId } : {}),
    scope: 'open' as const,
    ...(after !== undefined ? { after } : {}),
    limit,
    contextSize,
  };
}

/** One document as a queue item of the session's source (blind when it is one of its sample's). */
export function itemQuery(setup: AnnotateSetup, documentId: number, contextSize: number) {
  return { questionId: setup.questionId, documentId, limit: 1, contextSize, ...sourceOf(setup) };
}

/** The decision on a queue item as annotate.decide takes it. A blind item has no suggestion; its
 * decision names the sample it was made in. */
export function decisionInput(
  setup: AnnotateSetup,
  item: QueueItem,
  d: { kind: 'label' | 'skip'; labelIds: string[]; seconds: number; note: string; flagged: boolean },
) {
  const suggestion =
    item.suggestion && !item.sampleId
      ? { labelIds: item.suggestion.labelIds, score: item.suggestion.score, runId: item.suggestion.runId }
      : null;
  return {
    questionId: setup.questionId,
    documentId: item.document.id,
    coder: setup.coder,
    kind: d.kind,
    labelIds: d.kind === 'label' ? d.labelIds : [],
    suggestion,
    seconds: d.seconds,
    note: d.note.trim() ? d.note : null,
    flagged: d.flagged,
    ...(item.sampleId ? { sampleId: item.sampleId } : {}),
  };
}

/** What is pre-selected when a document shows: its current decision, else the model's suggestion. */
export function initialSelection(item: QueueItem): string[] {
  if (item.decision?.kind === 'label') return item.decision.labelIds;
  return item.suggestion?.labelIds ?? [];
}

/** The counts a queue page brings: the question's progress, the queue's own (a sample's, the
 * skipped or flagged documents'), the sample, the skipped documents outside samples. */
export interface QueueCounts {
  progress: CodingProgress;
  queueProgress: QueueProgress | null;
  sample: SampleInfo | null;
  skippedOutsideSamples: number;
  mine: QueuePage['mine'];
  coding: QueuePage['coding'];
}

export function countsOf(page: QueuePage): QueueCounts {
  return {
    progress: page.progress,
    queueProgress: page.queueProgress,
    sample: page.sample,
    skippedOutsideSamples: page.skippedOutsideSamples,
    mine: page.mine,
    coding: page.coding,
  };
}

/** The counts again after a decision or an undo. The question's open queue needs only the question's
 * progress while a document shows (unless each coder codes every document: then the coder's own);
 * another source (and the end of any queue, which offers what is left) reads a page of one after
 * the last key for its own counts. */
export async function readCounts(
  setup: AnnotateSetup,
  lastKey: string | undefined,
  atEnd: boolean,
  ownProgress = false,
): Promise<Partial<QueueCounts>> {
  if ((setup.source ?? 'queue') === 'queue' && !atEnd && !ownProgress)
    return { progress: await api().call('annotate.progress', { questionId: setup.questionId }) };
  const page = await api().call('annotate.queue', {
    questionId: setup.questionId,
    ...sourceOf(setup),
    limit: 1,
    ...(lastKey !== undefined ? { after: lastKey } : {}),
  });
  return countsOf(page);
}

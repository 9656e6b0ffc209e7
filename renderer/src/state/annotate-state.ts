// The state of the Annotate screen (annotate-store.ts holds its actions): the session's setup and
// labels, the document on screen with the coder's choice, the prefetched queue, and the counts of
// the question and of the queue coded (annotate-session.ts).
import type {
  CodebookQuestion,
  CodingProgress,
  QueueItem,
  QueueProgress,
  QueueSource,
  SampleInfo,
  QueuePage,
} from '../../../common/contract';
import type { AnnotateLabel } from './annotate-keys';
import type { AnnotateSetup } from './annotate-session';

export interface AnnotateState {
  setup: AnnotateSetup | null;
  labels: AnnotateLabel[];
  multiLabel: boolean;
  /** The document on screen; null before the first arrives or when the queue is done. */
  current: QueueItem | null;
  selection: string[];
  flagged: boolean;
  note: string;
  noteOpen: boolean;
  helpOpen: boolean;
  /** Prefetched documents, in queue order. */
  ahead: QueueItem[];
  exhausted: boolean;
  /** The question's progress over all its documents. */
  progress: CodingProgress | null;
  /** The progress of the queue coded when it is not the question's open documents (a sample's, the
   * skipped or flagged documents'): what the screen's bar shows then. */
  queueProgress: QueueProgress | null;
  remaining: number | null;
  /** A decision, undo or load in flight: keys wait for it. */
  busy: boolean;
  loading: boolean;
  error: string | null;
  notice: string | null;
  /** A document chosen in Browse before a coder started: it shows first. */
  pendingDocument: number | null;
  /** Neighbouring units shown before and after a unit of a segmentation (0-5; segment-context.ts). */
  contextSize: number;
  /** The validation sample of a sample session (with how many of its documents are coded). */
  sample: SampleInfo | null;
  /** Skipped documents of the question outside samples: what the skipped queue would serve. */
  skippedOutsideSamples: number;
  /** The coder's own progress on the question (several coders), and the project's coding mode. */
  mine: QueuePage['mine'];
  coding: QueuePage['coding'] | null;

  start(setup: AnnotateSetup, question: CodebookQuestion): Promise<void>;
  /** Back to the choice of coder, question and order. */
  stop(): void;
  choose(labelId: string): void;
  accept(): Promise<void>;
  /** Records "none of these labels" (multi-label questions): a label decision with no labels. */
  none(): Promise<void>;
  skip(): Promise<void>;
  undo(): Promise<void>;
  toggleFlag(): void;
  setNote(note: string): void;
  openNote(): void;
  closeNote(): void;
  toggleHelp(open?: boolean): void;
  /** Shows one document (from Browse); the document on screen goes back to the front of the queue. */
  openDocument(documentId: number): Promise<void>;
  /** Shows this many neighbours around a unit (remembered on this machine). */
  setContextSize(size: number): void;
  /** Starts the session again on the same source, the document on screen first (after a change
   * of what the core shows, such as the gold switch). */
  restart(): Promise<void>;
  /** Codes another source of the same question with the same coder (e.g. the skipped documents). */
  switchSource(source: QueueSource, sampleId?: string | null): Promise<void>;
  dismissNotice(): void;
  reset(): void;
}

/** A session's state before its first page (and after it stops). */
export const initial = {
  setup: null,
  labels: [],
  multiLabel: false,
  current: null,
  selection: [],
  flagged: false,
  note: '',
  noteOpen: false,
  helpOpen: false,
  ahead: [],
  exhausted: false,
  progress: null,
  queueProgress: null,
  remaining: null,
  busy: false,
  loading: false,
  error: null,
  notice: null,
  sample: null,
  skippedOutsideSamples: 0,
  mine: null,
  coding: null,
} satisfies Partial<AnnotateState>;

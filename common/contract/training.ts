// Coder training (issue 14, item 6): a master coding (the project's gold labels, or a named expert
// coder's current decisions), a training round (a seeded sample of kind 'training' of documents with
// a master label, coded blind in its own queue; its decisions have the role 'training' and are never
// labels of the project), and each trainee's result against the master: per label, overall, and the
// documents where the trainee differed with both labels' codebook definitions side by side.
import { nonEmpty, uuid, z } from './zod';

/** Whose labels are right: the project's gold labels, or an expert coder's current decisions. */
export const trainingMaster = z.union([z.object({ gold: z.literal(true) }).strict(), z.object({ coder: nonEmpty.max(100) }).strict()]);
export type TrainingMasterInput = z.infer<typeof trainingMaster>;

export const trainingCreateInput = z
  .object({
    questionId: uuid,
    master: trainingMaster,
    /** Documents in the round (at most the documents with a master label). */
    size: z.number().int().min(1).max(1000),
    /** The same seed (and the same master) draws the same documents in the same order. */
    seed: z.number().int().min(0).max(2_147_483_647),
  })
  .strict();

export const trainingRoundsInput = z.object({ questionId: uuid }).strict();

export const trainingResultInput = z.object({ sampleId: uuid, coder: nonEmpty.max(100) }).strict();

/** The master of a round: 'gold', or the expert coder's name. */
export type TrainingMaster = { kind: 'gold' } | { kind: 'coder'; coder: string };

/** One trainee's agreement with the master on a round (over the documents the trainee labelled). */
export interface TrainingScore {
  coder: string;
  /** Documents of the round with the trainee's label decision, and with a skip. */
  coded: number;
  skipped: number;
  /** Share of the coded documents whose label (set) is the master's; null when none is coded. */
  percent: number | null;
  /** Cohen's kappa, trainee against master (single-label questions; null for label sets or undefined). */
  kappa: number | null;
  /** Krippendorff's alpha of the two columns (nominal; MASI for label sets); null when undefined. */
  alpha: number | null;
}

export interface TrainingRound {
  /** The training sample's id. */
  id: string;
  questionId: string;
  master: TrainingMaster;
  seed: number;
  size: number;
  /** Documents that had a master label when the round was drawn (what it was drawn from). */
  population: number;
  createdAt: string;
  /** Every coder with a decision in the round, by name. */
  scores: TrainingScore[];
}

/** A label with its codebook definition (what a trainee reads to see why the master chose it). */
export interface TrainingLabelDefinition {
  id: string;
  name: string;
  description: string;
  includeRules: string;
  excludeRules: string;
  examples: string[];
}

export interface TrainingLabelAgreement {
  labelId: string;
  label: string;
  /** Coded documents where the master gave the label, the trainee did, and both did. */
  master: number;
  trainee: number;
  both: number;
  /** Agreement on "given or not" over the coded documents. */
  percent: number | null;
  /** Cohen's kappa of the label as a binary question (given / not given); null where undefined. */
  kappa: number | null;
}

export interface TrainingDifference {
  documentId: number;
  externalId: string;
  /** The document's text, cut at 500 characters. */
  text: string;
  master: TrainingLabelDefinition[];
  trainee: TrainingLabelDefinition[];
}

export interface TrainingResult {
  round: TrainingRound;
  question: { id: string; name: string; multiLabel: boolean };
  /** The trainee's overall score (percent, kappa, alpha). */
  score: TrainingScore;
  /** Documents of the round the trainee has not decided yet. */
  open: number;
  perLabel: TrainingLabelAgreement[];
  /** The coded documents where the trainee's label (set) is not the master's, in the round's order. */
  differences: TrainingDifference[];
  /** How the numbers were computed (for the methods report). */
  notes: string[];
}

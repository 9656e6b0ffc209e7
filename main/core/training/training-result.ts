// A trainee's result on a training round: agreement with the master's labels stored with the round
// ([Note: a training round] in training-rounds.ts), computed by the stats module.
//
// [Note: training scores] Over the round's documents the trainee labelled (a skip or "not codable"
// gives no value and is counted apart): percent agreement = documents whose label (set) is exactly
// the master's / documents labelled; Cohen's kappa of trainee against master (single-label questions:
// cohenKappa over the question's labels; label sets have no overall kappa, as in the agreement
// report); Krippendorff's alpha of the two columns (master, trainee): nominal for a single-label
// question, MASI distance for label sets. Per label, the label as a binary question (given / not
// given): percent agreement and Cohen's kappa. A kappa or alpha whose chance disagreement is 0 (one
// label only on both sides) is undefined: null.
import type {
  CodebookQuestion,
  SampleInfo,
  TrainingDifference,
  TrainingLabelAgreement,
  TrainingLabelDefinition,
  TrainingResult,
  TrainingRound,
  TrainingScore,
} from '../../../common/contract';
import { cohenKappa, krippendorffAlpha } from '../stats';
import type { Db } from '../store/project-db';
import { latestReliabilitySample } from '../coding/samples';
import { listRounds, roundDecisions, type StoredRound } from './training-rounds';

type Decisions = Map<number, { kind: string; labelIds: string[] }>;

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** The documents the trainee labelled: [master labels, trainee labels] in the round's order. */
function pairs(round: StoredRound, mine: Decisions): Array<{ doc: number; master: string[]; trainee: string[] }> {
  return round.documents
    .filter((doc) => mine.get(doc)?.kind === 'label' && round.labels.has(doc))
    .map((doc) => ({ doc, master: round.labels.get(doc)!, trainee: mine.get(doc)!.labelIds }));
}

/** The trainee's overall score ([Note: training scores]). */
export function scoreOf(question: CodebookQuestion, round: StoredRound, coder: string, mine: Decisions): TrainingScore {
  const p = pairs(round, mine);
  const decided = round.documents.filter((doc) => mine.has(doc));
  const skipped = decided.filter((doc) => mine.get(doc)!.kind !== 'label').length;
  if (p.length === 0) return { coder, coded: 0, skipped, percent: null, kappa: null, alpha: null };
  const percent = p.filter((x) => sameSet(x.master, x.trainee)).length / p.length;
  const name = new Map(question.labels.map((l) => [l.id, l.name]));
  let kappa: number | null = null;
  let alpha: number | null;
  if (question.multiLabel) {
    const data = p.map((x) => [x.master.map((id) => name.get(id)!), x.trainee.map((id) => name.get(id)!)]);
    alpha = krippendorffAlpha(data, { level: 'masi' }).alpha;
  } else {
    const labels = question.labels.map((l) => l.name);
    const m = p.map((x) => name.get(x.master[0]!)!);
    const t = p.map((x) => name.get(x.trainee[0]!)!);
    kappa = cohenKappa(t, m, labels);
    alpha = krippendorffAlpha(
      p.map((_, i) => [m[i]!, t[i]!]),
      { level: 'nominal', categories: labels },
    ).alpha;
  }
  return { coder, coded: p.length, skipped, percent, kappa, alpha };
}

function perLabel(question: CodebookQuestion, p: ReturnType<typeof pairs>): TrainingLabelAgreement[] {
  const seen = new Set(p.flatMap((x) => [...x.master, ...x.trainee]));
  return question.labels
    .filter((l) => !l.archived || seen.has(l.id))
    .map((l) => {
      const m = p.map((x) => (x.master.includes(l.id) ? 'yes' : 'no'));
      const t = p.map((x) => (x.trainee.includes(l.id) ? 'yes' : 'no'));
      const agree = m.filter((v, i) => v === t[i]).length;
      return {
        labelId: l.id,
        label: l.name,
        master: m.filter((v) => v === 'yes').length,
        trainee: t.filter((v) => v === 'yes').length,
        both: m.filter((v, i) => v === 'yes' && t[i] === 'yes').length,
        percent: p.length ? agree / p.length : null,
        kappa: p.length ? cohenKappa(t, m, ['yes', 'no']) : null,
      };
    });
}

function definition(question: CodebookQuestion, labelId: string): TrainingLabelDefinition {
  const l = question.labels.find((x) => x.id === labelId);
  if (!l)
    return { id: labelId, name: '(a label no longer in the codebook)', description: '', includeRules: '', excludeRules: '', examples: [] };
  return {
    id: l.id,
    name: l.name,
    description: l.description,
    includeRules: l.includeRules,
    excludeRules: l.excludeRules,
    examples: l.examples,
  };
}

/** A round as the contract shows it, with every coder's score on it. */
export function roundView(db: Db, question: CodebookQuestion, round: StoredRound): TrainingRound {
  const byCoder = roundDecisions(db, round);
  return {
    id: round.id,
    questionId: round.questionId,
    master: round.master,
    seed: round.seed,
    size: round.size,
    population: round.population,
    createdAt: round.createdAt,
    scores: [...byCoder.keys()].sort((a, b) => a.localeCompare(b)).map((coder) => scoreOf(question, round, coder, byCoder.get(coder)!)),
  };
}

export function trainingResult(db: Db, question: CodebookQuestion, round: StoredRound, coder: string): TrainingResult {
  const mine: Decisions = roundDecisions(db, round).get(coder) ?? new Map();
  const p = pairs(round, mine);
  const order = new Map(question.labels.map((l, i) => [l.id, i]));
  const position = (id: string) => order.get(id) ?? question.labels.length;
  const texts = db.prepare('SELECT external_id AS externalId, substr(text, 1, 500) AS text FROM documents WHERE id = ?');
  const differences: TrainingDifference[] = p
    .filter((x) => !sameSet(x.master, x.trainee))
    .map((x) => {
      const d = texts.get(x.doc) as { externalId: string; text: string };
      return {
        documentId: x.doc,
        externalId: d.externalId,
        text: d.text,
        master: x.master.map((id) => definition(question, id)),
        trainee: [...x.trainee].sort((a, b) => position(a) - position(b)).map((id) => definition(question, id)),
      };
    });
  const masterName = round.master.kind === 'gold' ? 'the gold labels' : `the decisions of ${round.master.coder}`;
  return {
    round: roundView(db, question, round),
    question: { id: question.id, name: question.name, multiLabel: question.multiLabel },
    score: scoreOf(question, round, coder, mine),
    open: round.documents.filter((doc) => !mine.has(doc)).length,
    perLabel: perLabel(question, p),
    differences,
    notes: [
      `The master is ${masterName}, as they were when the round was drawn (${round.size} of the ${round.population} documents with a master label, seed ${round.seed}).`,
      'Over the documents the trainee labelled (a skip gives no value): percent agreement on the exact label' +
        (question.multiLabel ? ' set; ' : '; ') +
        (question.multiLabel
          ? 'Krippendorff’s alpha with the MASI distance between master and trainee; no overall kappa for label sets; '
          : 'Cohen’s kappa and Krippendorff’s alpha (nominal) between master and trainee; ') +
        'per label, percent agreement and Cohen’s kappa of the label as given / not given.',
      'Training decisions are never labels of the project: the documents stay in the ordinary queue.',
    ],
  };
}

/** What the methods report shows of the question's coders: its latest reliability sample and its
 * training rounds with every coder's score. */
export function codersForReport(db: Db, question: CodebookQuestion): { reliability: SampleInfo | null; training: TrainingRound[] } {
  return {
    reliability: latestReliabilitySample(db, question.id),
    training: listRounds(db, question.id).map((r) => roundView(db, question, r)),
  };
}

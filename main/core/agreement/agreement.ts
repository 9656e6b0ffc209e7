// agreement.run: how far a question's coders agree. Each coder's current decision per document
// ([Note: a coder's current decision], coder-decisions.ts) becomes the units x coders table
// (reliabilityTable of main/core/stats), optionally on a reliability sample's documents only and with
// the model's current pre-labels as one more column, and the stats module's report is computed on it:
// what `prelabel agreement --json` prints and the agreement screen shows.
import { PrelabelError, type AgreementResult, type CodebookQuestion, type ParsedInput } from '../../../common/contract';
import { ensureSuggestions } from '../coding/coding-state';
import { latestReliabilitySample, requireSample } from '../coding/samples';
import { readPredictions, staleOnlyCount, MULTI_LABEL_THRESHOLD } from '../evaluation/evaluation-data';
import { multiLabelAgreement, reliabilityTable, singleLabelAgreement, type CodingRecord } from '../stats';
import type { Db } from '../store/project-db';
import { currentDecisionsByCoder, sampleDocuments, type CoderDecision } from './coder-decisions';

export type AgreementInput = ParsedInput<'agreement.run'>;

const CONFIDENCE = 0.95;
/** [Note: agreement bootstrap budget] Replicates x documents x alphas resampled at most, about 2 s on
 * the shared 2-core machine (3,000 documents, 3 coders: 4 alphas x 2,000 replicates took 1.1 s, with
 * 100 replicates 0.2 s): more documents get fewer replicates (never under 200), and
 * `bootstrap.replicates` and a note say so. */
const BOOTSTRAP_BUDGET = 50_000_000;

/** The model's column: "model", or "model (pre-labels)" where a person is called "model". */
export function modelColumnName(coders: readonly string[]): string {
  return coders.includes('model') ? 'model (pre-labels)' : 'model';
}

export function runAgreement(db: Db, question: CodebookQuestion, hash: string, input: AgreementInput): AgreementResult {
  const started = performance.now();
  // No sample named: the question's latest reliability sample, the one drawn for it (issue 14, item 2).
  const latest = input.sampleId === undefined && !input.allDocuments ? latestReliabilitySample(db, question.id) : null;
  const sample = input.sampleId !== undefined ? requireSample(db, input.sampleId, question.id) : latest;
  const decisions = currentDecisionsByCoder(db, question, sample?.id ?? null);
  const names = new Map(question.labels.map((l) => [l.id, l.name]));
  const seen = new Set(decisions.flatMap((d) => d.labelIds));
  // The question's labels; archived ones only where a decision still names them. Codebook order is the scale's order.
  const labels = question.labels.filter((l) => !l.archived || seen.has(l.id)).map((l) => l.name);
  const humans = [...new Set(decisions.map((d) => d.coder))].sort((a, b) => a.localeCompare(b));
  if (humans.length === 0)
    throw new PrelabelError(
      'NOT_FOUND',
      `No coder has decided a document of "${question.name}"${sample ? ' in this sample' : ''} yet: agreement needs the decisions of at least two coders.`,
    );

  // Rows: the sample's documents in its order, else every document a coder gave a value, by id.
  const documents = sample
    ? sampleDocuments(db, sample.id)
    : [...new Map(decisions.filter((d) => d.kind === 'label').map((d) => [d.documentId, d.externalId]))]
        .sort((a, b) => a[0] - b[0])
        .map(([id, externalId]) => ({ id, externalId }));
  const rowOf = new Map(documents.map((d, i) => [d.id, i]));
  type Value = string | string[];
  const value = (labelIds: readonly string[]): Value =>
    question.multiLabel ? labelIds.map((id) => names.get(id)!) : names.get(labelIds[0]!)!;
  const records: CodingRecord<Value>[] = decisions
    .filter((d) => d.kind === 'label' && rowOf.has(d.documentId))
    .map((d) => ({ unit: String(d.documentId), coder: d.coder, value: value(d.labelIds) }));

  let model: AgreementResult['model'] = null;
  const coders = [...humans];
  if (input.includeModel) {
    const coder = modelColumnName(humans);
    coders.push(coder);
    if (hash) ensureSuggestions(db, question, hash);
    const ids = documents.map((d) => d.id);
    const predictions = readPredictions(db, question, hash, ids);
    for (const [id, p] of predictions) records.push({ unit: String(id), coder, value: value(p.labelIds) });
    const without = ids.filter((id) => !predictions.has(id));
    model = {
      coder,
      modelInputHash: hash || null,
      predicted: predictions.size,
      staleOnly: hash ? staleOnlyCount(db, question.id, hash, without) : 0,
    };
  }

  const table = reliabilityTable(records, { units: documents.map((d) => String(d.id)), coders });
  // One alpha overall (two for label sets: MASI and Jaccard; two for ordered: nominal and ordinal) and one per label.
  const alphas = labels.length + (question.multiLabel || question.ordered ? 2 : 1);
  const affordable = Math.max(200, Math.floor(BOOTSTRAP_BUDGET / Math.max(1, documents.length * alphas)));
  const boot = { replicates: Math.min(input.replicates, affordable), seed: input.seed, confidence: CONFIDENCE };
  const report = question.multiLabel
    ? multiLabelAgreement(table.data as (readonly string[] | null)[][], coders, labels, { bootstrap: boot })
    : singleLabelAgreement(table.data as (string | null)[][], coders, labels, { ordered: question.ordered, bootstrap: boot });

  const byCoder = (name: string, kind: CoderDecision['kind']) =>
    decisions.filter((d) => d.coder === name && d.kind === kind && (sample === null || rowOf.has(d.documentId))).length;
  const column = (c: number) => table.data.filter((row) => row[c] !== null).length;
  return {
    question: { id: question.id, name: question.name, multiLabel: question.multiLabel, ordered: question.ordered },
    sample: sample
      ? {
          id: sample.id,
          size: sample.size,
          seed: sample.seed,
          createdAt: sample.createdAt,
          kind: sample.kind,
          chosen: latest ? 'latest reliability' : 'named',
        }
      : null,
    coders: coders.map((name, c) => ({
      name,
      model: model !== null && name === model.coder,
      coded: column(c),
      labels: model !== null && name === model.coder ? column(c) : byCoder(name, 'label'),
      notCodable: byCoder(name, 'not_codable'),
      skips: byCoder(name, 'skip'),
    })),
    units: documents.length,
    codedByTwoOrMore: table.data.filter((row) => row.filter((v) => v !== null).length >= 2).length,
    model,
    table: {
      documents,
      coders,
      values: table.data.map((row) => row.map((v) => (v === null || v === undefined ? null : Array.isArray(v) ? [...v] : (v as string)))),
    },
    report,
    bootstrap: boot,
    notes: [
      ...(latest
        ? [
            `No sample was named: the table is the question's latest reliability sample (${latest.size} documents, seed ${latest.seed}, drawn ${latest.createdAt}); ask for every decided document to leave it.`,
          ]
        : []),
      ...notes(question, sample !== null, model),
      ...(boot.replicates < input.replicates
        ? [
            `${boot.replicates} bootstrap replicates instead of ${input.replicates}: the budget for ${documents.length} documents and ${alphas} alphas.`,
          ]
        : []),
    ],
    elapsedMs: Math.round(performance.now() - started),
  };
}

function notes(question: CodebookQuestion, sampled: boolean, model: AgreementResult['model']): string[] {
  const out = [
    "Each coder's current decision per document is their latest that no undo cancelled; a skip or a “not codable” decision gives that coder no value for the document (a missing value, as Krippendorff defines them), and a document coded by one coder only drops out of alpha.",
  ];
  out.push(
    "Fleiss' kappa and Gwet's AC1 with missing codings follow Gwet (2014; R irrCAC): the observed agreement over the documents coded at least twice, the chance agreement over every coded document, those coded once included. With every document coded by every coder this is Fleiss (1971); tools that keep complete documents only (statsmodels' fleiss_kappa) give other values where coders coded different documents.",
  );
  if (!sampled)
    out.push(
      'The documents are every document a coder decided, not a reliability sample drawn in advance: agreement on whatever the coders happened to overlap on may not hold for the corpus.',
    );
  if (question.multiLabel)
    out.push(
      'Label sets: alpha with the MASI distance (and Jaccard); Cohen’s and Fleiss’ kappa, AC1 and percent agreement per label only (each label as given / not given).',
    );
  else if (question.ordered)
    out.push(
      'The question is ordered in the codebook: ordinal alpha and weighted kappa use the codebook order of its labels (first = lowest).',
    );
  else out.push('The question is not marked as ordered in the codebook: nominal coefficients only, no ordinal alpha.');
  if (model && model.modelInputHash === null)
    out.push(`The column "${model.coder}" is empty: the question has no pre-labels yet (run prelabel first).`);
  else if (model)
    out.push(
      `The column "${model.coder}" is the model's current pre-label (${question.multiLabel ? `every label scored at or above its threshold: ${MULTI_LABEL_THRESHOLD} unless tuned per label (prelabel thresholds)` : 'its top label'}) under the current model input; stale pre-labels are never used (${model.staleOnly} documents have only stale ones).`,
    );
  return out;
}

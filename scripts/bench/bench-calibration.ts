// npm run bench:calibration — the calibrated classifier (issue 16, item 3): fit on N decisions of a
// 5-label single-label question (planted stored logits: main/core/calibration/test-support/planted.ts),
// its 5-fold cross-validation with the bootstrap, and re-scoring M documents from their stored rows
// (PredictionRow objects as the store returns them: 5 labels x 1 or 2 windows; window aggregation,
// features, standardisation and the softmax, in chunks of 10,000 documents). The rows are generated
// outside the timed sections. Target (issue 16): fit on 5,000 decisions + re-score 1M documents < 30 s.
//
// Then the switch in a real project (support/calibration-project.ts: --switch-documents documents x 5
// labels of planted stored logits, --switch-decisions human decisions): calibration.set's work, timed
// whole: switch on (read the decisions' features, fit, rebuild every document's suggestion from its
// stored rows with the calibrated classifier) and switch off (rebuild them raw). Afterwards the stored
// suggestion of every 997th document (label, score and margin) is compared with the one-document path's (bit for bit).
// --project FILE measures a copy of a project built before (--keep FILE keeps the one built here);
// --switch-documents 0 skips the switch.
//
//   tsx scripts/bench/bench-calibration.ts [--decisions 5000] [--documents 1000000] [--seed 7] [--json FILE]
//     [--switch-documents 1000000] [--switch-decisions 5000] [--project FILE] [--keep FILE]
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { activeCalibration } from '../../main/core/calibration/active';
import { setCalibration } from '../../main/core/calibration/service';
import { readCodebook } from '../../main/core/codebook/codebook-read';
import { topSuggestion } from '../../main/core/coding/coding-state';
import { stateSuggestion } from '../../main/core/coding/state-suggestion';
import { suggestionLabels } from '../../main/core/nli/scoring/suggestion-labels';
import { currentPredictions } from '../../main/core/store/prediction-store';
import { openProjectDb } from '../../main/core/store/project-db';
import { buildCalibrationProject } from './support/calibration-project';
import { calibrationBenefit } from '../../main/core/calibration/benefit';
import { crossValidate, fitCalibration, predictCalibration, rawScores } from '../../main/core/calibration/classifier';
import { documentFeatures } from '../../main/core/calibration/features';
import { plantedRows, plantedSet, type LabelKind } from '../../main/core/calibration/test-support/planted';
import type { PredictionRow } from '../../main/core/store/prediction-store';

const KINDS: LabelKind[] = ['biased', 'swapped', 'swapped', 'informative', 'noise'];
const CHUNK = 10_000;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      decisions: { type: 'string', default: '5000' },
      documents: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '7' },
      json: { type: 'string' },
      'switch-documents': { type: 'string', default: '1000000' },
      'switch-decisions': { type: 'string', default: '5000' },
      project: { type: 'string' },
      keep: { type: 'string' },
    },
  });
  const n = Number(values.decisions);
  const m = Number(values.documents);
  const seed = Number(values.seed);
  const labelIds = KINDS.map((k, j) => `${k}-${j}`);
  const set = plantedSet({ n, kinds: KINDS, seed });

  let t = performance.now();
  const model = fitCalibration(
    set,
    set.documents.map((_, i) => i),
  );
  const fitS = (performance.now() - t) / 1000;

  t = performance.now();
  const cv = crossValidate(set, { folds: 5, seed });
  const cvS = (performance.now() - t) / 1000;
  t = performance.now();
  const benefit = calibrationBenefit(set.truth, rawScores(set.features, false), cv.probabilities, KINDS.length, false, {
    replicates: 2000,
    seed,
  });
  const bootstrapS = (performance.now() - t) / 1000;

  let scoreMs = 0;
  let checksum = 0;
  for (let start = 0; start < m; start += CHUNK) {
    const size = Math.min(CHUNK, m - start);
    const planted = plantedRows({ n: size, kinds: KINDS, seed: seed + 1 + start });
    // Stored rows: every third document has a second, weaker window.
    const rows: PredictionRow[][] = planted.features.map((f, i) =>
      labelIds.flatMap((labelId, j) => {
        const own: PredictionRow = {
          documentId: start + i,
          labelId,
          window: 0,
          entailment: f[2 * j]!,
          neutral: 0,
          contradiction: f[2 * j + 1]!,
        };
        return i % 3 === 0 ? [own, { ...own, window: 1, entailment: own.entailment - 1, contradiction: own.contradiction + 1 }] : [own];
      }),
    );
    const t0 = performance.now();
    const x = new Float64Array(size * 10);
    rows.forEach((r, i) => x.set(documentFeatures(r, labelIds)!, i * 10));
    const p = predictCalibration(model, { x, n: size, d: 10 });
    scoreMs += performance.now() - t0;
    checksum += p[0]!;
  }
  const scoreS = scoreMs / 1000;
  const result = {
    decisions: n,
    documents: m,
    labels: KINDS.length,
    fitSeconds: fitS,
    crossValidationSeconds: cvS,
    bootstrapSeconds: bootstrapS,
    rescoreSeconds: scoreS,
    documentsPerSecond: m / scoreS,
    fitPlusRescoreSeconds: fitS + scoreS,
    target: 30,
    withinTarget: fitS + scoreS < 30,
    benefit: { raw: benefit.raw.accuracy.estimate, calibrated: benefit.calibrated.accuracy.estimate },
    loadavg: loadavg(),
    checksum,
  };
  console.log(
    `fit on ${n} decisions: ${fitS.toFixed(3)} s; 5-fold CV: ${cvS.toFixed(3)} s + bootstrap (2,000): ${bootstrapS.toFixed(3)} s; ` +
      `re-score ${m.toLocaleString('en')} documents: ${scoreS.toFixed(2)} s (${Math.round(m / scoreS).toLocaleString('en')}/s); ` +
      `fit + re-score ${(fitS + scoreS).toFixed(2)} s (target < 30 s: ${result.withinTarget ? 'met' : 'MISSED'}); load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  const switched = Number(values['switch-documents']) > 0 ? await benchSwitch(values, seed) : null;
  if (values.json) writeFileSync(values.json, JSON.stringify({ ...result, switch: switched }, null, 2) + '\n');
}

const seconds = (t: number): number => (performance.now() - t) / 1000;
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Switch on and off in a real project; every 997th document's suggestion checked. */
async function benchSwitch(values: { [k: string]: string | boolean | undefined }, seed: number) {
  const documents = Number(values['switch-documents']);
  const decisions = Number(values['switch-decisions']);
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-bench-calibration-'));
  const path = join(dir, 'switch.prelabel');
  try {
    if (typeof values.project === 'string') copyFileSync(values.project, path);
    else {
      const t = performance.now();
      await buildCalibrationProject(path, { documents, decisions, seed, log: (line) => console.log(line) });
      console.log(`Built the project in ${seconds(t).toFixed(1)} s (load ${load()}).`);
      if (typeof values.keep === 'string') copyFileSync(path, values.keep);
    }
    const db = openProjectDb(path);
    try {
      const question = readCodebook(db).questions[0]!;
      const hash = db.prepare('SELECT model_input_hash FROM prelabel_runs WHERE question_id = ?').pluck().get(question.id) as string;
      const scored = db.prepare('SELECT count(*) FROM prediction_documents').pluck().get() as number;
      const coded = db.prepare('SELECT count(*) FROM coding_state WHERE annotation_id IS NOT NULL').pluck().get() as number;
      const before = load();
      let t = performance.now();
      setCalibration(db, question, hash, null, true, 1);
      const onS = seconds(t);
      const checkedOn = checkSuggestions(db, question, hash, true);
      t = performance.now();
      setCalibration(db, question, hash, null, false, 1);
      const offS = seconds(t);
      const checkedOff = checkSuggestions(db, question, hash, false);
      const out = {
        documents: scored,
        decisions: coded,
        onSeconds: onS,
        offSeconds: offS,
        target: 30,
        withinTarget: onS < 30,
        checked: checkedOn + checkedOff,
        loadBefore: before,
        loadAfter: load(),
      };
      console.log(
        `switch on (fit on ${coded.toLocaleString('en')} decisions + rebuild ${scored.toLocaleString('en')} suggestions): ${onS.toFixed(2)} s ` +
          `(target < 30 s: ${out.withinTarget ? 'met' : 'MISSED'}); switch off (raw rebuild): ${offS.toFixed(2)} s; ` +
          `${out.checked} suggestions equal to the one-document path; load ${before} before, ${out.loadAfter} after`,
      );
      return out;
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every 997th scored document's stored suggestion against the one-document path, bit for bit. */
function checkSuggestions(
  db: ReturnType<typeof openProjectDb>,
  question: ReturnType<typeof readCodebook>['questions'][number],
  hash: string,
  on: boolean,
): number {
  const ids = db.prepare('SELECT document_id FROM prediction_documents WHERE document_id % 997 = 0').pluck().all() as number[];
  const calibrated = on ? activeCalibration(db, question, hash) : null;
  if (on && !calibrated) throw new Error('switch on: the calibrated classifier is not active');
  const { labels, partial } = suggestionLabels(db, question);
  const stored = db.prepare(
    'SELECT suggestion_label_id AS labelId, suggestion_score AS score, suggestion_margin AS margin FROM coding_state WHERE question_id = ? AND document_id = ?',
  );
  for (const id of ids) {
    const rows = currentPredictions(db, question.id, hash, [id]);
    const want = calibrated ? calibrated.top(rows) : topSuggestion(rows, labels, question.multiLabel, partial);
    // The margin column (migration 10) as the run's writer computes it for one document.
    const margin = stateSuggestion(rows, labels, question.multiLabel, partial, calibrated)?.margin;
    const got = stored.get(question.id, id) as { labelId: string; score: number; margin: number | null } | undefined;
    if (!want || !got || got.labelId !== want.labelId || !Object.is(got.score, want.score) || !Object.is(got.margin, margin))
      throw new Error(`document ${id}: stored ${JSON.stringify(got)}, the one-document path ${JSON.stringify({ ...want, margin })}`);
  }
  return ids.length;
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

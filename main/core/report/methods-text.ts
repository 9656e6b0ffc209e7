// The report's methods paragraph: what a paper's methods section says about the classifier and its
// validation, with this project's numbers filled in (the same formatting as the tables).
import type { EvaluationResult } from '../../../common/contract';
import type { UncertainBandReport } from '../../../common/contract/thresholds';
import { fmtCoef, fmtCoefInterval, fmtShare, fmtShareInterval } from '../../../common/evaluation-format';
import { bandMethodsText } from './methods-band';

const short = (sha: string | null) => (sha ? sha.slice(0, 12) : 'unknown');

/** `band`: the question's uncertain band (methods-band.ts), null or absent when none is set. */
export function methodsText(r: EvaluationResult, appVersion: string, band?: UncertainBandReport | null): string[] {
  const q = r.question;
  const m = r.model;
  const out: string[] = [];
  // Multi-label: the per-label thresholds the metrics used (tuned ones where any differs from 0.5).
  const cuts = r.metrics?.kind === 'multi' ? r.metrics.thresholds : [];
  const tuned = cuts.some((c) => c.threshold !== 0.5);
  const calibrated = r.scoring?.kind === 'calibrated';
  const multiRule = calibrated
    ? "a label was given when the calibrated classifier's probability was at least 0.5 (tuned thresholds apply to raw scores only)"
    : tuned
      ? `a label was given when its entailment probability was at least its own threshold, tuned on the coded documents outside the validation samples (${cuts.map((c) => `${c.label} ${c.threshold.toFixed(3)}`).join(', ')})`
      : 'a label was given when its entailment probability was at least 0.5';
  const maxLength = m.runs.map((x) => x.options.maxLength).find((v) => typeof v === 'number');
  if (r.corpus.withCurrentPrediction === 0)
    out.push(
      `No coding unit has a current prediction for the question "${q.name}" (${r.corpus.units} units): pre-label it before reporting the model's numbers.`,
    );
  else
    out.push(
      `Documents were pre-labelled with Prelabel ${appVersion} by zero-shot natural language inference: the model ${m.modelId ?? 'whose name was not recorded'}${m.modelSha256 ? ` (SHA-256 ${short(m.modelSha256)}, ${m.precision ?? 'fp32'})` : ` (${m.precision ?? 'fp32'})`} scored each of the ${q.labels.length} labels of the question "${q.name}" as the hypothesis built from the template "${m.template}"${maxLength ? `, texts cut to ${maxLength} tokens` : ''}; ${q.multiLabel ? multiRule : calibrated ? "each document's label was the calibrated classifier's most probable label" : "each document's label was the hypothesis with the highest entailment probability (softmax across labels)"}. ${r.corpus.withCurrentPrediction} of ${r.corpus.units} coding units were scored with the current model input (hash ${short(m.modelInputHash)}).`,
    );
  // [Note: evaluating the calibrated classifier] The methods say which predictions were scored.
  if (calibrated)
    out.push(
      `The labels evaluated were those of a calibrated classifier: an L2-regularised logistic regression over every label's entailment and contradiction logits, fitted on ${r.scoring!.decisions} human decisions. It was never scored on a document it was trained on: ${r.scoring!.heldOut ? `the ${r.scoring!.heldOut} training documents among those evaluated got held-out predictions from ${r.scoring!.folds}-fold cross-validation (seed ${r.scoring!.seed}; each document predicted by the model of the folds that did not contain it)` : 'no training document was among those evaluated'}${r.scoring!.fitted ? `, and the ${r.scoring!.fitted} other documents the predictions of the model fitted on all decisions` : ''}.`,
    );
  out.push(`Validation data. ${r.source.description}`);
  const x = r.metrics;
  if (x?.kind === 'single')
    out.push(
      `Against ${r.source.against === 'gold' ? 'the gold labels' : 'the human labels'} (n = ${x.n}), the model's accuracy was ${fmtShare(x.accuracy)} (95% CI ${fmtShareInterval(x.intervals.accuracy)}), macro-averaged F1 ${fmtCoef(x.macro.f1)} (${fmtCoefInterval(x.intervals.macroF1)}) and Cohen's kappa ${fmtCoef(x.kappa)} (${fmtCoefInterval(x.intervals.kappa)}); per-label precision, recall and F1 are in the table above. Intervals are percentile intervals of a nonparametric bootstrap over documents (${r.bootstrap.replicates} replicates, seed ${r.bootstrap.seed}). Calibration: the expected calibration error over 10 equal-width bins was ${fmtShare(r.calibration?.ece)}.`,
    );
  else if (x?.kind === 'multi')
    out.push(
      `Against ${r.source.against === 'gold' ? 'the gold labels' : 'the human labels'} (n = ${x.n}), micro-averaged F1 was ${fmtCoef(x.micro.f1)} (95% CI ${fmtCoefInterval(x.intervals.microF1)}), macro-averaged F1 ${fmtCoef(x.macro.f1)} (${fmtCoefInterval(x.intervals.macroF1)}), subset accuracy ${fmtShare(x.subsetAccuracy)} and Hamming loss ${fmtShare(x.hammingLoss)}. Intervals are percentile intervals of a nonparametric bootstrap over documents (${r.bootstrap.replicates} replicates, seed ${r.bootstrap.seed}).`,
    );
  const bandText = bandMethodsText(band);
  if (bandText) out.push(bandText);
  const p = r.prevalence;
  if (p && p.labels.some((l) => l.ppi))
    out.push(
      `Label shares in the corpus were estimated by prediction-powered inference (Angelopoulos et al. 2023), combining the model's labels on all ${p.corpusN} scored units with the ${p.sampleN} ${r.source.against === 'gold' ? 'gold-labelled' : 'human-labelled'} documents: ${p.labels
        .filter((l) => l.ppi)
        .map((l) => `${l.label} ${fmtShare(l.ppi!.estimate)} (${fmtShareInterval(l.ppi)}; model count ${fmtShare(l.naive.estimate)})`)
        .join(
          ', ',
        )}.${r.source.random ? '' : ' The labelled documents were not a random sample, so these intervals are not valid for the corpus.'}`,
    );
  const a = r.anchoring;
  if (a && a.shown.decisions && a.blind.decisions)
    out.push(
      `Coders kept the suggested labels in ${fmtShare(a.shown.share)} of ${a.shown.decisions} decisions made with the suggestion on screen; on the blind validation sample the model agreed with the coders in ${fmtShare(a.blind.share)} of ${a.blind.decisions}.`,
    );
  return out;
}

// The methods report of one question as a self-contained HTML page: inline CSS (report-css.ts) and
// inline SVG plots (common/plots.ts, the same trees the validation screen draws), no script, no
// request; printable to PDF. Sections: data and how the validation documents were drawn, the codebook
// with its revision, the model with its hashes, precision and template, the validation numbers with
// intervals, the plots, the breakdown, prevalence, anchoring, the reliability sample and the coder
// training rounds (report-training.ts), warnings, and a methods paragraph. The
// whole EvaluationResult is embedded as JSON (type application/json, never run) for reproduction.
import type { CodebookQuestion, EvaluationResult } from '../../../common/contract';
import type { UncertainBandReport } from '../../../common/contract/thresholds';
import { histogramPlot, reliabilityPlot, svgText } from '../../../common/plots';
import { REPORT_CSS } from './report-css';
import { methodsText } from './methods-text';
import { reliabilitySection, trainingSection, type CodersForReport } from './report-training';
import { anchoringTable, confusionTable, esc, groupTable, perLabelTable, prevalenceTables, summaryTable } from './report-sections';

export interface ReportContext {
  projectName: string;
  appVersion: string;
  question: CodebookQuestion;
  /** The question's reliability sample and coder training rounds (issue 14); absent: no such sections. */
  coders?: CodersForReport;
  /** The single-label question's uncertain band (report/methods-band.ts); absent or null: none set. */
  band?: UncertainBandReport | null;
}

function dataSection(r: EvaluationResult): string {
  const c = r.corpus;
  const langs = c.languages?.length
    ? `<p>Languages (column "${esc(c.languageColumn!)}"): ${c.languages.map((l) => `${esc(l.value || '(none)')} ${l.count}`).join(', ')}.</p>`
    : '';
  const s = r.source.sample;
  const sizing = s?.sizingText ? `<p>Sample size: <span class="mono">${esc(s.sizingText)}</span></p>` : '';
  return `<h2>Data</h2>
<table><tbody>
<tr><th scope="row" class="text">Coding units</th><td data-stat="corpus.units">${c.units}</td></tr>
<tr><th scope="row" class="text">With a current prediction</th><td data-stat="corpus.withCurrentPrediction">${c.withCurrentPrediction}</td></tr>
<tr><th scope="row" class="text">Without one (of which only stale)</th><td data-stat="corpus.withoutCurrentPrediction">${c.withoutCurrentPrediction} (${c.staleOnly})</td></tr>
<tr><th scope="row" class="text">Documents with a truth</th><td data-stat="documents.withTruth">${r.documents.withTruth}</td></tr>
<tr><th scope="row" class="text">Used (with a current prediction)</th><td data-stat="documents.used">${r.documents.used}</td></tr>
<tr><th scope="row" class="text">Left out: no current prediction (only stale)</th><td data-stat="documents.dropped">${r.documents.dropped.noCurrentPrediction} (${r.documents.dropped.staleOnly})</td></tr>
<tr><th scope="row" class="text">Decisions that are not labels (skip, not codable)</th><td data-stat="documents.notLabels">${r.documents.notLabels}</td></tr>
</tbody></table>
${langs}<h3>How the validation documents were drawn</h3><p>${esc(r.source.description)}</p>${sizing}`;
}

function codebookSection(r: EvaluationResult, q: CodebookQuestion): string {
  const rows = q.labels
    .filter((l) => !l.archived)
    .map((l) => {
      const h = r.model.hypotheses.find((x) => x.label === l.name);
      return `<tr><td class="text">${esc(l.name)}</td><td class="text">${esc(l.code ?? '')}</td><td class="text">${esc(l.description)}</td><td class="text">${esc(h?.hypothesis ?? '')}</td></tr>`;
    })
    .join('');
  return `<h2>Codebook</h2><p>Question "${esc(q.name)}" (${q.multiLabel ? 'several labels per document' : 'one label per document'}${q.ordered ? ', ordered scale' : ''}), codebook revision <span class="mono">${esc(r.codebookRevisionId ?? 'none')}</span>.</p>
<table><thead><tr><th class="text" scope="col">Label</th><th class="text" scope="col">Code</th><th class="text" scope="col">Description</th><th class="text" scope="col">Hypothesis</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** A run's stored hypotheses as a small table (label, hypothesis), and whether they are the current
 * codebook's (label by label, in order); null when the stored value is not such a list. */
function runHypotheses(stored: unknown, current: EvaluationResult['model']['hypotheses']): string | null {
  if (!Array.isArray(stored)) return null;
  const rows = stored.map((h: unknown) => {
    const x = (h ?? {}) as { label?: unknown; hypothesis?: unknown };
    return { label: typeof x.label === 'string' ? x.label : '', hypothesis: typeof x.hypothesis === 'string' ? x.hypothesis : '' };
  });
  if (rows.some((x) => !x.label && !x.hypothesis)) return null;
  const differing = rows.filter((x) => !current.some((c) => c.label === x.label && c.hypothesis === x.hypothesis)).map((x) => x.label);
  const missing = current.filter((c) => !rows.some((x) => x.label === c.label)).map((c) => c.label);
  const same = differing.length === 0 && missing.length === 0 && rows.length === current.length;
  const verdict = same
    ? "the same as the current codebook's"
    : `not the current codebook's (${[...differing.map((l) => `"${l}" differs`), ...missing.map((l) => `"${l}" not asked`)].join(', ')})`;
  const body = rows.map((x) => `<tr><td class="text">${esc(x.label)}</td><td class="text">${esc(x.hypothesis)}</td></tr>`).join('');
  return `<table class="run-hypotheses"><caption>hypotheses: ${esc(verdict)}</caption><thead><tr><th class="text" scope="col">Label</th><th class="text" scope="col">Hypothesis</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** A run's stored options, one per line, its hypotheses as a table; the labels and the template are
 * in the tables above (the model-input hash makes them the same). */
function runOptions(options: Record<string, unknown>, current: EvaluationResult['model']['hypotheses']): string {
  return Object.entries(options)
    .filter(([k]) => k !== 'labels' && k !== 'template')
    .map(
      ([k, v]) =>
        (k === 'hypotheses' ? runHypotheses(v, current) : null) ??
        `<div><span class="muted">${esc(k)}</span> ${esc(typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))}</div>`,
    )
    .join('');
}

function modelSection(r: EvaluationResult): string {
  const m = r.model;
  const runs = m.runs
    .map(
      (x) =>
        `<tr><td class="text mono">${esc(x.id)}</td><td class="text">${esc(x.createdAt)}</td><td class="text">${esc(x.status)}</td><td class="text mono">${runOptions(x.options, m.hypotheses)}</td></tr>`,
    )
    .join('');
  return `<h2>Model</h2><table><tbody>
<tr><th scope="row" class="text">Model</th><td class="text">${esc(m.modelId ?? 'none')}</td></tr>
<tr><th scope="row" class="text">SHA-256 of the model file</th><td class="text mono">${esc(m.modelSha256 ?? '')}</td></tr>
<tr><th scope="row" class="text">Precision</th><td class="text">${esc(m.precision ?? '')}</td></tr>
<tr><th scope="row" class="text">Model-input hash (template, hypotheses, model, scoring mode)</th><td class="text mono">${esc(m.modelInputHash)}</td></tr>
<tr><th scope="row" class="text">Template</th><td class="text">${esc(m.template)}</td></tr>
</tbody></table>
<p class="muted">The hypotheses above are those of the current codebook; only predictions under the current model-input hash are used, and that hash is made of exactly these hypotheses, so they are the ones the predictions were made with.</p>
${runs ? `<table><caption>Runs under this model input (options as stored with each run)</caption><thead><tr><th class="text" scope="col">Run</th><th class="text" scope="col">Started</th><th class="text" scope="col">Status</th><th class="text" scope="col">Options</th></tr></thead><tbody>${runs}</tbody></table>` : ''}`;
}

function plotsSection(r: EvaluationResult): string {
  const figs: string[] = [];
  if (r.calibration)
    figs.push(
      `<figure>${svgText(reliabilityPlot('report-calibration', r.calibration, { title: 'Reliability diagram', x: 'Confidence', y: 'Share right' }))}<figcaption>Reliability diagram (${esc(r.calibration.what)}); expected calibration error <span data-stat="calibration.ece">${(r.calibration.ece * 100).toFixed(1)}</span> points. Bars: each bin's share right; dashed: perfect calibration.</figcaption></figure>`,
    );
  if (r.scores.used)
    figs.push(
      `<figure>${svgText(
        histogramPlot(
          'report-scores',
          [
            { name: 'right', className: 'plot-bar', bins: r.scores.used.right },
            { name: 'wrong', className: 'plot-bar-alt', bins: r.scores.used.wrong },
          ],
          { title: 'Scores of the validation documents', x: 'Top score', y: 'Documents' },
        ),
      )}<figcaption>Top-label scores of the documents used, right and wrong.</figcaption></figure>`,
    );
  figs.push(
    `<figure>${svgText(histogramPlot('report-corpus', [{ name: 'corpus', className: 'plot-bar', bins: r.scores.corpus }], { title: 'Scores in the corpus', x: 'Top score', y: 'Units' }))}<figcaption>Top-label scores of every unit with a current prediction.</figcaption></figure>`,
  );
  const bins = r.calibration?.bins.filter((b) => b.count > 0) ?? [];
  const table = bins.length
    ? `<table><caption>Reliability bins</caption><thead><tr><th scope="col">Bin</th><th scope="col">n</th><th scope="col">Mean confidence</th><th scope="col">Share right</th></tr></thead><tbody>${bins
        .map(
          (b) =>
            `<tr><td>${(b.lower * 100).toFixed(0)}–${(b.upper * 100).toFixed(0)}%</td><td>${b.count}</td><td>${((b.meanConfidence ?? 0) * 100).toFixed(1)}%</td><td>${((b.accuracy ?? 0) * 100).toFixed(1)}%</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  return `<h2>Plots</h2><div class="plots">${figs.join('')}</div>${table}`;
}

export function reportHtml(r: EvaluationResult, ctx: ReportContext): string {
  const title = `Validation of "${r.question.name}"`;
  const warnings = r.warnings.length
    ? `<div class="warnings" role="note"><strong>Before trusting these numbers</strong><ul>${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></div>`
    : '';
  const json = JSON.stringify(r).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title><style>${REPORT_CSS}</style></head>
<body>
<h1>${esc(title)}</h1>
<p class="muted">Project ${esc(ctx.projectName)} · Prelabel ${esc(ctx.appVersion)} · ${esc(r.generatedAt)} · compared against: ${esc(r.source.against)}</p>
${warnings}
${dataSection(r)}
${codebookSection(r, ctx.question)}
${modelSection(r)}
<h2>Validation</h2>${summaryTable(r)}${perLabelTable(r)}${confusionTable(r)}
${plotsSection(r)}
${r.groups ? `<h2>By ${esc(r.groups.column)}</h2>${groupTable(r)}` : ''}
<h2>Share of each label in the corpus</h2>
<p class="muted">Naive: the model's count, whose interval ignores the model's errors. Human only: the labelled documents alone (Wilson). PPI: prediction-powered inference (Angelopoulos, Bates, Fannjiang, Jordan &amp; Zrnic 2023), the model's share corrected by its errors on the labelled documents; PPI++: the same with the model's weight tuned (Angelopoulos, Duchi &amp; Zrnic 2023).${r.source.random ? '' : ' <strong>The labelled documents are not a random sample: the human-only and PPI intervals are not valid here.</strong>'}</p>
${prevalenceTables(r)}
<h2>Anchoring</h2>${anchoringTable(r)}
${reliabilitySection(ctx.coders?.reliability ?? null)}${trainingSection(ctx.coders?.training ?? [])}
<h2>Methods</h2><div class="methods">${methodsText(r, ctx.appVersion, ctx.band)
    .map((p) => `<p>${esc(p)}</p>`)
    .join('')}</div>
<script type="application/json" id="evaluation-data">${json}</script>
</body></html>
`;
}

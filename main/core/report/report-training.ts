// The methods report's sections on the coders (issue 14): the question's latest reliability sample
// (how it was sized and drawn, how much of it is coded) and the coder training rounds (each round's
// master, size and seed, with every coder's agreement with the master), as HTML text. Every number
// cell carries data-training (its place in the TrainingRound), so a test can check it against
// training.rounds.
import type { SampleInfo, TrainingRound } from '../../../common/contract';
import { fmtCoef, fmtShare } from '../../../common/evaluation-format';
import { esc } from './report-sections';

export interface CodersForReport {
  /** The question's latest reliability sample, or null. */
  reliability: SampleInfo | null;
  /** The question's training rounds, the newest first. */
  training: TrainingRound[];
}

export function reliabilitySection(s: SampleInfo | null): string {
  if (!s) return '';
  const sizing = s.sizing ? `<p>Sample size: <span class="mono">${esc(s.sizing.text)}</span></p>` : '';
  return `<h2>Reliability sample</h2>
<p>Agreement between coders is computed on a reliability sample drawn in advance: ${s.size} of ${s.population} documents, a simple random sample drawn with seed ${s.seed} on ${esc(s.createdAt.slice(0, 10))} (sample <span class="mono">${esc(s.id)}</span>); ${s.coded} of them coded so far. Every coder codes every document of it.</p>${sizing}`;
}

export function trainingSection(rounds: readonly TrainingRound[]): string {
  if (!rounds.length) return '';
  const rows = rounds
    .flatMap((r, i) => {
      const master = r.master.kind === 'gold' ? 'gold labels' : `coder ${r.master.coder}`;
      const head = `<td class="text">${esc(r.createdAt.slice(0, 10))}</td><td class="text">${esc(master)}</td><td>${r.size}</td><td>${r.seed}</td>`;
      if (!r.scores.length) return [`<tr>${head}<td class="text muted" colspan="5">not coded yet</td></tr>`];
      return r.scores.map(
        (s) =>
          `<tr>${head}<td class="text">${esc(s.coder)}</td><td data-training="${i}.${esc(s.coder)}.coded">${s.coded}</td><td data-training="${i}.${esc(s.coder)}.percent">${fmtShare(s.percent)}</td><td data-training="${i}.${esc(s.coder)}.kappa">${fmtCoef(s.kappa)}</td><td data-training="${i}.${esc(s.coder)}.alpha">${fmtCoef(s.alpha)}</td></tr>`,
      );
    })
    .join('');
  return `<h2>Coder training</h2>
<p>Coders were trained on rounds of documents drawn at random (seeded) from those with a master label (the gold labels, or an expert coder's decisions as they were when the round was drawn); a trainee coded each round blind, and their decisions there are not labels of the project. Agreement with the master over the documents the trainee labelled: percent agreement on the exact label, Cohen's kappa (single-label questions) and Krippendorff's alpha (nominal; MASI distance for label sets).</p>
<table><thead><tr><th class="text" scope="col">Drawn</th><th class="text" scope="col">Master</th><th scope="col">Documents</th><th scope="col">Seed</th><th class="text" scope="col">Coder</th><th scope="col">Labelled</th><th scope="col">Agreement</th><th scope="col">Kappa</th><th scope="col">Alpha</th></tr></thead><tbody>${rows}</tbody></table>`;
}

// `prelabel check-labels <project> --question Q`: coded documents whose labels look wrong, for review
// (labelQuality.check): documents whose label a cross-validated calibrated model finds very unlikely
// (--min-disagreement D, default 0.9), and pairs of near-identical texts coded differently, the most
// similar first (--min-similarity S, default 0.8); --limit N; with --json the contract's object.
import { PrelabelError } from '../../../common/contract';
import { stringFlag, type Command } from '../command';
import { questionFlag } from './thresholds';

export const checkLabelsCommand: Command = {
  usage: 'check-labels <project> --question NAME [--min-similarity S] [--min-disagreement D] [--limit N]',
  summary: 'coded documents to check: labels a cross-validated model finds very unlikely, near-identical texts coded differently',
  options: {
    question: { type: 'string' },
    'min-similarity': { type: 'string' },
    'min-disagreement': { type: 'string' },
    limit: { type: 'string' },
  },
  async run(args) {
    const s = stringFlag(args, 'min-similarity');
    const minSimilarity = s === undefined ? 0.8 : Number(s);
    if (s !== undefined && (s.trim() === '' || !(minSimilarity >= 0.5 && minSimilarity <= 1)))
      throw new PrelabelError('INVALID_INPUT', `--min-similarity must be a number from 0.5 to 1 (got "${s}").`);
    const l = stringFlag(args, 'limit');
    const limit = l === undefined ? 500 : Number(l);
    if (l !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 5000))
      throw new PrelabelError('INVALID_INPUT', `--limit must be a whole number from 1 to 5000 (got "${l}").`);
    const g = stringFlag(args, 'min-disagreement');
    const minDisagreement = g === undefined ? 0.9 : Number(g);
    if (g !== undefined && (g.trim() === '' || !(minDisagreement >= 0.5 && minDisagreement <= 1)))
      throw new PrelabelError('INVALID_INPUT', `--min-disagreement must be a number from 0.5 to 1 (got "${g}").`);
    const question = await questionFlag(args, 'check-labels');
    const r = await args.call('labelQuality.check', { questionId: question.id, minSimilarity, limit, minDisagreement });
    if (args.json) {
      args.io.out(JSON.stringify({ ok: true, question: { id: question.id, name: question.name }, ...r }));
      return 0;
    }
    const m = r.disagreements;
    if (m.reason) args.io.out(`No check against a cross-validated model: ${m.reason}`);
    else {
      args.io.out(
        `${m.total} of ${m.judged} coded documents have a label the cross-validated calibrated model (${m.folds} folds) disagrees with by at least ${m.minDisagreement}${m.total > m.items.length ? `, the first ${m.items.length} listed` : ''}`,
      );
      for (const i of m.items)
        args.io.out(
          `  ${i.document.externalId} (${i.document.labels.join(', ') || '(none of these labels)'}): disagreement ${i.disagreement.toFixed(3)}; ${i.labels
            .map((l) => `${l.label} ${l.coderGave ? 'given' : 'not given'}, model ${(l.probability * 100).toFixed(1)}%`)
            .join('; ')}`,
        );
      args.io.out('');
    }
    const d = r.duplicates;
    args.io.out(
      `"${question.name}": ${r.coded} coded documents; ${d.total} pair${d.total === 1 ? '' : 's'} of near-identical texts (shingle Jaccard at least ${r.minSimilarity}) coded differently${d.total > d.pairs.length ? `, the first ${d.pairs.length} listed` : ''}`,
    );
    const labels = (x: string[]) => x.join(', ') || '(none of these labels)';
    for (const p of d.pairs)
      for (const line of [
        '',
        `${p.exact ? 'same text' : `similarity ${p.similarity.toFixed(3)}`}: ${p.a.externalId} (${labels(p.a.labels)}) / ${p.b.externalId} (${labels(p.b.labels)})`,
        `  ${p.a.externalId}: ${p.a.text.replace(/\s+/g, ' ').slice(0, 120)}`,
        `  ${p.b.externalId}: ${p.b.text.replace(/\s+/g, ' ').slice(0, 120)}`,
      ])
        args.io.out(line);
    return 0;
  },
};

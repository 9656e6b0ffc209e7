// The coder-by-coder matrix rendered to markup: kappa, agreement and n per pair with data-stat names,
// n alone on the diagonal, the colour by kappa (none below 0, "–" for an undefined kappa), and the
// matrices offered: all labels and each label for a single-label question, each label for label sets.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AgreementResult, CoderMatrixView } from '../../../common/contract';
import { AgreementMatrix, matrixChoices } from './agreement-matrix';

const matrix = (kappa: number | null): CoderMatrixView => ({
  coders: ['Ana', 'Ben'],
  pairs: [],
  kappa: [
    [null, kappa],
    [kappa, null],
  ],
  agreement: [
    [null, 0.75],
    [0.75, null],
  ],
  n: [
    [30, 28],
    [28, 29],
  ],
  meanKappa: kappa,
});

const single = {
  question: { id: 'q', name: 'Stance', multiLabel: false, ordered: false },
  report: {
    kind: 'single',
    matrix: matrix(0.61),
    perLabel: [
      { label: 'A', matrix: matrix(-0.2) },
      { label: 'B', matrix: matrix(null) },
    ],
  },
} as unknown as AgreementResult;

describe('AgreementMatrix', () => {
  it('shows kappa, agreement and n per pair, n on the diagonal, coloured by kappa', () => {
    const html = renderToStaticMarkup(<AgreementMatrix result={single} />);
    expect(html).toContain('<th scope="row">Ana</th>');
    expect(html).toContain(
      '<td class="num heat-6"><span data-stat="matrix.0.1.kappa">0.610</span><span class="share" data-stat="matrix.0.1.agreement">75.0%</span><span class="share">n = <span data-stat="matrix.0.1.n">28</span></span></td>',
    );
    expect(html).toContain('<span data-stat="matrix.0.0.n">30</span>');
    expect(html).not.toContain('matrix.0.0.kappa');
    expect(html).toContain('<option value="all" selected="">All labels</option>');
  });

  it('offers all labels and each label for a single-label question, each label for label sets', () => {
    expect(matrixChoices(single).map((c) => [c.key, c.label, c.matrix.meanKappa])).toEqual([
      ['all', null, 0.61],
      ['0', 'A', -0.2],
      ['1', 'B', null],
    ]);
    const sets = { ...single, report: { kind: 'multi', perLabel: single.report.perLabel } } as unknown as AgreementResult;
    expect(matrixChoices(sets).map((c) => c.key)).toEqual(['0', '1']);
    const html = renderToStaticMarkup(<AgreementMatrix result={sets} />);
    // A kappa below 0 gets the lightest colour.
    expect(html).toContain('<td class="num heat-0"><span data-stat="matrix.0.1.kappa">-0.200</span>');
  });

  it('shows no matrix with fewer than two coders', () => {
    const one = { ...single, report: { ...single.report, matrix: { ...matrix(null), coders: ['Ana'] } } } as unknown as AgreementResult;
    expect(renderToStaticMarkup(<AgreementMatrix result={one} />)).toBe('');
  });
});

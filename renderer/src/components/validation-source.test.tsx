// The Validation screen's banner on whether the intervals hold for the corpus, and the line naming
// whose decisions are the truth, rendered to markup: green only for a random sample with documents
// compared and none skipped (review: it stayed green with 4 skips and with 0 documents).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { EvaluationResult } from '../../../common/contract';
import { RandomBanner, TruthCoders } from './validation-source';

const result = (random: boolean, used: number, notLabels: number, truthCoders: EvaluationResult['truthCoders'] = null) =>
  ({ source: { random }, documents: { used, notLabels }, truthCoders }) as unknown as EvaluationResult;

describe('RandomBanner', () => {
  it('is green only for a random sample with documents compared and none skipped', () => {
    expect(renderToStaticMarkup(<RandomBanner result={result(true, 30, 0)} />)).toBe(
      '<p class="validation-ok" data-testid="validation-random" data-ok="true">Random sample: the intervals hold for the corpus.</p>',
    );
    const skipped = renderToStaticMarkup(<RandomBanner result={result(true, 26, 4)} />);
    expect(skipped).toContain('class="validation-warning"');
    expect(skipped).toContain('with 4 skipped or not codable documents');
    const empty = renderToStaticMarkup(<RandomBanner result={result(true, 0, 0)} />);
    expect(empty).toContain('class="validation-warning"');
    expect(empty).toContain('none of its documents is compared yet');
    expect(renderToStaticMarkup(<RandomBanner result={result(false, 30, 0)} />)).toContain('Not a random sample');
  });
});

describe('TruthCoders', () => {
  it('names the coders with their counts and the documents several decided, or the one coder asked for', () => {
    const both = {
      coder: null,
      coders: [
        { name: 'carol', documents: 71 },
        { name: 'alice', documents: 30 },
      ],
      multiCoder: 30,
    };
    expect(renderToStaticMarkup(<TruthCoders result={result(false, 101, 0, both)} />)).toContain(
      'Truth: each document’s current label, by carol (71), alice (30); 30 documents were decided by more than one coder.',
    );
    const one = { coder: 'alice', coders: [{ name: 'alice', documents: 60 }], multiCoder: 0 };
    expect(renderToStaticMarkup(<TruthCoders result={result(false, 60, 0, one)} />)).toContain(
      'Truth: the decisions of alice (60 documents).',
    );
    expect(renderToStaticMarkup(<TruthCoders result={result(true, 60, 0, null)} />)).toBe('');
  });
});

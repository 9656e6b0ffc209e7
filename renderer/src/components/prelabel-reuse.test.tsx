// The Pre-label screen's line on pairs reused from identical texts, rendered to markup: shown with
// the run's count, absent while nothing was reused.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PrelabelProgress } from '../../../common/contract';
import { PrelabelReuse } from './prelabel-reuse';

const progress = (reusedPairs?: number) =>
  ({
    jobId: 'r',
    kind: 'prelabel',
    questionId: 'q',
    status: 'running',
    done: 10,
    total: 40,
    pairsPerSecond: 100,
    etaSeconds: 1,
    ...(reusedPairs === undefined ? {} : { reusedPairs }),
  }) as PrelabelProgress;

describe('PrelabelReuse', () => {
  it('says how many pairs were reused from identical texts, and nothing when none were', () => {
    expect(renderToStaticMarkup(<PrelabelReuse progress={progress(1240)} />)).toBe(
      '<p class="field-hint" data-testid="prelabel-reused">1,240 pairs reused from identical texts (the same model input, so the same logits, without running the model again).</p>',
    );
    expect(renderToStaticMarkup(<PrelabelReuse progress={progress(1)} />)).toContain('1 pair reused');
    expect(renderToStaticMarkup(<PrelabelReuse progress={progress()} />)).toBe('');
    expect(renderToStaticMarkup(<PrelabelReuse progress={null} />)).toBe('');
  });
});

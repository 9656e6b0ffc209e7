// The Models screen's card on the active model's threads on this machine, rendered to markup: the
// stored choice with its time, load and pairs/s; a busy one says it is measured again; none yet.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ModelThreads } from '../../../common/contract';
import { ThreadChoiceCard } from './thread-choice-card';

const threads = (stored: ModelThreads['stored'], extra: Partial<ModelThreads> = {}): ModelThreads => ({
  model: { id: 'tiny', path: '/models/tiny', sha256: 'abc' },
  machine: 'Test CPU | 2 logical | 2 cores | linux-x64',
  stored,
  ...extra,
});
const measured = (busy: boolean) => ({
  threads: 2,
  measured: [
    { threads: 1, pairsPerSecond: 101.4 },
    { threads: 2, pairsPerSecond: 180.6 },
  ],
  at: '2026-12-08T00:50:00.000Z',
  load: { otherCores: busy ? 0.8 : 0.05, logicalCpus: 2, busy, method: 'proc-stat' as const },
});
const html = (t: ModelThreads | null, measuring = false) =>
  renderToStaticMarkup(<ThreadChoiceCard threads={t} measuring={measuring} error={null} onRemeasure={() => undefined} />);

describe('ThreadChoiceCard', () => {
  it('shows the stored choice, the load while it was measured and pairs/s at each count', () => {
    const out = html(threads(measured(false)));
    expect(out).toContain('Uses 2 threads, measured ');
    expect(out).toContain('The machine was quiet: other programs used 0.05 of its 2 CPUs meanwhile.');
    expect(out).toContain('<li>1 thread: 101 pairs/s</li><li>2 threads: 181 pairs/s</li>');
    expect(out).toContain('>Measure again</button>');
  });

  it('says a choice measured on a busy machine is measured again when quiet, and a busy re-measurement was not kept', () => {
    expect(html(threads(measured(true)))).toContain('The machine was busy (other programs used 0.8 of its 2 CPUs)');
    expect(html(threads(measured(false), { measuredNow: { choice: measured(true), kept: false } }))).toContain(
      'the earlier measurement, made on a quiet machine, is kept.',
    );
  });

  it('says when nothing is measured yet, and disables the button while measuring', () => {
    expect(html(threads(null))).toContain('Not measured on this machine yet');
    expect(html(threads(null), true)).toMatch(/<button[^>]*disabled=""[^>]*>Measuring…<\/button>/);
  });
});

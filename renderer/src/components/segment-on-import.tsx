// The import's "Unit of analysis": whole documents (the default), or each imported row split into
// paragraphs, sentences or windows as it is imported (import.start's `segment`); the import and
// its units become visible together. The choice is the segments store's `onImport`.
import { useId } from 'react';
import { t } from '../i18n/t';
import { useSegments } from '../state/segments-store';
import { SplitOptions } from './split-options';

export function SegmentOnImport({ locked }: { locked: boolean }) {
  const titleId = useId();
  const onImport = useSegments((s) => s.onImport);
  return (
    <section className="card" aria-labelledby={titleId} data-testid="import-segment">
      <h2 id={titleId}>{t('segments.onImport')}</h2>
      <SplitOptions choice={onImport} allowWhole disabled={locked} testId="import-segment" onChange={useSegments.getState().setOnImport} />
    </section>
  );
}

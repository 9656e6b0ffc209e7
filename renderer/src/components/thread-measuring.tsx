// The Pre-label screen's line while a start measures the model's threads on this machine, before
// its run exists ([Note: thread calibration] in main/core/nli/inference/thread-calibration.ts).
import type { PrelabelProgress } from '../../../common/contract';
import { t } from '../i18n/t';

export function ThreadMeasuring({ measuring }: { measuring: PrelabelProgress['measuring'] | null }) {
  if (!measuring) return null;
  return (
    <p className="field-hint" role="status" data-testid="prelabel-measuring">
      {t('prelabel.measuring', { step: measuring.step, steps: measuring.steps })}
    </p>
  );
}

// The Pre-label screen's line on the pairs of the current run copied from identical texts instead
// of scored ([Note: reuse of identical inputs] in main/core/nli/runs/input-reuse.ts).
import type { PrelabelProgress } from '../../../common/contract';
import { t } from '../i18n/t';

export function PrelabelReuse({ progress }: { progress: PrelabelProgress | null }) {
  const count = progress?.reusedPairs ?? 0;
  if (count <= 0) return null;
  return (
    <p className="field-hint" data-testid="prelabel-reused">
      {t('prelabelReuse.line', { count })}
    </p>
  );
}

// The core's warnings about where the project file lives (network drive, sync folder).
import { t } from '../i18n/t';
import { Notice } from './notice';

export function LocationWarnings({ warnings }: { warnings: readonly string[] }) {
  if (warnings.length === 0) return null;
  return (
    <section className="location-warnings" aria-label={t('header.warningsLabel')} data-testid="location-warnings">
      {warnings.map((w) => (
        <Notice key={w} kind="warning">
          {w}
        </Notice>
      ))}
    </section>
  );
}

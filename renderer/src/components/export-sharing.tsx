// Exports to share: labels only (ids and codes; no text, no metadata) and metadata columns written
// as keyed pseudonyms (the same value, the same pseudonym in every export of the project; the key
// stays in the project file). [Note: pseudonyms] in main/core/export/pseudonym.ts.
import { useId } from 'react';
import type { ExportContent } from '../../../common/contract';
import { t } from '../i18n/t';

interface ExportSharingProps {
  content: ExportContent;
  pseudonymise: readonly string[];
  /** The project's metadata columns; null while they are read. */
  columns: readonly string[] | null;
  disabled: boolean;
  onChange(patch: { content?: ExportContent; pseudonymise?: readonly string[] }): void;
}

export function ExportSharing({ content, pseudonymise, columns, disabled, onChange }: ExportSharingProps) {
  const id = useId();
  const toggle = (column: string, on: boolean) =>
    onChange({ pseudonymise: on ? [...pseudonymise, column] : pseudonymise.filter((c) => c !== column) });
  return (
    <div className="stack" data-testid="export-sharing">
      <div className="field">
        <label className="check">
          <input
            type="checkbox"
            checked={content === 'labels'}
            disabled={disabled}
            aria-describedby={`${id}-labels-hint`}
            onChange={(e) => onChange({ content: e.target.checked ? 'labels' : 'full' })}
            data-testid="export-labels-only"
          />
          {t('export.share.labelsOnly')}
        </label>
        <p id={`${id}-labels-hint`} className="field-hint">
          {t('export.share.labelsOnlyHint')}
        </p>
      </div>
      {columns && columns.length > 0 && (
        <fieldset className="field" aria-describedby={`${id}-pseudo-hint`} data-testid="export-pseudonymise">
          <legend className="field-label">{t('export.share.pseudonymise')}</legend>
          {columns.map((c) => (
            <label key={c} className="check" dir="auto">
              <input
                type="checkbox"
                checked={pseudonymise.includes(c)}
                disabled={disabled}
                onChange={(e) => toggle(c, e.target.checked)}
                data-testid="export-pseudonymise-column"
              />
              {c}
            </label>
          ))}
          <p id={`${id}-pseudo-hint`} className="field-hint">
            {t(content === 'labels' ? 'export.share.pseudonymiseHintLabels' : 'export.share.pseudonymiseHint')}
          </p>
        </fieldset>
      )}
    </div>
  );
}

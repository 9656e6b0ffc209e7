// Which columns hold the text to code, which one the document id; the rest is kept as metadata.
import { useId } from 'react';
import { t } from '../i18n/t';

interface ColumnMappingProps {
  columns: readonly string[];
  textColumns: readonly string[];
  idColumn: string | null;
  disabled: boolean;
  onToggleText(column: string): void;
  onIdColumn(column: string | null): void;
}

const NONE = '';

export function ColumnMapping({ columns, textColumns, idColumn, disabled, onToggleText, onIdColumn }: ColumnMappingProps) {
  const idSelect = useId();
  const textHint = useId();
  const metadata = columns.filter((c) => !textColumns.includes(c) && c !== idColumn);
  return (
    <div className="mapping">
      <fieldset className="mapping-group" aria-describedby={textHint} disabled={disabled}>
        <legend className="field-label">{t('import.mapping.text')}</legend>
        <div className="mapping-checks" data-testid="text-columns">
          {columns.map((c) => (
            <label key={c} className="check chip">
              <input type="checkbox" checked={textColumns.includes(c)} onChange={() => onToggleText(c)} data-testid="text-column" value={c} />
              <span dir="auto">{c}</span>
            </label>
          ))}
        </div>
        <p id={textHint} className="field-hint">
          {textColumns.length === 0 ? <span className="error-text">{t('import.mapping.needText')}</span> : t('import.mapping.textHint')}
        </p>
      </fieldset>
      <div className="field mapping-group">
        <label className="field-label" htmlFor={idSelect}>
          {t('import.mapping.id')}
        </label>
        <select
          id={idSelect}
          className="select"
          value={idColumn ?? NONE}
          disabled={disabled}
          data-testid="id-column"
          onChange={(e) => onIdColumn(e.target.value === NONE ? null : e.target.value)}
        >
          <option value={NONE}>{t('import.mapping.idNone')}</option>
          {columns.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <div className="mapping-group">
        <p className="field-label">{t('import.mapping.metadata')}</p>
        {metadata.length ? (
          <ul className="meta-list" data-testid="metadata-columns">
            {metadata.map((c) => (
              <li key={c} className="tag" dir="auto">
                {c}
              </li>
            ))}
          </ul>
        ) : (
          <p className="field-hint">{t('import.mapping.metadataNone')}</p>
        )}
      </div>
    </div>
  );
}

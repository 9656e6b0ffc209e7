// How the file is read: its delimiter and whether the first row names the columns. Changing either
// re-runs the preview.
import { useId } from 'react';
import type { MessageKey } from '../i18n/en';
import { t } from '../i18n/t';
import type { Delimiter } from '../state/import-store';

const DELIMITERS: readonly { value: Delimiter; label: MessageKey }[] = [
  { value: ',', label: 'import.options.delimiter.comma' },
  { value: ';', label: 'import.options.delimiter.semicolon' },
  { value: '\t', label: 'import.options.delimiter.tab' },
  { value: '|', label: 'import.options.delimiter.pipe' },
];

interface CsvOptionsProps {
  /** Null for formats without one (the delimiter control is hidden). */
  delimiter: Delimiter | null;
  hasHeader: boolean;
  disabled: boolean;
  onDelimiter(d: Delimiter): void;
  onHasHeader(h: boolean): void;
}

export function CsvOptions({ delimiter, hasHeader, disabled, onDelimiter, onHasHeader }: CsvOptionsProps) {
  const id = useId();
  return (
    <div className="options-row">
      {delimiter !== null && (
        <div className="field">
          <label className="field-label" htmlFor={id}>
            {t('import.options.delimiter')}
          </label>
          <select
            id={id}
            className="select"
            value={delimiter}
            disabled={disabled}
            data-testid="delimiter"
            onChange={(e) => onDelimiter(e.target.value as Delimiter)}
          >
            {DELIMITERS.map((d) => (
              <option key={d.value} value={d.value}>
                {t(d.label)}
              </option>
            ))}
          </select>
        </div>
      )}
      <label className="check">
        <input
          type="checkbox"
          checked={hasHeader}
          disabled={disabled}
          data-testid="has-header"
          onChange={(e) => onHasHeader(e.target.checked)}
        />
        {t('import.options.header')}
      </label>
    </div>
  );
}

// Which columns hold the text to code (in which order, joined how), which one the document id and
// which one a gold label; every other column is kept as metadata under its own name.
import { useId } from 'react';
import type { MessageKey } from '../i18n/en';
import { t } from '../i18n/t';
import { TextColumnOrder } from './text-column-order';

export const JOINERS: readonly { value: string; label: MessageKey }[] = [
  { value: '\n\n', label: 'import.mapping.join.blankLine' },
  { value: '\n', label: 'import.mapping.join.newline' },
  { value: ' ', label: 'import.mapping.join.space' },
  { value: ' | ', label: 'import.mapping.join.bar' },
];

interface ColumnMappingProps {
  columns: readonly string[];
  textColumns: readonly string[];
  joinWith: string;
  idColumn: string | null;
  goldColumn: string | null;
  disabled: boolean;
  onToggleText(column: string): void;
  onMoveText(column: string, delta: -1 | 1): void;
  onJoinWith(joinWith: string): void;
  onIdColumn(column: string | null): void;
  onGoldColumn(column: string | null): void;
}

const NONE = '';

interface ColumnSelectProps {
  label: string;
  noneLabel: string;
  columns: readonly string[];
  value: string | null;
  disabled: boolean;
  testId: string;
  hint?: string;
  onChange(column: string | null): void;
}

function ColumnSelect({ label, noneLabel, columns, value, disabled, testId, hint, onChange }: ColumnSelectProps) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="select"
        value={value ?? NONE}
        disabled={disabled}
        data-testid={testId}
        aria-describedby={hint ? hintId : undefined}
        onChange={(e) => onChange(e.target.value === NONE ? null : e.target.value)}
      >
        <option value={NONE}>{noneLabel}</option>
        {columns.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

export function ColumnMapping(props: ColumnMappingProps) {
  const { columns, textColumns, joinWith, idColumn, goldColumn, disabled } = props;
  const textHint = useId();
  const joinSelect = useId();
  const metadata = columns.filter((c) => !textColumns.includes(c) && c !== idColumn);
  return (
    <div className="mapping">
      <fieldset className="mapping-group" aria-describedby={textHint} disabled={disabled}>
        <legend className="field-label">{t('import.mapping.text')}</legend>
        <div className="mapping-checks" data-testid="text-columns">
          {columns.map((c) => (
            <label key={c} className="check chip">
              <input
                type="checkbox"
                checked={textColumns.includes(c)}
                onChange={() => props.onToggleText(c)}
                data-testid="text-column"
                value={c}
              />
              <span dir="auto">{c}</span>
            </label>
          ))}
        </div>
        <p id={textHint} className="field-hint">
          {textColumns.length === 0 ? (
            <span className="error-text">{t('import.mapping.needText')}</span>
          ) : (
            t(textColumns.length > 1 ? 'import.mapping.textHintMany' : 'import.mapping.textHint')
          )}
        </p>
        {textColumns.length > 1 && (
          <>
            <TextColumnOrder columns={textColumns} disabled={disabled} onMove={props.onMoveText} />
            <div className="field">
              <label className="field-label" htmlFor={joinSelect}>
                {t('import.mapping.joinWith')}
              </label>
              <select
                id={joinSelect}
                className="select"
                value={joinWith}
                data-testid="join-with"
                onChange={(e) => props.onJoinWith(e.target.value)}
              >
                {JOINERS.map((j) => (
                  <option key={j.label} value={j.value}>
                    {t(j.label)}
                  </option>
                ))}
              </select>
            </div>
          </>
        )}
      </fieldset>
      <div className="mapping-group">
        <ColumnSelect
          label={t('import.mapping.id')}
          noneLabel={t('import.mapping.idNone')}
          columns={columns}
          value={idColumn}
          disabled={disabled}
          testId="id-column"
          onChange={props.onIdColumn}
        />
        <ColumnSelect
          label={t('import.mapping.gold')}
          noneLabel={t('import.mapping.goldNone')}
          columns={columns}
          value={goldColumn}
          disabled={disabled}
          testId="gold-column"
          hint={t('import.mapping.goldHint')}
          onChange={props.onGoldColumn}
        />
      </div>
      <div className="mapping-group">
        <p className="field-label">{t('import.mapping.metadata')}</p>
        {metadata.length ? (
          <>
            <ul className="meta-list" data-testid="metadata-columns">
              {metadata.map((c) => (
                <li key={c} className="tag" dir="auto">
                  {c}
                </li>
              ))}
            </ul>
            <p className="field-hint">{t('import.mapping.metadataHint')}</p>
          </>
        ) : (
          <p className="field-hint">{t('import.mapping.metadataNone')}</p>
        )}
      </div>
    </div>
  );
}

// How the file is read: every detected setting as a control the user can override (each change
// re-runs the preview), and what detection found that needs no choice (BOM, line endings).
import { useId } from 'react';
import { delimiters, importFormats, type ImportDetection, type ImportOptions } from '../../../common/contract';
import type { MessageKey } from '../i18n/en';
import { t } from '../i18n/t';
import { EncodingAdvice, EncodingSelect } from './encoding-select';

type Setter = <K extends keyof ImportOptions>(key: K, value: ImportOptions[K]) => void;

const DELIMITER_LABELS: Record<(typeof delimiters)[number], MessageKey> = {
  ',': 'import.options.delimiter.comma',
  ';': 'import.options.delimiter.semicolon',
  '\t': 'import.options.delimiter.tab',
  '|': 'import.options.delimiter.pipe',
};
const QUOTES = ['double', 'none'] as const;
/** Folders are chosen as folders; a file can be read as any of the others. */
const FILE_FORMATS = importFormats.filter((f) => f !== 'folder');

interface SelectProps<V extends string> {
  label: string;
  value: V;
  values: readonly V[];
  /** The detected value, marked in its option. */
  detected: V | null | undefined;
  name(value: V): string;
  disabled: boolean;
  testId: string;
  onChange(value: V): void;
}

function OptionSelect<V extends string>({ label, value, values, detected, name, disabled, testId, onChange }: SelectProps<V>) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="select"
        value={value}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value as V)}
      >
        {values.map((v) => (
          <option key={v} value={v}>
            {v === detected ? t('import.options.detected', { value: name(v) }) : name(v)}
          </option>
        ))}
      </select>
    </div>
  );
}

interface ReadOptionsProps {
  /** What the current preview was read with. */
  detection: ImportDetection;
  /** What detection found with no overrides. */
  detected: ImportDetection | null;
  /** Overrides in effect or asked for; the controls show them before their preview arrives. */
  options: ImportOptions;
  disabled: boolean;
  onChange: Setter;
}

export function ReadOptions({ detection, detected, options, disabled, onChange }: ReadOptionsProps) {
  const format = options.format ?? detection.format;
  const changingFormat = format !== detection.format;
  const delimited = format === 'csv' && !changingFormat;
  const encoding = options.encoding ?? detection.encoding;
  const delimiter = options.delimiter ?? detection.delimiter;
  const quote = options.quote ?? detection.quote;
  const hasHeader = options.hasHeader ?? detection.hasHeader;
  const sheet = options.sheet ?? detection.sheet;
  const formats = format === 'folder' ? importFormats : FILE_FORMATS;

  return (
    <div className="read-options" data-testid="read-options">
      <div className="options-row">
        <OptionSelect
          label={t('import.options.format')}
          value={format}
          values={formats}
          detected={detected?.format}
          name={(f) => t(`import.options.format.${f}`)}
          disabled={disabled || format === 'folder'}
          testId="format"
          onChange={(f) => onChange('format', f)}
        />
        {encoding !== null && !changingFormat && (
          <EncodingSelect
            value={encoding}
            detected={detected?.encoding}
            confidence={detected?.encodingConfidence}
            disabled={disabled}
            onChange={(e) => onChange('encoding', e)}
          />
        )}
        {delimited && delimiter !== null && (
          <OptionSelect
            label={t('import.options.delimiter')}
            value={delimiter}
            values={delimiters}
            detected={detected?.delimiter}
            name={(d) => t(DELIMITER_LABELS[d])}
            disabled={disabled}
            testId="delimiter"
            onChange={(d) => onChange('delimiter', d)}
          />
        )}
        {delimited && quote !== null && (
          <OptionSelect
            label={t('import.options.quote')}
            value={quote}
            values={QUOTES}
            detected={detected?.quote}
            name={(q) => t(`import.options.quote.${q}`)}
            disabled={disabled}
            testId="quote"
            onChange={(q) => onChange('quote', q)}
          />
        )}
        {(format === 'xlsx' || format === 'ods') && !changingFormat && detection.sheets.length > 0 && sheet !== null && (
          <OptionSelect
            label={t('import.options.sheet')}
            value={sheet}
            values={detection.sheets}
            detected={detected?.sheet}
            name={(s) => s}
            disabled={disabled}
            testId="sheet"
            onChange={(s) => onChange('sheet', s)}
          />
        )}
        {(format === 'csv' || format === 'xlsx' || format === 'ods') && !changingFormat && (
          <label className="check">
            <input
              type="checkbox"
              checked={hasHeader}
              disabled={disabled}
              data-testid="has-header"
              onChange={(e) => onChange('hasHeader', e.target.checked)}
            />
            {t('import.options.header')}
          </label>
        )}
      </div>
      <DetectionFacts detection={detection} />
      {!changingFormat && <EncodingAdvice detection={detection} disabled={disabled} onChange={(e) => onChange('encoding', e)} />}
    </div>
  );
}

/** What detection found that is information, not a choice. */
function DetectionFacts({ detection }: { detection: ImportDetection }) {
  const facts: { label: string; value: string; testId: string }[] = [];
  if (detection.encoding !== null) {
    facts.push({
      label: t('import.options.bom'),
      value: t(detection.bom ? 'import.options.bom.yes' : 'import.options.bom.no'),
      testId: 'fact-bom',
    });
  }
  if (detection.lineEndings !== null) {
    facts.push({
      label: t('import.options.lineEndings'),
      value: t(`import.options.lineEndings.${detection.lineEndings}`),
      testId: 'fact-line-endings',
    });
  }
  if (detection.arrayKey !== null) facts.push({ label: t('import.options.arrayKey'), value: detection.arrayKey, testId: 'fact-array-key' });
  if (facts.length === 0) return null;
  return (
    <dl className="facts" aria-label={t('import.options.facts')}>
      {facts.map((f) => (
        <div key={f.testId} className="fact" data-testid={f.testId}>
          <dt>{f.label}</dt>
          <dd dir="auto">{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}

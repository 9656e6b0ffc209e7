// The encoding of a text file in the import preview: a menu of every encoding Prelabel reads,
// grouped by script or region, the detected one marked with how sure detection was; and below it
// a few lines of the file as the encoding in use reads them, with the readings that read the file
// best (or, when the text looks garbled, better), each a line and a button, so a wrong guess is
// visible at once and mended in one click.
import { useId } from 'react';
import type { EncodingSuggestion, ImportDetection } from '../../../common/contract';
import { encodingGroup, encodingGroups, encodingLabel, textEncodings, type TextEncoding } from '../../../common/encodings';
import { getLocale, t } from '../i18n/t';

function percent(share: number): string {
  return new Intl.NumberFormat(getLocale(), { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

interface EncodingSelectProps {
  value: TextEncoding;
  /** What detection found, and how sure it was. */
  detected: TextEncoding | null | undefined;
  confidence: number | null | undefined;
  disabled: boolean;
  onChange(encoding: TextEncoding): void;
}

export function EncodingSelect({ value, detected, confidence, disabled, onChange }: EncodingSelectProps) {
  const id = useId();
  const name = (e: TextEncoding) => {
    if (e !== detected) return encodingLabel(e);
    // Exact (a BOM, valid UTF-8) needs no number.
    if (confidence === null || confidence === undefined || confidence >= 1)
      return t('import.options.detected', { value: encodingLabel(e) });
    return t('import.options.encoding.detected', { value: encodingLabel(e), confidence: percent(confidence) });
  };
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {t('import.options.encoding')}
      </label>
      <select
        id={id}
        className="select"
        value={value}
        disabled={disabled}
        data-testid="encoding"
        onChange={(e) => onChange(e.target.value as TextEncoding)}
      >
        {encodingGroups.map((group) => (
          <optgroup key={group} label={t(`import.options.encoding.group.${group}`)}>
            {textEncodings
              .filter((e) => encodingGroup(e) === group)
              .map((e) => (
                <option key={e} value={e}>
                  {name(e)}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

interface EncodingAdviceProps {
  detection: ImportDetection;
  disabled: boolean;
  onChange(encoding: TextEncoding): void;
}

function Suggestion({
  s,
  current,
  disabled,
  onChange,
}: {
  s: EncodingSuggestion;
  current: boolean;
  disabled: boolean;
  onChange(e: TextEncoding): void;
}) {
  const label = encodingLabel(s.encoding);
  return (
    <li className="encoding-suggestion" data-testid="encoding-suggestion" data-encoding={s.encoding}>
      <div className="encoding-suggestion-head">
        <strong>{label}</strong>
        <span className="muted">{t(`import.options.encoding.group.${encodingGroup(s.encoding)}`)}</span>
        <span className="muted">{t('import.encoding.confidence', { confidence: percent(s.confidence) })}</span>
        {current ? (
          <span className="badge">{t('import.encoding.current')}</span>
        ) : (
          <button
            type="button"
            className="btn btn-small"
            disabled={disabled}
            onClick={() => onChange(s.encoding)}
            data-testid="use-encoding"
          >
            {t('import.encoding.use', { encoding: label })}
          </button>
        )}
      </div>
      {s.sample && (
        <p className="encoding-line" dir="auto">
          {s.sample}
        </p>
      )}
    </li>
  );
}

/** The lines as read, and the readings to compare; nothing for a file without characters past
 * ASCII (every encoding reads it the same) or read exactly (valid UTF-8, a BOM). */
export function EncodingAdvice({ detection, disabled, onChange }: EncodingAdviceProps) {
  const used = detection.encoding;
  const lines = detection.encodingSample ?? [];
  const suggestions = detection.suggestedEncodings ?? [];
  const wrong = detection.encodingLooksWrong === true;
  // An exact reading (a BOM, valid UTF-8) that nothing contradicts has nothing to compare.
  if (used === null || lines.length === 0 || (!wrong && (detection.encodingConfidence ?? 0) >= 1)) return null;
  const others = suggestions.filter((s) => s.encoding !== used);
  return (
    <div className={`encoding-advice${wrong ? ' is-wrong' : ''}`} data-testid="encoding-advice">
      {wrong && (
        <p className="encoding-warning" role="status" data-testid="encoding-looks-wrong">
          {t('import.encoding.looksWrong', { encoding: encodingLabel(used) })}
        </p>
      )}
      <div>
        <h4 className="encoding-title">{t('import.encoding.sample', { encoding: encodingLabel(used) })}</h4>
        <ul className="encoding-lines" data-testid="encoding-sample">
          {lines.map((line, i) => (
            <li key={i} className="encoding-line" dir="auto">
              {line}
            </li>
          ))}
        </ul>
      </div>
      {(wrong ? others.length > 0 : suggestions.length > 1) && (
        <div>
          <h4 className="encoding-title">{t(wrong ? 'import.encoding.better' : 'import.encoding.likely')}</h4>
          <ol className="encoding-suggestions" data-testid="encoding-suggestions">
            {(wrong ? others : suggestions).map((s) => (
              <Suggestion key={s.encoding} s={s} current={s.encoding === used} disabled={disabled} onChange={onChange} />
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}

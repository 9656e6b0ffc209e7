// How documents are split into units: paragraphs, sentences or windows of N sentences (with the
// sentences neighbouring windows share), and the language whose sentence rules apply. Used by the
// "Split into units" card and by the import's "Unit of analysis" (which also offers whole documents).
import { useId, useMemo } from 'react';
import { segmentUnits, type SegmentUnit } from '../../../common/contract';
import { getLocale, t } from '../i18n/t';
import { specOf, type SplitChoice } from '../state/segments-store';
import { languageOptions } from '../state/segment-languages';

interface SplitOptionsProps {
  /** null: whole documents (offered only with `allowWhole`). */
  choice: SplitChoice | null;
  allowWhole?: boolean;
  disabled: boolean;
  /** Prefix of the controls' test ids. */
  testId: string;
  onChange(choice: SplitChoice | null): void;
}

const WHOLE = 'document';

export function SplitOptions({ choice, allowWhole = false, disabled, testId, onChange }: SplitOptionsProps) {
  const id = useId();
  const languages = useMemo(() => languageOptions(getLocale()), []);
  const current = choice ?? null;
  const parsed = current ? specOf(current) : null;
  const problem = parsed && 'error' in parsed ? parsed.error : null;
  const patch = (p: Partial<SplitChoice>) => current && onChange({ ...current, ...p });
  const unitValue = current?.unit ?? WHOLE;
  const setUnit = (value: string) => {
    if (value === WHOLE) onChange(null);
    else onChange({ ...(current ?? { language: 'auto', windowSize: '3', windowOverlap: '0' }), unit: value as SegmentUnit });
  };
  const usesSentences = current !== null && current.unit !== 'paragraph';

  return (
    <div className="stack split-options">
      <div className="row">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-unit`}>
            {allowWhole ? t('segments.onImport') : t('segments.unit')}
          </label>
          <select
            id={`${id}-unit`}
            className="select"
            value={unitValue}
            disabled={disabled}
            aria-describedby={`${id}-unit-hint`}
            onChange={(e) => setUnit(e.target.value)}
            data-testid={`${testId}-unit`}
          >
            {allowWhole && <option value={WHOLE}>{t('segments.unit.document')}</option>}
            {segmentUnits.map((u) => (
              <option key={u} value={u}>
                {t(`segments.unit.${u}`)}
              </option>
            ))}
          </select>
        </div>
        {current?.unit === 'window' && (
          <>
            <div className="field">
              <label className="field-label" htmlFor={`${id}-size`}>
                {t('segments.windowSize')}
              </label>
              <input
                id={`${id}-size`}
                className="input input-number"
                inputMode="numeric"
                value={current.windowSize}
                disabled={disabled}
                aria-invalid={problem !== null}
                onChange={(e) => patch({ windowSize: e.target.value })}
                data-testid={`${testId}-window-size`}
              />
            </div>
            <div className="field">
              <label className="field-label" htmlFor={`${id}-overlap`}>
                {t('segments.windowOverlap')}
              </label>
              <input
                id={`${id}-overlap`}
                className="input input-number"
                inputMode="numeric"
                value={current.windowOverlap}
                disabled={disabled}
                aria-invalid={problem !== null}
                onChange={(e) => patch({ windowOverlap: e.target.value })}
                data-testid={`${testId}-window-overlap`}
              />
            </div>
          </>
        )}
        {usesSentences && (
          <div className="field">
            <label className="field-label" htmlFor={`${id}-language`}>
              {t('segments.language')}
            </label>
            <select
              id={`${id}-language`}
              className="select"
              value={current.language}
              disabled={disabled}
              onChange={(e) => patch({ language: e.target.value })}
              data-testid={`${testId}-language`}
            >
              <option value="auto">{t('segments.language.auto')}</option>
              {languages.map((l) => (
                <option key={l.tag} value={l.tag}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <p id={`${id}-unit-hint`} className={problem ? 'error-text' : 'field-hint'} data-testid={`${testId}-hint`}>
        {problem ??
          (current
            ? `${t(`segments.unitHint.${current.unit}`)}${usesSentences ? ` ${t('segments.languageHint')}` : ''}`
            : t('segments.onImportHint'))}
      </p>
    </div>
  );
}

// The level of an export in a project with units of a segmentation: one row per unit, or one row
// per parent document with the units' decisions and pre-labels combined by a declared rule (any
// unit, majority, maximum score, share of units), each rule said in one sentence. The manifest
// names the segmentation and the rule.
import { useId } from 'react';
import { aggregateRules, exportLevels, type AggregateRule, type ExportLevel } from '../../../common/contract';
import { t } from '../i18n/t';

interface ExportLevelProps {
  level: ExportLevel;
  aggregate: AggregateRule;
  disabled: boolean;
  onChange(patch: { level?: ExportLevel; aggregate?: AggregateRule }): void;
}

export function ExportLevelOptions({ level, aggregate, disabled, onChange }: ExportLevelProps) {
  const id = useId();
  return (
    <div className="stack" data-testid="export-level-options">
      <div className="row">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-level`}>
            {t('segments.export.level')}
          </label>
          <select
            id={`${id}-level`}
            className="select"
            value={level}
            disabled={disabled}
            aria-describedby={`${id}-level-hint`}
            onChange={(e) => onChange({ level: e.target.value as ExportLevel })}
            data-testid="export-level"
          >
            {exportLevels.map((l) => (
              <option key={l} value={l}>
                {t(`segments.export.level.${l}`)}
              </option>
            ))}
          </select>
        </div>
        {level === 'parent' && (
          <div className="field">
            <label className="field-label" htmlFor={`${id}-rule`}>
              {t('segments.export.rule')}
            </label>
            <select
              id={`${id}-rule`}
              className="select"
              value={aggregate}
              disabled={disabled}
              aria-describedby={`${id}-rule-hint`}
              onChange={(e) => onChange({ aggregate: e.target.value as AggregateRule })}
              data-testid="export-aggregate"
            >
              {aggregateRules.map((r) => (
                <option key={r} value={r}>
                  {t(`segments.export.rule.${r}`)}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <p id={`${id}-level-hint`} className="field-hint" data-testid="export-level-hint">
        {t(`segments.export.levelHint.${level}`)}
        {level === 'parent' ? ` ${t('segments.export.parentFormats')}` : ''}
      </p>
      {level === 'parent' && (
        <p id={`${id}-rule-hint`} className="field-hint" data-testid="export-aggregate-hint">
          {t(`segments.export.ruleHint.${aggregate}`)}
        </p>
      )}
    </div>
  );
}

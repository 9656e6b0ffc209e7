// The choices of an export: question, format (with what it writes), which documents, for the
// Hugging Face format and NLI pairs the split's seed and test share (the same split for both), and
// for NLI pairs the not_entailment pairs and the label values.
import { useId } from 'react';
import {
  exportFilters,
  exportFormats,
  nliLabelModes,
  nliNegativeModes,
  trainingFilters,
  trainingFormats,
  type CodebookQuestion,
  type ExportFilter,
  type ExportFormat,
  type NliLabels,
  type NliNegatives,
} from '../../../common/contract';
import { t } from '../i18n/t';
import { LABELS_ONLY_FORMATS, PARENT_FILTERS, PARENT_FORMATS } from '../state/export-store';
import { QuestionSelect } from './question-select';

interface ExportOptionsProps {
  questions: readonly CodebookQuestion[];
  questionId: string | null;
  format: ExportFormat;
  filter: ExportFilter;
  seed: string;
  testFraction: string;
  nliNegatives: NliNegatives;
  nliLabels: NliLabels;
  disabled: boolean;
  /** An export of parent documents: only the formats and filters it takes are offered. */
  parentLevel?: boolean;
  /** A labels-only export: only the formats it is written in are offered. */
  labelsOnly?: boolean;
  onChange(patch: {
    questionId?: string | null;
    format?: ExportFormat;
    filter?: ExportFilter;
    seed?: string;
    testFraction?: string;
    nliNegatives?: NliNegatives;
    nliLabels?: NliLabels;
  }): void;
}

export function ExportOptions(props: ExportOptionsProps) {
  const {
    questions,
    questionId,
    format,
    filter,
    seed,
    testFraction,
    nliNegatives,
    nliLabels,
    disabled,
    parentLevel = false,
    labelsOnly = false,
    onChange,
  } = props;
  const id = useId();
  const formats = labelsOnly ? LABELS_ONLY_FORMATS : parentLevel ? PARENT_FORMATS : exportFormats;
  // A dataset or NLI pairs hold labelled documents only: "All documents" is not offered for them.
  const training = !parentLevel && trainingFormats.includes(format);
  const filters = parentLevel ? PARENT_FILTERS : training ? trainingFilters : exportFilters;
  return (
    <div className="stack">
      <div className="row">
        <QuestionSelect
          label={t('export.question')}
          questions={questions}
          value={questionId}
          disabled={disabled}
          testId="export-question"
          onChange={(q) => onChange({ questionId: q })}
        />
        <div className="field">
          <label className="field-label" htmlFor={`${id}-format`}>
            {t('export.format')}
          </label>
          <select
            id={`${id}-format`}
            className="select"
            value={format}
            disabled={disabled}
            onChange={(e) => onChange({ format: e.target.value as ExportFormat })}
            data-testid="export-format"
          >
            {formats.map((f) => (
              <option key={f} value={f}>
                {t(`export.format.${f}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-filter`}>
            {t('export.filter')}
          </label>
          <select
            id={`${id}-filter`}
            className="select"
            value={filter}
            disabled={disabled}
            onChange={(e) => onChange({ filter: e.target.value as ExportFilter })}
            data-testid="export-filter"
          >
            {filters.map((f) => (
              <option key={f} value={f}>
                {t(`export.filter.${f}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="field-hint" data-testid="export-format-hint">
        {t(`export.formatHint.${format}`)}
        {training && ` ${t('export.filter.trainingOnly')}`}
      </p>
      {(format === 'hf' || format === 'nli') && (
        <div className="row">
          <div className="field">
            <label className="field-label" htmlFor={`${id}-seed`}>
              {t('export.seed')}
            </label>
            <input
              id={`${id}-seed`}
              className="input input-small"
              inputMode="numeric"
              value={seed}
              disabled={disabled}
              onChange={(e) => onChange({ seed: e.target.value })}
              data-testid="export-seed"
            />
          </div>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-fraction`}>
              {t('export.testFraction')}
            </label>
            <input
              id={`${id}-fraction`}
              className="input input-small"
              inputMode="decimal"
              value={testFraction}
              disabled={disabled}
              onChange={(e) => onChange({ testFraction: e.target.value })}
              aria-describedby={`${id}-fraction-hint`}
              data-testid="export-test-fraction"
            />
            <span id={`${id}-fraction-hint`} className="field-hint">
              {t('export.testFractionHint')}
            </span>
          </div>
        </div>
      )}
      {format === 'nli' && (
        <div className="row">
          <div className="field">
            <label className="field-label" htmlFor={`${id}-negatives`}>
              {t('export.nliNegatives')}
            </label>
            <select
              id={`${id}-negatives`}
              className="select"
              value={nliNegatives}
              disabled={disabled}
              onChange={(e) => onChange({ nliNegatives: e.target.value as NliNegatives })}
              data-testid="export-nli-negatives"
            >
              {nliNegativeModes.map((m) => (
                <option key={m} value={m}>
                  {t(`export.nliNegatives.${m}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-labels`}>
              {t('export.nliLabels')}
            </label>
            <select
              id={`${id}-labels`}
              className="select"
              value={nliLabels}
              disabled={disabled}
              onChange={(e) => onChange({ nliLabels: e.target.value as NliLabels })}
              data-testid="export-nli-labels"
            >
              {nliLabelModes.map((m) => (
                <option key={m} value={m}>
                  {t(`export.nliLabels.${m}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
    </div>
  );
}

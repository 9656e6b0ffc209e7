// One label of a question in the codebook editor: the fields a coder edits most (name, code, key,
// an own hypothesis) in one row, the hypothesis the model will be asked, buttons to move, archive
// or remove it, and the rest of its fields (rules, examples, colour, parent) in a panel it opens.
// [Note: label rows stay cheap] A codebook like the Manifesto's has 57+ labels: rows are memoised
// with callbacks that take the label's key (so they keep their identity across edits), and the
// details panel, the only part with the question's other labels in it, exists only while open.
import { memo, useId, useRef } from 'react';
import { t } from '../i18n/t';
import { hypothesisFor, type DraftLabel, type LabelPatch } from '../state/codebook-draft';
import { CodebookLabelDetails } from './codebook-label-details';

export interface LabelRowActions {
  onChange(labelKey: string, patch: LabelPatch): void;
  onMove(labelKey: string, delta: number): void;
  onArchive(labelKey: string): void;
  onRemove(labelKey: string): void;
  onToggleDetails(labelKey: string): void;
  /** A drag of one row onto another: move the dragged label to the target's place. */
  onDrop(draggedKey: string, targetKey: string): void;
}

interface LabelEditorProps {
  label: DraftLabel;
  /** Its place among the question's shown labels (0-based) and how many there are. */
  index: number;
  count: number;
  template: string;
  autoFocus: boolean;
  /** False while a filter hides some labels: moving among hidden ones would surprise. */
  reorderable: boolean;
  /** What is wrong with the hotkey, in words; null when nothing is. */
  hotkeyProblem: string | null;
  /** The parent labels it may take; only given while its details are open. */
  parentChoices: readonly string[] | null;
  actions: LabelRowActions;
}

const DRAG_TYPE = 'application/x-prelabel-label';

function LabelEditorRow({
  label,
  index,
  count,
  template,
  autoFocus,
  reorderable,
  hotkeyProblem,
  parentChoices,
  actions,
}: LabelEditorProps) {
  const id = useId();
  const detailsButton = useRef<HTMLButtonElement>(null);
  const shownName = label.name.trim() || t('codebook.unnamed');
  const asks = hypothesisFor(template, label);
  const open = parentChoices !== null;
  const change = (patch: LabelPatch) => actions.onChange(label.key, patch);
  return (
    <li
      className={open ? 'label-item label-item-open' : 'label-item'}
      data-testid="label-item"
      onDragOver={(e) => {
        if (reorderable && e.dataTransfer.types.includes(DRAG_TYPE)) e.preventDefault();
      }}
      onDrop={(e) => {
        const dragged = e.dataTransfer.getData(DRAG_TYPE);
        if (!dragged) return;
        e.preventDefault();
        actions.onDrop(dragged, label.key);
      }}
    >
      <fieldset className="label-fields">
        <legend className="visually-hidden">{t('codebook.label.legend', { n: index + 1, name: shownName })}</legend>
        <span
          className={reorderable ? 'label-index label-handle' : 'label-index'}
          aria-hidden="true"
          draggable={reorderable}
          title={reorderable ? t('codebookEditor.label.drag') : undefined}
          onDragStart={(e) => {
            e.dataTransfer.setData(DRAG_TYPE, label.key);
            e.dataTransfer.effectAllowed = 'move';
          }}
        >
          {label.color && <span className="label-swatch" style={{ background: label.color }} />}
          {index + 1}
        </span>
        <div className="field label-name">
          <label className="field-label" htmlFor={`${id}-name`}>
            {t('codebook.label.name')}
          </label>
          <input
            id={`${id}-name`}
            className="input"
            value={label.name}
            maxLength={200}
            dir="auto"
            autoComplete="off"
            autoFocus={autoFocus}
            onChange={(e) => change({ name: e.target.value })}
            data-testid="label-name"
          />
        </div>
        <div className="field label-code">
          <label className="field-label" htmlFor={`${id}-code`}>
            {t('codebook.label.code')}
          </label>
          <input
            id={`${id}-code`}
            className="input mono"
            value={label.code}
            maxLength={50}
            autoComplete="off"
            onChange={(e) => change({ code: e.target.value })}
            data-testid="label-code"
          />
        </div>
        <div className="field label-hotkey">
          <label className="field-label" htmlFor={`${id}-key`}>
            {t('codebook.label.hotkey')}
          </label>
          <input
            id={`${id}-key`}
            className="input mono"
            value={label.hotkey}
            maxLength={1}
            autoComplete="off"
            title={t('codebook.label.hotkeyHint')}
            aria-describedby={`${id}-key-hint`}
            aria-invalid={hotkeyProblem ? true : undefined}
            onChange={(e) => change({ hotkey: e.target.value.trim().toLowerCase() })}
            data-testid="label-hotkey"
          />
          <span id={`${id}-key-hint`} className="visually-hidden">
            {hotkeyProblem ?? t('codebook.label.hotkeyHint')}
          </span>
        </div>
        <div className="field label-hypothesis">
          <label className="field-label" htmlFor={`${id}-hyp`}>
            {t('codebook.label.hypothesis')}
          </label>
          {/* A textarea that grows with its text (CSS field-sizing), so a long hypothesis is read
              whole; it stays one sentence: Enter adds no line break. */}
          <textarea
            id={`${id}-hyp`}
            className="input label-hypothesis-input"
            rows={1}
            value={label.hypothesis}
            maxLength={1000}
            dir="auto"
            autoComplete="off"
            placeholder={hypothesisFor(template, { name: label.name, hypothesis: '' })}
            onChange={(e) => change({ hypothesis: e.target.value.replace(/[\r\n]+/g, ' ') })}
            onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
            data-testid="label-hypothesis"
          />
        </div>
        <div className="label-actions">
          <button
            type="button"
            className="btn btn-quiet btn-small btn-icon"
            disabled={!reorderable || index === 0}
            aria-label={t('codebook.label.moveUp', { label: shownName })}
            title={t('codebook.label.moveUp', { label: shownName })}
            onClick={() => actions.onMove(label.key, -1)}
            data-testid="label-up"
          >
            <span aria-hidden="true">↑</span>
          </button>
          <button
            type="button"
            className="btn btn-quiet btn-small btn-icon"
            disabled={!reorderable || index === count - 1}
            aria-label={t('codebook.label.moveDown', { label: shownName })}
            title={t('codebook.label.moveDown', { label: shownName })}
            onClick={() => actions.onMove(label.key, 1)}
            data-testid="label-down"
          >
            <span aria-hidden="true">↓</span>
          </button>
          <button
            ref={detailsButton}
            type="button"
            className="btn btn-quiet btn-small"
            aria-expanded={open}
            aria-controls={`${id}-details`}
            aria-label={t(open ? 'codebookEditor.label.lessFor' : 'codebookEditor.label.moreFor', { label: shownName })}
            onClick={() => actions.onToggleDetails(label.key)}
            data-testid="label-details-toggle"
          >
            {t(open ? 'codebookEditor.label.less' : 'codebookEditor.label.more')}
          </button>
          <button
            type="button"
            className="btn btn-quiet btn-small"
            aria-label={t('codebookEditor.label.archiveFor', { label: shownName })}
            title={t('codebookEditor.label.archiveHint')}
            onClick={() => actions.onArchive(label.key)}
            data-testid="label-archive"
          >
            {t('codebookEditor.label.archive')}
          </button>
          <button
            type="button"
            className="btn btn-quiet btn-small btn-icon btn-danger-quiet"
            aria-label={t('codebook.label.remove', { label: shownName })}
            title={t('codebookEditor.label.removeHint')}
            onClick={() => actions.onRemove(label.key)}
            data-testid="label-remove"
          >
            <span aria-hidden="true">×</span>
          </button>
        </div>
        {hotkeyProblem && (
          <p className="field-hint hint-warning label-problem" data-testid="label-hotkey-problem">
            {hotkeyProblem}
          </p>
        )}
        {label.description.trim() !== '' && !open && (
          <p className="label-summary muted" dir="auto" data-testid="label-description-summary">
            {label.description}
          </p>
        )}
        <p className="label-asks">
          <span className="muted">{t('codebook.label.asks')}</span>{' '}
          <q dir="auto" data-testid="label-preview">
            {asks}
          </q>
        </p>
      </fieldset>
      {parentChoices && (
        <CodebookLabelDetails
          id={`${id}-details`}
          label={label}
          shownName={shownName}
          parentChoices={parentChoices}
          onChange={change}
          onClose={() => {
            actions.onToggleDetails(label.key);
            detailsButton.current?.focus();
          }}
        />
      )}
    </li>
  );
}

export const LabelEditor = memo(LabelEditorRow);

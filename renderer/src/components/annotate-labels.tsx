// The question's labels beside the document: the chosen ones marked, each with its number key,
// its own hotkey and the model's score as a bar, the suggestion tagged. A click chooses like the key.
// A multi-label question ends with "None of these labels" (key 0), which records the empty set.
import type { Suggestion } from '../../../common/contract';
import { formatPercent, t } from '../i18n/t';
import type { AnnotateLabel } from '../state/annotate-store';

interface AnnotateLabelsProps {
  labels: readonly AnnotateLabel[];
  selection: readonly string[];
  suggestion: Suggestion | null;
  multiLabel: boolean;
  onChoose(labelId: string): void;
  /** Records "none of these labels" (multi-label questions). */
  onNone(): void;
}

export function AnnotateLabels({ labels, selection, suggestion, multiLabel, onChoose, onNone }: AnnotateLabelsProps) {
  const scores = new Map(suggestion?.scores.map((s) => [s.labelId, s.score]) ?? []);
  const suggested = new Set(suggestion?.labelIds ?? []);
  return (
    <div
      className="annotate-labels"
      role="group"
      aria-label={multiLabel ? t('annotate.labelsMulti') : t('annotate.labelsSingle')}
      data-testid="annotate-labels"
    >
      {labels.map((label, i) => {
        const chosen = selection.includes(label.id);
        const score = scores.get(label.id);
        return (
          <button
            key={label.id}
            type="button"
            className={`annotate-label${chosen ? ' annotate-label-chosen' : ''}`}
            aria-pressed={chosen}
            // Keys drive this screen; a click must not leave focus on the button, where Enter would press it again.
            tabIndex={-1}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onChoose(label.id)}
            data-testid="annotate-label"
            data-label={label.name}
            data-chosen={chosen ? 'true' : 'false'}
            data-suggested={suggested.has(label.id) ? 'true' : 'false'}
          >
            <span className="annotate-label-keys" aria-hidden="true">
              {i < 9 && <kbd>{i + 1}</kbd>}
              {label.hotkey && <kbd>{label.hotkey}</kbd>}
            </span>
            <span className="annotate-label-name" dir="auto">
              {label.name}
            </span>
            {suggested.has(label.id) && <span className="annotate-label-tag">{t('annotate.suggested')}</span>}
            <span className="annotate-score" aria-hidden="true">
              <span className="annotate-score-fill" style={{ width: `${Math.round((score ?? 0) * 100)}%` }} />
            </span>
            <span className="annotate-score-value" data-testid="annotate-score">
              {score === undefined ? '' : formatPercent(score)}
            </span>
          </button>
        );
      })}
      {multiLabel && (
        <button
          type="button"
          className="annotate-label"
          tabIndex={-1}
          onMouseDown={(e) => e.preventDefault()}
          onClick={onNone}
          data-testid="annotate-none"
        >
          <span className="annotate-label-keys" aria-hidden="true">
            <kbd>0</kbd>
          </span>
          <span className="annotate-label-name">{t('annotate.none')}</span>
        </button>
      )}
    </div>
  );
}

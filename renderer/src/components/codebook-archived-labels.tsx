// A question's archived labels, apart from the others: kept for the decisions and predictions that
// name them, neither offered to coders nor asked of the model, and each can be brought back.
import { useId } from 'react';
import { t } from '../i18n/t';
import type { DraftLabel } from '../state/codebook-draft';

interface CodebookArchivedLabelsProps {
  labels: readonly DraftLabel[];
  onRestore(labelKey: string): void;
}

export function CodebookArchivedLabels({ labels, onRestore }: CodebookArchivedLabelsProps) {
  const id = useId();
  return (
    <section className="archived-labels" aria-labelledby={`${id}-title`} data-testid="archived-labels">
      <h3 className="subheading" id={`${id}-title`}>
        {t('codebookEditor.archived.title', { count: labels.length })}
      </h3>
      <p className="field-hint">{t('codebookEditor.archived.hint')}</p>
      <ul className="archived-list">
        {labels.map((l) => {
          const name = l.name.trim() || t('codebook.unnamed');
          return (
            <li key={l.key} className="archived-item" data-testid="archived-label">
              <span dir="auto" data-testid="archived-label-name">
                {l.code.trim() && <span className="mono muted">{l.code.trim()} </span>}
                {name}
              </span>
              <button
                type="button"
                className="btn btn-quiet btn-small"
                aria-label={t('codebookEditor.archived.restoreFor', { label: name })}
                onClick={() => onRestore(l.key)}
                data-testid="label-restore"
              >
                {t('codebookEditor.archived.restore')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

// "Create labels from gold values" (issue 13): the project's distinct gold values with their counts,
// those that already name one of the question's labels marked, and one click that adds a label for
// every other value (codebook.labelsFromGold, one codebook revision). Waits while the draft has
// unsaved edits, since the codebook it changes is the saved one.
import { useEffect, useId, useState } from 'react';
import type { GoldValuesOfQuestion, LabelsFromGold } from '../../../common/contract';
import { formatNumber, t } from '../i18n/t';
import { api } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { useCodebook } from '../state/codebook-store';
import { Notice } from './notice';

interface CodebookGoldLabelsProps {
  /** The saved question (null for a question not saved yet). */
  questionId: string | null;
  blocked: boolean;
}

const list = (items: Array<{ name: string; count: number }>) =>
  items.map((i) => t('codebook.gold.item', { name: i.name, count: formatNumber(i.count) })).join(', ');

export function CodebookGoldLabels({ questionId, blocked }: CodebookGoldLabelsProps) {
  const id = useId();
  const revision = useCodebook((s) => s.saved?.revisionId ?? null);
  const [values, setValues] = useState<GoldValuesOfQuestion['values'] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<LabelsFromGold | null>(null);

  // Another question clears the outcome; a new revision (the labels just added) keeps it on screen.
  useEffect(() => {
    setDone(null);
    setError(null);
  }, [questionId]);
  useEffect(() => {
    if (!questionId) return setValues(null);
    let live = true;
    api()
      .call('codebook.goldValues', { questionId })
      .then((r) => live && setValues(r.values))
      .catch(() => live && setValues(null)); // Without the values the section stays away; nothing else depends on it.
    return () => {
      live = false;
    };
  }, [questionId, revision]);

  if (!questionId || !values || values.length === 0) return null;
  const fresh = values.filter((v) => v.labelId === null);
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api().call('codebook.labelsFromGold', { questionId });
      setDone(result);
      await useCodebook.getState().load(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card stack" aria-labelledby={`${id}-title`} data-testid="codebook-gold">
      <h2 id={`${id}-title`}>{t('codebook.gold.title')}</h2>
      <p className="field-hint">{t('codebook.gold.hint')}</p>
      <ul className="codebook-gold-values" data-testid="codebook-gold-values">
        {values.map((v) => (
          <li key={v.value} data-testid="codebook-gold-value" data-new={v.labelId === null ? 'true' : 'false'}>
            <span dir="auto">{v.value}</span> <span className="muted">{formatNumber(v.count)}</span>
            {v.labelId !== null && <span className="muted"> · {t('codebook.gold.isLabel')}</span>}
          </li>
        ))}
      </ul>
      {done && (
        <Notice kind="success" testId="codebook-gold-done" onDismiss={() => setDone(null)}>
          {done.added.length > 0
            ? t('codebook.gold.added', { count: done.added.length, labels: list(done.added) })
            : t('codebook.gold.noneAdded')}
          {done.kept.length > 0 && ` ${t('codebook.gold.kept', { labels: list(done.kept) })}`}
        </Notice>
      )}
      {error && (
        <Notice kind="error" testId="codebook-gold-error">
          {error}
        </Notice>
      )}
      {fresh.length === 0 ? (
        <p className="muted" data-testid="codebook-gold-all-labels">
          {t('codebook.gold.allLabels')}
        </p>
      ) : (
        <div className="actions">
          <button
            type="button"
            className="btn"
            disabled={blocked || busy}
            onClick={() => void create()}
            data-testid="codebook-labels-from-gold"
          >
            {t('codebook.gold.create', { count: fresh.length })}
          </button>
          {blocked && <span className="muted">{t('codebook.gold.blocked')}</span>}
        </div>
      )}
    </section>
  );
}

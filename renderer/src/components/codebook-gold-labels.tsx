// "Create labels from gold values" (issue 13): the project's distinct gold values with their counts,
// those that already name one of the question's labels marked, and one click that adds a label for
// every other value that stays checked (codebook.labelsFromGold, one codebook revision; unchecked
// values, e.g. UNKNOWN, are left out). Waits while the draft has unsaved edits, since the codebook
// it changes is the saved one. The notice names exactly what was added, kept and left out.
import { useEffect, useId, useState } from 'react';
import type { GoldValuesOfQuestion, LabelsFromGold } from '../../../common/contract';
import { formatNumber, t } from '../i18n/t';
import { api } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { useCodebook } from '../state/codebook-store';
import { useSamples } from '../state/samples-store';
import { fold, GoldChoice, toggled } from './codebook-gold-choice';
import { Notice } from './notice';

interface CodebookGoldLabelsProps {
  /** The saved question (null for a question not saved yet). */
  questionId: string | null;
  /** A multi-label question: the switch "an empty gold cell means none of these labels" shows. */
  multiLabel: boolean;
  blocked: boolean;
}

export const list = (items: Array<{ name: string; count: number }>) =>
  items.map((i) => t('codebook.gold.item', { name: i.name, count: formatNumber(i.count) })).join(', ');

export function CodebookGoldLabels({ questionId, multiLabel, blocked }: CodebookGoldLabelsProps) {
  const id = useId();
  const revision = useCodebook((s) => s.saved?.revisionId ?? null);
  const [values, setValues] = useState<GoldValuesOfQuestion | null>(null);
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<LabelsFromGold | null>(null);

  // Another question clears the outcome; a new revision (the labels just added) keeps it on screen.
  useEffect(() => {
    setDone(null);
    setError(null);
    setExcluded(new Set());
  }, [questionId]);
  useEffect(() => {
    if (!questionId) return setValues(null);
    let live = true;
    api()
      .call('codebook.goldValues', { questionId })
      .then((r) => live && setValues(r))
      .catch(() => live && setValues(null)); // Without the values the section stays away; nothing else depends on it.
    return () => {
      live = false;
    };
  }, [questionId, revision]);

  if (!questionId || !values || values.values.length === 0) return null;
  const fresh = values.candidates.filter((c) => c.labelId === null);
  const chosen = fresh.filter((c) => !excluded.has(fold(c.name)));
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const exclude = fresh.filter((c) => excluded.has(fold(c.name))).map((c) => c.name);
      const result = await api().call('codebook.labelsFromGold', { questionId, exclude });
      setExcluded(new Set());
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
      {multiLabel && <EmptyGoldSwitch />}
      <ul className="codebook-gold-values" data-testid="codebook-gold-values">
        {values.values.map((v) => (
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
          {done.excluded.length > 0 && ` ${t('codebook.gold.excluded', { labels: list(done.excluded) })}`}
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
        <>
          <GoldChoice
            candidates={fresh}
            excluded={excluded}
            disabled={blocked || busy}
            onToggle={(name) => setExcluded((s) => toggled(s, name))}
            testId="codebook-gold-choice"
          />
          <div className="actions">
            <button
              type="button"
              className="btn"
              disabled={blocked || busy || chosen.length === 0}
              onClick={() => void create()}
              data-testid="codebook-labels-from-gold"
            >
              {t('codebook.gold.create', { count: chosen.length })}
            </button>
            {blocked && <span className="muted">{t('codebook.gold.blocked')}</span>}
          </div>
        </>
      )}
    </section>
  );
}

/** The project's switch [Note: empty gold] (main/core/coding/gold.ts), shown with multi-label questions. */
function EmptyGoldSwitch() {
  const on = useSamples((s) => s.emptyGoldNoLabel);
  useEffect(() => {
    void useSamples.getState().loadSettings();
  }, []);
  return (
    <div className="field">
      <label className="check">
        <input
          type="checkbox"
          checked={on}
          onChange={(e) => void useSamples.getState().setEmptyGoldNoLabel(e.target.checked)}
          data-testid="codebook-gold-empty-none"
        />
        <span>{t('codebook.gold.emptyNoLabel')}</span>
      </label>
      <p className="field-hint">{t('codebook.gold.emptyNoLabelHint')}</p>
    </div>
  );
}

// "A new question from gold values" (issue 13): the question's name, whether several labels may
// apply, and the gold values it would get as labels (each checked; unchecked ones, e.g. UNKNOWN,
// are left out), made in one step by codebook.labelsFromGold with newQuestion: no placeholder label,
// one codebook revision. The notice names exactly the labels made and the values left out; the new
// question is then selected. Waits while the draft has unsaved edits (the codebook reloads).
import { useEffect, useId, useState } from 'react';
import type { GoldValuesOfQuestion, LabelsFromGold } from '../../../common/contract';
import { t } from '../i18n/t';
import { api } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { useCodebook } from '../state/codebook-store';
import { fold, GoldChoice, toggled } from './codebook-gold-choice';
import { list } from './codebook-gold-labels';
import { Notice } from './notice';

export function CodebookGoldQuestion({ blocked }: { blocked: boolean }) {
  const id = useId();
  const revision = useCodebook((s) => s.saved?.revisionId ?? null);
  const [name, setName] = useState('');
  const [multiLabel, setMultiLabel] = useState(false);
  const [values, setValues] = useState<GoldValuesOfQuestion | null>(null);
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<LabelsFromGold | null>(null);
  const [doneName, setDoneName] = useState('');

  useEffect(() => {
    let live = true;
    api()
      .call('codebook.goldValues', { multiLabel })
      .then((r) => live && setValues(r))
      .catch(() => live && setValues(null)); // Without the values the section stays away.
    return () => {
      live = false;
    };
  }, [multiLabel, revision]);

  if (!values || values.candidates.length === 0) return null;
  const chosen = values.candidates.filter((c) => !excluded.has(fold(c.name)));
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const exclude = values.candidates.filter((c) => excluded.has(fold(c.name))).map((c) => c.name);
      const result = await api().call('codebook.labelsFromGold', { newQuestion: { name: name.trim(), multiLabel }, exclude });
      setDone(result);
      setDoneName(name.trim());
      setName('');
      setExcluded(new Set());
      await useCodebook.getState().load(true);
      const made = useCodebook.getState().draft.find((q) => q.id === result.questionId);
      if (made) useCodebook.getState().select(made.key);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card stack" aria-labelledby={`${id}-title`} data-testid="codebook-gold-new">
      <h2 id={`${id}-title`}>{t('codebook.goldNew.title')}</h2>
      <p className="field-hint">{t('codebook.goldNew.hint')}</p>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-name`}>
          {t('codebook.goldNew.name')}
        </label>
        <input
          id={`${id}-name`}
          className="input"
          value={name}
          maxLength={200}
          disabled={busy}
          onChange={(e) => setName(e.target.value)}
          data-testid="codebook-gold-new-name"
        />
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={multiLabel}
          disabled={busy}
          onChange={(e) => {
            setMultiLabel(e.target.checked);
            setExcluded(new Set());
          }}
          data-testid="codebook-gold-new-multi"
        />
        <span>{t('codebook.goldNew.multi')}</span>
      </label>
      <GoldChoice
        candidates={values.candidates}
        excluded={excluded}
        disabled={busy}
        onToggle={(n) => setExcluded((s) => toggled(s, n))}
        testId="codebook-gold-new-choice"
      />
      {done && (
        <Notice kind="success" testId="codebook-gold-new-done" onDismiss={() => setDone(null)}>
          {t('codebook.goldNew.done', { name: doneName, count: done.added.length, labels: list(done.added) })}
          {done.excluded.length > 0 && ` ${t('codebook.gold.excluded', { labels: list(done.excluded) })}`}
        </Notice>
      )}
      {error && (
        <Notice kind="error" testId="codebook-gold-new-error">
          {error}
        </Notice>
      )}
      <div className="actions">
        <button
          type="button"
          className="btn"
          disabled={blocked || busy || name.trim() === '' || chosen.length === 0}
          onClick={() => void create()}
          data-testid="codebook-gold-new-create"
        >
          {t('codebook.goldNew.create', { count: chosen.length })}
        </button>
        {blocked && <span className="muted">{t('codebook.gold.blocked')}</span>}
      </div>
    </section>
  );
}

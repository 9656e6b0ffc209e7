// The Codebook's "try it" section (issue 16, item 1): variants of the selected question's template
// or of one label's hypothesis (typed here, suggested by tuning.suggest, or the unsaved wording of
// the form above), tried on the documents with a truth as a job (tuning.try: progress, cancel), the
// results side by side with the current wording (macro-F1 with its interval, F1 per label, pairs
// scored), and "Keep" on a variant (tuning.keep: a new codebook revision).
import { useEffect, useId, useState } from 'react';
import type { EvaluationAgainst, JobProgressOf, TuningResult, TuningSuggestions, TuningVariant } from '../../../common/contract';
import { onJob } from '../api/jobs';
import { Notice } from '../components/notice';
import { t } from '../i18n/t';
import { errorMessage } from '../platform/error-message';
import { api } from '../platform/platform';
import { useCodebook } from '../state/codebook-store';
import { TuningTable } from './hypothesis-tuning-table';
import { draftVariant, rowVariant, type VariantRow } from './hypothesis-tuning-variants';

const AGAINST: EvaluationAgainst[] = ['human', 'gold', 'sample'];

export function HypothesisTuning({ questionKey }: { questionKey: string }) {
  const id = useId();
  const saved = useCodebook((s) => s.saved?.questions.find((q) => q.id === questionKey));
  const draft = useCodebook((s) => s.draft.find((q) => q.key === questionKey));
  const [rows, setRows] = useState<VariantRow[]>([{ kind: 'template', template: '' }]);
  const [against, setAgainst] = useState<EvaluationAgainst>('human');
  const [jobId, setJobId] = useState<string | null>(null);
  const [progress, setProgress] = useState<JobProgressOf<'tuning'> | null>(null);
  const [tried, setTried] = useState<TuningVariant[]>([]);
  const [result, setResult] = useState<TuningResult | null>(null);
  const [suggested, setSuggested] = useState<TuningSuggestions | null>(null);
  const [notice, setNotice] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const labels = saved?.labels.filter((l) => !l.archived) ?? [];
  const fromDraft = draftVariant(saved, draft);

  useEffect(() => {
    if (!jobId) return;
    return onJob(api(), ['tuning'], {
      progress: (p) => p.jobId === jobId && setProgress(p),
      done: (d) => {
        if (d.jobId !== jobId) return;
        setJobId(null);
        setProgress(null);
        if (d.status === 'done' && d.result) setResult(d.result);
        else setNotice({ kind: d.status === 'cancelled' ? 'info' : 'error', text: d.error?.message ?? t('tuning.cancelled') });
      },
    });
  }, [jobId]);

  if (!saved) return null;
  const named = (v: TuningVariant): TuningVariant => {
    const [labelId, h] = Object.entries(v.hypotheses ?? {})[0] ?? [];
    return v.name || v.template || !labelId ? v : { ...v, name: `${labels.find((l) => l.id === labelId)?.name ?? ''}: ${h ?? ''}` };
  };

  const start = async (variants: TuningVariant[]) => {
    setNotice(null);
    setResult(null);
    setTried(variants.map(named));
    try {
      const started = await api().call('tuning.try', { questionId: saved.id, against, variants: variants.map(named) });
      setJobId(started.jobId);
    } catch (err) {
      setNotice({ kind: 'error', text: errorMessage(err) });
    }
  };
  const tryRows = () => {
    const variants = rows.map(rowVariant);
    if (variants.some((v) => v === null)) return setNotice({ kind: 'error', text: t('tuning.emptyVariant') });
    void start(variants as TuningVariant[]);
  };
  const suggest = async () => {
    setBusy(true);
    try {
      const s = await api().call('tuning.suggest', { questionId: saved.id });
      setSuggested(s);
      setRows(s.suggestions.slice(0, 4).map((x) => ({ kind: 'template', template: x.variant.template ?? '' })));
    } catch (err) {
      setNotice({ kind: 'error', text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  const keep = async (variant: TuningVariant, name: string) => {
    setBusy(true);
    try {
      await api().call('tuning.keep', { questionId: saved.id, variant });
      await useCodebook.getState().load(true);
      setResult(null);
      setNotice({ kind: 'info', text: t('tuning.kept', { name }) });
    } catch (err) {
      setNotice({ kind: 'error', text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  const setRow = (i: number, row: VariantRow) => setRows((rs) => rs.map((r, k) => (k === i ? row : r)));
  const running = jobId !== null;

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="hypothesis-tuning">
      <h2 id={`${id}-title`}>{t('tuning.title')}</h2>
      <p className="field-hint">{t('tuning.intro')}</p>
      <div className="validation-choices">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-against`}>
            {t('tuning.against')}
          </label>
          <select id={`${id}-against`} className="select" value={against} onChange={(e) => setAgainst(e.target.value as EvaluationAgainst)}>
            {AGAINST.map((a) => (
              <option key={a} value={a}>
                {t(`tuning.against.${a}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {rows.map((row, i) => (
        <div className="validation-choices" key={i} data-testid="tuning-row">
          <div className="field">
            <label className="field-label" htmlFor={`${id}-kind-${i}`}>
              {t('tuning.variant', { n: String(i + 1) })}
            </label>
            <select
              id={`${id}-kind-${i}`}
              className="select"
              value={row.kind}
              onChange={(e) =>
                setRow(
                  i,
                  e.target.value === 'template'
                    ? { kind: 'template', template: '' }
                    : { kind: 'label', labelId: labels[0]?.id ?? '', hypothesis: '' },
                )
              }
            >
              <option value="template">{t('tuning.variant.kind.template')}</option>
              <option value="label">{t('tuning.variant.kind.label')}</option>
            </select>
          </div>
          {row.kind === 'template' ? (
            <div className="field">
              <label className="field-label" htmlFor={`${id}-t-${i}`}>
                {t('tuning.variant.template')}
              </label>
              <input
                id={`${id}-t-${i}`}
                className="input"
                value={row.template}
                placeholder={saved.template}
                onChange={(e) => setRow(i, { ...row, template: e.target.value })}
                data-testid="tuning-template"
              />
            </div>
          ) : (
            <>
              <div className="field">
                <label className="field-label" htmlFor={`${id}-l-${i}`}>
                  {t('tuning.variant.label')}
                </label>
                <select
                  id={`${id}-l-${i}`}
                  className="select"
                  value={row.labelId}
                  onChange={(e) => setRow(i, { ...row, labelId: e.target.value })}
                >
                  {labels.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label className="field-label" htmlFor={`${id}-h-${i}`}>
                  {t('tuning.variant.hypothesis')}
                </label>
                <input
                  id={`${id}-h-${i}`}
                  className="input"
                  value={row.hypothesis}
                  onChange={(e) => setRow(i, { ...row, hypothesis: e.target.value })}
                  data-testid="tuning-hypothesis"
                />
              </div>
            </>
          )}
          <button type="button" className="btn" disabled={rows.length === 1} onClick={() => setRows((rs) => rs.filter((_, k) => k !== i))}>
            {t('tuning.variant.remove')}
          </button>
        </div>
      ))}
      <div className="actions">
        <button
          type="button"
          className="btn"
          disabled={rows.length >= 8}
          onClick={() => setRows((rs) => [...rs, { kind: 'template', template: '' }])}
        >
          {t('tuning.addVariant')}
        </button>
        <button type="button" className="btn" disabled={busy || running} onClick={() => void suggest()} data-testid="tuning-suggest">
          {t('tuning.suggest')}
        </button>
        {fromDraft && (
          <button
            type="button"
            className="btn"
            disabled={running}
            title={t('tuning.fromDraftHint')}
            onClick={() => void start([{ ...fromDraft, name: t('tuning.fromDraft') }])}
            data-testid="tuning-draft"
          >
            {t('tuning.fromDraft')}
          </button>
        )}
        <button type="button" className="btn btn-primary" disabled={running || busy} onClick={tryRows} data-testid="tuning-try">
          {t('tuning.try')}
        </button>
        {running && (
          <button
            type="button"
            className="btn"
            onClick={() => void api().call('job.cancel', { jobId: jobId! })}
            data-testid="tuning-cancel"
          >
            {t('tuning.cancel')}
          </button>
        )}
      </div>
      {suggested && (
        <p className="field-hint">
          {suggested.language
            ? t('tuning.suggested', { language: suggested.language, source: suggested.languageSource })
            : t('tuning.suggestedUnknown', { source: suggested.languageSource })}
        </p>
      )}
      {running && (
        <p role="status" data-testid="tuning-progress">
          {progress?.phase === 'metrics'
            ? t('tuning.metricsPhase')
            : t('tuning.progress', {
                variant: String((progress?.variant ?? 0) + 1),
                variants: String(progress?.variants ?? rows.length),
                done: progress?.done ?? 0,
                total: progress?.total ?? 0,
              })}
          {progress && progress.total > 0 && <progress max={progress.total} value={progress.done} />}
        </p>
      )}
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      {result && <TuningTable result={result} variants={tried} busy={busy} onKeep={(v, name) => void keep(v, name)} />}
    </section>
  );
}

// The Adjudicate screen's choices: the question, the adjudicator's name, whether the suggestion shows
// (never where the project hides suggestions), whether gold shows (the project's switch, stated), the
// progress "n of m settled" and the CSV of the disagreements for a coding meeting (adjudication.csv,
// handed over as a Blob behind a download link as the Agreement screen's files).
import { useId } from 'react';
import type { CodebookQuestion } from '../../../common/contract';
import { formatDateTime, t } from '../i18n/t';
import { useAdjudication } from '../state/adjudication-store';
import { QuestionSelect } from './question-select';

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The file name of the CSV: the question's name made safe for a file system. */
export function disagreementsFileName(question: string): string {
  const safe = question.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '') || 'question';
  return `disagreements-${safe}.csv`;
}

export function AdjudicationSetup({ questions }: { questions: readonly CodebookQuestion[] }) {
  const id = useId();
  const s = useAdjudication();
  const question = questions.find((q) => q.id === s.questionId);
  const save = async () => {
    const csv = await useAdjudication.getState().csv();
    if (csv !== null) download(disagreementsFileName(question?.name ?? ''), csv);
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="adjudication-setup">
      <h2 id={`${id}-title`}>{t('adjudication.settings')}</h2>
      <div className="agreement-choices">
        <QuestionSelect
          label={t('adjudication.question')}
          questions={questions}
          value={s.questionId}
          testId="adjudication-question"
          onChange={(questionId) => {
            const q = questions.find((x) => x.id === questionId);
            if (q) s.choose({ questionId: q.id, multiLabel: q.multiLabel });
          }}
        />
        {s.samples.length > 0 && (
          <div className="field">
            <label className="field-label" htmlFor={`${id}-sample`}>
              {t('adjudication.sample')}
            </label>
            <select
              id={`${id}-sample`}
              className="select"
              value={s.sampleId ?? ''}
              data-testid="adjudication-sample"
              onChange={(e) => s.choose({ sampleId: e.target.value || null })}
            >
              <option value="">{t('adjudication.sampleAll')}</option>
              {s.samples.map((x) => (
                <option key={x.id} value={x.id}>
                  {t('agreement.sampleOption', {
                    kind: t(`agreement.kind.${x.kind}`),
                    size: String(x.size),
                    seed: String(x.seed),
                    date: formatDateTime(x.createdAt),
                  })}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label className="field-label" htmlFor={`${id}-name`}>
            {t('adjudication.adjudicator')}
          </label>
          <input
            id={`${id}-name`}
            className="input"
            value={s.adjudicator}
            maxLength={100}
            aria-describedby={`${id}-name-hint`}
            data-testid="adjudication-adjudicator"
            onChange={(e) => s.choose({ adjudicator: e.target.value })}
          />
          <p id={`${id}-name-hint`} className="field-hint">
            {t('adjudication.adjudicatorHint')}
          </p>
        </div>
        <label className="check agreement-model">
          <input
            type="checkbox"
            checked={s.showSuggestion && !s.suggestionsHidden}
            disabled={s.suggestionsHidden}
            data-testid="adjudication-show-suggestion"
            onChange={(e) => s.choose({ showSuggestion: e.target.checked })}
          />
          {t('adjudication.showSuggestion')}
        </label>
      </div>
      {s.suggestionsHidden && <p className="field-hint">{t('adjudication.suggestionsHidden')}</p>}
      <p className="field-hint" data-testid="adjudication-gold-policy">
        {s.goldShown ? t('adjudication.goldShown') : t('adjudication.goldHidden')}
      </p>
      <div className="inline-actions">
        {s.counts && (
          <span className="count-badge" data-testid="adjudication-progress">
            {t('adjudication.progress', { settled: String(s.counts.settled), total: String(s.counts.total) })}
          </span>
        )}
        <button type="button" className="btn" disabled={!s.counts?.total} onClick={() => void save()} data-testid="adjudication-download">
          {t('adjudication.download')}
        </button>
        <span className="field-hint">{t('adjudication.downloadHint')}</span>
      </div>
    </section>
  );
}

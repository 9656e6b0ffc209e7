// The Validation screen's "check these labels" section (issue 16, item 5): documents whose label a
// cross-validated calibrated model finds very unlikely, and near-identical texts coded differently
// (labelQuality.check), each document a button that opens it in Annotate (Enter, or O on it).
import { useEffect, useId, useState } from 'react';
import type { LabelQualityResult, QualityDocumentView } from '../../../common/contract';
import { Notice } from '../components/notice';
import { NumberField } from '../components/number-field';
import { t } from '../i18n/t';
import { errorMessage } from '../platform/error-message';
import { api } from '../platform/platform';
import { useAnnotate } from '../state/annotate-store';
import { useNav } from '../state/nav-store';

function openInAnnotate(documentId: number) {
  void useAnnotate.getState().openDocument(documentId);
  useNav.getState().go('annotate');
}

function Doc({ d }: { d: QualityDocumentView }) {
  return (
    <button
      type="button"
      className="quality-doc btn"
      onClick={() => openInAnnotate(d.documentId)}
      onKeyDown={(e) => {
        if (e.key === 'o' || e.key === 'O') {
          e.preventDefault();
          openInAnnotate(d.documentId);
        }
      }}
      aria-label={t('quality.open', { id: d.externalId })}
      data-testid="quality-open"
    >
      <strong>{d.externalId}</strong> ({d.labels.join(', ') || t('quality.noLabels')}
      {d.coder ? `, ${d.coder}` : ''}): {d.text.slice(0, 140)}
    </button>
  );
}

export function LabelQualitySection({ questionId }: { questionId: string }) {
  const id = useId();
  const [result, setResult] = useState<LabelQualityResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [similarity, setSimilarity] = useState('0.8');
  const min = Number(similarity);
  const valid = min >= 0.5 && min <= 1;

  const check = async () => {
    setBusy(true);
    try {
      setResult(await api().call('labelQuality.check', { questionId, minSimilarity: min }));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    setResult(null);
  }, [questionId]);

  const d = result?.duplicates;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="label-quality-section">
      <h2 id={`${id}-title`}>{t('quality.title')}</h2>
      <p>{t('quality.intro')}</p>
      <div className="validation-choices">
        <NumberField
          id={`${id}-sim`}
          label={t('quality.similarity')}
          min={0.5}
          max={1}
          step={0.05}
          value={similarity}
          onChange={setSimilarity}
          testId="quality-similarity"
        />
      </div>
      <div className="actions">
        <button type="button" className="btn btn-primary" disabled={busy || !valid} onClick={() => void check()} data-testid="quality-run">
          {busy ? t('quality.running') : t('quality.run')}
        </button>
      </div>
      {error && (
        <Notice kind="error" testId="quality-error">
          {error}
        </Notice>
      )}
      {result && (
        <>
          <h3>{t('quality.model.title')}</h3>
          {result.disagreements.reason ? (
            <p data-testid="quality-model-none">{t('quality.model.none', { reason: result.disagreements.reason })}</p>
          ) : (
            <>
              <p data-testid="quality-model-summary">
                {t('quality.model.summary', {
                  count: result.disagreements.total,
                  total: String(result.disagreements.total),
                  judged: String(result.disagreements.judged),
                  folds: String(result.disagreements.folds),
                  bar: String(result.disagreements.minDisagreement),
                })}
              </p>
              <ol className="quality-pairs" data-testid="quality-model">
                {result.disagreements.items.map((m) => (
                  <li key={m.document.documentId} data-testid="quality-model-item">
                    <span className="muted">
                      {t('quality.model.disagreement', { value: m.disagreement.toFixed(3) })}:{' '}
                      {m.labels
                        .map((l) =>
                          t(l.coderGave ? 'quality.model.given' : 'quality.model.notGiven', {
                            label: l.label,
                            probability: `${(l.probability * 100).toFixed(1)}%`,
                          }),
                        )
                        .join('; ')}
                    </span>
                    <Doc d={m.document} />
                  </li>
                ))}
              </ol>
            </>
          )}
          <h3>{t('quality.nearTitle')}</h3>
        </>
      )}
      {result && d && (
        <>
          <p data-testid="quality-summary">
            {t('quality.summary', { count: d.total, coded: String(result.coded), total: String(d.total) })}
            {d.total > d.pairs.length ? ` ${t('quality.listed', { count: String(d.pairs.length) })}` : ''}
          </p>
          <ol className="quality-pairs" data-testid="quality-pairs">
            {d.pairs.map((p) => (
              <li key={`${p.a.documentId}-${p.b.documentId}`} data-testid="quality-pair">
                <span className="muted">{p.exact ? t('quality.exact') : t('quality.near', { similarity: p.similarity.toFixed(2) })}</span>
                <Doc d={p.a} />
                <Doc d={p.b} />
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

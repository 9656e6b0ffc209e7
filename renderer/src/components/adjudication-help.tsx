// The `?` overlay of the Adjudicate screen: every key and what it does.
import { useEffect, useRef } from 'react';
import { t } from '../i18n/t';
import { ADJUDICATION_KEYS } from '../state/adjudication-keys';

export function AdjudicationHelp({ multiLabel, onClose }: { multiLabel: boolean; onClose(): void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);
  const keys = ADJUDICATION_KEYS.filter(([key]) => multiLabel || key !== '0');
  return (
    <div
      className="annotate-overlay"
      role="dialog"
      aria-modal="true"
      aria-labelledby="adjudication-help-title"
      data-testid="adjudication-help"
    >
      <div className="card annotate-help">
        <div className="card-header">
          <h2 id="adjudication-help-title">{t('adjudication.helpTitle')}</h2>
          <button ref={closeRef} type="button" className="btn btn-small" onClick={onClose}>
            {t('adjudication.close')}
          </button>
        </div>
        <dl className="annotate-keys">
          {keys.map(([key, what]) => (
            <div key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{t(what)}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}

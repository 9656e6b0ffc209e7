// The Coders screen's "Delete a coder's decisions": every decision and note of the coder, and the
// coder's name, confirmed with the core's counts (delete-confirm.tsx).
import { useEffect, useId, useState } from 'react';
import type { Coder } from '../../../common/contract';
import { t } from '../i18n/t';
import { api } from '../platform/platform';
import { useCoders } from '../state/coders-store';
import { DeleteConfirm } from './delete-confirm';

export function CodersDelete() {
  const id = useId();
  const [coders, setCoders] = useState<Coder[]>([]);
  const [name, setName] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    void api()
      .call('coders.list', {})
      .then((list) => {
        if (!live) return;
        setCoders(list);
        setName((n) => (list.some((c) => c.name === n) ? n : (list[0]?.name ?? '')));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [version]);
  if (coders.length === 0) return null;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="coders-delete">
      <h2 id={`${id}-title`}>{t('privacy.deleteCoder')}</h2>
      <p className="field-hint">{t('privacy.deleteCoderHelp')}</p>
      {confirming ? (
        <DeleteConfirm
          target={{ kind: 'coder', coder: name }}
          onClose={() => setConfirming(false)}
          onDone={() => {
            setVersion((v) => v + 1);
            void useCoders.getState().load();
          }}
        />
      ) : (
        <div className="row">
          <div className="field">
            <label className="field-label" htmlFor={`${id}-coder`}>
              {t('privacy.coderLabel')}
            </label>
            <select
              id={`${id}-coder`}
              className="select"
              value={name}
              data-testid="coders-delete-coder"
              onChange={(e) => setName(e.target.value)}
            >
              {coders.map((c) => (
                <option key={c.id} value={c.name}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="btn" data-testid="coders-delete-open" onClick={() => setConfirming(true)}>
            {t('privacy.deleteCoderButton', { name })}
          </button>
        </div>
      )}
    </section>
  );
}

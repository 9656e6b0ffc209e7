// The `?` overlay: every key of the Annotate screen, the labels' own keys included.
import { useEffect, useRef } from 'react';
import { t } from '../i18n/t';
import type { AnnotateLabel } from '../state/annotate-store';

const KEYS = [
  ['Enter', 'annotate.key.accept'],
  ['1 – 9', 'annotate.key.number'],
  ['Space', 'annotate.key.skip'],
  ['Backspace · Ctrl+Z', 'annotate.key.undo'],
  ['f', 'annotate.key.flag'],
  ['n', 'annotate.key.note'],
  ['?', 'annotate.key.help'],
  ['Esc', 'annotate.key.close'],
] as const;

export function AnnotateHelp({ labels, multiLabel, onClose }: { labels: readonly AnnotateLabel[]; multiLabel: boolean; onClose(): void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);
  return (
    <div className="annotate-overlay" role="dialog" aria-modal="true" aria-labelledby="annotate-help-title" data-testid="annotate-help">
      <div className="card annotate-help">
        <div className="card-header">
          <h2 id="annotate-help-title">{t('annotate.helpTitle')}</h2>
          <button ref={closeRef} type="button" className="btn btn-small" onClick={onClose}>
            {t('annotate.close')}
          </button>
        </div>
        <dl className="annotate-keys">
          {KEYS.map(([key, what]) => (
            <div key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{t(what)}</dd>
            </div>
          ))}
          {labels
            .filter((l) => l.hotkey)
            .map((l) => (
              <div key={l.id}>
                <dt>
                  <kbd>{l.hotkey}</kbd>
                </dt>
                <dd dir="auto">{t('annotate.key.label', { label: l.name })}</dd>
              </div>
            ))}
        </dl>
        {multiLabel && <p className="field-hint">{t('annotate.multiHint')}</p>}
      </div>
    </div>
  );
}

// The `?` overlay: every key of the Annotate screen, the labels' own keys included. Blind (a
// validation sample) nothing is pre-selected, so Enter records the label chosen, not a suggestion.
import { useEffect, useRef } from 'react';
import { t } from '../i18n/t';
import { numberKeys, type AnnotateLabel } from '../state/annotate-keys';

const KEYS = [
  ['Space', 'annotate.key.skip'],
  ['Backspace · Ctrl+Z', 'annotate.key.undo'],
  ['f', 'annotate.key.flag'],
  ['n', 'annotate.key.note'],
  ['?', 'annotate.key.help'],
  ['Esc', 'annotate.key.close'],
] as const;

interface AnnotateHelpProps {
  labels: readonly AnnotateLabel[];
  multiLabel: boolean;
  /** A validation sample's queue: no suggestion to accept. */
  blind: boolean;
  onClose(): void;
}

export function AnnotateHelp({ labels, multiLabel, blind, onClose }: AnnotateHelpProps) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);
  const keys: Array<readonly [string, string]> = [
    ['Enter', blind ? t('annotate.key.record') : t('annotate.key.accept')],
    [
      numberKeys(labels).replace('–', ' – '),
      blind ? t('annotate.key.numberBlind', { keys: numberKeys(labels) }) : t('annotate.key.number'),
    ],
    ...(multiLabel ? ([['0', t('annotate.key.none')]] as const) : []),
    ...KEYS.map(([key, what]) => [key, t(what)] as const),
  ];
  return (
    <div
      className="annotate-overlay"
      role="dialog"
      aria-modal="true"
      aria-labelledby="annotate-help-title"
      data-testid="annotate-help"
      data-blind={blind ? 'true' : 'false'}
    >
      <div className="card annotate-help">
        <div className="card-header">
          <h2 id="annotate-help-title">{t('annotate.helpTitle')}</h2>
          <button ref={closeRef} type="button" className="btn btn-small" onClick={onClose}>
            {t('annotate.close')}
          </button>
        </div>
        <dl className="annotate-keys">
          {keys.map(([key, what]) => (
            <div key={key} data-testid="annotate-help-key" data-key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{what}</dd>
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

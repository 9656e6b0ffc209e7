// The note on the current decision, opened with `n`. Typing here never triggers a shortcut (the
// screen ignores keys from fields); Escape closes it and gives the keys back to the screen.
import { useEffect, useId, useRef } from 'react';
import { t } from '../i18n/t';

export function AnnotateNote({ value, onChange, onClose }: { value: string; onChange(note: string): void; onClose(): void }) {
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="field annotate-note">
      <label className="field-label" htmlFor={id}>
        {t('annotate.noteLabel')}
      </label>
      <textarea
        id={id}
        ref={ref}
        className="input annotate-note-input"
        rows={3}
        maxLength={10_000}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
          }
        }}
        data-testid="annotate-note"
      />
      <p className="field-hint">{t('annotate.noteHint')}</p>
    </div>
  );
}

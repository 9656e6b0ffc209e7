// Where a file comes in: drag and drop, or a button (a file input in the browser, a native dialog
// in Electron, through `onBrowse`).
import { useId, useRef, useState } from 'react';
import { t } from '../i18n/t';
import { UploadIcon } from './icons';

interface DropZoneProps {
  accept: string;
  disabled: boolean;
  onFile(file: File): void;
  /** Electron: open the native dialog instead of the browser's file input. */
  onBrowse?: () => void;
}

export function DropZone({ accept, disabled, onFile, onBrowse }: DropZoneProps) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const take = (files: FileList | null) => {
    const file = files?.[0];
    if (file && !disabled) onFile(file);
  };
  return (
    <div
      className={`drop-zone${over ? ' drop-zone-over' : ''}`}
      data-testid="drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        take(e.dataTransfer.files);
      }}
    >
      <UploadIcon />
      <p className="drop-title">{over ? t('import.drop.active') : t('import.drop.title')}</p>
      <p className="field-hint">{t('import.drop.formats')}</p>
      <p className="muted">{t('import.drop.or')}</p>
      {onBrowse ? (
        <button type="button" className="btn btn-primary" onClick={onBrowse} disabled={disabled} data-testid="choose-file">
          {t('import.drop.choose')}
        </button>
      ) : (
        <>
          <label htmlFor={inputId} className="visually-hidden">
            {t('import.drop.inputLabel')}
          </label>
          <input
            id={inputId}
            ref={input}
            type="file"
            accept={accept}
            className="visually-hidden"
            data-testid="file-input"
            disabled={disabled}
            onChange={(e) => {
              take(e.target.files);
              e.target.value = ''; // choosing the same file again still counts
            }}
          />
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => input.current?.click()}
            disabled={disabled}
            data-testid="choose-file"
          >
            {t('import.drop.choose')}
          </button>
        </>
      )}
    </div>
  );
}

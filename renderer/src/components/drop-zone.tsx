// Where a file comes in: drag and drop, or a button (a file input in the browser, a native dialog
// in Electron, through `onBrowse`). A folder too: in the browser mode (`onFolder`) a second button
// opens a directory picker and a dropped folder is walked (api/folder-files.ts); in Electron the
// native dialog chooses one (`onBrowseFolder`), and a dropped folder has a path the importer reads.
import { useEffect, useId, useRef, useState } from 'react';
import { folderFromDrop, folderFromPicker, type PickedFolder } from '../api/folder-files';
import { errorMessage } from '../platform/error-message';
import { t } from '../i18n/t';
import { UploadIcon } from './icons';

interface DropZoneProps {
  accept: string;
  disabled: boolean;
  onFile(file: File): void;
  /** Electron: open the native dialog instead of the browser's file input. */
  onBrowse?: () => void;
  /** Electron: the native dialog for a folder. */
  onBrowseFolder?: () => void;
  /** Browser mode: a folder picked or dropped. */
  onFolder?: (folder: PickedFolder) => void;
  /** A dropped folder that could not be read. */
  onError?: (message: string) => void;
}

export function DropZone({ accept, disabled, onFile, onBrowse, onBrowseFolder, onFolder, onError }: DropZoneProps) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const folderInputId = useId();
  // React has no prop for it: the attribute turns the file input into a directory picker.
  useEffect(() => folderInput.current?.setAttribute('webkitdirectory', ''), [onFolder]);
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
        // The entry must be taken while the drop event runs; its files are read afterwards.
        const entry = onFolder && !disabled ? e.dataTransfer.items?.[0]?.webkitGetAsEntry?.() : null;
        if (entry?.isDirectory) {
          folderFromDrop(entry as FileSystemDirectoryEntry).then(onFolder!, (err: unknown) => onError?.(errorMessage(err)));
          return;
        }
        take(e.dataTransfer.files);
      }}
    >
      <UploadIcon />
      <p className="drop-title">{over ? t('import.drop.active') : t('import.drop.title')}</p>
      <p className="field-hint">{t('import.drop.formats')}</p>
      <p className="muted">{t('import.drop.or')}</p>
      {onBrowse ? (
        <>
          <button type="button" className="btn btn-primary" onClick={onBrowse} disabled={disabled} data-testid="choose-file">
            {t('import.drop.choose')}
          </button>
          {onBrowseFolder && (
            <button type="button" className="btn" onClick={onBrowseFolder} disabled={disabled} data-testid="choose-folder">
              {t('import.drop.chooseFolder')}
            </button>
          )}
        </>
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
          {onFolder && (
            <>
              <label htmlFor={folderInputId} className="visually-hidden">
                {t('import.drop.folderInputLabel')}
              </label>
              <input
                id={folderInputId}
                ref={folderInput}
                type="file"
                multiple
                className="visually-hidden"
                data-testid="folder-input"
                disabled={disabled}
                onChange={(e) => {
                  const folder = e.target.files ? folderFromPicker(e.target.files) : null;
                  if (folder) onFolder(folder);
                  e.target.value = '';
                }}
              />
              <button
                type="button"
                className="btn"
                onClick={() => folderInput.current?.click()}
                disabled={disabled}
                data-testid="choose-folder"
              >
                {t('import.drop.chooseFolder')}
              </button>
            </>
          )}
        </>
      )}
    </div>
  );
}

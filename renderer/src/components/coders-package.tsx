// "Make a coder package" (project.package): the coder's name, which documents (those the coder has
// not decided, all, or a sample's), blind; in Electron a save dialog, in the browser a download.
import { useId } from 'react';
import { exportDownloadPath } from '../../../common/contract';
import { t } from '../i18n/t';
import { useCoders } from '../state/coders-store';

export function CodersPackage() {
  const id = useId();
  const draft = useCoders((s) => s.draft);
  const samples = useCoders((s) => s.samples);
  const packaging = useCoders((s) => s.packaging);
  const packaged = useCoders((s) => s.packaged);
  const { editDraft, makePackage } = useCoders.getState();
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="coders-package">
      <h2 id={`${id}-title`}>{t('coders.package')}</h2>
      <p className="field-hint">{t('coders.package.help')}</p>
      <div className="row">
        <div className="field grow">
          <label className="field-label" htmlFor={`${id}-coder`}>
            {t('coders.package.coder')}
          </label>
          <input
            id={`${id}-coder`}
            className="input"
            value={draft.coder}
            maxLength={100}
            autoComplete="off"
            data-testid="coders-package-coder"
            onChange={(e) => editDraft({ coder: e.target.value })}
          />
        </div>
        <div className="field grow">
          <label className="field-label" htmlFor={`${id}-docs`}>
            {t('coders.package.documents')}
          </label>
          <select
            id={`${id}-docs`}
            className="select"
            value={draft.documents}
            data-testid="coders-package-documents"
            onChange={(e) => editDraft({ documents: e.target.value })}
          >
            <option value="open">{t('coders.package.open')}</option>
            <option value="all">{t('coders.package.all')}</option>
            {samples.map((s) => (
              <option key={s.id} value={s.id}>
                {t('coders.package.sample', { kind: t(`agreement.kind.${s.kind}`), size: String(s.size), seed: String(s.seed) })}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={draft.blind}
          data-testid="coders-package-blind"
          onChange={(e) => editDraft({ blind: e.target.checked })}
        />
        {t('coders.package.blind')}
      </label>
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={packaging || !draft.coder.trim()}
          data-testid="coders-package-make"
          onClick={() => void makePackage()}
        >
          {packaging ? t('coders.package.making') : t('coders.package.make')}
        </button>
        {!draft.coder.trim() && <span className="field-hint">{t('coders.package.needCoder')}</span>}
      </div>
      {packaged && (
        <div role="status" data-testid="coders-package-written">
          <p>
            {t('coders.package.written', {
              coder: packaged.coder,
              documents: String(packaged.documents),
              decisions: String(packaged.decisions),
              blind: packaged.blind ? t('coders.package.writtenBlind') : '',
            })}
          </p>
          {packaged.exportId ? (
            <a href={exportDownloadPath(packaged.exportId, packaged.name)} download={packaged.name} data-testid="coders-package-download">
              {t('coders.package.download', { name: packaged.name })}
            </a>
          ) : (
            <p>{t('coders.package.savedTo', { path: packaged.path })}</p>
          )}
        </div>
      )}
    </section>
  );
}

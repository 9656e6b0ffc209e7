// "Merge copies" (project.merge): coded copies chosen in the open dialog (Electron) or uploaded
// (browser), then the merge report: per copy its coders, decisions new / already present / not
// merged, the questions touched and each conflict.
import { useId, useRef } from 'react';
import type { MergeReport } from '../../../common/contract';
import { t } from '../i18n/t';
import { platform } from '../platform/platform';
import { useCoders } from '../state/coders-store';

function Report({ report }: { report: MergeReport }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="coders-merge-report">
      <h2 id={`${id}-title`}>{t('coders.merge.report')}</h2>
      <p data-testid="coders-merge-total">
        {t('coders.merge.total', {
          copies: String(report.copies.length),
          new: String(report.decisionsNew),
          present: String(report.decisionsPresent),
          conflicts: String(report.conflicts),
        })}
      </p>
      <div className="table-scroll">
        <table className="stat-table">
          <thead>
            <tr>
              <th scope="col">{t('coders.merge.copy')}</th>
              <th scope="col">{t('coders.merge.coders')}</th>
              <th scope="col">{t('coders.merge.new')}</th>
              <th scope="col">{t('coders.merge.present')}</th>
              <th scope="col">{t('coders.merge.notMerged')}</th>
              <th scope="col">{t('coders.merge.questions')}</th>
            </tr>
          </thead>
          <tbody>
            {report.copies.map((c, i) => (
              <tr key={`${c.path} ${i}`} data-testid="coders-merge-copy">
                <th scope="row">{c.path.split(/[/\\]/).pop()}</th>
                <td>{c.coders.join(', ')}</td>
                <td className="num" data-stat={`copies.${i}.decisionsNew`}>
                  {String(c.decisionsNew)}
                </td>
                <td className="num" data-stat={`copies.${i}.decisionsPresent`}>
                  {String(c.decisionsPresent)}
                </td>
                <td className="num" data-stat={`copies.${i}.decisionsNotMerged`}>
                  {String(c.decisionsNotMerged)}
                </td>
                <td>{c.questions.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.copies.map((c, i) => (
        <div key={`${c.path} notes ${i}`}>
          {c.codersCreated.length > 0 && <p>{t('coders.merge.created', { names: c.codersCreated.join(', ') })}</p>}
          {c.migratedFrom !== null && <p>{t('coders.merge.migrated', { version: String(c.migratedFrom) })}</p>}
          {c.packageOf !== null && !c.sameProject && <p>{t('coders.merge.otherProject')}</p>}
        </div>
      ))}
      <h3>{t('coders.merge.conflicts')}</h3>
      {report.conflicts === 0 ? (
        <p data-testid="coders-merge-no-conflicts">{t('coders.merge.noConflicts')}</p>
      ) : (
        <ul data-testid="coders-merge-conflicts">
          {report.copies.flatMap((c, i) => c.conflicts.map((x, k) => <li key={`${i} ${k}`}>{x.message}</li>))}
        </ul>
      )}
    </section>
  );
}

export function CodersMerge() {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const paths = useCoders((s) => s.paths);
  const files = useCoders((s) => s.files);
  const merging = useCoders((s) => s.merging);
  const report = useCoders((s) => s.report);
  const { pickCopy, setFiles, merge } = useCoders.getState();
  const browser = platform().face === 'browser';
  const chosen = browser ? files.map((f) => f.name) : paths;
  return (
    <>
      <section className="card" aria-labelledby={`${id}-title`} data-testid="coders-merge">
        <h2 id={`${id}-title`}>{t('coders.merge')}</h2>
        <p className="field-hint">{t('coders.merge.help')}</p>
        {browser ? (
          <div className="field">
            <label className="field-label" htmlFor={`${id}-files`}>
              {t('coders.merge.files')}
            </label>
            <input
              ref={input}
              id={`${id}-files`}
              type="file"
              multiple
              accept=".prelabel"
              data-testid="coders-merge-files"
              onChange={(e) => setFiles([...(e.target.files ?? [])])}
            />
          </div>
        ) : (
          <button type="button" className="btn" data-testid="coders-merge-pick" onClick={() => void pickCopy()}>
            {t('coders.merge.pick')}
          </button>
        )}
        {chosen.length > 0 && (
          <ul data-testid="coders-merge-chosen">
            {chosen.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
        )}
        <div className="actions">
          <button
            type="button"
            className="btn btn-primary"
            disabled={merging || chosen.length === 0}
            data-testid="coders-merge-run"
            onClick={() => {
              void merge().then(() => {
                if (input.current) input.current.value = '';
              });
            }}
          >
            {merging ? t('coders.merge.running') : t('coders.merge.run')}
          </button>
        </div>
      </section>
      {report && <Report report={report} />}
    </>
  );
}

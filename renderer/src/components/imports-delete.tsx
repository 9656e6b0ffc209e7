// The Import screen's list of imported files, each deletable for good with its documents (and the
// units of their splits), confirmed with the core's counts (delete-confirm.tsx).
import { useEffect, useId, useState } from 'react';
import type { ImportSummary } from '../../../common/contract';
import { t } from '../i18n/t';
import { api } from '../platform/platform';
import { DeleteConfirm } from './delete-confirm';

export function ImportsDelete({ documentCount }: { documentCount: number }) {
  const id = useId();
  const [imports, setImports] = useState<ImportSummary[]>([]);
  const [chosen, setChosen] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void api()
      .call('project.stats', {})
      .then((s) => live && setImports(s.imports.filter((i) => i.status === 'committed' && i.format !== 'segments')))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [documentCount]);
  if (imports.length === 0) return null;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="imports-delete">
      <h2 id={`${id}-title`}>{t('privacy.importsTitle')}</h2>
      {chosen ? (
        <DeleteConfirm target={{ kind: 'import', importId: chosen }} onClose={() => setChosen(null)} />
      ) : (
        <ul className="delete-imports">
          {imports.map((i) => (
            <li key={i.id} className="row">
              <span className="grow">{t('privacy.importLine', { name: i.sourceName, count: i.rowCount })}</span>
              <button type="button" className="btn btn-quiet btn-small" data-testid="imports-delete-open" onClick={() => setChosen(i.id)}>
                {t('privacy.deleteImport', { name: i.sourceName })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

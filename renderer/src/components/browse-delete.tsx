// Browse's deletion: the selected document, or every document the search finds (whatever the other
// filters), confirmed with the core's counts (delete-confirm.tsx). The table is fetched again when
// the core announces the changed project.
import { useState } from 'react';
import type { BrowseRow, DeletionTarget } from '../../../common/contract';
import { t } from '../i18n/t';
import { DeleteConfirm } from './delete-confirm';

interface BrowseDeleteProps {
  row: BrowseRow | null;
  search: string;
}

export function BrowseDeleteButtons({ row, search, onChoose }: BrowseDeleteProps & { onChoose(target: DeletionTarget): void }) {
  const words = search.trim();
  return (
    <div className="row browse-delete" data-testid="browse-delete">
      {row && (
        <button
          type="button"
          className="btn btn-quiet btn-small"
          data-testid="browse-delete-document"
          onClick={() => onChoose({ kind: 'documents', ids: [row.id] })}
        >
          {t('privacy.deleteDocument')}
        </button>
      )}
      {words !== '' && (
        <button
          type="button"
          className="btn btn-quiet btn-small"
          data-testid="browse-delete-matches"
          onClick={() => onChoose({ kind: 'search', search: words })}
        >
          {t('privacy.deleteMatches')}
        </button>
      )}
    </div>
  );
}

export function BrowseDelete({ row, search }: BrowseDeleteProps) {
  const [target, setTarget] = useState<DeletionTarget | null>(null);
  if (target) return <DeleteConfirm target={target} onClose={() => setTarget(null)} />;
  return <BrowseDeleteButtons row={row} search={search} onChoose={setTarget} />;
}

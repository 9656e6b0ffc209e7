// Browse's "Group by document": with units of a segmentation in the project, their rows can show
// grouped by the document they come from, in text order (the core's browse.page `groupByParent`,
// which sorts by document). Nothing shows while the project codes whole documents.
import { useEffect } from 'react';
import { t } from '../i18n/t';
import { useBrowse } from '../state/browse-store';
import { useSegments } from '../state/segments-store';

export function BrowseGroupToggle() {
  const segmentations = useSegments((s) => s.segmentations);
  const groupByParent = useBrowse((s) => s.groupByParent);
  useEffect(() => {
    void useSegments.getState().load();
  }, []);
  if (!segmentations?.length) return null;
  return (
    <label className="check browse-group" title={t('segments.browse.groupHint')}>
      <input
        type="checkbox"
        checked={groupByParent}
        onChange={(e) => useBrowse.getState().setGroupByParent(e.target.checked)}
        data-testid="browse-group-by-parent"
      />
      {t('segments.browse.group')}
    </label>
  );
}

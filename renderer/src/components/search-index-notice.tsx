// Browse's note that search does not find every document yet: an import's index step was cut short
// (a kill, a crash) and the core completes it in the background, or another window is still building
// it. Live counts come from the progress of index jobs (and of imports indexing what they stored);
// while the index is incomplete the state
// is asked again every few seconds, which also lets the core take over an index another window gave
// up (project.searchState restarts it). Once complete, a search Browse shows is run again.
import { useEffect, useState } from 'react';
import type { SearchIndexState } from '../../../common/contract';
import { onJob } from '../api/jobs';
import { t } from '../i18n/t';
import { api } from '../platform/platform';
import { useBrowse } from '../state/browse-store';
import { useProject } from '../state/project-store';
import { Notice } from './notice';

const RECHECK_MS = 3000;

export function SearchIndexNotice() {
  const projectPath = useProject((s) => s.project?.path ?? null);
  const [state, setState] = useState<SearchIndexState | null>(null);

  useEffect(() => {
    setState(null);
    if (!projectPath) return;
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let incomplete = false;
    let asking = false;
    const load = () => {
      if (asking) return;
      asking = true;
      clearTimeout(timer);
      api()
        .call('project.searchState', {})
        .then((s) => {
          asking = false;
          if (!alive) return;
          // Finished: a search shown is run again from its start (it may find more now).
          if (incomplete && s.complete && useBrowse.getState().filters.search) useBrowse.getState().setFilters({});
          incomplete = !s.complete;
          setState(s);
          if (!s.complete) timer = setTimeout(load, RECHECK_MS);
        })
        .catch(() => {
          asking = false; // no project any more: the next project's effect asks again
        });
    };
    load();
    const off = onJob(api(), ['index', 'import'], {
      progress: (p) => {
        if (p.phase !== 'indexing' || p.total === null) return;
        // An import of this window indexing its documents: say so too.
        if (!incomplete) return load();
        const left = Math.max(0, p.total - p.done);
        setState((s) => (s ? { ...s, pending: left, building: true } : s));
      },
      done: () => load(),
    });
    return () => {
      alive = false;
      clearTimeout(timer);
      off();
    };
  }, [projectPath]);

  if (!state || state.complete) return null;
  return (
    <Notice kind="info" testId="search-index-notice">
      {t(state.building ? 'browse.searchIndex.building' : 'browse.searchIndex.incomplete', { count: state.pending, total: state.total })}
    </Notice>
  );
}

// Following jobs by kind: the contract has one job event family (`job:progress`, `job:done`, each
// with a `kind`; common/contract/jobs.ts). Stores get their kinds' events through the routes of
// state/wire-events.ts; a component that shows a job while it is on screen subscribes here.
import type { JobDoneOf, JobKind, JobProgressOf } from '../../../common/contract';
import type { Api } from './api-client';

export interface JobListener<K extends JobKind> {
  progress?(p: JobProgressOf<K>): void;
  done?(d: JobDoneOf<K>): void;
}

/** Subscribes to the jobs of these kinds; returns the unsubscribe function. */
export function onJob<K extends JobKind>(api: Pick<Api, 'on'>, kinds: readonly K[], listener: JobListener<K>): () => void {
  const wanted = (kind: JobKind): kind is K => (kinds as readonly JobKind[]).includes(kind);
  const offProgress = api.on('job:progress', (p) => {
    if (wanted(p.kind)) listener.progress?.(p as JobProgressOf<K>);
  });
  const offDone = api.on('job:done', (d) => {
    if (wanted(d.kind)) listener.done?.(d as JobDoneOf<K>);
  });
  return () => {
    offProgress();
    offDone();
  };
}

// Bug 5 of issue 10: switching projects kept the previous project's Annotate session. Every store
// that holds something of the open project starts afresh when another project opens, from one
// place (project-scope.ts), and every store file is accounted for.
import { beforeEach, describe, expect, it } from 'vitest';
import type { CodebookQuestion, CodingProgress, ProjectInfo, QueueItem } from '../../../common/contract';
import { setPlatform } from '../platform/platform';
import { fakeApi, type FakeApi } from '../test-support/fake-api';
import { useAnnotate } from './annotate-store';
import { useCodebook } from './codebook-store';
import { useBrowse } from './browse-store';
import { useExport } from './export-store';
import { usePrecision } from './precision-store';
import { usePrelabel } from './prelabel-store';
import { useProject } from './project-store';
import { APP_WIDE_STORES, projectStoreNames } from './project-scope';

const Q = '11111111-1111-4111-8111-111111111111';
const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';

const project = (name: string): ProjectInfo => ({
  id: `${name}-id`,
  name,
  path: `/projects/${name}.prelabel`,
  schemaVersion: 3,
  createdAt: '2025-01-01T00:00:00Z',
  documentCount: 10,
  warnings: [],
});

const question: CodebookQuestion = {
  id: Q,
  name: 'Sentiment',
  multiLabel: false,
  template: 'This text is {}.',
  ordered: false,
  longText: 'truncate',
  archived: false,
  labels: [
    {
      id: A,
      name: 'negative',
      hotkey: 'a',
      code: null,
      description: '',
      includeRules: '',
      excludeRules: '',
      examples: [],
      hypothesis: null,
      color: null,
      parent: null,
      archived: false,
    },
  ],
};

const progress: CodingProgress = { total: 999, decided: 39, skipped: 0, accepted: 0, changed: 0, byLabel: [] };
const item = (id: number): QueueItem => ({
  key: `k${id}`,
  document: { id, externalId: String(id), text: `text ${id}`, textLength: 6, metadata: {}, gold: null },
  suggestion: null,
  decision: null,
  modelWindowEnd: null,
  context: null,
  sampleId: null,
});

declare global {
  interface ImportMeta {
    /** Vite's glob import (vitest runs through Vite): every matching module, loaded on call. */
    glob(pattern: string): Record<string, () => Promise<unknown>>;
  }
}

class MemoryStorage {
  private data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
  removeItem = (k: string) => void this.data.delete(k);
}

function projectApi(): FakeApi {
  return fakeApi({
    'project.open': ({ path }) => ({ ...project('B'), path }),
    'projects.recent': () => [],
    'annotate.queue': () => ({
      items: [item(1), item(2)],
      remaining: 960,
      progress,
      sample: null,
      skippedOutsideSamples: 0,
      mine: null,
      coding: { mode: 'shared', blindCoders: false, hideSuggestions: false },
      queueProgress: null,
    }),
    'annotate.progress': () => progress,
    'prelabel.status': () => ({ run: null, documents: 10, scored: 0, stale: 0, truncated: 0 }),
    'prelabel.precision': () => ({ precision: 'int8', effective: 'int8', check: null }),
    'browse.page': () => ({ rows: [], total: 0, next: null }),
  });
}

beforeEach(() => {
  Object.assign(globalThis, { localStorage: new MemoryStorage(), sessionStorage: new MemoryStorage() });
  useProject.setState({ project: project('A'), busy: false, error: null });
});

describe('bug 5: switching projects starts every per-project store afresh', () => {
  it('opening another project drops the Annotate session of the last one ("39 of 999 done", "Coding as Ana")', async () => {
    const api = projectApi();
    setPlatform({ api, face: 'browser' });
    await useAnnotate.getState().start({ coder: 'Ana', questionId: Q, order: 'in_order', seed: 1, labelId: null }, question);
    expect(useAnnotate.getState().current?.document.id).toBe(1);
    expect(useAnnotate.getState().progress?.decided).toBe(39);
    expect(globalThis.sessionStorage.getItem('prelabel.annotate.session')).not.toBeNull();
    useExport.getState().choose({ questionId: Q, format: 'xlsx' });
    await usePrecision.getState().load();
    expect(usePrecision.getState().state?.precision).toBe('int8');
    usePrelabel.getState().selectQuestion(Q);

    await useProject.getState().open('/projects/B.prelabel');

    expect(useProject.getState().project?.name).toBe('B');
    const annotate = useAnnotate.getState();
    expect(annotate.setup).toBeNull();
    expect(annotate.current).toBeNull();
    expect(annotate.progress).toBeNull();
    // A reload must not bring the old session back either.
    expect(globalThis.sessionStorage.getItem('prelabel.annotate.session')).toBeNull();
    expect(useExport.getState().questionId).toBeNull();
    expect(useExport.getState().format).toBe('csv');
    expect(usePrecision.getState().state).toBeNull();
    expect(usePrelabel.getState().questionId).toBeNull();
    expect(useBrowse.getState().questionId).toBeNull();
    expect(useCodebook.getState().saved).toBeNull();
  });

  it('a project:changed from another window that names another project resets too; the same project keeps the session', async () => {
    const api = projectApi();
    setPlatform({ api, face: 'browser' });
    await useAnnotate.getState().start({ coder: 'Ana', questionId: Q, order: 'in_order', seed: 1, labelId: null }, question);
    useProject.getState().projectChanged({ ...project('A'), documentCount: 20 });
    expect(useAnnotate.getState().setup?.coder).toBe('Ana');
    useProject.getState().projectChanged(project('C'));
    expect(useAnnotate.getState().setup).toBeNull();
  });

  it('every store file in state/ either resets with the project or is named app-wide', async () => {
    const modules = import.meta.glob('./*-store.ts');
    const names = Object.keys(modules).map((path) => path.replace(/^\.\/(.*)-store\.ts$/, '$1'));
    expect(names.length).toBeGreaterThan(10);
    for (const load of Object.values(modules)) await load();
    const registered = new Set(projectStoreNames());
    const unaccounted = names.filter((n) => !registered.has(n) && !APP_WIDE_STORES.includes(n));
    expect(unaccounted, 'a store that neither registers with resetsWithProject nor is in APP_WIDE_STORES').toEqual([]);
    expect(names.filter((n) => registered.has(n) && APP_WIDE_STORES.includes(n))).toEqual([]);
    for (const n of ['annotate', 'browse', 'codebook', 'prelabel', 'export', 'precision', 'import']) expect(registered).toContain(n);
  });
});

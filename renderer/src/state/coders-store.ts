// The Coders screen's state: the project's settings for several coders (annotate.settings), each
// coder's own progress (coders.progress), the samples a package can hold, a coder package
// (project.package: a save dialog in Electron, a download in the browser) and the merge of coded
// copies (project.merge: paths from the open dialog in Electron, uploads in the browser) with its report.
import { create } from 'zustand';
import type { CoderProgress, CodingSettings, MergeReport, PackageWritten, SampleInfo } from '../../../common/contract';
import { errorMessage } from '../platform/error-message';
import { api, platform } from '../platform/platform';
import { resetsWithProject } from './project-scope';

export type SettingsDraft = Pick<CodingSettings, 'mode' | 'blindCoders' | 'hideSuggestions'> & {
  rule: 'latest' | 'majority' | 'lead';
  lead: string;
};

export interface PackageDraft {
  coder: string;
  /** 'open', 'all' or a sample's id. */
  documents: string;
  blind: boolean;
}

interface CodersState {
  settings: SettingsDraft | null;
  settingsSaved: boolean;
  progress: CoderProgress[];
  samples: SampleInfo[];
  draft: PackageDraft;
  packaging: boolean;
  packaged: PackageWritten | null;
  /** Electron: the copies chosen so far (paths). Browser: the files picked. */
  paths: string[];
  files: File[];
  merging: boolean;
  report: MergeReport | null;
  error: string | null;

  load(): Promise<void>;
  editSettings(patch: Partial<SettingsDraft>): void;
  saveSettings(): Promise<void>;
  editDraft(patch: Partial<PackageDraft>): void;
  makePackage(): Promise<void>;
  /** Electron: adds a copy through the open dialog. */
  pickCopy(): Promise<void>;
  setFiles(files: File[]): void;
  merge(): Promise<void>;
  reset(): void;
}

const initial = {
  settings: null,
  settingsSaved: false,
  progress: [],
  samples: [],
  draft: { coder: '', documents: 'open', blind: true },
  packaging: false,
  packaged: null,
  paths: [],
  files: [],
  merging: false,
  report: null,
  error: null,
} satisfies Partial<CodersState>;

function toDraft(s: CodingSettings): SettingsDraft {
  return {
    mode: s.mode,
    blindCoders: s.blindCoders,
    hideSuggestions: s.hideSuggestions,
    rule: s.resolution.rule,
    lead: s.resolution.rule === 'lead' ? (s.resolution.lead ?? '') : '',
  };
}

/** The package's file name proposed in the save dialog. */
export function defaultPackageName(coder: string): string {
  const safe = coder
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return `${safe || 'coder'}.prelabel`;
}

export const useCoders = create<CodersState>()((set, get) => ({
  ...initial,

  async load() {
    try {
      const [settings, progress, samples] = await Promise.all([
        api().call('annotate.settings', {}),
        api().call('coders.progress', {}),
        api().call('samples.list', {}),
      ]);
      set({ settings: toDraft(settings), progress, samples });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },

  editSettings(patch) {
    const s = get().settings;
    if (s) set({ settings: { ...s, ...patch }, settingsSaved: false });
  },

  async saveSettings() {
    const s = get().settings;
    if (!s) return;
    set({ error: null });
    try {
      const saved = await api().call('annotate.setSettings', {
        mode: s.mode,
        blindCoders: s.blindCoders,
        hideSuggestions: s.hideSuggestions,
        resolution: s.rule === 'lead' ? { rule: 'lead', lead: s.lead } : { rule: s.rule },
      });
      set({ settings: toDraft(saved), settingsSaved: true });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },

  editDraft(patch) {
    set({ draft: { ...get().draft, ...patch } });
  },

  async makePackage() {
    const { draft } = get();
    const coder = draft.coder.trim();
    if (!coder) return;
    set({ packaging: true, error: null, packaged: null });
    try {
      let path: string | undefined;
      if (platform().face === 'electron') {
        const choice = await api().call('dialog.saveFile', { purpose: 'project', defaultName: defaultPackageName(coder) });
        if (!choice) return set({ packaging: false });
        path = choice.path;
      }
      const d = draft.documents;
      const which: { documents: 'open' | 'all' } | { sampleId: string } = d === 'open' || d === 'all' ? { documents: d } : { sampleId: d };
      const packaged = await api().call('project.package', { coder, blind: draft.blind, ...which, ...(path ? { path } : {}) });
      set({ packaged, packaging: false });
    } catch (err) {
      set({ packaging: false, error: errorMessage(err) });
    }
  },

  async pickCopy() {
    const choice = await api().call('dialog.openFile', { purpose: 'project' });
    if (choice && !get().paths.includes(choice.path)) set({ paths: [...get().paths, choice.path] });
  },

  setFiles(files) {
    set({ files });
  },

  async merge() {
    const { paths, files } = get();
    if (paths.length + files.length === 0) return;
    set({ merging: true, error: null, report: null });
    try {
      const p = platform();
      const uploadIds: string[] = [];
      if (p.uploadFile) for (const f of files) uploadIds.push((await p.uploadFile(f)).uploadId);
      const report = await api().call('project.merge', { paths, uploadIds });
      set({ report, merging: false, paths: [], files: [] });
      const progress = await api().call('coders.progress', {});
      set({ progress });
    } catch (err) {
      set({ merging: false, error: errorMessage(err) });
    }
  },

  reset() {
    set(initial);
  },
}));

resetsWithProject('coders', () => useCoders.getState().reset());

// The models on this machine (models.list) and what the Models screen does with them: add a model
// folder (a typed path in the browser, the native folder dialog in Electron), make another model
// the active one, and remove one (models.remove: an added folder is forgotten, a downloaded copy
// deleted; the screen asks first). The core validates every folder; its sentences are shown as is.
import { create } from 'zustand';
import type { ModelEntry } from '../../../common/contract';
import { api } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { modelFolderOf, useModel } from './model-store';

export type ModelsPending = { kind: 'add' } | { kind: 'use'; path: string } | { kind: 'remove'; path: string };

/** The last change that worked, confirmed once; after a removal, which model is active now. */
export type ModelsNotice =
  | { kind: 'added'; id: string }
  | { kind: 'used'; id: string }
  | { kind: 'forgotten'; id: string; activeId: string | null }
  | { kind: 'deleted'; id: string; activeId: string | null };

interface ModelsState {
  entries: ModelEntry[];
  /** models.list has answered at least once. */
  loaded: boolean;
  loadError: string | null;
  pending: ModelsPending | null;
  /** The core's sentence about the folder that could not be added. */
  addError: string | null;
  /** The model that could not be made active, and why. */
  useError: { path: string; message: string } | null;
  /** The model that could not be removed, and why. */
  removeError: { path: string; message: string } | null;
  notice: ModelsNotice | null;

  load(): Promise<void>;
  add(path: string): Promise<boolean>;
  addWithDialog(): Promise<void>;
  use(entry: ModelEntry): Promise<boolean>;
  /** Removes a model; the screen has asked the person first. */
  remove(entry: ModelEntry): Promise<boolean>;
  clearMessages(): void;
}

let listSeq = 0;

export const useModels = create<ModelsState>()((set, get) => ({
  entries: [],
  loaded: false,
  loadError: null,
  pending: null,
  addError: null,
  useError: null,
  removeError: null,
  notice: null,

  async load() {
    const mine = ++listSeq;
    try {
      const entries = await api().call('models.list', {});
      // Only the newest answer counts: an older one may arrive late.
      if (mine === listSeq) set({ entries, loaded: true, loadError: null });
    } catch (err) {
      if (mine === listSeq) set({ loadError: errorMessage(err), loaded: true });
    }
  },

  async add(path) {
    const folder = path.trim();
    if (!folder || get().pending) return false;
    set({ pending: { kind: 'add' }, addError: null, useError: null, removeError: null, notice: null });
    try {
      const entries = await api().call('models.add', { path: folder });
      listSeq++;
      set({ entries, loaded: true, loadError: null });
      const active = entries.find((e) => e.active);
      set({ notice: { kind: 'added', id: active?.id ?? folder } });
      await useModel.getState().load(true);
      return true;
    } catch (err) {
      set({ addError: errorMessage(err) });
      return false;
    } finally {
      set({ pending: null });
    }
  },

  async addWithDialog() {
    if (get().pending) return;
    try {
      const choice = await api().call('dialog.openFile', { purpose: 'model' });
      if (choice) await get().add(modelFolderOf(choice.path));
    } catch (err) {
      set({ addError: errorMessage(err) });
    }
  },

  async use(entry) {
    if (get().pending) return false;
    set({ pending: { kind: 'use', path: entry.path }, addError: null, useError: null, removeError: null, notice: null });
    try {
      const model = await api().call('model.select', { path: entry.path });
      useModel.getState().adopt(model);
      set({ notice: { kind: 'used', id: entry.id } });
      await get().load();
      return true;
    } catch (err) {
      set({ useError: { path: entry.path, message: errorMessage(err) } });
      return false;
    } finally {
      set({ pending: null });
    }
  },

  async remove(entry) {
    if (get().pending) return false;
    set({ pending: { kind: 'remove', path: entry.path }, addError: null, useError: null, removeError: null, notice: null });
    try {
      const entries = await api().call('models.remove', { path: entry.path });
      listSeq++;
      set({ entries, loaded: true, loadError: null });
      // Removing the active model makes another one active (or none): the model in use changed.
      await useModel.getState().load(true);
      const activeId = entries.find((e) => e.active)?.id ?? useModel.getState().model?.id ?? null;
      set({ notice: { kind: entry.source === 'added' ? 'forgotten' : 'deleted', id: entry.id, activeId } });
      return true;
    } catch (err) {
      set({ removeError: { path: entry.path, message: errorMessage(err) } });
      return false;
    } finally {
      set({ pending: null });
    }
  },

  clearMessages: () => set({ addError: null, useError: null, removeError: null, notice: null }),
}));

// The NLI model the core uses: what model.current says, and choosing another folder (a typed path
// on the machine running the core in the browser, a native dialog in Electron). The core validates
// the folder; its sentence about a broken one is shown as it is.
import { create } from 'zustand';
import type { ModelInfo } from '../../../common/contract';
import { api } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { useDocuments } from './documents-store';
import { usePrelabel } from './prelabel-store';

const MODEL_FILES = /[\\/](?:config\.json|tokenizer\.json|tokenizer_config\.json|special_tokens_map\.json|onnx[\\/]model(?:_\w+)?\.onnx)$/;

/** A file chosen inside a model folder (config.json, onnx/model.onnx) stands for the folder: the
 * native dialog may only let people pick files. Anything else is passed on for the core to judge. */
export function modelFolderOf(path: string): string {
  return path.replace(MODEL_FILES, '') || path;
}

interface ModelState {
  model: ModelInfo | null;
  /** model.current has answered at least once. */
  loaded: boolean;
  loading: boolean;
  selecting: boolean;
  error: string | null;
  /** The folder just chosen was accepted. */
  justSelected: boolean;

  load(force?: boolean): Promise<void>;
  select(path: string): Promise<boolean>;
  selectWithDialog(): Promise<void>;
  clearError(): void;
}

export const useModel = create<ModelState>()((set, get) => ({
  model: null,
  loaded: false,
  loading: false,
  selecting: false,
  error: null,
  justSelected: false,

  async load(force = false) {
    if (get().loading || (get().loaded && !force)) return;
    set({ loading: true });
    try {
      set({ model: await api().call('model.current', {}), loaded: true });
    } catch (err) {
      set({ error: errorMessage(err), loaded: true });
    } finally {
      set({ loading: false });
    }
  },

  async select(path) {
    if (get().selecting) return false;
    set({ selecting: true, error: null, justSelected: false });
    try {
      const model = await api().call('model.select', { path: path.trim() });
      set({ model, loaded: true, justSelected: true });
      // Another model makes the predictions of the old one stale.
      if (useDocuments.getState().questionId) useDocuments.getState().invalidate();
      void usePrelabel.getState().refreshStatus();
      return true;
    } catch (err) {
      set({ error: errorMessage(err) });
      return false;
    } finally {
      set({ selecting: false });
    }
  },

  async selectWithDialog() {
    try {
      const choice = await api().call('dialog.openFile', { purpose: 'model' });
      if (choice) await get().select(modelFolderOf(choice.path));
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },

  clearError: () => set({ error: null, justSelected: false }),
}));

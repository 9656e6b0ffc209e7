// The NLI model pre-labels use now (model.current). The Models screen changes it; when it changes,
// the predictions on screen may be stale, so the documents and the run status are read again.
import { create } from 'zustand';
import type { ModelInfo } from '../../../common/contract';
import { api } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { useBrowse } from './browse-store';
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
  error: string | null;

  load(force?: boolean): Promise<void>;
  /** Takes the model the core now uses (after model.select, models.add or a download). */
  adopt(model: ModelInfo | null): void;
}

let loadSeq = 0;

const sameModel = (a: ModelInfo | null, b: ModelInfo | null) => a?.path === b?.path && a?.sha256 === b?.sha256;

export const useModel = create<ModelState>()((set, get) => ({
  model: null,
  loaded: false,
  loading: false,
  error: null,

  async load(force = false) {
    // A forced load (the model just changed) does not wait for one already under way.
    if (!force && (get().loading || get().loaded)) return;
    const mine = ++loadSeq;
    set({ loading: true });
    try {
      const model = await api().call('model.current', {});
      if (mine !== loadSeq) return;
      if (get().loaded) get().adopt(model);
      else set({ model, loaded: true, error: null });
    } catch (err) {
      if (mine === loadSeq) set({ error: errorMessage(err), loaded: true });
    } finally {
      if (mine === loadSeq) set({ loading: false });
    }
  },

  adopt(model) {
    const changed = !sameModel(get().model, model);
    set({ model, loaded: true, error: null });
    if (!changed) return;
    // Another model makes the predictions of the old one stale.
    if (useBrowse.getState().questionId) useBrowse.getState().invalidate();
    void usePrelabel.getState().refreshStatus();
  },
}));

// The sandboxed preload: exposes `window.prelabel` (common/bridge.ts) and nothing else.
// [Note: sandboxed preload] With sandbox: true a preload can require only 'electron' (and a few
// polyfilled builtins), so this file imports 'electron' and, from common/bridge.ts, two string
// constants the bundler inlines. common/contract.ts must never be imported here: it pulls in zod
// at runtime. Validation happens in Electron main (ipc-registrar.ts), which trusts nothing from
// here anyway. ipcRenderer and IPC event objects never reach the page: they would let it send on
// any channel or read the sender.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_CALL, IPC_EVENT, type PreloadBridge } from '../common/bridge';

type CallResult = Awaited<ReturnType<PreloadBridge['call']>>;

function internalError(message: string): CallResult {
  return { ok: false, error: { code: 'INTERNAL', message } };
}

const bridge: PreloadBridge = {
  call(method, input) {
    return ipcRenderer.invoke(IPC_CALL, method, input).then(
      (result: unknown) => result as CallResult,
      // Only when main has no handler or the message cannot be cloned (a function in the input).
      (err: unknown) => internalError(`Prelabel could not reach its main process: ${err instanceof Error ? err.message : String(err)}`),
    );
  },

  onEvent(listener) {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a listener function');
    const forward = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (typeof name === 'string') listener(name, payload);
    };
    ipcRenderer.on(IPC_EVENT, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, forward);
    };
  },

  pathForFile(file) {
    try {
      return webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]);
    } catch {
      // Not a File (or one made in the page, which has no path): the caller treats '' as no path.
      return '';
    }
  },
};

contextBridge.exposeInMainWorld('prelabel', bridge);

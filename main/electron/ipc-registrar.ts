// The one place Electron main binds the contract to IPC: every call passes the sender check and
// the contract's input validation here, shell methods are answered here, the rest go to the core.
// Whatever happens, the renderer gets a Result; nothing throws across IPC.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CALL } from '../../common/bridge';
import { isMethodName, parseInput, shellMethods, type MethodName, type Result, type ShellMethodName } from '../../common/contract';
import { logSafe } from '../../common/log-safe';

export interface CallHandlerDeps {
  /** True when the event comes from our window's main frame showing our page (sender-policy.ts). */
  isTrustedSender(event: IpcMainInvokeEvent): boolean;
  /** Native dialogs; input is already validated. */
  callShell(method: ShellMethodName, input: unknown, event: IpcMainInvokeEvent): Promise<unknown>;
  /** Forwards a validated call to the core process (CoreClient.call). */
  callCore(method: MethodName, input: unknown): Promise<Result<unknown>>;
}

export type CallHandler = (event: IpcMainInvokeEvent, method: unknown, input: unknown) => Promise<Result<unknown>>;

function isShellMethod(method: MethodName): method is ShellMethodName {
  return (shellMethods as readonly string[]).includes(method);
}

export function createCallHandler(deps: CallHandlerDeps): CallHandler {
  return async (event, method, input) => {
    const name = typeof method === 'string' ? method.slice(0, 100) : typeof method;
    try {
      if (!deps.isTrustedSender(event)) {
        console.warn(`[prelabel] refused IPC call ${name} from an untrusted sender`);
        return { ok: false, error: { code: 'FORBIDDEN', message: 'This window is not allowed to use Prelabel.' } };
      }
      if (!isMethodName(method)) {
        return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `Unknown method: ${name}` } };
      }
      const parsed = parseInput(method, input);
      if (!parsed.ok) return parsed;
      if (isShellMethod(method)) {
        const value = await deps.callShell(method, parsed.value, event);
        return { ok: true, value: value === undefined ? null : value };
      }
      // Only validated input reaches the core (which validates again: it trusts no face).
      return await deps.callCore(method, parsed.value);
    } catch (err) {
      console.error(`[prelabel] IPC call ${name} failed: ${logSafe(err)}`);
      const detail = err instanceof Error ? err.message : String(err);
      return { ok: false, error: { code: 'INTERNAL', message: `Something went wrong in ${name}: ${detail}` } };
    }
  };
}

/** Binds the contract's one channel; returns the function that unbinds it. */
export function registerIpcHandlers(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, deps: CallHandlerDeps): () => void {
  const handler = createCallHandler(deps);
  ipcMain.handle(IPC_CALL, (event, method: unknown, input: unknown) => handler(event, method, input));
  return () => ipcMain.removeHandler(IPC_CALL);
}

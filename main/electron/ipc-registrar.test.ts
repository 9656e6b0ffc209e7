import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { IPC_CALL } from '../../common/bridge';
import type { Result } from '../../common/contract';
import { createCallHandler, registerIpcHandlers, type CallHandlerDeps } from './ipc-registrar';

const event = {} as IpcMainInvokeEvent;

function deps(overrides: Partial<CallHandlerDeps> = {}) {
  return {
    isTrustedSender: vi.fn(() => true),
    callShell: vi.fn(async () => ({ path: '/chosen.csv' })),
    callCore: vi.fn(async (): Promise<Result<unknown>> => ({ ok: true, value: 'from core' })),
    ...overrides,
  };
}

describe('createCallHandler', () => {
  it('forwards a valid core call with the parsed input (defaults applied)', async () => {
    const d = deps();
    expect(await createCallHandler(d)(event, 'documents.list', {})).toEqual({ ok: true, value: 'from core' });
    expect(d.callCore).toHaveBeenCalledWith('documents.list', { offset: 0, limit: 100 });
    expect(d.callShell).not.toHaveBeenCalled();
  });

  it('answers shell methods itself and never sends them to the core', async () => {
    const d = deps();
    expect(await createCallHandler(d)(event, 'dialog.openFile', { purpose: 'import' })).toEqual({
      ok: true,
      value: { path: '/chosen.csv' },
    });
    expect(d.callShell).toHaveBeenCalledWith('dialog.openFile', { purpose: 'import' }, event);
    expect(d.callCore).not.toHaveBeenCalled();
    const cancelled = deps({ callShell: vi.fn(async () => null) });
    expect(await createCallHandler(cancelled)(event, 'dialog.saveFile', { purpose: 'export', defaultName: 'a.csv' })).toEqual({
      ok: true,
      value: null,
    });
  });

  it('refuses an untrusted sender before looking at the method or input', async () => {
    const d = deps({ isTrustedSender: vi.fn(() => false) });
    vi.spyOn(console, 'warn').mockImplementationOnce(() => {});
    expect(await createCallHandler(d)(event, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(d.callCore).not.toHaveBeenCalled();
  });

  it('rejects unknown methods and invalid input with their codes', async () => {
    const d = deps();
    const handle = createCallHandler(d);
    expect(await handle(event, 'constructor', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await handle(event, 42, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await handle(event, 'job.cancel', { jobId: 'not-a-uuid' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await handle(event, 'dialog.openFile', { purpose: 'anything' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(d.callCore).not.toHaveBeenCalled();
    expect(d.callShell).not.toHaveBeenCalled();
  });

  it('turns a throw anywhere into an INTERNAL Result instead of an IPC rejection', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const failingCore = deps({ callCore: vi.fn(async () => Promise.reject(new Error('core gone'))) });
    expect(await createCallHandler(failingCore)(event, 'app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('core gone') },
    });
    const failingDialog = deps({ callShell: vi.fn(async () => Promise.reject(new Error('no display'))) });
    expect(await createCallHandler(failingDialog)(event, 'dialog.openFile', { purpose: 'project' })).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    vi.restoreAllMocks();
  });
});

describe('registerIpcHandlers', () => {
  it('binds one handler on the contract channel and can unbind it', async () => {
    const handle = vi.fn();
    const removeHandler = vi.fn();
    const unbind = registerIpcHandlers({ handle, removeHandler } as never, deps());
    expect(handle).toHaveBeenCalledTimes(1);
    expect(handle.mock.calls[0]?.[0]).toBe(IPC_CALL);
    const bound = handle.mock.calls[0]?.[1] as (e: unknown, m: unknown, i: unknown) => Promise<Result<unknown>>;
    expect(await bound(event, 'app.info', {})).toEqual({ ok: true, value: 'from core' });
    unbind();
    expect(removeHandler).toHaveBeenCalledWith(IPC_CALL);
  });
});

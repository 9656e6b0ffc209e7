import { describe, expect, it } from 'vitest';
import { methods, shellMethods } from '../../../common/contract';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore } from '../test-support/test-core';

const tmp = useTempDir();

describe('core dispatcher', () => {
  it('binds every contract method except the face-only dialogs', async () => {
    const t = makeTestCore(tmp());
    for (const method of Object.keys(methods)) {
      const r = await t.raw(method, {});
      if ((shellMethods as readonly string[]).includes(method)) expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
      else if (!r.ok) expect(r.error.code, `${method}: ${r.error.message}`).not.toBe('UNKNOWN_METHOD');
    }
  });

  it('answers an invalid payload with INVALID_INPUT naming the field, and nothing changes', async () => {
    const t = makeTestCore(tmp());
    const r = await t.raw('project.create', { name: 42 });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!r.ok) expect(r.error.message).toMatch(/^Invalid input for project\.create: name: /);
    expect(await t.call('projects.recent', {})).toEqual([]);
    const extra = await t.raw('documents.list', { offset: 0, limit: 10, sql: 'DROP TABLE documents' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const traversal = await t.raw('import.preview', { source: { kind: 'upload', uploadId: '../../etc/passwd' } });
    expect(traversal).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses unknown methods and prototype keys', async () => {
    const t = makeTestCore(tmp());
    expect(await t.raw('constructor', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await t.raw('project.delete', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('says what to do when no project is open', async () => {
    const t = makeTestCore(tmp());
    expect(await t.raw('documents.list', {})).toEqual({
      ok: false,
      error: { code: 'NO_PROJECT', message: 'No project is open. Create or open a project first.' },
    });
  });

  it('creates a project in the projects folder from its name and lists it as recent', async () => {
    const dir = tmp();
    const t = makeTestCore(dir);
    const info = await t.call('project.create', { name: 'Migration / asylum: tweets' });
    expect(info.path).toMatch(/projects\/Migration asylum tweets\.prelabel$/);
    expect(info.documentCount).toBe(0);
    const recent = await t.call('projects.recent', {});
    expect(recent).toEqual([expect.objectContaining({ path: info.path, name: 'Migration / asylum: tweets', exists: true })]);
    await t.call('project.close', {});
    expect(await t.call('project.current', {})).toBeNull();
    const reopened = await t.call('project.open', { path: info.path });
    expect(reopened.id).toBe(info.id);
    await t.core.shutdown();
  });
});

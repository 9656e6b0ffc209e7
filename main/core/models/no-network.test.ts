// Prelabel works on sensitive data offline: the core opens no socket unless the user started a
// consented download. Every TCP connection in Node (http, https, tls, net, fetch) goes through
// net.Socket.prototype.connect, so watching that one method (plus UDP and fetch) catches them all.
import dgram from 'node:dgram';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore } from '../test-support/test-core';
import { downloadModel } from './model-download';
import { addModelFolder, listModelFolders } from './model-folders';
import { FakeHub, manifestFor, testFiles } from './test-support/fake-hub';

const tmp = useTempDir();

interface Watch {
  calls: string[];
  stop(): void;
}

function watchNetwork(): Watch {
  const calls: string[] = [];
  const connect = net.Socket.prototype.connect;
  const send = dgram.Socket.prototype.send;
  const fetch = globalThis.fetch;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    // net.connect passes its normalised arguments as one array: [options, callback].
    const raw = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    const first = raw as { host?: string; port?: number; path?: string } | number | string;
    calls.push(
      typeof first === 'object' && first !== null ? `tcp ${first.host ?? ''}:${first.port ?? first.path ?? ''}` : `tcp ${String(first)}`,
    );
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect;
  dgram.Socket.prototype.send = function (this: dgram.Socket, ...args: unknown[]) {
    calls.push('udp');
    return (send as (...a: unknown[]) => void).apply(this, args);
  } as typeof send;
  globalThis.fetch = ((...args: Parameters<typeof fetch>) => {
    calls.push(`fetch ${String(args[0])}`);
    return fetch(...args);
  }) as typeof fetch;
  return {
    calls,
    stop() {
      net.Socket.prototype.connect = connect;
      dgram.Socket.prototype.send = send;
      globalThis.fetch = fetch;
    },
  };
}

let watch: Watch | null = null;
afterEach(() => {
  watch?.stop();
  watch = null;
});

describe('network use', () => {
  it('opens no socket in a normal session: project, import, documents, codebook, model folders', async () => {
    const dir = tmp();
    const csv = join(dir, 'docs.csv');
    writeFileSync(csv, 'id,text\n1,Die Regierung plant neue Steuern.\n2,The match ended in a draw.\n3,Le climat change vite.\n');
    const model = join(dir, 'copied-model');
    for (const f of ['config.json', 'tokenizer.json', 'onnx/model.onnx']) {
      const p = join(model, ...f.split('/'));
      mkdirSync(join(p, '..'), { recursive: true });
      writeFileSync(p, '{}');
    }

    watch = watchNetwork();
    const t = makeTestCore(dir);
    await t.call('project.create', { name: 'offline', path: join(dir, 'offline.prelabel') });
    const started = await t.call('import.start', {
      source: { kind: 'path', path: csv },
      options: {},
      mapping: { textColumns: ['text'], idColumn: 'id' } as never,
    });
    expect((await t.waitForJob(started.jobId)).status).toBe('done');
    expect((await t.call('documents.list', { offset: 0, limit: 10 })).total).toBe(3);
    await t.call('codebook.set', { questions: [{ name: 'Topic', labels: [{ name: 'politics' }, { name: 'sport' }] }] } as never);
    await t.call('project.stats', {});
    addModelFolder(join(dir, 'data'), model);
    expect(listModelFolders({ dataDir: join(dir, 'data'), bundledDirs: [] })).toHaveLength(1);
    await t.core.shutdown();
    expect(watch.calls).toEqual([]);
  });

  it('does open sockets once a consented download starts (the watch works)', async () => {
    const hub = await FakeHub.start(testFiles(1000));
    try {
      watch = watchNetwork();
      await downloadModel({ consent: true, destDir: join(tmp(), 'm'), manifest: manifestFor(hub.files), baseUrl: hub.url, env: {} });
      expect(watch.calls.length).toBeGreaterThan(0);
      expect(watch.calls.every((c) => c === `tcp 127.0.0.1:${hub.port}`)).toBe(true);
    } finally {
      await hub.close();
    }
  });
});

// The model registry through the contract: adding a folder, and the consented download of a model
// (the generated tiny model, served by a local stand-in for the hub) that then becomes active.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../common/contract';
import { FakeHub, manifestFor, type FakeFile } from '../models/test-support/fake-hub';
import { loadFixtures, makeTinyModel, type TinyModel } from '../nli/test-support/tiny-model';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore } from '../test-support/test-core';

const tmp = useTempDir();
let tiny: TinyModel;
const saved = { hub: process.env.PRELABEL_HUB_URL, manifest: process.env.PRELABEL_MODEL_MANIFEST };

beforeAll(() => {
  tiny = makeTinyModel(loadFixtures());
});
afterAll(() => tiny.cleanup());
afterEach(() => {
  process.env.PRELABEL_HUB_URL = saved.hub;
  process.env.PRELABEL_MODEL_MANIFEST = saved.manifest;
  if (saved.hub === undefined) delete process.env.PRELABEL_HUB_URL;
  if (saved.manifest === undefined) delete process.env.PRELABEL_MODEL_MANIFEST;
});

function filesOf(dir: string): FakeFile[] {
  const out: FakeFile[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ path: relative(dir, p), content: readFileSync(p), lfs: name.endsWith('.onnx') || name === 'tokenizer.json' });
    }
  };
  walk(dir);
  return out;
}

describe('models through the contract', () => {
  it('adds a model folder, validates it, and makes it active', async () => {
    const t = makeTestCore(tmp());
    const list = await t.call('models.add', { path: tiny.dir });
    expect(list).toEqual([expect.objectContaining({ path: tiny.dir, source: 'added', active: true, missing: false })]);
    expect((await t.call('model.current', {}))?.path).toBe(tiny.dir);
    const broken = await t.raw('models.add', { path: tmp() });
    expect(broken).toMatchObject({ ok: false });
    if (!broken.ok) expect(broken.error.message).toMatch(/config\.json/);
    await t.core.shutdown();
  });

  it('refuses a download without consent, before any request', async () => {
    const t = makeTestCore(tmp());
    const r = await t.raw('models.download', { consent: false, jobId: '11111111-1111-4111-8111-111111111111' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    await t.core.shutdown();
  });

  it('downloads with consent, verifies, and makes the model active', async () => {
    const files = filesOf(tiny.dir);
    const hub = await FakeHub.start(files, { redirectLfs: true });
    try {
      const manifest = manifestFor(files);
      const manifestPath = join(tmp(), 'manifest.json');
      writeFileSync(manifestPath, JSON.stringify(manifest));
      process.env.PRELABEL_HUB_URL = hub.url;
      process.env.PRELABEL_MODEL_MANIFEST = manifestPath;
      const t = makeTestCore(tmp());
      const offer = await t.call('models.downloadOffer', {});
      expect(offer).toMatchObject({ repo: manifest.repo, revision: manifest.revision, host: new URL(hub.url).host });
      expect(hub.requests).toHaveLength(0); // the offer touches no network
      const jobId = '22222222-2222-4222-8222-222222222222';
      expect(await t.call('models.download', { consent: true, jobId })).toEqual({ jobId });
      const end = await t.waitForJob(jobId);
      expect(end).toMatchObject({ jobId, kind: 'download', status: 'done', result: { path: offer.destDir } });
      expect(t.events.some((e) => e.event === 'job:progress' && (e.payload as JobProgress).kind === 'download')).toBe(true);
      expect((await t.call('model.current', {}))?.path).toBe(offer.destDir);
      const list = await t.call('models.list', {});
      expect(list).toEqual([expect.objectContaining({ path: offer.destDir, source: 'downloaded', active: true })]);
      await t.core.shutdown();
    } finally {
      await hub.close();
    }
  });

  it('issue 10: a download that failed its checksum is no model in the list; the offer continues from what is kept', async () => {
    const files = filesOf(tiny.dir);
    const hub = await FakeHub.start(files);
    try {
      const manifest = manifestFor(files);
      const onnx = manifest.files.find((f) => f.path.endsWith('model.onnx'))!;
      onnx.sha256 = 'f'.repeat(64);
      const manifestPath = join(tmp(), 'manifest.json');
      writeFileSync(manifestPath, JSON.stringify(manifest));
      process.env.PRELABEL_HUB_URL = hub.url;
      process.env.PRELABEL_MODEL_MANIFEST = manifestPath;
      const t = makeTestCore(tmp());
      await t.call('models.download', { consent: true, jobId: '33333333-3333-4333-8333-333333333333' });
      const end = await t.waitForJob('33333333-3333-4333-8333-333333333333');
      expect(end.status).toBe('failed');
      expect(end.error?.message).toMatch(/model\.onnx/);
      // Before the fix this listed a "Downloaded" model that could not be used.
      expect(await t.call('models.list', {})).toEqual([]);
      expect(await t.call('model.current', {})).toBeNull();
      // The files that passed their checks are kept for the next download.
      const offer = await t.call('models.downloadOffer', {});
      expect(offer.resumeBytes).toBeGreaterThan(0);
      await t.core.shutdown();
    } finally {
      await hub.close();
    }
  });
});

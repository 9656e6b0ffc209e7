// Smoke test of the BUILT Electron bundles (out/main/electron.js, out/preload/index.js), loaded in
// plain Node with a fake 'electron' module: Electron itself cannot run on the machines that run
// the tests, so this is what checks that the shipped main process wires up its security settings,
// the core process and a handler for every contract method.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CALL, IPC_EVENT, type PreloadBridge } from '../../common/bridge';
import { methods, shellMethods, type MethodInput, type MethodName, type Result } from '../../common/contract';
import { resolveDataDir } from '../core/host/app-paths';
import { createFakeElectron, loadWithFakeElectron, type FakeElectron, type FakeUtilityProcess } from './test-support/fake-electron';

const root = fileURLToPath(new URL('../..', import.meta.url));
const mainBundle = join(root, 'out/main/electron.js');
const preloadBundle = join(root, 'out/preload/index.js');
const built = existsSync(mainBundle) && existsSync(preloadBundle);
if (!built)
  console.warn(
    '[electron-bundle smoke] skipped: out/main/electron.js or out/preload/index.js is missing; run `npx electron-vite build` first (npm test does).',
  );

/** A valid input for every contract method. A method added to the contract without one here fails the typecheck. */
const sampleInputs: { [M in MethodName]: MethodInput<M> } = {
  'app.info': {},
  'projects.recent': {},
  'projects.forget': { path: '/home/user/Study.prelabel' },
  'project.create': { name: 'Smoke study' },
  'project.open': { path: '/home/user/Study.prelabel' },
  'project.close': {},
  'project.current': {},
  'project.stats': {},
  'project.searchState': {},
  'import.preview': { source: { kind: 'path', path: '/home/user/texts.csv' } },
  'import.analyze': {
    jobId: '123e4567-e89b-42d3-a456-426614174001',
    source: { kind: 'path', path: '/home/user/texts.csv' },
    mapping: { textColumns: ['text'] },
  },
  'import.start': { source: { kind: 'path', path: '/home/user/texts.csv' }, mapping: { textColumns: ['text'] } },
  'job.cancel': { jobId: '123e4567-e89b-42d3-a456-426614174000' },
  'segments.create': { spec: { unit: 'sentence' } },
  'segments.list': {},
  'segments.remove': {},
  'segments.preview': { spec: { unit: 'paragraph' }, text: 'One.\n\nTwo.' },
  'privacy.plan': { target: { kind: 'documents', ids: [1] } },
  'privacy.delete': { target: { kind: 'coder', coder: 'ana' }, expected: { documents: 0, units: 0, decisions: 0 } },
  'privacy.projectPlan': { path: '/nonexistent-prelabel-smoke/x.prelabel' },
  'privacy.deleteProject': { path: '/nonexistent-prelabel-smoke/x.prelabel', confirmName: 'x' },
  'job.list': {},
  'documents.list': {},
  'documents.get': { id: 1 },
  'models.list': {},
  'models.add': { path: '/models/x' },
  'models.folders': {},
  'models.addFolder': { path: '/models/x' },
  'models.remove': { path: '/models/x' },
  'models.downloadOffer': {},
  'models.download': { consent: true, jobId: '00000000-0000-4000-8000-000000000000' },
  'model.select': { path: '/home/user/models/multilingual-MiniLMv2-L6-mnli-xnli' },
  'model.current': {},
  'model.threads': {},
  'model.measureThreads': {},
  'model.forgetThreads': {},
  'model.setProvider': { provider: 'cpu' },
  'model.evaluate': { xnliDir: '/home/user/data/xnli_dev', languages: ['de', 'en'], limit: 100 },
  'tuning.try': {
    questionId: '123e4567-e89b-42d3-a456-426614174002',
    variants: [{ template: 'This text is about {}.' }],
  },
  'tuning.keep': { questionId: '123e4567-e89b-42d3-a456-426614174002', variant: { template: 'This text is about {}.' } },
  'tuning.suggest': { questionId: '123e4567-e89b-42d3-a456-426614174002' },
  'thresholds.get': { questionId: '123e4567-e89b-42d3-a456-426614174002' },
  'thresholds.tune': { questionId: '123e4567-e89b-42d3-a456-426614174002', rule: { kind: 'targetPrecision', value: 0.9 } },
  'thresholds.setBand': { questionId: '123e4567-e89b-42d3-a456-426614174002', margin: 0.1 },
  'labelQuality.check': { questionId: '123e4567-e89b-42d3-a456-426614174002' },
  'calibration.evaluate': { questionId: '123e4567-e89b-42d3-a456-426614174002', folds: 5, seed: 1, c: 1 },
  'calibration.set': { questionId: '123e4567-e89b-42d3-a456-426614174002', on: true, c: 1 },
  'calibration.status': { questionId: '123e4567-e89b-42d3-a456-426614174002' },
  'prelabel.start': { questionId: '123e4567-e89b-42d3-a456-426614174002' },
  'prelabel.pause': { runId: '123e4567-e89b-42d3-a456-426614174003' },
  'prelabel.resume': { runId: '123e4567-e89b-42d3-a456-426614174003' },
  'prelabel.cancel': { runId: '123e4567-e89b-42d3-a456-426614174003' },
  'prelabel.status': { questionId: '123e4567-e89b-42d3-a456-426614174002' },
  'prelabel.precision': {},
  'prelabel.setPrecision': { precision: 'fp32' },
  'prelabel.shard': { question: 'Topic', shards: 4, outDir: '/home/user/shards' },
  'prelabel.scoreShard': { shardPath: '/home/user/shards/shard-0000.jsonl', modelDir: '/home/user/models/x' },
  'prelabel.mergeShards': { dir: '/home/user/shards' },
  'nli.playground': { premise: 'The parliament passed the asylum law.', hypothesis: 'This text is about migration.' },
  'codebook.get': {},
  'codebook.set': {
    questions: [{ name: 'Stance', template: 'The author is {} the policy.', labels: [{ name: 'in favour of' }, { name: 'against' }] }],
  },
  'codebook.importCsv': { source: { kind: 'path', path: '/home/user/codes.csv' }, questionName: 'Topic' },
  'backups.list': {},
  'backups.create': {},
  'backups.restore': { id: '2026-12-07T18-50-12-345Z-open' },
  'backups.settings': { keep: 7 },
  'export.start': { questionId: '123e4567-e89b-42d3-a456-426614174002', format: 'csv', path: '/home/user/stance.csv' },
  'export.count': { questionId: '123e4567-e89b-42d3-a456-426614174002', format: 'nli', nliNegatives: 'all' },
  'evaluation.run': { questionId: '123e4567-e89b-42d3-a456-426614174002', against: 'gold', groupBy: 'language' },
  'agreement.run': { questionId: '123e4567-e89b-42d3-a456-426614174002', includeModel: true, seed: 7 },
  'training.create': { questionId: '123e4567-e89b-42d3-a456-426614174002', master: { coder: 'Ana' }, size: 20, seed: 3 },
  'training.rounds': { questionId: '123e4567-e89b-42d3-a456-426614174002' },
  'training.result': { sampleId: '123e4567-e89b-42d3-a456-426614174002', coder: 'Ben' },
  'project.package': { coder: 'Ana', path: '/home/user/Study-Ana.prelabel', documents: 'all', blind: true },
  'project.merge': { paths: ['/home/user/Study-Ana.prelabel'] },
  'coders.progress': {},
  'adjudication.list': { questionId: '123e4567-e89b-42d3-a456-426614174002', status: 'open', limit: 20 },
  'adjudication.csv': { questionId: '123e4567-e89b-42d3-a456-426614174002', status: 'all' },
  'report.write': { questionId: '123e4567-e89b-42d3-a456-426614174002', path: '/home/user/validation.html' },
  'coders.list': {},
  'annotate.queue': { questionId: '123e4567-e89b-42d3-a456-426614174002', order: 'random', seed: 7 },
  'annotate.decide': {
    questionId: '123e4567-e89b-42d3-a456-426614174002',
    documentId: 1,
    coder: 'Ana',
    kind: 'label',
    labelIds: ['123e4567-e89b-42d3-a456-426614174004'],
  },
  'annotate.undo': { questionId: '123e4567-e89b-42d3-a456-426614174002', coder: 'Ana' },
  'annotate.progress': { questionId: '123e4567-e89b-42d3-a456-426614174002' },
  'annotate.labelByName': { externalId: 'tweet-17', question: 'Stance', labels: ['against'], coder: 'Ana' },
  'browse.page': { questionId: '123e4567-e89b-42d3-a456-426614174002', status: 'open', sort: 'confidence' },
  'annotate.settings': {},
  'annotate.setSettings': { showGold: true },
  'samples.size': { expected: 0.8, margin: 0.05 },
  'samples.create': { questionId: '123e4567-e89b-42d3-a456-426614174002', seed: 7, size: 300, stratifyBy: 'language' },
  'samples.list': { questionId: '123e4567-e89b-42d3-a456-426614174002' },
  'samples.columns': {},
  'codebook.goldValues': { questionId: '123e4567-e89b-42d3-a456-426614174002' },
  'codebook.labelsFromGold': { questionId: '123e4567-e89b-42d3-a456-426614174002' },
  'dialog.openFile': { purpose: 'import' },
  'dialog.saveFile': { purpose: 'project', defaultName: 'Study' },
};

type IpcHandler = (event: unknown, method: unknown, input: unknown) => Promise<Result<unknown>>;

describe.skipIf(!built)('built Electron main bundle', () => {
  let dir: string;
  let fake: FakeElectron;
  let handler: IpcHandler;
  let core: FakeUtilityProcess;

  const window = () => fake.windows[0]!;
  const appEvent = (overrides: { senderId?: number; url?: string; mainFrame?: boolean } = {}) => {
    const sender = overrides.senderId === undefined ? window().webContents : { id: overrides.senderId };
    const frame = { url: overrides.url ?? 'app://prelabel/index.html', parent: overrides.mainFrame === false ? {} : null };
    return { sender, senderFrame: frame };
  };
  const coreCalls = () =>
    core.received.filter((m): m is { type: 'call'; method: string; input: unknown } => (m as { type: string }).type === 'call');

  beforeAll(async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    delete process.env.ELECTRON_RENDERER_URL;
    delete process.env.PRELABEL_HOME;
    dir = mkdtempSync(join(tmpdir(), 'prelabel-electron-smoke-'));
    fake = createFakeElectron({
      userData: join(dir, 'userData'),
      documents: join(dir, 'Documents'),
      temp: join(dir, 'tmp'),
      appPath: root,
    });
    loadWithFakeElectron(mainBundle, fake);
    // Let app.whenReady() resolve and the fake core say 'ready'.
    await new Promise((r) => setTimeout(r, 20));
    const registered = fake.ipcHandlers.get(IPC_CALL);
    if (!registered) throw new Error(`no ipcMain.handle for ${IPC_CALL}`);
    handler = registered as IpcHandler;
    core = fake.forks[0]!;
  });

  afterAll(() => {
    vi.restoreAllMocks();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('takes the single-instance lock and sandboxes every renderer', () => {
    const called = fake.calls.map((c) => c.method);
    expect(called).toContain('app.requestSingleInstanceLock');
    expect(called).toContain('app.enableSandbox');
  });

  it('opens one window with a sandboxed, isolated renderer and an existing preload', () => {
    expect(fake.windows).toHaveLength(1);
    const prefs = window().options.webPreferences ?? {};
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    });
    expect(prefs.preload).toBe(preloadBundle);
    expect(existsSync(prefs.preload as string)).toBe(true);
    expect(window().loadedUrl).toBe('app://prelabel/index.html');
  });

  it('starts the core as a utility process from the built core-process.js with its config and the Electron SQLite binding', () => {
    expect(fake.forks).toHaveLength(1);
    expect(core.modulePath).toBe(join(root, 'out/main/core-process.js'));
    expect(existsSync(core.modulePath)).toBe(true);
    expect(core.options.serviceName).toBe('prelabel-core');
    const config = JSON.parse(core.options.env?.PRELABEL_CORE_CONFIG ?? 'null');
    // The CLI's and the browser mode's data folder ([Note: one data folder for every face]), not Electron's userData.
    expect(config).toMatchObject({ face: 'electron', dataDir: resolveDataDir(null), projectsDir: join(dir, 'Documents', 'Prelabel') });
    expect(core.options.env?.PRELABEL_SQLITE_BINDING).toBe(join(root, '.native/electron/better_sqlite3.node'));
  });

  it("starts the core's inference processes as utility processes from the built inference-process.js, and kills them when asked", () => {
    // [Note: inference process in Electron]: the core cannot fork one itself in a packaged app.
    core.emit('message', { type: 'inference.spawn', id: 1 });
    expect(fake.forks).toHaveLength(2);
    const inference = fake.forks[1]!;
    expect(inference.modulePath).toBe(join(root, 'out/main/inference-process.js'));
    expect(existsSync(inference.modulePath)).toBe(true);
    expect(inference.options.serviceName).toBe('prelabel-inference');
    core.emit('message', { type: 'inference.kill', id: 1 });
    expect(inference.killed).toBe(true);
  });

  it('serves the renderer from app:// with a CSP header and never outside out/renderer', async () => {
    expect(fake.calls.find((c) => c.method === 'protocol.registerSchemesAsPrivileged')?.args[0]).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    const serve = fake.protocolHandlers.get('app') as (r: Request) => Promise<Response>;
    expect(serve).toBeTypeOf('function');
    const escape = await serve(new Request('app://prelabel/%2e%2e/%2e%2e/package.json'));
    expect(escape.status).toBe(404);
    const otherHost = await serve(new Request('app://elsewhere/index.html'));
    expect(otherHost.status).toBe(404);
    expect(otherHost.headers.get('content-security-policy')).toContain("script-src 'self'");
    if (existsSync(join(root, 'out/renderer/index.html'))) {
      const page = await serve(new Request('app://prelabel/index.html'));
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  it('blocks navigation and redirects away from the app, window.open, and webviews', () => {
    const contents = window().webContents;
    for (const eventName of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const away = { url: 'https://example.com/', preventDefault: vi.fn() };
      contents.emit(eventName, away);
      expect(away.preventDefault, eventName).toHaveBeenCalled();
      const own = { url: 'app://prelabel/index.html#/annotate', preventDefault: vi.fn() };
      contents.emit(eventName, own);
      expect(own.preventDefault, eventName).not.toHaveBeenCalled();
    }
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'app://prelabel/index.html' })).toEqual({ action: 'deny' });
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview, {}, {});
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(fake.calls.some((c) => c.method === 'shell.openExternal')).toBe(false);
  });

  it('denies every permission request and check', () => {
    const answer = vi.fn();
    fake.sessionHandlers.permissionRequest?.(window().webContents, 'media', answer, {});
    expect(answer).toHaveBeenCalledWith(false);
    expect(fake.sessionHandlers.permissionCheck?.(window().webContents, 'clipboard-read', 'app://prelabel', {})).toBe(false);
    expect(fake.sessionHandlers.devicePermission?.({ deviceType: 'usb' })).toBe(false);
  });

  it('answers every contract method with a Result: shell methods by a native dialog, the rest by the core', async () => {
    expect(Object.keys(sampleInputs).sort()).toEqual(Object.keys(methods).sort());
    for (const method of Object.keys(methods) as MethodName[]) {
      const result = await handler(appEvent(), method, sampleInputs[method]);
      const isShell = (shellMethods as readonly string[]).includes(method);
      // The fake core answers null to everything; the fake dialogs answer a path.
      expect(result, method).toEqual({ ok: true, value: isShell ? { path: expect.any(String) } : null });
    }
    const forwarded = coreCalls().map((c) => c.method);
    const coreMethods = Object.keys(methods).filter((m) => !(shellMethods as readonly string[]).includes(m));
    expect(forwarded.sort()).toEqual(coreMethods.sort());
    expect(forwarded.some((m) => (shellMethods as readonly string[]).includes(m))).toBe(false);
  });

  it('answers the dialogs with the chosen path, adding .prelabel to a new project file', async () => {
    expect(await handler(appEvent(), 'dialog.openFile', { purpose: 'import' })).toEqual({
      ok: true,
      value: { path: '/home/user/texts.csv' },
    });
    expect(await handler(appEvent(), 'dialog.saveFile', { purpose: 'project', defaultName: 'Study' })).toEqual({
      ok: true,
      value: { path: '/home/user/Study.prelabel' },
    });
    fake.dialogAnswers.open = { canceled: true, filePaths: [] };
    expect(await handler(appEvent(), 'dialog.openFile', { purpose: 'project' })).toEqual({ ok: true, value: null });
  });

  it('refuses calls from a webContents it did not create, a page that is not its own, or a subframe', async () => {
    const before = coreCalls().length;
    for (const event of [appEvent({ senderId: 999 }), appEvent({ url: 'https://example.com/' }), appEvent({ mainFrame: false })]) {
      const result = await handler(event, 'app.info', {});
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const noFrame = await handler({ sender: window().webContents, senderFrame: null }, 'app.info', {});
    expect(noFrame).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(coreCalls().length).toBe(before);
  });

  it('rejects invalid input and unknown methods without reaching the core', async () => {
    const before = coreCalls().length;
    const invalid = await handler(appEvent(), 'project.open', { path: 42 });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((invalid as { error: { message: string } }).error.message).toContain('path');
    expect(await handler(appEvent(), 'project.create', { name: 'x', extra: true })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await handler(appEvent(), 'fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await handler(appEvent(), { toString: () => 'app.info' }, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(coreCalls().length).toBe(before);
  });

  it('forwards core events to the app window on the event channel', () => {
    const payload = { project: null };
    core.emit('message', { type: 'event', event: 'project:changed', payload });
    expect(window().webContents.sent).toContainEqual([IPC_EVENT, 'project:changed', payload]);
  });

  it('sends menu actions to the window as menu:* events; developer items exist only unpackaged', () => {
    const template = fake.menuTemplates[0] as { label?: string; submenu?: { label?: string; role?: string; click?: () => void }[] }[];
    const file = template.find((m) => m.label === '&File');
    file?.submenu?.find((i) => i.label === 'New project')?.click?.();
    expect(window().webContents.sent).toContainEqual([IPC_EVENT, 'menu:new-project', {}]);
    const view = template.find((m) => m.label === '&View');
    expect(view?.submenu?.map((i) => i.role)).toContain('toggleDevTools');
  });

  it('asks the core to shut down cleanly before the app quits', async () => {
    fake.electron.app.quit();
    await new Promise((r) => setTimeout(r, 20));
    expect(core.received).toContainEqual({ type: 'shutdown' });
    expect(fake.electron.app.quitCalls).toBe(2);
  });
});

describe.skipIf(!built)('built preload bundle', () => {
  const source = built ? readFileSync(preloadBundle, 'utf8') : '';

  it("requires nothing but 'electron' (a sandboxed preload can load nothing else)", () => {
    const literal = [...source.matchAll(/\brequire\(\s*(["'`])([^"'`]+)\1\s*\)/g)].map((m) => m[2]);
    const any = source.match(/\brequire\s*\(/g) ?? [];
    expect(new Set(literal)).toEqual(new Set(['electron']));
    expect(any.length).toBe(literal.length);
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toContain('zod');
  });

  it('exposes window.prelabel with call, onEvent and pathForFile, and nothing of ipcRenderer', async () => {
    const fake = createFakeElectron({ userData: '/x', documents: '/x', temp: '/x', appPath: root });
    loadWithFakeElectron(preloadBundle, fake);
    expect([...fake.exposed.keys()]).toEqual(['prelabel']);
    const bridge = fake.exposed.get('prelabel') as PreloadBridge;
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onEvent', 'pathForFile']);

    fake.setInvokeAnswer(() => Promise.resolve({ ok: true, value: 'v' }));
    expect(await bridge.call('app.info', {})).toEqual({ ok: true, value: 'v' });
    expect(fake.invocations).toEqual([[IPC_CALL, 'app.info', {}]]);
    fake.setInvokeAnswer(() => Promise.reject(new Error("No handler registered for 'prelabel:call'")));
    expect(await bridge.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });

    const first: unknown[][] = [];
    const second: unknown[][] = [];
    const offFirst = bridge.onEvent((...args) => first.push(args));
    bridge.onEvent((...args) => second.push(args));
    fake.emitToRenderer(IPC_EVENT, 'job:progress', { done: 1 });
    offFirst();
    fake.emitToRenderer(IPC_EVENT, 'job:done', { status: 'done' });
    // The listener sees the event name and payload, never Electron's event object.
    expect(first).toEqual([['job:progress', { done: 1 }]]);
    expect(second).toEqual([
      ['job:progress', { done: 1 }],
      ['job:done', { status: 'done' }],
    ]);

    expect(bridge.pathForFile({ fakePath: '/home/user/texts.csv' })).toBe('/home/user/texts.csv');
    expect(bridge.pathForFile('not a file')).toBe('');
  });
});

describe.skipIf(!built)('built Electron main bundle with PRELABEL_HOME', () => {
  it('moves userData there before taking the single-instance lock, and the core config with it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'prelabel-electron-home-'));
    const saved = process.env.PRELABEL_HOME;
    process.env.PRELABEL_HOME = home;
    try {
      const fake = createFakeElectron({ userData: '/unused', documents: '/unused', temp: '/unused', appPath: root });
      loadWithFakeElectron(mainBundle, fake);
      await new Promise((r) => setTimeout(r, 20));
      const order = fake.calls.map((c) => c.method);
      expect(fake.calls.find((c) => c.method === 'app.setPath')?.args).toEqual(['userData', join(home, 'electron')]);
      expect(order.indexOf('app.setPath')).toBeLessThan(order.indexOf('app.requestSingleInstanceLock'));
      const config = JSON.parse(fake.forks[0]?.options.env?.PRELABEL_CORE_CONFIG ?? 'null');
      expect(config).toMatchObject({ dataDir: home, projectsDir: join(home, 'projects') });
    } finally {
      if (saved === undefined) delete process.env.PRELABEL_HOME;
      else process.env.PRELABEL_HOME = saved;
      rmSync(home, { recursive: true, force: true });
    }
  });
});

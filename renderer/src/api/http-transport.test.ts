// The browser-mode transport against stand-ins for fetch, EventSource and XMLHttpRequest.
import { eventNames } from '../../../common/contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiCallError } from './api-client';
import { createHttpTransport, uploadFile } from './http-transport';

const UNREACHABLE = 'The Prelabel server is not reachable. Is npm run serve still running?';

class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readonly handlers = new Map<string, Array<(e: { data: string }) => void>>();
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(name: string, handler: (e: { data: string }) => void) {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler]);
  }
  close() {
    this.closed = true;
  }
  dispatch(name: string, data: string) {
    for (const h of this.handlers.get(name) ?? []) h({ data });
  }
}

class FakeXhr {
  static last: FakeXhr;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  responseText = '';
  responseType = '';
  aborted = false;
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  respond(status: number, text: string) {
    this.status = status;
    this.responseText = text;
    this.onload?.();
  }
}

const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => {
  FakeEventSource.instances = [];
  fetchMock.mockReset();
  vi.stubGlobal('fetch', fetchMock);
  vi.stubGlobal('EventSource', FakeEventSource);
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const reply = (status: number, body: string) => new Response(body, { status, headers: { 'Content-Type': 'application/json' } });

describe('createHttpTransport: call', () => {
  it('posts the input as JSON to /api/call/<method> with the session cookie', async () => {
    fetchMock.mockResolvedValue(reply(200, JSON.stringify({ ok: true, value: { version: '1' } })));
    const transport = createHttpTransport('http://127.0.0.1:5000');
    expect(transport.face).toBe('browser');
    const result = await transport.call('project.create', { name: 'Speeches' });
    expect(result).toEqual({ ok: true, value: { version: '1' } });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('http://127.0.0.1:5000/api/call/project.create');
    expect(init?.method).toBe('POST');
    expect(init?.credentials).toBe('same-origin');
    expect(new Headers(init?.headers).get('Content-Type')).toBe('application/json');
    expect(JSON.parse(init?.body as string)).toEqual({ name: 'Speeches' });
  });

  it("returns the server's error Results as they are, whatever the status", async () => {
    const error = { ok: false, error: { code: 'INVALID_INPUT', message: 'Invalid input for project.create: name: too short' } };
    fetchMock.mockResolvedValue(reply(400, JSON.stringify(error)));
    expect(await createHttpTransport().call('project.create', { name: '' })).toEqual(error);
  });

  it('turns a network failure into a message about the server', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    expect(await createHttpTransport().call('app.info', {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: UNREACHABLE } });
  });

  it('turns a reply that is not a Result (a proxy page) into the same message', async () => {
    fetchMock.mockResolvedValue(new Response('<html>Bad gateway</html>', { status: 502 }));
    expect(await createHttpTransport().call('app.info', {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: UNREACHABLE } });
    fetchMock.mockResolvedValue(reply(200, '{"something":"else"}'));
    expect((await createHttpTransport().call('app.info', {})).ok).toBe(false);
  });

  it("turns a 401 into FORBIDDEN with the server's message", async () => {
    const message = 'This browser has no Prelabel session: open the link printed by npm run serve.';
    fetchMock.mockResolvedValue(reply(401, JSON.stringify({ ok: false, error: { code: 'FORBIDDEN', message } })));
    expect(await createHttpTransport().call('app.info', {})).toEqual({ ok: false, error: { code: 'FORBIDDEN', message } });
    fetchMock.mockResolvedValue(new Response('no', { status: 401 }));
    const fallback = await createHttpTransport().call('app.info', {});
    expect(fallback.ok === false && fallback.error.code).toBe('FORBIDDEN');
  });
});

describe('createHttpTransport: subscribe', () => {
  it('shares one EventSource and delivers parsed named events', () => {
    const transport = createHttpTransport();
    const a = vi.fn();
    const b = vi.fn();
    const offA = transport.subscribe(a);
    const offB = transport.subscribe(b);
    expect(FakeEventSource.instances).toHaveLength(1);
    const es = FakeEventSource.instances[0]!;
    expect(es.url).toBe('/api/events');
    es.dispatch('job:progress', '{"jobId":"j","done":3}');
    es.dispatch('job:done', 'not json');
    expect(a).toHaveBeenCalledWith('job:progress', { jobId: 'j', done: 3 });
    expect(b).toHaveBeenCalledTimes(1);
    offA();
    expect(es.closed).toBe(false);
    offB();
    expect(es.closed).toBe(true);
    transport.subscribe(a);
    expect(FakeEventSource.instances).toHaveLength(2);
  });

  it('listens for every event of the contract', () => {
    createHttpTransport().subscribe(() => undefined);
    expect([...FakeEventSource.instances[0]!.handlers.keys()].sort()).toEqual([...eventNames].sort());
  });
});

describe('uploadFile', () => {
  const file = () => new File(['id,text\n1,Grüße\n'], '../Reden 2024.csv', { type: 'text/csv' });

  it('posts the raw file with its URL-encoded name and reports progress', async () => {
    const progress = vi.fn();
    const done = uploadFile(file(), progress);
    const xhr = FakeXhr.last;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/upload');
    expect(xhr.headers['X-File-Name']).toBe(encodeURIComponent('../Reden 2024.csv'));
    expect(xhr.body).toBeInstanceOf(File);
    xhr.upload.onprogress?.({ loaded: 5, total: 17, lengthComputable: true });
    expect(progress).toHaveBeenCalledWith(5, 17);
    xhr.respond(200, JSON.stringify({ ok: true, value: { uploadId: 'u1', name: 'Reden 2024.csv', bytes: 17 } }));
    await expect(done).resolves.toEqual({ uploadId: 'u1', name: 'Reden 2024.csv', bytes: 17 });
  });

  it("rejects with the server's error", async () => {
    const done = uploadFile(file());
    FakeXhr.last.respond(
      413,
      JSON.stringify({ ok: false, error: { code: 'BAD_FILE', message: 'The file is larger than the upload limit of 4 GiB.' } }),
    );
    const err = await done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiCallError);
    expect((err as ApiCallError).code).toBe('BAD_FILE');
  });

  it('rejects with the unreachable message on a network error, and FORBIDDEN on 401', async () => {
    const lost = uploadFile(file());
    FakeXhr.last.onerror?.();
    await expect(lost).rejects.toThrow(UNREACHABLE);
    const noSession = uploadFile(file());
    FakeXhr.last.respond(401, '');
    await expect(noSession).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('aborts the request when the signal fires', async () => {
    const controller = new AbortController();
    const done = uploadFile(file(), undefined, { signal: controller.signal });
    controller.abort();
    expect(FakeXhr.last.aborted).toBe(true);
    await expect(done).rejects.toMatchObject({ name: 'AbortError' });
  });
});

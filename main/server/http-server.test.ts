// The browser-mode server's HTTP layer over real loopback HTTP, with an in-memory core.
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './responses';
import {
  fakeCore,
  openEventStream,
  rawRequest,
  startTestServer,
  waitFor,
  type FakeCore,
  type TestServer,
} from './test-support/http-test-kit';

let core: FakeCore;
let t: TestServer;

beforeEach(async () => {
  core = fakeCore((method) =>
    method === 'project.open'
      ? { ok: false, error: { code: 'NOT_FOUND', message: 'The file /x.prelabel does not exist.' } }
      : { ok: true, value: { method } },
  );
  t = await startTestServer(core, { pingIntervalMs: 50 });
});

afterEach(async () => {
  await t.close();
});

const json = (body: string) => JSON.parse(body) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };

function callApi(method: string, body: string | undefined, headers: Record<string, string | number | undefined> = {}) {
  return rawRequest(t.port, {
    method: 'POST',
    path: `/api/call/${method}`,
    headers: t.page({ 'Content-Type': 'application/json', ...headers }),
    body,
  });
}

describe('token exchange', () => {
  it('trades the printed token for an HttpOnly SameSite=Strict session cookie and redirects to /', async () => {
    const reply = await rawRequest(t.port, { path: `/?token=${t.token}`, headers: { Host: t.host } });
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe('/');
    const cookie = reply.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/^prelabel_session=[\w-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    // The session is its own secret: the token seen in a terminal is not the cookie.
    expect(cookie).not.toContain(t.token);
  });

  it('lets the session cookie open the app', async () => {
    await t.login();
    const reply = await rawRequest(t.port, { path: '/', headers: t.page({ Origin: undefined }) });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<div id="root">');
  });

  it('accepts the token only once and says how to get a new link', async () => {
    await t.login();
    const again = await rawRequest(t.port, { path: `/?token=${t.token}`, headers: { Host: t.host } });
    expect(again.status).toBe(403);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.headers['content-type']).toContain('text/html');
    expect(again.body).toContain('npm run serve');
  });

  it('sends a browser that already has the session on to the app when the link is opened again', async () => {
    await t.login();
    const again = await rawRequest(t.port, { path: `/?token=${t.token}`, headers: t.page({ Origin: undefined }) });
    expect(again.status).toBe(302);
    expect(again.headers.location).toBe('/');
  });

  it('refuses a wrong token without spending the right one', async () => {
    const wrong = await rawRequest(t.port, { path: '/?token=guess', headers: { Host: t.host } });
    expect(wrong.status).toBe(403);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    await expect(t.login()).resolves.toMatch(/^prelabel_session=/);
  });

  it('does not spend the token on a HEAD request (link previews)', async () => {
    const head = await rawRequest(t.port, { method: 'HEAD', path: `/?token=${t.token}`, headers: { Host: t.host } });
    expect(head.status).toBe(401);
    await expect(t.login()).resolves.toMatch(/^prelabel_session=/);
  });

  it('refuses a forged cookie', async () => {
    await t.login();
    const reply = await callApi('app.info', '{}', { Cookie: 'prelabel_session=forged' });
    expect(reply.status).toBe(401);
  });
});

describe('requests without the session', () => {
  it('answers the API with 401 FORBIDDEN telling the user to open the printed link', async () => {
    const reply = await callApi('app.info', '{}');
    expect(reply.status).toBe(401);
    const body = json(reply.body);
    expect(body.ok).toBe(false);
    expect(body.error?.code).toBe('FORBIDDEN');
    expect(body.error?.message).toContain('open the link printed by npm run serve');
    expect(core.calls).toHaveLength(0);
  });

  it('answers pages with a plain HTML page telling the user to open the printed link', async () => {
    for (const path of ['/', '/assets/app.js', '/annotate']) {
      const reply = await rawRequest(t.port, { path, headers: { Host: t.host } });
      expect(reply.status).toBe(401);
      expect(reply.headers['content-type']).toContain('text/html');
      expect(reply.body).toContain('open the link printed by npm run serve');
      expect(reply.body).not.toContain('console.log');
    }
  });

  it('does not open the event stream', async () => {
    const reply = await rawRequest(t.port, { path: '/api/events', headers: { Host: t.host } });
    expect(reply.status).toBe(401);
  });
});

describe('Host and Origin checks', () => {
  it('refuses a foreign Host header (DNS rebinding) even with a valid session', async () => {
    await t.login();
    for (const host of [`evil.example:${t.port}`, `127.0.0.1.evil.example:${t.port}`, 'evil.example', `localhost.evil:${t.port}`]) {
      const reply = await rawRequest(t.port, { path: '/', headers: { ...t.page({ Origin: undefined }), Host: host } });
      expect(reply.status, host).toBe(403);
    }
    expect((await rawRequest(t.port, { path: `/?token=${t.token}`, headers: { Host: 'evil.example' } })).status).toBe(403);
  });

  it('refuses a request without a Host header', async () => {
    const socket = connect(t.port, '127.0.0.1');
    socket.end('GET / HTTP/1.0\r\n\r\n');
    let text = '';
    for await (const chunk of socket) text += String(chunk);
    expect(text).toMatch(/^HTTP\/1\.[01] 403 /);
  });

  it('accepts loopback names on any port (an SSH forward changes the port)', async () => {
    await t.login();
    for (const host of ['localhost:8080', '127.0.0.1:1', '[::1]:9000', 'LOCALHOST:5173', 'localhost']) {
      const reply = await rawRequest(t.port, { path: '/', headers: { Cookie: t.cookie, Host: host } });
      expect(reply.status, host).toBe(200);
    }
  });

  it('refuses a POST from a foreign Origin', async () => {
    await t.login();
    const reply = await callApi('app.info', '{}', { Origin: 'http://evil.example' });
    expect(reply.status).toBe(403);
    expect(json(reply.body).error?.code).toBe('FORBIDDEN');
    expect(core.calls).toHaveLength(0);
  });

  it('refuses a POST from the same host on another scheme or port', async () => {
    await t.login();
    for (const origin of [`https://${t.host}`, `http://127.0.0.1:${t.port + 1}`, 'null']) {
      expect((await callApi('app.info', '{}', { Origin: origin })).status, origin).toBe(403);
    }
  });

  it('refuses a POST without an Origin header', async () => {
    await t.login();
    const reply = await callApi('app.info', '{}', { Origin: undefined });
    expect(reply.status).toBe(403);
    expect(core.calls).toHaveLength(0);
  });

  it('refuses a GET that names a foreign Origin', async () => {
    await t.login();
    const reply = await rawRequest(t.port, { path: '/', headers: t.page({ Origin: 'http://evil.example' }) });
    expect(reply.status).toBe(403);
  });
});

describe('POST /api/call/<method>', () => {
  beforeEach(async () => {
    await t.login();
  });

  it('forwards a valid call to the core and returns its Result', async () => {
    const reply = await callApi('project.create', JSON.stringify({ name: 'Speeches' }));
    expect(reply.status).toBe(200);
    expect(json(reply.body)).toEqual({ ok: true, value: { method: 'project.create' } });
    expect(core.calls).toEqual([{ method: 'project.create', input: { name: 'Speeches' } }]);
  });

  it("returns the core's errors with status 200, in the body", async () => {
    const reply = await callApi('project.open', JSON.stringify({ path: '/x.prelabel' }));
    expect(reply.status).toBe(200);
    expect(json(reply.body).error).toEqual({ code: 'NOT_FOUND', message: 'The file /x.prelabel does not exist.' });
  });

  it('treats an empty body as empty input', async () => {
    const reply = await callApi('app.info', '');
    expect(reply.status).toBe(200);
    expect(core.calls[0]?.input).toEqual({});
  });

  it('refuses bad JSON with 400 INVALID_INPUT', async () => {
    const reply = await callApi('project.create', '{"name": ');
    expect(reply.status).toBe(400);
    expect(json(reply.body).error?.code).toBe('INVALID_INPUT');
    expect(core.calls).toHaveLength(0);
  });

  it('refuses an unknown method without reaching the core', async () => {
    for (const method of ['project.delete', 'constructor', '__proto__', 'project.create%2F..']) {
      const reply = await callApi(method, '{}');
      expect(reply.status, method).toBe(404);
      expect(json(reply.body).error?.code).toBe('UNKNOWN_METHOD');
    }
    expect(core.calls).toHaveLength(0);
  });

  it('refuses invalid input with a message naming the method and the field', async () => {
    const reply = await callApi('project.create', JSON.stringify({ name: 42 }));
    expect(reply.status).toBe(400);
    const error = json(reply.body).error;
    expect(error?.code).toBe('INVALID_INPUT');
    expect(error?.message).toMatch(/^Invalid input for project\.create: name: /);
    expect(core.calls).toHaveLength(0);
  });

  it('refuses native dialogs, explaining that the browser uploads files instead', async () => {
    const reply = await callApi('dialog.openFile', JSON.stringify({ purpose: 'import' }));
    const error = json(reply.body).error;
    expect(error?.code).toBe('UNSUPPORTED');
    expect(error?.message).toContain('uploaded');
    expect(core.calls).toHaveLength(0);
  });

  it('refuses a body over 1 MB with 413', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024) });
    const reply = await callApi('project.create', big);
    expect(reply.status).toBe(413);
    expect(json(reply.body).error?.code).toBe('INVALID_INPUT');
    expect(core.calls).toHaveLength(0);
  });

  it('refuses a body that is not declared as JSON (cross-site forms cannot send JSON)', async () => {
    const reply = await callApi('app.info', '{}', { 'Content-Type': 'text/plain' });
    expect(reply.status).toBe(415);
    expect(core.calls).toHaveLength(0);
  });

  it('refuses GET on a call', async () => {
    const reply = await rawRequest(t.port, { path: '/api/call/app.info', headers: t.page() });
    expect(reply.status).toBe(404);
  });
});

describe('security headers', () => {
  it('sends the CSP, nosniff and no-referrer on pages, API replies and refusals', async () => {
    const replies = [
      await rawRequest(t.port, { path: '/', headers: { Host: t.host } }),
      await rawRequest(t.port, { path: '/', headers: { Host: 'evil.example' } }),
    ];
    await t.login();
    replies.push(await rawRequest(t.port, { path: '/', headers: t.page({ Origin: undefined }) }));
    replies.push(await callApi('app.info', '{}'));
    for (const reply of replies) {
      expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['referrer-policy']).toBe('no-referrer');
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });

  it('marks API replies Cache-Control: no-store', async () => {
    await t.login();
    expect((await callApi('app.info', '{}')).headers['cache-control']).toBe('no-store');
  });
});

describe('GET /api/events', () => {
  const openStream = () => openEventStream(t);

  beforeEach(async () => {
    await t.login();
  });

  it("delivers the core's events as named server-sent events", async () => {
    const stream = await openStream();
    expect(stream.status).toBe(200);
    expect(stream.contentType).toContain('text/event-stream');
    await waitFor(() => stream.text().includes(': connected'));
    const progress = { jobId: 'j1', kind: 'import', phase: 'reading', done: 5, total: 10, unit: 'rows' };
    core.emit('job:progress', progress);
    core.emit('job:done', { jobId: 'j1', kind: 'import', status: 'done', note: 'line\nbreak' });
    await waitFor(() => stream.text().includes('event: job:done'));
    expect(stream.text()).toContain(`event: job:progress\ndata: ${JSON.stringify(progress)}\n\n`);
    // A line break in a payload stays escaped inside the one data line.
    expect(stream.text()).toContain('"note":"line\\nbreak"}\n\n');
    stream.close();
  });

  it('keeps idle streams alive with comment pings', async () => {
    const stream = await openStream();
    await waitFor(() => stream.text().includes(': ping'));
    stream.close();
  });

  it('forgets a stream when the browser closes it', async () => {
    const a = await openStream();
    const b = await openStream();
    await waitFor(() => t.server.events.size === 2);
    a.close();
    await waitFor(() => t.server.events.size === 1);
    core.emit('project:changed', { project: null });
    await waitFor(() => b.text().includes('event: project:changed'));
    b.close();
    await waitFor(() => t.server.events.size === 0);
  });

  it('unsubscribes from the core when the server closes', async () => {
    expect(core.listenerCount).toBe(1);
    const stream = await openStream();
    await waitFor(() => t.server.events.size === 1);
    await t.close();
    expect(core.listenerCount).toBe(0);
    expect(t.server.events.size).toBe(0);
    stream.close();
    t = await startTestServer(core); // for afterEach
  });
});

describe('other endpoints', () => {
  it('answers an unknown API path with 404 JSON', async () => {
    await t.login();
    const reply = await rawRequest(t.port, { path: '/api/nothing', headers: t.page() });
    expect(reply.status).toBe(404);
    expect(json(reply.body).ok).toBe(false);
  });

  it('refuses writes to pages', async () => {
    await t.login();
    const reply = await rawRequest(t.port, { method: 'PUT', path: '/index.html', headers: t.page(), body: 'x' });
    expect(reply.status).toBe(405);
  });
});

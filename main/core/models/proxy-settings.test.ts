// Which proxy applies, and what may be fetched at all (the tunnels themselves, undici's ProxyAgent,
// are exercised end to end in model-download.test.ts: the CONNECT target, the credentials, TLS inside).
import { describe, expect, it } from 'vitest';
import { ModelDownloadError } from './download-errors';
import { isOfflineError } from './download-errors';
import { checkUrlAllowed, isLoopbackHost } from './hub-request';
import { bypassesProxy, describeProxy, parseProxyUrl, proxyFor } from './proxy-settings';

const hub = new URL('https://huggingface.co/MoritzLaurer/x/resolve/abc/onnx/model.onnx');
const cdn = new URL('https://cdn-lfs.huggingface.co/repos/ab/cd/sha?download=true');

describe('describeProxy', () => {
  it('never shows the password when naming the proxy', () => {
    expect(describeProxy(new URL('http://ana:secret@proxy.example:3128'))).toBe('http://proxy.example:3128');
  });
});

describe('proxyFor', () => {
  it('takes HTTPS_PROXY for https, else https_proxy, else HTTP_PROXY', () => {
    expect(proxyFor(hub, { env: { HTTPS_PROXY: 'http://a:1', HTTP_PROXY: 'http://b:2' } })?.host).toBe('a:1');
    expect(proxyFor(hub, { env: { https_proxy: 'http://c:3', HTTP_PROXY: 'http://b:2' } })?.host).toBe('c:3');
    expect(proxyFor(hub, { env: { HTTP_PROXY: 'http://b:2' } })?.host).toBe('b:2');
    expect(proxyFor(hub, { env: {} })).toBeNull();
    expect(proxyFor(new URL('http://127.0.0.1:9/x'), { env: { HTTPS_PROXY: 'http://a:1' } })).toBeNull();
  });

  it('lets an explicit setting replace the environment, and null mean "no proxy"', () => {
    expect(proxyFor(hub, { proxy: 'http://d:4', env: { HTTPS_PROXY: 'http://a:1' } })?.host).toBe('d:4');
    expect(proxyFor(hub, { proxy: null, env: { HTTPS_PROXY: 'http://a:1' } })).toBeNull();
  });

  it('accepts a proxy written without a scheme and refuses SOCKS', () => {
    expect(parseProxyUrl('proxy.uni.example:3128').toString()).toBe('http://proxy.uni.example:3128/');
    expect(() => parseProxyUrl('socks5://proxy:1080')).toThrow(ModelDownloadError);
    expect(() => parseProxyUrl('socks5://proxy:1080')).toThrow(/not supported: Prelabel speaks to HTTP proxies/);
  });

  it('honours NO_PROXY: names, subdomains, leading dots, *, ports and IPs', () => {
    expect(bypassesProxy(hub, 'huggingface.co')).toBe(true);
    expect(bypassesProxy(cdn, 'huggingface.co')).toBe(true);
    expect(bypassesProxy(cdn, '.huggingface.co')).toBe(true);
    expect(bypassesProxy(cdn, '*.huggingface.co')).toBe(true);
    expect(bypassesProxy(hub, 'example.org, localhost')).toBe(false);
    expect(bypassesProxy(hub, 'face.co')).toBe(false);
    expect(bypassesProxy(hub, '*')).toBe(true);
    expect(bypassesProxy(hub, 'huggingface.co:443')).toBe(true);
    expect(bypassesProxy(hub, 'huggingface.co:8443')).toBe(false);
    expect(bypassesProxy(new URL('http://[::1]:8080/'), '[::1]:8080')).toBe(true);
    expect(bypassesProxy(new URL('http://[::1]:8080/'), '::1')).toBe(true);
    expect(bypassesProxy(new URL('http://127.0.0.1:8080/'), '127.0.0.1')).toBe(true);
    expect(proxyFor(cdn, { env: { HTTPS_PROXY: 'http://a:1', no_proxy: '.huggingface.co' } })).toBeNull();
  });
});

describe('what may be fetched', () => {
  it('allows https anywhere and plain http only to this computer', () => {
    expect(() => checkUrlAllowed(hub, 'f')).not.toThrow();
    expect(() => checkUrlAllowed(new URL('http://127.0.0.1:9/'), 'f')).not.toThrow();
    expect(() => checkUrlAllowed(new URL('http://localhost:9/'), 'f')).not.toThrow();
    expect(() => checkUrlAllowed(new URL('http://[::1]:9/'), 'f')).not.toThrow();
    expect(() => checkUrlAllowed(new URL('http://huggingface.co/'), 'f')).toThrow(/only over https/);
    expect(() => checkUrlAllowed(new URL('ftp://127.0.0.1/'), 'f')).toThrow(/only over https/);
    expect(isLoopbackHost('127.1.2.3')).toBe(true);
    expect(isLoopbackHost('127.0.0.1.example.com')).toBe(false);
  });

  it('reads no route to a host as offline', () => {
    for (const code of ['ENOTFOUND', 'ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH']) expect(isOfflineError({ code })).toBe(true);
    expect(isOfflineError({ code: 'ECONNRESET' })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, createOriginPolicy, devServerOrigin, isOwnAppUrl } from './app-origin';
import { isAllowedNavigation, windowOpenDecision } from './navigation-policy';

describe('isOwnAppUrl', () => {
  it('accepts only app://prelabel pages', () => {
    expect(isOwnAppUrl('app://prelabel/index.html')).toBe(true);
    expect(isOwnAppUrl('app://prelabel/index.html#/annotate?doc=3')).toBe(true);
    expect(isOwnAppUrl('app://prelabel/')).toBe(true);
  });

  it('refuses other hosts, schemes, credentials and garbage', () => {
    for (const url of [
      'app://evil/index.html',
      'app://prelabel.evil.com/index.html',
      'app://user:pw@prelabel/index.html',
      'file:///work/main/out/renderer/index.html',
      'https://prelabel/index.html',
      'http://localhost:5173/',
      'javascript:alert(1)',
      'about:blank',
      '',
      'not a url',
    ]) {
      expect(isOwnAppUrl(url), url).toBe(false);
    }
  });
});

describe('devServerOrigin', () => {
  it('honours the electron-vite dev server only unpackaged and only on loopback http', () => {
    expect(devServerOrigin('http://localhost:5173/', false)?.origin).toBe('http://localhost:5173');
    expect(devServerOrigin('http://127.0.0.1:5173', false)?.origin).toBe('http://127.0.0.1:5173');
    expect(devServerOrigin('http://localhost:5173/', true)).toBeNull();
    expect(devServerOrigin('https://example.com/', false)).toBeNull();
    expect(devServerOrigin('http://192.168.1.5:5173/', false)).toBeNull();
    expect(devServerOrigin('http://a:b@localhost:5173/', false)).toBeNull();
    expect(devServerOrigin(undefined, false)).toBeNull();
  });
});

describe('createOriginPolicy and isAllowedNavigation', () => {
  it('loads app://prelabel/index.html and allows only that origin when packaged', () => {
    const policy = createOriginPolicy({ devServerUrl: 'http://localhost:5173/', isPackaged: true });
    expect(policy.entryUrl).toBe(APP_ENTRY_URL);
    expect(isAllowedNavigation('app://prelabel/index.html', policy)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5173/', policy)).toBe(false);
    expect(isAllowedNavigation('https://example.com/', policy)).toBe(false);
  });

  it('adds the dev server origin (any path, same port only) in development', () => {
    const policy = createOriginPolicy({ devServerUrl: 'http://localhost:5173/', isPackaged: false });
    expect(policy.entryUrl).toBe('http://localhost:5173/');
    expect(isAllowedNavigation('http://localhost:5173/src/main.tsx', policy)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', policy)).toBe(false);
    expect(isAllowedNavigation('app://prelabel/index.html', policy)).toBe(true);
  });

  it('never opens new windows', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
  });
});

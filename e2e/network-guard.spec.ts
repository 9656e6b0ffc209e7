// The promise that texts never leave the machine rests on two checks: the app's CSP refuses any
// other origin, and every e2e test fails if the page asks for one anyway. These tests prove both
// actually catch something.
import { expect, isExternal, test } from './fixtures';

const PLANTED = 'http://example.invalid/x.png';

test.describe('with the CSP bypassed', () => {
  // Without the bypass the CSP stops the request before it is made, and there would be nothing
  // for the guard to see.
  test.use({ bypassCSP: true });

  test('the network guard records a request to another host', async ({ app: page, networkGuard }) => {
    expect(networkGuard.external).toEqual([]);
    await page.evaluate((src) => {
      const img = document.createElement('img');
      img.src = src;
      document.body.append(img);
    }, PLANTED);
    await expect.poll(() => networkGuard.external).toContain(PLANTED);
    // Made on purpose: acknowledged, so this test's own teardown passes.
    expect(networkGuard.acknowledge((u) => u === PLANTED)).toEqual([PLANTED]);
    expect(networkGuard.external).toEqual([]);
  });
});

test('the app’s CSP blocks requests to other origins', async ({ app: page, networkGuard, cspGuard }) => {
  const violations = await page.evaluate(async (src) => {
    const seen: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
    const img = document.createElement('img');
    img.src = src;
    document.body.append(img);
    await fetch('http://example.invalid/data').catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    return seen;
  }, PLANTED);
  expect(violations).toEqual(expect.arrayContaining([`img-src ${PLANTED}`, 'connect-src http://example.invalid/data']));
  // Chromium still reports the blocked attempt as a request; the guard is strict and counts attempts too.
  await expect.poll(() => networkGuard.external).toContain(PLANTED);
  networkGuard.acknowledge((u) => u.startsWith('http://example.invalid/'));
  // The CSP guard saw the same two refusals; they were planted.
  await expect.poll(() => cspGuard.violations.length).toBeGreaterThanOrEqual(2);
  cspGuard.acknowledge((m) => m.includes('example.invalid'));
});

test('only loopback counts as local', () => {
  expect(isExternal('http://127.0.0.1:4000/api/call/app.info')).toBe(false);
  expect(isExternal('http://localhost:4000/')).toBe(false);
  expect(isExternal('data:image/png;base64,AAAA')).toBe(false);
  expect(isExternal('blob:http://127.0.0.1:4000/5f1c')).toBe(false);
  expect(isExternal('https://huggingface.co/model.onnx')).toBe(true);
  expect(isExternal('http://127.0.0.1.example.com/')).toBe(true);
});

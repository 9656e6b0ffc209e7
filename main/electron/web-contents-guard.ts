// Locks down every webContents and the session: no navigation away from the app, no new windows,
// no webviews, no permissions. Applied through app 'web-contents-created', so it covers contents
// created by anything, not only our own window code. See [Note: no external links] in
// navigation-policy.ts.
import type { Session, WebContents } from 'electron';
import type { OriginPolicy } from './app-origin';
import { isAllowedNavigation, windowOpenDecision } from './navigation-policy';

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function guardWebContents(contents: GuardedContents, policy: OriginPolicy): void {
  const refuse = (event: { url: string; preventDefault(): void }, kind: string) => {
    if (isAllowedNavigation(event.url, policy)) return;
    event.preventDefault();
    console.warn(`[prelabel] blocked ${kind} to ${event.url.slice(0, 200)}`);
  };
  contents.on('will-navigate', (event) => refuse(event, 'navigation'));
  // Covers subframes too; the CSP's frame-src 'none' should keep there from being any.
  contents.on('will-frame-navigate', (event) => refuse(event, 'frame navigation'));
  contents.on('will-redirect', (event) => refuse(event, 'redirect'));
  contents.setWindowOpenHandler(({ url }) => {
    console.warn(`[prelabel] blocked window.open of ${url.slice(0, 200)}`);
    return windowOpenDecision();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Prelabel needs no camera, microphone, notifications, clipboard-read, HID, USB or serial. */
export function guardSession(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>,
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

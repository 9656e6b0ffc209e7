import { describe, expect, it } from 'vitest';
import { isOwnAppUrl } from './app-origin';
import { isTrustedSender, senderInfo } from './sender-policy';

const ours = new Set([1, 2]);

describe('isTrustedSender', () => {
  it("trusts the main frame of our own window showing the app's page", () => {
    expect(isTrustedSender({ webContentsId: 1, frameUrl: 'app://prelabel/index.html', isMainFrame: true }, ours, isOwnAppUrl)).toBe(true);
  });

  it('refuses a webContents the app did not create', () => {
    expect(isTrustedSender({ webContentsId: 7, frameUrl: 'app://prelabel/index.html', isMainFrame: true }, ours, isOwnAppUrl)).toBe(false);
  });

  it('refuses our window once it shows another page, a subframe, or a frame that is gone', () => {
    expect(isTrustedSender({ webContentsId: 1, frameUrl: 'https://example.com/', isMainFrame: true }, ours, isOwnAppUrl)).toBe(false);
    expect(isTrustedSender({ webContentsId: 1, frameUrl: 'app://prelabel/index.html', isMainFrame: false }, ours, isOwnAppUrl)).toBe(false);
    expect(isTrustedSender({ webContentsId: 1, frameUrl: null, isMainFrame: true }, ours, isOwnAppUrl)).toBe(false);
  });
});

describe('senderInfo', () => {
  it("reads the sender's id, frame URL and whether the frame is the main one", () => {
    const event = { sender: { id: 3 }, senderFrame: { url: 'app://prelabel/index.html', parent: null } };
    expect(senderInfo(event as never)).toEqual({ webContentsId: 3, frameUrl: 'app://prelabel/index.html', isMainFrame: true });
    const sub = { sender: { id: 3 }, senderFrame: { url: 'app://prelabel/x', parent: {} } };
    expect(senderInfo(sub as never).isMainFrame).toBe(false);
  });

  it('reads a destroyed frame (null, or a getter that throws) as untrusted', () => {
    expect(senderInfo({ sender: { id: 3 }, senderFrame: null } as never)).toEqual({ webContentsId: 3, frameUrl: null, isMainFrame: false });
    const throwing = {
      sender: { id: 3 },
      get senderFrame(): never {
        throw new Error('Render frame was disposed');
      },
    };
    expect(isTrustedSender(senderInfo(throwing as never), new Set([3]), isOwnAppUrl)).toBe(false);
  });
});

// Which IPC senders may call the contract: the main frame of a window this app created, showing
// the app's own page. Anything else (a frame that navigated away, a webContents someone else made)
// is refused before its input is even read.
import type { IpcMainInvokeEvent } from 'electron';

export interface SenderInfo {
  webContentsId: number;
  /** URL of the frame that sent the message; null when the frame is gone. */
  frameUrl: string | null;
  isMainFrame: boolean;
}

export function isTrustedSender(sender: SenderInfo, ownWebContentsIds: ReadonlySet<number>, isAppUrl: (url: string) => boolean): boolean {
  return ownWebContentsIds.has(sender.webContentsId) && sender.isMainFrame && sender.frameUrl !== null && isAppUrl(sender.frameUrl);
}

/** Reads what the check needs from Electron's event; a destroyed frame reads as untrusted. */
export function senderInfo(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>): SenderInfo {
  try {
    const frame = event.senderFrame;
    return { webContentsId: event.sender.id, frameUrl: frame ? frame.url : null, isMainFrame: frame ? frame.parent === null : false };
  } catch {
    return { webContentsId: -1, frameUrl: null, isMainFrame: false };
  }
}

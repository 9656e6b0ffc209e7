// The windows this app created, by webContents id: the IPC registrar trusts only these, and core
// events go to each of them.
export interface RegistrableWindow {
  readonly webContents: { readonly id: number; isDestroyed(): boolean; send(channel: string, ...args: unknown[]): void };
  isDestroyed(): boolean;
  once(event: 'closed', listener: () => void): unknown;
}

export class WindowRegistry<W extends RegistrableWindow = RegistrableWindow> {
  private readonly byId = new Map<number, W>();

  add(window: W): W {
    // The id is read now: after 'closed' the webContents may already be destroyed.
    const id = window.webContents.id;
    this.byId.set(id, window);
    window.once('closed', () => this.byId.delete(id));
    return window;
  }

  /** Ids of our live webContents, for the sender check. */
  get webContentsIds(): ReadonlySet<number> {
    return new Set(this.byId.keys());
  }

  all(): W[] {
    return [...this.byId.values()].filter((w) => !w.isDestroyed());
  }

  first(): W | undefined {
    return this.all()[0];
  }

  /** Sends to every live window; a window closing mid-send is skipped, not an error. */
  broadcast(channel: string, ...args: unknown[]): void {
    for (const window of this.all()) {
      if (window.webContents.isDestroyed()) continue;
      try {
        window.webContents.send(channel, ...args);
      } catch (err) {
        console.error(`[prelabel] could not send ${channel} to window ${window.webContents.id}:`, err);
      }
    }
  }
}

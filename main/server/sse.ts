// Server-sent events: the core's events fanned out to every open /api/events stream
// (common/contract/routes.ts: eventsRoute). Only the contract's events go out (event-schemas.ts): the
// renderer's EventSource listens for exactly those names.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isEventName } from '../../common/contract';

export interface EventHub {
  /** Turns a request into an event stream that lives until the browser closes it. */
  attach(req: IncomingMessage, res: ServerResponse): void;
  /** Sends an event of the contract; any other name is dropped. */
  publish(event: string, payload: unknown): void;
  /** Ends every stream, e.g. before the server closes. */
  closeAll(): void;
  readonly size: number;
}

export function createEventHub(pingIntervalMs = 15_000): EventHub {
  const clients = new Set<ServerResponse>();
  let pinger: NodeJS.Timeout | null = null;

  const write = (text: string) => {
    for (const res of clients) res.write(text);
  };

  const stopPinger = () => {
    if (pinger && clients.size === 0) {
      clearInterval(pinger);
      pinger = null;
    }
  };

  return {
    attach(req, res) {
      res.statusCode = 200;
      res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Connection', 'keep-alive');
      // Proxies in front of an SSH tunnel (nginx and the like) would otherwise hold events back.
      res.setHeader('X-Accel-Buffering', 'no');
      res.flushHeaders();
      req.socket.setTimeout(0);
      req.socket.setNoDelay(true);
      res.write('retry: 2000\n: connected\n\n');
      clients.add(res);
      // Pings keep idle connections from being dropped by proxies and reveal dead ones.
      pinger ??= setInterval(() => write(': ping\n\n'), pingIntervalMs);
      pinger.unref();
      const drop = () => {
        clients.delete(res);
        stopPinger();
      };
      req.on('close', drop);
      res.on('close', drop);
      res.on('error', drop);
    },
    publish(event, payload) {
      // A contract name has no line break, which would end the field early and let the payload
      // forge other fields; the payload is one JSON line.
      if (!isEventName(event)) return;
      let data: string;
      try {
        data = JSON.stringify(payload ?? null);
      } catch {
        return;
      }
      write(`event: ${event}\ndata: ${data}\n\n`);
    },
    closeAll() {
      for (const res of clients) res.end();
      clients.clear();
      stopPinger();
    },
    get size() {
      return clients.size;
    },
  };
}

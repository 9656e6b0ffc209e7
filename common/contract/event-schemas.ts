// The events the core and Electron main push to the UI, declared once: each name with the zod
// schema of its payload. Everything that lists events derives from this map: the Events type the
// core's emit takes, `eventNames` that the browser mode's EventSource subscribes to, the server's
// SSE check, the preload's forwarding, and the renderer's routes (state/wire-events.ts), which
// must name every event here or fail to compile. An event is added here and nowhere else; a job's
// progress is not a new event but a new job kind (./jobs.ts).
import { jobDone, jobProgress } from './jobs';
import type { ProjectInfo } from './projects';
import { typed, z } from './zod';

const noPayload = z.object({}).strict();

export const events = {
  /** A job's progress: `{jobId, kind, ...}`, the fields of its kind. */
  'job:progress': jobProgress,
  /** A job's end: `{jobId, kind, status, result | error}`, sent once. */
  'job:done': jobDone,
  /** Another project was opened or created (null: closed), or the open one changed (an import). */
  'project:changed': z.object({ project: typed<ProjectInfo | null>() }),
  /** A decision of the question was made or undone (Browse reads its rows again). */
  'coding:changed': z.object({ questionId: z.string() }),
  /** The Electron app menu's File > New project and Open project (sent by Electron main). */
  'menu:new-project': noPayload,
  'menu:open-project': noPayload,
  /** Electron main: open this project file (a .prelabel file double-clicked, or named on the command
   * line; main/electron/project-file-opener.ts). The page opens it with project.open. */
  'app:open-project-file': z.object({ path: z.string().min(1) }).strict(),
} as const;

export type EventName = keyof typeof events;
export type Events = { [E in EventName]: z.output<(typeof events)[E]> };

/** How the core sends an event to whichever face hosts it. */
export type Emit = <E extends EventName>(event: E, payload: Events[E]) => void;

export const eventNames = Object.keys(events) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** Checks an event's payload against its schema (tests check every event the core sends). */
export function checkEvent(name: string, payload: unknown): { ok: true } | { ok: false; message: string } {
  if (!isEventName(name)) return { ok: false, message: `${name} is not an event of the contract (common/contract/event-schemas.ts).` };
  const parsed = events[name].safeParse(payload);
  if (parsed.success) return { ok: true };
  const first = parsed.error.issues[0];
  return { ok: false, message: `${name}: ${first ? `${first.path.join('.') || 'payload'}: ${first.message}` : 'invalid payload'}` };
}

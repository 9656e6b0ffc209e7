// Who pre-labels a question of a project now: a lease in the project file, so that two processes
// (two CLI commands, the app and a CLI) never score the same question at once.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { PrelabelError } from '../../../../common/contract';
import { processAlive } from '../../process-alive';
import type { Db } from '../../store/project-db';

/**
 * [Note: run lease] A run's predictions are written by one process: two processes scoring the same
 * question both did the whole work (two runs, twice the predictions) or died on a UNIQUE constraint
 * of prediction_documents. So a process takes the question's lease before it starts or resumes a
 * run, in one IMMEDIATE transaction (a second process waits for the first's write, then sees its
 * lease): the row `prelabel_lease:<questionId>` of project_meta holds the owner's pid, host, a token
 * of its core (two cores of one process are two owners), when it began and a heartbeat the owner
 * renews every HEARTBEAT_MS. Another process is refused in one line ("... is being pre-labelled by
 * process PID since TIME; wait or stop it"). A lease whose owner is gone is taken over: on the same
 * host when its pid no longer runs, anywhere when its heartbeat is older than STALE_MS; the runs the
 * dead owner left 'running' become 'paused', so the next start resumes them (the kill harness).
 * Pausing or cancelling a question's run while another live process holds its lease is refused in
 * one line naming that process (pid, host, since): only the owner can stop its runner, and marking
 * its run here would leave it scoring under a 'paused' or 'cancelled' row. A dead owner's lease
 * does not stop them (its run is taken over as above).
 */
export const HEARTBEAT_MS = 2_000;
export const STALE_MS = 30_000;

interface LeaseValue {
  pid: number;
  host: string;
  token: string;
  since: string;
  heartbeat: number;
}

const key = (questionId: string) => `prelabel_lease:${questionId}`;

function readLease(db: Db, questionId: string): LeaseValue | null {
  const row = db.prepare('SELECT value FROM project_meta WHERE key = ?').get(key(questionId)) as { value: string } | undefined;
  if (!row) return null;
  try {
    const v = JSON.parse(row.value) as LeaseValue;
    return Number.isInteger(v.pid) && typeof v.token === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** Whether the lease's owner still holds it (alive on this host, or a fresh heartbeat elsewhere). */
function held(lease: LeaseValue, now: number): boolean {
  if (now - lease.heartbeat > STALE_MS) return false;
  return lease.host !== hostname() || processAlive(lease.pid);
}

function busy(lease: LeaseValue, questionName: string): PrelabelError {
  const where = lease.host === hostname() ? '' : ` on ${lease.host}`;
  return new PrelabelError(
    'BUSY',
    `Question "${questionName}" is being pre-labelled by process ${lease.pid}${where} since ${lease.since}; wait for it or stop it.`,
  );
}

function ownedElsewhere(lease: LeaseValue, action: 'pause' | 'cancel'): PrelabelError {
  return new PrelabelError(
    'BUSY',
    action === 'pause'
      ? `This run is being pre-labelled by process ${lease.pid} on ${lease.host} since ${lease.since}; pause it in that process (a CLI run pauses on Ctrl+C or kill -TERM ${lease.pid}).`
      : `This run is being pre-labelled by process ${lease.pid} on ${lease.host} since ${lease.since}; pause it in that process first (a CLI run pauses on Ctrl+C or kill -TERM ${lease.pid}), then cancel it here.`,
  );
}

export class RunLeases {
  /** This core's token: its leases are its own, another core's (even in this process) are not. */
  readonly token = randomUUID();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  /** Throws BUSY when another live owner holds the question's lease (a check before slow work; acquire decides). */
  assertFree(db: Db, questionId: string, questionName: string): void {
    const lease = readLease(db, questionId);
    if (lease && lease.token !== this.token && held(lease, Date.now())) throw busy(lease, questionName);
  }

  /** Throws BUSY naming the process when another live owner holds the question's lease (before a pause or cancel). */
  assertNotOwnedElsewhere(db: Db, questionId: string, action: 'pause' | 'cancel'): void {
    const lease = readLease(db, questionId);
    if (lease && lease.token !== this.token && held(lease, Date.now())) throw ownedElsewhere(lease, action);
  }

  /**
   * Takes the question's lease or throws BUSY naming the process that holds it. `questionName` is
   * for the message. Taking over a dead owner's lease pauses the runs it left running.
   */
  acquire(db: Db, questionId: string, questionName: string): void {
    db.transaction(() => {
      const now = Date.now();
      const lease = readLease(db, questionId);
      if (lease && lease.token !== this.token && held(lease, now)) throw busy(lease, questionName);
      if (lease && lease.token !== this.token) {
        db.prepare("UPDATE prelabel_runs SET status = 'paused' WHERE status = 'running' AND question_id = ?").run(questionId);
      }
      const mine: LeaseValue = {
        pid: process.pid,
        host: hostname(),
        token: this.token,
        since: lease?.token === this.token ? lease.since : new Date(now).toISOString(),
        heartbeat: now,
      };
      db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
        key(questionId),
        JSON.stringify(mine),
      );
    }).immediate();
    if (!this.timers.has(questionId)) {
      const timer = setInterval(() => this.beat(db, questionId), HEARTBEAT_MS);
      timer.unref();
      this.timers.set(questionId, timer);
    }
  }

  private beat(db: Db, questionId: string): void {
    try {
      if (!db.open) return this.stopTimer(questionId);
      const lease = readLease(db, questionId);
      if (lease?.token !== this.token) return this.stopTimer(questionId);
      db.prepare('UPDATE project_meta SET value = ? WHERE key = ?').run(
        JSON.stringify({ ...lease, heartbeat: Date.now() }),
        key(questionId),
      );
    } catch {
      // A busy project file skips one heartbeat; the next one renews it (STALE_MS is many beats).
    }
  }

  private stopTimer(questionId: string): void {
    clearInterval(this.timers.get(questionId));
    this.timers.delete(questionId);
  }

  /** Gives the question's lease back (only this core's own). */
  release(db: Db, questionId: string): void {
    this.stopTimer(questionId);
    if (!db.open) return;
    db.prepare("DELETE FROM project_meta WHERE key = ? AND json_extract(value, '$.token') = ?").run(key(questionId), this.token);
  }

  /**
   * Runs left 'running' by a process that stopped become 'paused' (they resume later); a run whose
   * question is leased by a live owner (this core's `exceptId`, or another process) is left alone.
   */
  pauseOrphaned(db: Db, exceptId: string | null): void {
    const running = db.prepare("SELECT id, question_id AS questionId FROM prelabel_runs WHERE status = 'running'").all() as Array<{
      id: string;
      questionId: string;
    }>;
    const now = Date.now();
    for (const r of running) {
      if (r.id === exceptId) continue;
      const lease = readLease(db, r.questionId);
      if (lease && lease.token !== this.token && held(lease, now)) continue;
      db.prepare("UPDATE prelabel_runs SET status = 'paused' WHERE id = ? AND status = 'running'").run(r.id);
    }
  }
}

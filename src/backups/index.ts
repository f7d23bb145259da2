/**
 * Automatic snapshots, bound to the app's database: the draw calls snapshotAt(db, …) (the copy
 * must hold the state before it changes), a lock and a publication call snapshotAfter(db, …)
 * (the copy of what they committed is written after their answer), the server's timer calls
 * Backups.periodic(). A database with no backups attached (unit tests of the commands, scripts)
 * simply takes none.
 */
import type { Db } from '../db/client.ts';
import { reasonLabel, type SnapshotReason } from '../domain/backups.ts';
import { RestoreGate } from './gate.tsx';
import { Snapshots, type StoredSnapshot } from './snapshots.ts';

/** An automatic snapshot that could not be written: shown on the backups screen, newest first. */
export interface SnapshotFailure {
  reason: SnapshotReason;
  at: Date;
  message: string;
}

/** How many failures the backups screen keeps showing (the log has them all). */
const FAILURES_KEPT = 10;

export class Backups {
  /** What the marking data looked like when the last snapshot was taken, whatever its reason. */
  private lastFingerprint: string | null = null;
  /** Holds requests off while a restore writes over the live database. */
  readonly gate = new RestoreGate();
  /** Snapshots asked for by snapshotAfter() and not written yet, in the order asked. */
  readonly #pending = new Map<Promise<void>, SnapshotReason>();
  readonly #failures: SnapshotFailure[] = [];

  constructor(readonly db: Db, readonly snapshots: Snapshots) {}

  /** What snapshotAfter() still has to write (the backups screen says so). */
  get pending(): SnapshotReason[] {
    return [...this.#pending.values()];
  }

  /** The latest automatic snapshots that failed, newest first. */
  get failures(): readonly SnapshotFailure[] {
    return this.#failures;
  }

  /**
   * Queues a snapshot and returns at once: it is written after the snapshots asked before it
   * (one at a time, never two copies at once, see Snapshots.take). A failure is logged and
   * listed on the backups screen.
   */
  later(reason: SnapshotReason, now = new Date()): void {
    const written: Promise<void> = this.take(reason, now).then(
      () => undefined,
      (error: unknown) => this.failed(reason, error),
    ).finally(() => this.#pending.delete(written));
    this.#pending.set(written, reason);
  }

  /** Resolves once every snapshot asked for by later() so far (and any asked meanwhile) is written or has failed. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all(this.#pending.keys());
  }

  /** Logs and keeps a failed automatic snapshot: refusing the command would do the venue more harm than a missing copy. */
  failed(reason: SnapshotReason, error: unknown, at = new Date()): void {
    console.error(`Snapshot ${reasonLabel(reason)} failed:`, error);
    this.#failures.unshift({ reason, at, message: error instanceof Error ? error.message : String(error) });
    this.#failures.length = Math.min(this.#failures.length, FAILURES_KEPT);
  }

  async take(reason: SnapshotReason, now = new Date()): Promise<StoredSnapshot> {
    const fingerprint = await markingFingerprint(this.db);
    const taken = await this.snapshots.take(reason, now);
    this.lastFingerprint = fingerprint;
    return taken;
  }

  /** The timer's tick: a snapshot only while a round is being marked and something changed. */
  async periodic(now = new Date()): Promise<StoredSnapshot | null> {
    if (!(await beingMarked(this.db))) return null;
    if ((await markingFingerprint(this.db)) === this.lastFingerprint) return null;
    return this.take({ kind: 'periodic' }, now);
  }
}

/**
 * Audited actions that only read or copy data (revealing names, downloads, snapshots): recorded,
 * but nothing a snapshot would save. Without this, the audit entry of a manual snapshot made the
 * next tick take another one.
 */
const READ_ONLY_ACTIONS = ['backup.snapshot', 'backup.download', 'event.archive', 'decrypt', 'decrypt.export', 'draw.codeCards', 'registration.printFullIds'];

/**
 * Changes worth a snapshot: every mark change appends a MarkChange, sign-offs are added or
 * revoked, and draws, locks, corrections and publications are audited. Sessions coming and going
 * are not worth one.
 */
async function markingFingerprint(db: Db): Promise<string> {
  const readOnly = READ_ONLY_ACTIONS.map((action) => `'${action}'`).join(', ');
  const [row] = await db.$queryRawUnsafe<{ fp: string }[]>(
    `SELECT (SELECT coalesce(max(id), 0) FROM "MarkChange") || ':' ||
            (SELECT coalesce(max(id), 0) FROM "AuditEntry" WHERE action NOT IN (${readOnly})) || ':' ||
            (SELECT count(*) FROM "SheetSignoff") || ':' || (SELECT count(*) FROM "SheetSignoff" WHERE "revokedAt" IS NOT NULL) AS fp`,
  );
  return String(row?.fp ?? '');
}

/** A round is being marked while it is unlocked in an event under way. */
async function beingMarked(db: Db): Promise<boolean> {
  const open = await db.round.count({ where: { lockedAt: null, skill: { event: { status: 'in_progress' } } } });
  return open > 0;
}

const attached = new WeakMap<Db, Backups>();

export function attachBackups(db: Db, snapshots: Snapshots): Backups {
  const backups = new Backups(db, snapshots);
  attached.set(db, backups);
  return backups;
}

export function backupsOf(db: Db): Backups | undefined {
  return attached.get(db);
}

/**
 * The hook of a command that is about to change something worth going back from (a draw): the
 * snapshot is written before the command goes on. A failed snapshot (disk full…) is logged and
 * listed, and does not stop the command.
 */
export async function snapshotAt(db: Db, reason: SnapshotReason): Promise<void> {
  const backups = attached.get(db);
  if (!backups) return;
  try {
    await backups.take(reason);
  } catch (error) {
    backups.failed(reason, error);
  }
}

/**
 * The hook of a command that has committed what the snapshot should hold (a lock, a
 * publication): the commit is durable before the answer (synchronous = FULL), so the copy need
 * not hold the answer up. Copying a 140 MB database takes about a second; it is queued and
 * written after the answer. Tests and shutdown wait for it with backupsOf(db).settled().
 */
export function snapshotAfter(db: Db, reason: SnapshotReason): void {
  attached.get(db)?.later(reason);
}

/** Starts the timer of periodic snapshots (every `minutes`, 0 = never); returns its stop. */
export function startPeriodicSnapshots(backups: Backups, minutes: number): () => void {
  if (!(minutes > 0)) return () => {};
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await backups.periodic();
    } catch (error) {
      console.error('Periodic snapshot failed:', error);
    } finally {
      running = false;
    }
  }, minutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Automatic snapshots, bound to the app's database: the risky commands (draw, lock,
 * publication) call snapshotAt(db, …), the server's timer calls Backups.periodic(). A database
 * with no backups attached (unit tests of the commands, scripts) simply takes none.
 */
import type { Db } from '../db/client.ts';
import { reasonLabel, type SnapshotReason } from '../domain/backups.ts';
import { RestoreGate } from './gate.tsx';
import { Snapshots, type StoredSnapshot } from './snapshots.ts';

export class Backups {
  /** What the marking data looked like when the last snapshot was taken, whatever its reason. */
  private lastFingerprint: string | null = null;
  /** Holds requests off while a restore writes over the live database. */
  readonly gate = new RestoreGate();

  constructor(readonly db: Db, readonly snapshots: Snapshots) {}

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
 * The risky commands' hook. A failed snapshot (disk full…) is logged and does not stop the draw,
 * lock or publication: refusing them would do the venue more harm than a missing copy.
 */
export async function snapshotAt(db: Db, reason: SnapshotReason): Promise<void> {
  const backups = attached.get(db);
  if (!backups) return;
  try {
    await backups.take(reason);
  } catch (error) {
    console.error(`Snapshot ${reasonLabel(reason)} failed:`, error);
  }
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

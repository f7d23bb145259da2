import { requiredReason, z } from '../zod.ts';
import { recordAudit } from '../audit/record.ts';
import type { Db } from '../db/client.ts';
import { notifierOf } from '../live/notifier.ts';
import { conflict, done, notFound, parse, type Outcome } from '../outcome.ts';
import type { Backups } from './index.ts';
import { restoreDatabase, type Refusal } from './restore.ts';
import { native } from '../db/native.ts';
import type { StoredSnapshot } from './snapshots.ts';

export interface Actor {
  accountId: number;
}

/** "Take a snapshot now", from the organizer's screen. */
export async function takeSnapshotNow(db: Db, backups: Backups, actor: Actor): Promise<Outcome<StoredSnapshot>> {
  const snapshot = await backups.take({ kind: 'manual' });
  await recordAudit(db, { accountId: actor.accountId, eventId: null, action: 'backup.snapshot', subject: snapshot.name, details: { size: snapshot.size } });
  return done(snapshot);
}

/** A download is a full copy of everybody's personal data: it is audited, with the file's name. */
export async function snapshotForDownload(db: Db, backups: Backups, actor: Actor, name: string): Promise<Outcome<string>> {
  const file = await backups.snapshots.file(name);
  if (!file) return notFound();
  await recordAudit(db, { accountId: actor.accountId, eventId: null, action: 'backup.download', subject: name });
  return done(file);
}

export const restoreInput = z.object({
  reason: requiredReason('backups.error.reasonRequired'),
});

/** The catalogue key that explains why a file cannot be restored. */
export function refusalKey(refusal: Refusal): string {
  return refusal.reason === 'migrations' ? `backups.refused.migrations.${refusal.check.reason}` : `backups.refused.${refusal.reason}`;
}

export interface Restored {
  name: string;
  before: string | null;
  migrated: string[];
}

/**
 * Restores a listed snapshot while the server runs (see gate.tsx and restore.ts). The organizer
 * who restores stays signed in (their sessions are carried over when their account is in the
 * snapshot); everybody else signs in again as the snapshot knew them. The reason is recorded in
 * the restored database's audit log, with the before-restore snapshot that undoes it.
 */
export async function restoreSnapshot(db: Db, backups: Backups, actor: Actor, name: string, raw: unknown): Promise<Outcome<Restored>> {
  const parsed = parse(restoreInput, raw);
  if (!parsed.ok) return parsed;
  const file = await backups.snapshots.file(name);
  if (!file) return notFound();
  const outcome = await backups.gate.exclusive(1, async (): Promise<Outcome<Restored>> => {
    const account = await db.account.findUnique({ where: { id: actor.accountId }, select: { username: true } });
    const sessions = await db.session.findMany({ where: { accountId: actor.accountId } });
    const result = await restoreDatabase({
      databaseFile: backups.snapshots.settings.databaseFile,
      source: file,
      snapshots: backups.snapshots,
      takeBefore: () => backups.take({ kind: 'before-restore' }),
    });
    if (!result.ok) return conflict(refusalKey(result), { name });
    // Written through another connection: nothing cached from before may be served.
    native(db).generations.wroteAll();
    const same = await db.account.findUnique({ where: { id: actor.accountId }, select: { username: true } });
    const stillThere = same !== null && same.username === account?.username;
    if (stillThere) {
      for (const s of sessions) await db.session.upsert({ where: { id: s.id }, create: s, update: {} });
    }
    await recordAudit(db, {
      accountId: stillThere ? actor.accountId : null,
      eventId: null,
      action: 'backup.restore',
      subject: name,
      details: { reason: parsed.value.reason, before: result.before?.name ?? null, migrated: result.migrated, by: account?.username ?? null },
    });
    // Every open desk and big screen shows the restored state at once.
    for (const topic of notifierOf(db).eventNames()) notifierOf(db).changed(String(topic));
    return done({ name, before: result.before?.name ?? null, migrated: result.migrated });
  });
  return outcome ?? conflict('backups.error.busy');
}

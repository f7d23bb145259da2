import { createHash } from 'node:crypto';
import { recordAudit } from '../audit/record.ts';
import type { Db } from '../db/client.ts';
import { done, notFound, type Outcome } from '../outcome.ts';
import { buildEventArchive, type EventArchive } from './build.ts';

/** The organizer downloads the event's archive: full personal data, so the download is audited. */
export async function exportEventArchive(db: Db, actor: { accountId: number }, eventId: number): Promise<Outcome<EventArchive>> {
  const archive = await buildEventArchive(db, eventId);
  if (!archive) return notFound();
  await recordAudit(db, {
    accountId: actor.accountId, eventId, action: 'event.archive', subject: archive.filename,
    details: { auditUpTo: archive.auditUpTo, bytes: archive.bytes.length, sha256: createHash('sha256').update(archive.bytes).digest('hex') },
  });
  return done(archive);
}

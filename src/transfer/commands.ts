import { recordAudit } from '../audit/record.ts';
import type { Db } from '../db/client.ts';
import { done, notFound, type Outcome } from '../outcome.ts';
import type { PhotoStore } from '../registration/photo-store.ts';
import { buildTransferFile, type TransferFile } from './export.ts';

export { importTransferFile } from './import.ts';

/** The organizer downloads the event's transfer file: everybody's personal data, so it is audited. */
export async function exportEvent(db: Db, photos: PhotoStore, actor: { accountId: number }, eventId: number): Promise<Outcome<TransferFile>> {
  const file = await buildTransferFile(db, photos, eventId);
  if (!file) return notFound();
  await recordAudit(db, {
    accountId: actor.accountId, eventId, action: 'event.transfer.export', subject: file.filename,
    details: { bytes: file.bytes.length, rows: file.rows, sha256: file.sha256 },
  });
  return done(file);
}

/** The name the import page says the event will belong to. */
export async function federationName(db: Db, id: number): Promise<string> {
  return (await db.federation.findUnique({ where: { id }, select: { name: true } }))?.name ?? '';
}

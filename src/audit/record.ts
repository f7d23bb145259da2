import type { Prisma } from '../db/generated/client.ts';
import type { Db } from '../db/client.ts';

/** Appends to the audit log (the database refuses edits and deletions of it). */
export async function recordAudit(
  db: Db | Prisma.TransactionClient,
  entry: { accountId: number | null; eventId: number | null; action: string; subject?: string; details?: Record<string, unknown> },
): Promise<void> {
  await db.auditEntry.create({
    data: {
      accountId: entry.accountId,
      eventId: entry.eventId,
      action: entry.action,
      subject: entry.subject ?? '',
      details: JSON.stringify(entry.details ?? {}),
    },
  });
}

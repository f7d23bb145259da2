import { recordAudit } from '../audit/record.ts';
import type { CurrentAccount } from '../auth/sessions.ts';
import type { Db } from '../db/client.ts';
import { matchPair, type PoolFilter } from '../domain/talent-pool.ts';
import { visibleEvents } from '../events/access.ts';
import { done, invalid, notFound, type Outcome } from '../outcome.ts';

export const matchDecisions = ['same', 'different'] as const;
export type MatchDecision = (typeof matchDecisions)[number];

/**
 * An administrator's answer to "are these two one person?", for the two contestant rows the pool
 * showed him (never ID numbers in a form). Both must be in events he may see, and be a pair the
 * pool asks about (the same name and birth date): the answer changes his federation's whole
 * pool, so it is not for any two rows. It replaces an earlier one for the pair, and is audited.
 */
export async function decideMatch(db: Db, account: CurrentAccount, contestants: [number, number], decision: string): Promise<Outcome<{ decision: MatchDecision }>> {
  if (!(matchDecisions as readonly string[]).includes(decision)) return invalid([{ field: 'decision', key: 'validation.choice' }]);
  const rows = await db.contestant.findMany({ where: { id: { in: contestants }, event: visibleEvents(account) }, select: { id: true, idNumber: true, name: true, birthDate: true } });
  const [first, second] = contestants.map((id) => rows.find((r) => r.id === id));
  if (!first || !second) return notFound();
  if (first.idNumber === second.idNumber) return invalid([{ field: '', key: 'pool.match.samePerson' }]);
  if (first.name.trim() !== second.name.trim() || first.birthDate !== second.birthDate) return invalid([{ field: '', key: 'pool.match.notSimilar' }]);
  const [idNumberA, idNumberB] = matchPair(first.idNumber, second.idNumber);
  const key = { federationId_idNumberA_idNumberB: { federationId: account.federationId, idNumberA, idNumberB } };
  const chosen = decision as MatchDecision;
  await db.$transaction(async (tx) => {
    await tx.personMatch.upsert({ where: key, create: { ...key.federationId_idNumberA_idNumberB, decision: chosen, decidedById: account.id }, update: { decision: chosen, decidedById: account.id, decidedAt: new Date() } });
    await recordAudit(tx, { accountId: account.id, eventId: null, action: 'pool.match', subject: chosen, details: { contestants, decision: chosen } });
  });
  return done({ decision: chosen });
}

/** Who took the pool away as XLSX, with which search and how many people: audited (pool.export). */
export async function recordPoolExport(db: Db, account: CurrentAccount, filter: PoolFilter, people: number): Promise<void> {
  await recordAudit(db, { accountId: account.id, eventId: null, action: 'pool.export', subject: String(people), details: { filter, people } });
}

import { recordAudit } from '../audit/record.ts';
import type { CurrentAccount } from '../auth/sessions.ts';
import type { Db } from '../db/client.ts';
import { matchPair } from '../domain/talent-pool.ts';
import { visibleEvents } from '../events/access.ts';
import { done, invalid, notFound, type Outcome } from '../outcome.ts';

export const matchDecisions = ['same', 'different'] as const;
export type MatchDecision = (typeof matchDecisions)[number];

/**
 * An organizer's answer to "are these two one person?", for the two contestant rows the pool
 * showed him (never ID numbers in a form). Both must be in events he may see; the answer is
 * his federation's, replaces an earlier one for the pair, and is audited.
 */
export async function decideMatch(db: Db, account: CurrentAccount, contestants: [number, number], decision: string): Promise<Outcome<{ decision: MatchDecision }>> {
  if (!(matchDecisions as readonly string[]).includes(decision)) return invalid([{ field: 'decision', key: 'validation.choice' }]);
  const rows = await db.contestant.findMany({ where: { id: { in: contestants }, event: visibleEvents(account) }, select: { id: true, idNumber: true } });
  const [first, second] = contestants.map((id) => rows.find((r) => r.id === id));
  if (!first || !second) return notFound();
  if (first.idNumber === second.idNumber) return invalid([{ field: '', key: 'pool.match.samePerson' }]);
  const [idNumberA, idNumberB] = matchPair(first.idNumber, second.idNumber);
  const key = { federationId_idNumberA_idNumberB: { federationId: account.federationId, idNumberA, idNumberB } };
  const chosen = decision as MatchDecision;
  await db.$transaction(async (tx) => {
    await tx.personMatch.upsert({ where: key, create: { ...key.federationId_idNumberA_idNumberB, decision: chosen, decidedById: account.id }, update: { decision: chosen, decidedById: account.id, decidedAt: new Date() } });
    await recordAudit(tx, { accountId: account.id, eventId: null, action: 'pool.match', subject: chosen, details: { contestants, decision: chosen } });
  });
  return done({ decision: chosen });
}

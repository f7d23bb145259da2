import type { Db } from '../db/client.ts';
import { currentDraw } from '../draw/queries.ts';

/** One recorded status change, for the history lists (results screen, desk, API). */
export interface StatusHistoryRow {
  id: number;
  entryId: number;
  bib: string;
  /** The entry's secret codes in the skill's draws in force (how the desk names it). */
  codes: string[];
  roundId: number | null;
  roundName: string | null;
  from: string;
  to: string;
  reason: string;
  at: Date;
  by: string;
}

/** Entry id → its codes in the draws in force of the skill's rounds (distinct, in round order). */
export async function entryCodes(db: Db, skillId: number): Promise<Map<number, string[]>> {
  const rounds = await db.round.findMany({ where: { skillId }, orderBy: [{ position: 'asc' }, { id: 'asc' }], select: { id: true } });
  const codes = new Map<number, string[]>();
  const seen = new Set<number>();
  for (const round of rounds) {
    const draw = await currentDraw(db, skillId, round.id);
    if (!draw || seen.has(draw.id)) continue;
    seen.add(draw.id);
    for (const a of await db.drawAssignment.findMany({ where: { drawId: draw.id }, select: { entryId: true, code: true } })) {
      codes.set(a.entryId, [...(codes.get(a.entryId) ?? []), a.code]);
    }
  }
  return codes;
}

/** Every status change of a skill's entries, newest first. */
export async function statusHistory(db: Db, skillId: number): Promise<StatusHistoryRow[]> {
  const [rows, codes] = await Promise.all([
    db.entryStatusChange.findMany({
      where: { skillId },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      include: { entry: { select: { bib: true } }, round: { select: { name: true } } },
    }),
    entryCodes(db, skillId),
  ]);
  const accounts = await db.account.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.accountId))] } }, select: { id: true, displayName: true } });
  return rows.map((r) => ({
    id: r.id, entryId: r.entryId, bib: r.entry.bib, codes: codes.get(r.entryId) ?? [], roundId: r.roundId, roundName: r.round?.name ?? null,
    from: r.fromStatus, to: r.toStatus, reason: r.reason, at: r.at, by: accounts.find((a) => a.id === r.accountId)?.displayName ?? '',
  }));
}

/**
 * Status changes recorded after the skill's publication in force: they are not in its frozen
 * snapshot and reach the public only through a new version. Null before the first publication.
 */
export async function changesSincePublication(db: Db, skillId: number): Promise<{ version: number; changes: number } | null> {
  const current = await db.publication.findFirst({ where: { skillId, supersededAt: null }, orderBy: { version: 'desc' }, select: { version: true, publishedAt: true } });
  if (!current) return null;
  const changes = await db.entryStatusChange.count({ where: { skillId, at: { gt: current.publishedAt } } });
  return { version: current.version, changes };
}

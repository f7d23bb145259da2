import type { Db } from '../db/client.ts';

export interface DrawSummary {
  id: number;
  roundId: number | null;
  roundName: string | null;
  drawnAt: Date;
  drawnBy: string;
  reason: string;
  supersededAt: Date | null;
  seed: string;
}

export async function drawHistory(db: Db, skillId: number): Promise<DrawSummary[]> {
  const draws = await db.draw.findMany({
    where: { skillId },
    orderBy: { id: 'desc' },
    include: { drawnBy: { select: { displayName: true } }, round: { select: { name: true } } },
  });
  return draws.map((d) => ({
    id: d.id, roundId: d.roundId, roundName: d.round?.name ?? null, drawnAt: d.drawnAt, drawnBy: d.drawnBy.displayName,
    reason: d.reason, supersededAt: d.supersededAt, seed: d.seed,
  }));
}

export interface SeatingRow {
  station: number;
  bib: string;
  name: string;
  organizationName: string;
}

/**
 * Who sits at which station, for seating contestants: deliberately without the secret codes,
 * which only the code cards (station → code, no names) and, after the lock, decryption reveal.
 */
export async function seating(db: Db, drawId: number): Promise<SeatingRow[]> {
  const rows = await db.drawAssignment.findMany({
    where: { drawId },
    orderBy: { station: 'asc' },
    include: { entry: { include: { contestant: { include: { organization: { select: { name: true } } } } } } },
  });
  return rows.map((r) => ({ station: r.station, bib: r.entry.bib, name: r.entry.contestant.name, organizationName: r.entry.contestant.organization.name }));
}

/** Station → code, with no names: printed as cards that venue staff place at the stations. */
export async function codeCards(db: Db, drawId: number): Promise<{ station: number; code: string }[]> {
  return db.drawAssignment.findMany({ where: { drawId }, orderBy: { station: 'asc' }, select: { station: true, code: true } });
}

/** The codes alone, as judges and chief judges will see them. */
export async function judgingCodes(db: Db, drawId: number): Promise<{ entryId: number; code: string }[]> {
  return db.drawAssignment.findMany({ where: { drawId }, orderBy: { code: 'asc' }, select: { entryId: true, code: true } });
}

/** The current draw that applies to a round: its own draw, else the skill-wide one. */
export async function currentDraw(db: Db, skillId: number, roundId: number | null) {
  if (roundId !== null) {
    const own = await db.draw.findFirst({ where: { skillId, roundId, supersededAt: null } });
    if (own) return own;
  }
  return db.draw.findFirst({ where: { skillId, roundId: null, supersededAt: null } });
}

/** Code → contestant, allowed only once the round is locked (二次加密 is lifted then). */
export async function decryption(db: Db, roundId: number) {
  const round = await db.round.findUnique({ where: { id: roundId } });
  if (!round || !round.lockedAt) return null;
  const draw = await currentDraw(db, round.skillId, roundId);
  if (!draw) return [];
  const rows = await db.drawAssignment.findMany({
    where: { drawId: draw.id },
    orderBy: { code: 'asc' },
    include: { entry: { include: { contestant: { include: { organization: { select: { name: true } } } } } } },
  });
  return rows.map((r) => ({ code: r.code, station: r.station, bib: r.entry.bib, name: r.entry.contestant.name, organizationName: r.entry.contestant.organization.name }));
}

import { hash } from 'node:crypto';
import type { Db } from '../db/client.ts';

export interface DrawSummary {
  id: number;
  roundId: number | null;
  roundName: string | null;
  drawnAt: Date;
  drawnBy: string;
  reason: string;
  supersededAt: Date | null;
  /** The draw this one replaced, if it was a redo. */
  supersedes: number | null;
  /** A commitment to the seed, shown from the start so the seed revealed later can be checked. */
  seedSha256: string;
  /**
   * The seed replays the whole draw, secret codes included, so it stays hidden until every
   * round the draw applies to is locked (the round drawn, or all of the skill's rounds).
   */
  seed: string | null;
}

/** A skill's draws, newest first, superseded ones included. */
export async function drawHistory(db: Db, skillId: number): Promise<DrawSummary[]> {
  const [draws, rounds] = await Promise.all([
    db.draw.findMany({
      where: { skillId },
      orderBy: { id: 'desc' },
      include: { drawnBy: { select: { displayName: true } }, round: { select: { name: true } } },
    }),
    db.round.findMany({ where: { skillId }, select: { id: true, lockedAt: true } }),
  ]);
  const locked = new Set(rounds.filter((r) => r.lockedAt !== null).map((r) => r.id));
  const allLocked = rounds.length > 0 && locked.size === rounds.length;
  return draws.map((d) => {
    // Each draw of a skill and round replaces the one in force, so the latest earlier one is what it superseded.
    const earlier = draws.filter((e) => e.roundId === d.roundId && e.id < d.id);
    const revealed = d.roundId === null ? allLocked : locked.has(d.roundId);
    return {
      id: d.id, roundId: d.roundId, roundName: d.round?.name ?? null, drawnAt: d.drawnAt, drawnBy: d.drawnBy.displayName,
      reason: d.reason, supersededAt: d.supersededAt,
      supersedes: earlier.length > 0 ? Math.max(...earlier.map((e) => e.id)) : null,
      seedSha256: hash('sha256', Buffer.from(d.seed, 'hex')),
      seed: revealed ? d.seed : null,
    };
  });
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
  // The newest, should two be in force (a double click on the first draw): the mark transaction's check finds the same one (src/judging/mark-store.ts).
  if (roundId !== null) {
    const own = await db.draw.findFirst({ where: { skillId, roundId, supersededAt: null }, orderBy: { id: 'desc' } });
    if (own) return own;
  }
  return db.draw.findFirst({ where: { skillId, roundId: null, supersededAt: null }, orderBy: { id: 'desc' } });
}

/** Code → contestant, allowed only once the round is locked (二次加密 is lifted then). */
export async function decryption(db: Db, roundId: number) {
  const round = await db.round.findUnique({ where: { id: roundId } });
  if (!round || !round.lockedAt) return null;
  const draw = await currentDraw(db, round.skillId, roundId);
  if (!draw) return [];
  // A skill-wide draw's codes serve every round without a draw of its own: decrypting them
  // while one of those rounds is still being marked would unseal it, so all must be locked.
  if (draw.roundId === null) {
    const sharing = await db.round.findMany({ where: { skillId: round.skillId, draws: { none: { supersededAt: null } } }, select: { lockedAt: true } });
    if (sharing.some((r) => r.lockedAt === null)) return null;
  }
  const rows = await db.drawAssignment.findMany({
    where: { drawId: draw.id },
    orderBy: { code: 'asc' },
    include: { entry: { include: { contestant: { include: { organization: { select: { name: true } } } } } } },
  });
  return rows.map((r) => ({ code: r.code, station: r.station, bib: r.entry.bib, name: r.entry.contestant.name, organizationName: r.entry.contestant.organization.name }));
}

import type { Db } from '../db/client.ts';
import { recordAudit } from '../audit/record.ts';
import { snapshotAt } from '../backups/index.ts';
import { drawStations, newSeed, seededRandom } from '../domain/draw.ts';
import { teamDrawProblems } from '../domain/teams.ts';
import { conflict, done, invalid, notFound, type Outcome } from '../outcome.ts';
import { codeCards } from './queries.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/**
 * Draws lots for a skill (or one round of it, where stations change between rounds): every
 * present entry gets a station and a separate secret code, derived from a fresh random seed
 * that is stored, so the draw can be reproduced in an audit. A second draw for the same skill
 * and round is a redo: it needs a reason, and the earlier draw stays on record, superseded.
 */
export async function drawLots(
  db: Db,
  skillId: number,
  input: { roundId: number | null; reason: string },
  accountId: number,
): Promise<Outcome<number>> {
  const skill = await db.skill.findUnique({ where: { id: skillId }, include: { event: true, rounds: { select: { id: true } } } });
  if (!skill) return notFound();
  if (skill.event.status !== 'in_progress') return conflict('draw.error.notStarted');
  if (input.roundId !== null && !skill.rounds.some((r) => r.id === input.roundId)) return notFound();

  const entries = await db.entry.findMany({ where: { skillId }, select: { id: true, attendance: true }, orderBy: { id: 'asc' } });
  const unchecked = entries.filter((e) => e.attendance === null).length;
  if (unchecked > 0) return conflict('draw.error.unchecked', { count: unchecked });
  const present = entries.filter((e) => e.attendance === 'present').map((e) => e.id);
  if (present.length === 0) return conflict('draw.error.nobody');
  const organizations = await db.organization.findMany({
    where: { approvedAt: null, contestants: { some: { entries: { some: { skillId } } } } },
    select: { name: true },
  });
  if (organizations.length > 0) return conflict('draw.error.unapproved', { names: organizations.map((o) => o.name).join('、') });
  if (skill.teamSkill) {
    // Teams are fixed before the draw (src/domain/teams.ts); check-in leaves them as they are.
    const [members, teams] = await Promise.all([
      db.entry.findMany({ where: { skillId }, select: { team: { select: { teamId: true } } } }),
      db.team.findMany({ where: { skillId }, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    ]);
    const check = teamDrawProblems(members.map((e) => ({ teamId: e.team?.teamId ?? null })), teams, { min: skill.teamSizeMin, max: skill.teamSizeMax });
    if (check.unassigned > 0) return conflict('draw.error.teamless', { count: check.unassigned });
    if (check.badSize.length > 0) {
      return conflict('draw.error.teamSize', { min: skill.teamSizeMin, max: skill.teamSizeMax, names: check.badSize.map((t) => `${t.name} (${t.members})`).join('、') });
    }
  }

  const previous = await db.draw.findFirst({ where: { skillId, roundId: input.roundId, supersededAt: null } });
  if (previous && input.reason.trim() === '') return invalid([{ field: 'reason', key: 'draw.error.reasonRequired' }]);

  // A draw cannot be taken back silently, so the state before it is kept.
  await snapshotAt(db, { kind: 'before-draw', skillId });
  const seed = newSeed();
  const assignments = drawStations(present, seededRandom(seed));
  const drawId = await db.$transaction(async (tx) => {
    if (previous) await tx.draw.update({ where: { id: previous.id }, data: { supersededAt: new Date() } });
    const draw = await tx.draw.create({
      data: { skillId, roundId: input.roundId, seed: hex(seed), drawnById: accountId, reason: previous ? input.reason.trim() : '' },
    });
    await tx.drawAssignment.createMany({ data: assignments.map((a) => ({ drawId: draw.id, ...a })) });
    await recordAudit(tx, {
      accountId,
      eventId: skill.eventId,
      action: previous ? 'draw.redo' : 'draw',
      subject: skill.name,
      details: { drawId: draw.id, roundId: input.roundId, entries: present.length, ...(previous ? { supersedes: previous.id, reason: input.reason.trim() } : {}) },
    });
    return draw.id;
  });
  return done(drawId);
}

export interface CodeCards {
  drawId: number;
  skillId: number;
  skillName: string;
  eventName: string;
  roundId: number | null;
  roundName: string | null;
  /** A later draw replaced this one: its cards are not the ones at the stations. */
  supersededAt: Date | null;
  cards: { station: number; code: string }[];
}

/**
 * The code cards (station → secret code, no names) for the person who prints them and places
 * them at the stations. The codes are what 二次加密 hides from judges, so every printing is on
 * record: who, when, which draw.
 */
export async function issueCodeCards(db: Db, drawId: number, accountId: number): Promise<Outcome<CodeCards>> {
  const draw = await db.draw.findUnique({
    where: { id: drawId },
    select: { id: true, skillId: true, roundId: true, supersededAt: true, round: { select: { name: true } }, skill: { select: { name: true, eventId: true, event: { select: { name: true } } } } },
  });
  if (!draw) return notFound();
  const cards = await codeCards(db, draw.id);
  const roundName = draw.round?.name ?? null;
  await recordAudit(db, {
    accountId, eventId: draw.skill.eventId, action: 'draw.codeCards', subject: roundName ? `${draw.skill.name} · ${roundName}` : draw.skill.name,
    details: { drawId: draw.id, cards: cards.length },
  });
  return done({
    drawId: draw.id, skillId: draw.skillId, skillName: draw.skill.name, eventName: draw.skill.event.name,
    roundId: draw.roundId, roundName, supersededAt: draw.supersededAt, cards,
  });
}

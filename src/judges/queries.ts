import type { Db } from '../db/client.ts';

/** What the API reads of an event's judges and a skill's assignments (the screens show the same). */

export interface JudgeRow {
  id: number;
  number: number;
  name: string;
  /** Added as 裁判长: the account may chair a skill (which skill is the skill's chiefJudgeId). */
  chief: boolean;
  organizationId: number | null;
  organizationName: string | null;
  /** The skills this judge chairs. */
  chiefOf: number[];
}

export interface JudgeRoster {
  eventId: number;
  /** The event code judges type on the tablet (and send to /api/v1/judge/tokens); null before the first judge. */
  eventCode: string | null;
  judges: JudgeRow[];
}

/** The event's judges by number; null when there is no such event. */
export async function judgeRoster(db: Db, eventId: number): Promise<JudgeRoster | null> {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true, judgeCode: true } });
  if (!event) return null;
  const [judges, chairs] = await Promise.all([
    db.eventJudge.findMany({
      where: { eventId },
      orderBy: { number: 'asc' },
      include: { account: { select: { displayName: true, role: true } }, organization: { select: { name: true } } },
    }),
    db.skill.findMany({ where: { eventId, chiefJudgeId: { not: null } }, select: { id: true, chiefJudgeId: true }, orderBy: { position: 'asc' } }),
  ]);
  return {
    eventId: event.id,
    eventCode: event.judgeCode,
    judges: judges.map((j) => ({
      id: j.id, number: j.number, name: j.account.displayName, chief: j.account.role === 'chief_judge',
      organizationId: j.organizationId, organizationName: j.organization?.name ?? null,
      chiefOf: chairs.filter((s) => s.chiefJudgeId === j.id).map((s) => s.id),
    })),
  };
}

/** The event of a judge; null when there is no such judge. */
export async function judgeEventId(db: Db, judgeId: number): Promise<number | null> {
  return (await db.eventJudge.findUnique({ where: { id: judgeId }, select: { eventId: true } }))?.eventId ?? null;
}

export interface SkillAssignments {
  skillId: number;
  chiefJudgeId: number | null;
  rounds: {
    roundId: number;
    roundName: string;
    locked: boolean;
    /** Per judge: null for the whole round, else the aspects, in scheme order. */
    judges: { judgeId: number; aspectIds: number[] | null }[];
  }[];
}

/** A skill's chief judge and who marks which round or aspects; null when there is no such skill. */
export async function skillAssignments(db: Db, skillId: number): Promise<SkillAssignments | null> {
  const skill = await db.skill.findUnique({
    where: { id: skillId },
    select: {
      id: true, chiefJudgeId: true,
      rounds: {
        orderBy: { position: 'asc' },
        select: {
          id: true, name: true, lockedAt: true,
          criteria: { orderBy: { position: 'asc' }, select: { aspects: { orderBy: { position: 'asc' }, select: { id: true } } } },
          assignments: { select: { judgeId: true, aspectId: true, judge: { select: { number: true } } } },
        },
      },
    },
  });
  if (!skill) return null;
  return {
    skillId: skill.id,
    chiefJudgeId: skill.chiefJudgeId,
    rounds: skill.rounds.map((round) => {
      const order = round.criteria.flatMap((c) => c.aspects.map((a) => a.id));
      const byJudge = new Map<number, { number: number; whole: boolean; aspects: Set<number> }>();
      for (const a of round.assignments) {
        const entry = byJudge.get(a.judgeId) ?? { number: a.judge.number, whole: false, aspects: new Set<number>() };
        if (a.aspectId === null) entry.whole = true;
        else entry.aspects.add(a.aspectId);
        byJudge.set(a.judgeId, entry);
      }
      return {
        roundId: round.id,
        roundName: round.name,
        locked: round.lockedAt !== null,
        judges: [...byJudge.entries()]
          .sort(([, a], [, b]) => a.number - b.number)
          .map(([judgeId, a]) => ({ judgeId, aspectIds: a.whole ? null : order.filter((id) => a.aspects.has(id)) })),
      };
    }),
  };
}

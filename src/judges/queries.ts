import type { Db } from '../db/client.ts';
import { aspectCoverage, isCompeting, type AspectCoverage } from '../domain/judging.ts';
import type { AspectRule } from '../domain/marking-scheme.ts';

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

export interface RoundCoverage {
  roundId: number;
  judgesPerAspect: number;
  aspects: (Omit<AspectCoverage, 'gaps'> & { code: string; name: string; gaps: (AspectCoverage['gaps'][number] & { organizationName: string })[] })[];
}

/**
 * Per round of a skill, each aspect's judges against the requirement (judgesPerAspect for
 * judgement aspects, one otherwise) and the organizations whose entries fall short after
 * recusal, for the assignment screen. Organizations count when they have a competing entry.
 */
export async function skillCoverage(db: Db, skillId: number): Promise<RoundCoverage[]> {
  const skill = await db.skill.findUnique({
    where: { id: skillId },
    select: {
      judgesPerAspect: true,
      rounds: { orderBy: { position: 'asc' }, select: { id: true, criteria: { orderBy: { position: 'asc' }, select: { aspects: { orderBy: { position: 'asc' }, select: { id: true, code: true, name: true, maxMark: true, rule: true } } } } } },
      entries: { select: { status: true, contestant: { select: { organizationId: true, organization: { select: { name: true } } } } } },
    },
  });
  if (!skill) return [];
  const assignments = await db.judgeAssignment.findMany({
    where: { roundId: { in: skill.rounds.map((r) => r.id) } },
    select: { roundId: true, aspectId: true, judge: { select: { id: true, organizationId: true } } },
  });
  const competing = skill.entries.filter((e) => isCompeting(e.status));
  const organizationName = new Map(competing.map((e) => [e.contestant.organizationId, e.contestant.organization.name]));
  return skill.rounds.map((round) => {
    const aspects = round.criteria.flatMap((c) => c.aspects);
    const judges = new Map<number, { id: number; organizationId: number | null; aspectIds: number[] }>();
    for (const a of assignments.filter((row) => row.roundId === round.id)) {
      const judge = judges.get(a.judge.id) ?? { id: a.judge.id, organizationId: a.judge.organizationId, aspectIds: [] };
      judge.aspectIds.push(...(a.aspectId === null ? aspects.map((x) => x.id) : [a.aspectId]));
      judges.set(a.judge.id, judge);
    }
    const coverage = aspectCoverage(
      aspects.map((a) => ({ id: a.id, aspect: { code: a.code, name: a.name, maxMark: a.maxMark, rule: JSON.parse(a.rule) as AspectRule } })),
      [...judges.values()].map((j) => ({ ...j, aspectIds: [...new Set(j.aspectIds)] })),
      [...organizationName.keys()],
      skill.judgesPerAspect,
    );
    return {
      roundId: round.id,
      judgesPerAspect: skill.judgesPerAspect,
      aspects: coverage.map((c, i) => ({
        ...c, code: aspects[i]!.code, name: aspects[i]!.name,
        gaps: c.gaps.map((g) => ({ ...g, organizationName: organizationName.get(g.organizationId) ?? '' })),
      })),
    };
  });
}

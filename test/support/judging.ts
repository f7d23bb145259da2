import type { Db } from '../../src/db/client.ts';
import { drawLots } from '../../src/draw/commands.ts';
import { addJudges, saveAssignments } from '../../src/judges/commands.ts';
import { createAccount } from './fixtures.ts';
import { idNumber } from './people.ts';

/**
 * A competition ready for marking, built through the real commands: an event in progress, one
 * skill with a practical round (a judgement aspect, a deduction aspect and a time aspect), two
 * organizations with two contestants each, a draw, and three judges with PINs:
 * - `neutral` (no organization) marks every aspect of the round;
 * - `fromA` comes from organization A (recused from A's entries) and marks every aspect;
 * - `partial` marks only the judgement aspect.
 */
export interface WorldJudge {
  judgeId: number;
  accountId: number;
  number: number;
  pin: string;
}

export interface JudgingWorld {
  organizerId: number;
  eventId: number;
  eventCode: string;
  skillId: number;
  roundId: number;
  aspects: { judgement: number; deduction: number; time: number };
  organizations: { a: number; b: number };
  /** Every entry's code, in code order, with its organization. */
  entries: { entryId: number; code: string; organizationId: number }[];
  judges: { neutral: WorldJudge; fromA: WorldJudge; partial: WorldJudge };
}

export const LEVELS: [string, string, string, string] = ['未完成', '基本完成', '良好', '优秀'];

export async function buildJudgingWorld(db: Db): Promise<JudgingWorld> {
  const organizer = await createAccount(db, { username: 'organizer', password: 'organizer-password', displayName: '赵敏' });
  const event = await db.event.create({ data: { name: '2026年定海区职工技能大比武', status: 'in_progress' } });
  const a = await db.organization.create({ data: { eventId: event.id, name: '舟山船舶修造有限公司', approvedAt: new Date() } });
  const b = await db.organization.create({ data: { eventId: event.id, name: '定海机电设备有限公司', approvedAt: new Date() } });
  // The judgement aspect has three judges, one of them recused from organization A's entries: 2 are guaranteed.
  const skill = await db.skill.create({ data: { eventId: event.id, name: '焊工', nameEn: 'Welding', tieBreaks: '[]', judgesPerAspect: 2 } });
  const round = await db.round.create({ data: { skillId: skill.id, code: 'practical', name: '实际操作', weight: 70, maxScore: 100 } });
  const criterion = await db.criterion.create({ data: { roundId: round.id, code: 'A', name: '焊缝质量' } });
  const aspect = (position: number, code: string, name: string, type: string, maxMark: number, rule: object) =>
    db.aspect.create({ data: { criterionId: criterion.id, code, name, type, maxMark, rule: JSON.stringify(rule), position } });
  const judgement = await aspect(0, 'A1', '焊缝成形', 'judgement', 6, { type: 'judgement', levels: LEVELS });
  const deduction = await aspect(1, 'A2', '安全文明生产', 'deduction', 5, { type: 'deduction', perOccurrence: 1, cap: 5 });
  const time = await aspect(2, 'A3', '完成时间', 'time', 4, { type: 'time', limitMinutes: 90, penaltyPerMinute: 1 });

  const people = [
    ['张伟', a.id, '19900101', 1],
    ['李强', a.id, '19950720', 3],
    ['王芳', b.id, '19880315', 2],
    ['陈静', b.id, '19920611', 4],
  ] as const;
  for (const [index, [name, organizationId, birth, sequence]] of people.entries()) {
    const contestant = await db.contestant.create({
      data: { eventId: event.id, organizationId, name, gender: sequence % 2 ? 'male' : 'female', idNumber: idNumber(birth, sequence), birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}` },
    });
    await db.entry.create({
      data: { contestantId: contestant.id, skillId: skill.id, eventId: event.id, bib: `HG${String(index + 1).padStart(3, '0')}`, attendance: 'present' },
    });
  }
  const drawn = await drawLots(db, skill.id, { roundId: null, reason: '' }, organizer.id);
  if (!drawn.ok) throw new Error(`draw failed: ${JSON.stringify(drawn)}`);

  const added = await addJudges(db, event.id, `王建国\n李明, ${a.name}\n赵六`, organizer.id);
  if (!added.ok) throw new Error(`judges failed: ${JSON.stringify(added)}`);
  const [neutral, fromA, partial] = await Promise.all(
    added.value.map(async (issued) => {
      const judge = await db.eventJudge.findUniqueOrThrow({ where: { id: issued.judgeId } });
      return { judgeId: judge.id, accountId: judge.accountId, number: issued.number, pin: issued.pin };
    }),
  );
  const assigned = await saveAssignments(db, skill.id, null, [
    { judgeId: neutral!.judgeId, roundId: round.id, aspectIds: null },
    { judgeId: fromA!.judgeId, roundId: round.id, aspectIds: null },
    { judgeId: partial!.judgeId, roundId: round.id, aspectIds: [judgement.id] },
  ], organizer.id);
  if (!assigned.ok) throw new Error(`assignments failed: ${JSON.stringify(assigned)}`);

  const codes = await db.drawAssignment.findMany({
    where: { drawId: drawn.value },
    orderBy: { code: 'asc' },
    include: { entry: { include: { contestant: { select: { organizationId: true } } } } },
  });
  const { judgeCode } = await db.event.findUniqueOrThrow({ where: { id: event.id } });
  return {
    organizerId: organizer.id,
    eventId: event.id,
    eventCode: judgeCode!,
    skillId: skill.id,
    roundId: round.id,
    aspects: { judgement: judgement.id, deduction: deduction.id, time: time.id },
    organizations: { a: a.id, b: b.id },
    entries: codes.map((c) => ({ entryId: c.entryId, code: c.code, organizationId: c.entry.contestant.organizationId })),
    judges: { neutral: neutral!, fromA: fromA!, partial: partial! },
  };
}

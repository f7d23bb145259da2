import * as assert from 'uvu/assert';
import type { Db } from '../../src/db/client.ts';
import { drawLots } from '../../src/draw/commands.ts';
import { addJudges, saveAssignments } from '../../src/judges/commands.ts';
import { saveMarks, signSheets, type JudgeActor } from '../../src/judging/commands.ts';
import { ORGANIZER, markKey, scored, weldingScheme } from './desk.ts';
import { createAccount } from './fixtures.ts';
import { idNumber } from './people.ts';

/**
 * A round with more codes than one page of the desk (120 by default), every write through the
 * commands so the desk's cache sees them: judges J1 and J2 mark P1 (judgement, levels 0–3,
 * spread limit 1) and P2 (deduction) of the whole round; J3 is the chief judge.
 *
 * State by code position (codes sorted): 0–99 marked by both judges (levels 2 and 2, deduction
 * 0) except position 5, where J1 gives 3 and J2 0 (flagged); 0–89 signed by both; 90–99 marked
 * but unsigned; 100–119 not marked at all (missing, and unsigned).
 */
export interface PagedDesk {
  organizerId: number;
  eventId: number;
  eventCode: string;
  skillId: number;
  roundId: number;
  judgementId: number;
  deductionId: number;
  judges: Record<1 | 2 | 3, JudgeActor & { pin: string }>;
  /** Codes in desk order. */
  codes: string[];
  /** Contestant names (never on the desk). */
  names: string[];
  entryIdOf: Map<string, number>;
}

export const MARKED = 100;
export const SIGNED = 90;
export const FLAGGED = 5;

export async function pagedDesk(db: Db, entries = 120): Promise<PagedDesk> {
  const organizer = await createAccount(db, { ...ORGANIZER, role: 'organizer' });
  const event = await db.event.create({ data: { name: '2026年舟山市职工职业技能大赛', status: 'registration' } });
  const organization = await db.organization.create({ data: { eventId: event.id, name: '舟山船舶修造有限公司', approvedAt: new Date() } });
  const skill = await db.skill.create({ data: { eventId: event.id, name: '焊工', nameEn: 'Welding', spreadLimit: 1, decimals: 2, judgesPerAspect: 2 } });
  const round = await db.round.create({ data: { skillId: skill.id, code: 'practical', name: '实际操作', weight: 100, maxScore: 40 } });
  const { judgement, deduction } = await weldingScheme(db, round.id);
  const names = Array.from({ length: entries }, (_, i) => `选手${String(i + 1).padStart(3, '0')}`);
  const contestants = await db.contestant.createManyAndReturn({
    data: names.map((name, i) => ({
      eventId: event.id, organizationId: organization.id, name, gender: i % 2 ? 'male' : 'female', idNumber: idNumber('19900101', 2 * i + 1), birthDate: '1990-01-01',
    })),
    select: { id: true },
  });
  await db.entry.createMany({
    data: contestants.map((c, i) => ({
      contestantId: c.id, skillId: skill.id, eventId: event.id, bib: String(i + 1).padStart(3, '0'), attendance: 'present', checkedInAt: new Date(),
    })),
  });
  await db.event.update({ where: { id: event.id }, data: { status: 'in_progress' } });
  assert.ok((await drawLots(db, skill.id, { roundId: null, reason: '' }, organizer.id)).ok, 'lots drawn');

  const issued = await addJudges(db, event.id, '李明\n赵刚\n陈静, , 裁判长', organizer.id);
  assert.ok(issued.ok, 'judges added');
  const judges = {} as PagedDesk['judges'];
  for (const pin of issued.ok ? issued.value : []) {
    const row = await db.eventJudge.findUniqueOrThrow({ where: { id: pin.judgeId } });
    judges[pin.number as 1 | 2 | 3] = { accountId: row.accountId, judgeId: row.id, organizationId: row.organizationId, pin: pin.pin };
  }
  const all = (n: 1 | 2) => ({ judgeId: judges[n].judgeId, roundId: round.id, aspectIds: null });
  assert.ok((await saveAssignments(db, skill.id, judges[3].judgeId, [all(1), all(2)], organizer.id)).ok, 'judges assigned');

  const assignments = await db.drawAssignment.findMany({ select: { code: true, entryId: true }, orderBy: { code: 'asc' } });
  const codes = assignments.map((a) => a.code);
  for (const n of [1, 2] as const) {
    const marks = codes.slice(0, MARKED).flatMap((code, i) => [
      { key: markKey(), code, aspectId: judgement.id, mark: scored(i === FLAGGED ? (n === 1 ? 3 : 0) : 2), baseVersion: 0 },
      { key: markKey(), code, aspectId: deduction.id, mark: scored(0), baseVersion: 0 },
    ]);
    assert.ok((await saveMarks(db, judges[n], { roundId: round.id, deviceId: `tablet-${n}`, marks })).ok, `J${n} marks`);
    const signed = await signSheets(db, judges[n], round.id, codes.slice(0, SIGNED), judges[n].pin);
    assert.ok(signed.ok && signed.value.signed.length === SIGNED, `J${n} signs`);
  }
  return {
    organizerId: organizer.id, eventId: event.id, eventCode: (await db.event.findUniqueOrThrow({ where: { id: event.id } })).judgeCode!,
    skillId: skill.id, roundId: round.id, judgementId: judgement.id, deductionId: deduction.id, judges, codes, names,
    entryIdOf: new Map(assignments.map((a) => [a.code, a.entryId])),
  };
}

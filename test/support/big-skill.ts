import { bulkInsert, storedNow } from './bulk.ts';
import * as assert from 'uvu/assert';
import type { Db } from '../../src/db/client.ts';
import { drawLots } from '../../src/draw/commands.ts';
import { addJudges, saveAssignments } from '../../src/judges/commands.ts';
import { ORGANIZER } from './desk.ts';
import { createAccount } from './fixtures.ts';
import { idNumber } from './people.ts';

/**
 * A skill the size of a province-wide final, for the tests that nothing is limited by a skill's
 * size: ENTRIES entries from ORGANIZATIONS organizations, checked in and drawn (through
 * drawLots(), so the draw itself runs at that size), one round of ASPECTS judgement aspects
 * (10 marks each, levels 0–3) marked by 5 judges with the usual trimmed mean, every mark in
 * and every sheet signed (but those of `unsigned`), ready to lock. Judge 1 comes from the first organization, so its
 * entries are marked by the other four (recusal). J6 is the chief judge.
 *
 * The scheme and the judges go through the commands; contestants, entries, marks and
 * signatures, which would take minutes one request at a time, are written with raw inserts
 * in one transaction on a second connection to the same file.
 *
 * Levels: judge j gives entry i on aspect a `base(i, a) + ((i + j) mod 2)`, with base in 0..1,
 * so the judges differ by at most 1 (the spread limit) and no aspect is flagged; totals vary
 * from entry to entry, with ties, as in a real skill. expectedTotal() recomputes them from the
 * same formula, independently of the engine.
 */
export interface BigSkill {
  organizerId: number;
  eventId: number;
  skillId: number;
  roundId: number;
  /** The chief judge's account (J6). */
  chiefAccountId: number;
  /** For the judges' tablets: the event code and each judge's PIN (J1–J6). */
  eventCode: string;
  pins: Map<number, string>;
  entries: number;
  aspects: number;
  marks: number;
  /** Entry index (0-based, bib order) → bib and name. */
  bib(index: number): string;
  name(index: number): string;
  /** The total out of 100, by hand from the marking formula. */
  expectedTotal(index: number): number;
  /** The code an entry drew (by bib), in the draw `drawId`. */
  codes: Map<string, string>;
  drawId: number;
}

export const ORGANIZATIONS = 10;
export const JUDGES = 5;
const ASPECT_MAX = 10;

const base = (entry: number, aspect: number) => ((entry * 7 + aspect * 3) % 5 < 2 ? 1 : 0);
const level = (entry: number, aspect: number, judge: number) => base(entry, aspect) + ((entry + judge) % 2);
const organizationOf = (entry: number) => entry % ORGANIZATIONS;
/** The team whose first member is entry `first`. */
export const teamName = (first: number) => `${String(first + 1).padStart(4, '0')}队`;
/** Judge 1 is from organization 0 and does not mark its entries. */
const marksEntry = (judge: number, entry: number) => !(judge === 1 && organizationOf(entry) === 0);

const levels = ['差', '一般', '良好', '优秀'];

/**
 * `unsigned`: a judge whose marks are all in but whose sheets are left to sign. `teamSize`: a
 * team skill, each team `teamSize` entries of one organization (entries i, i + 10, i + 20…).
 */
export async function bigSkill(db: Db, size: { entries: number; aspects: number; unsigned?: number; teamSize?: number }): Promise<BigSkill> {
  const { entries, aspects } = size;
  const organizer = await createAccount(db, { ...ORGANIZER, role: 'organizer' });
  const event = await db.event.create({ data: { name: '2026年舟山市职工职业技能大赛', status: 'registration', startsOn: new Date('2026-05-12T00:00:00Z') } });
  const organizations: { id: number; name: string }[] = [];
  for (let o = 0; o < ORGANIZATIONS; o++) {
    organizations.push(await db.organization.create({ data: { eventId: event.id, name: `参赛单位${String(o + 1).padStart(2, '0')}`, approvedAt: new Date() } }));
  }
  const skill = await db.skill.create({
    data: {
      eventId: event.id, name: '焊工', nameEn: 'Welding', spreadLimit: 1, decimals: 2, judgesPerAspect: 4, aggregation: 'trimmed_mean',
      ...(size.teamSize ? { teamSkill: true, teamSizeMin: size.teamSize, teamSizeMax: size.teamSize } : {}),
    },
  });
  const round = await db.round.create({ data: { skillId: skill.id, code: 'practical', name: '实际操作', weight: 100, maxScore: aspects * ASPECT_MAX } });
  const criterion = await db.criterion.create({ data: { roundId: round.id, code: 'P', name: '焊接质量' } });
  const aspectIds: number[] = [];
  for (let a = 0; a < aspects; a++) {
    const row = await db.aspect.create({
      data: { criterionId: criterion.id, code: `P${a + 1}`, name: `评分项${a + 1}`, type: 'judgement', maxMark: ASPECT_MAX, position: a, rule: JSON.stringify({ type: 'judgement', levels }) },
    });
    aspectIds.push(row.id);
  }
  const issued = await addJudges(db, event.id, [`王建国, ${organizations[0]!.name}`, '李明', '赵刚', '钱勇', '周琳', '陈静, , 裁判长'].join('\n'), organizer.id);
  assert.ok(issued.ok, 'judges added');
  const pins = issued.ok ? issued.value : [];
  const judgeIds = pins.map((p) => p.judgeId);
  const chief = await db.eventJudge.findUniqueOrThrow({ where: { id: judgeIds[JUDGES]! } });
  const assigned = await saveAssignments(db, skill.id, chief.id, judgeIds.slice(0, JUDGES).map((judgeId) => ({ judgeId, roundId: round.id, aspectIds: null })), organizer.id);
  assert.ok(assigned.ok, 'judges assigned');

  const bib = (i: number) => String(i + 1).padStart(4, '0');
  const name = (i: number) => `选手${bib(i)}`;
  const now = storedNow(db);
  const [contestantIds] = await bulkInsert(db, [{
    table: 'Contestant', columns: ['eventId', 'organizationId', 'name', 'gender', 'idNumber', 'birthDate', 'updatedAt'],
    values: Array.from({ length: entries }, (_, i) => {
      const born = new Date(Date.UTC(1975, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      return [event.id, organizations[organizationOf(i)]!.id, name(i), i % 2 ? 'male' : 'female', idNumber(born.replaceAll('-', ''), 2 * (i % 400) + (i % 2)), born, now];
    }),
  }]);
  const [entryIds] = await bulkInsert(db, [{
    table: 'Entry', columns: ['contestantId', 'skillId', 'eventId', 'bib', 'status', 'attendance', 'checkedInAt', 'checkedInBy'],
    values: contestantIds!.map((contestantId, i) => [contestantId, skill.id, event.id, bib(i), 'registered', 'present', now, organizer.id]),
  }]) as [number[]];
  if (size.teamSize) {
    const group = ORGANIZATIONS * size.teamSize;
    const firsts = entryIds.flatMap((_, i) => (Math.floor(i / group) * group + (i % ORGANIZATIONS) === i ? [i] : []));
    const [teamIds] = await bulkInsert(db, [{ table: 'Team', columns: ['skillId', 'organizationId', 'name'], values: firsts.map((i) => [skill.id, organizations[organizationOf(i)]!.id, teamName(i)]) }]);
    await bulkInsert(db, [{
      table: 'TeamMember', columns: ['entryId', 'teamId'], id: false,
      values: firsts.flatMap((i, t) => Array.from({ length: size.teamSize! }, (_, k) => [entryIds[i + k * ORGANIZATIONS], teamIds![t]])),
    }]);
  }
  await db.event.update({ where: { id: event.id }, data: { status: 'in_progress' } });
  const drawn = await drawLots(db, skill.id, { roundId: null, reason: '' }, organizer.id);
  assert.ok(drawn.ok, `lots drawn: ${JSON.stringify(drawn)}`);

  const markRows: unknown[][] = [];
  const signoffRows: unknown[][] = [];
  entryIds.forEach((entryId, i) => {
    for (let j = 1; j <= JUDGES; j++) {
      if (!marksEntry(j, i)) continue;
      aspectIds.forEach((aspectId, a) => markRows.push([entryId, aspectId, judgeIds[j - 1], 'scored', level(i, a, j), 1, now]));
      if (j !== size.unsigned) signoffRows.push([judgeIds[j - 1], entryId, round.id, now]);
    }
  });
  await bulkInsert(db, [
    { table: 'Mark', columns: ['entryId', 'aspectId', 'judgeId', 'state', 'value', 'version', 'updatedAt'], values: markRows, id: false },
    { table: 'SheetSignoff', columns: ['judgeId', 'entryId', 'roundId', 'signedAt'], values: signoffRows, id: false },
  ]);
  const marks = markRows.length;
  const codeRows = (await db.drawAssignment.findMany({ where: { drawId: drawn.ok ? drawn.value : 0 }, select: { code: true, entry: { select: { bib: true } } } }))
    .map((row) => ({ bib: row.entry.bib, code: row.code }));

  return {
    organizerId: organizer.id, eventId: event.id, skillId: skill.id, roundId: round.id, chiefAccountId: chief.accountId,
    eventCode: (await db.event.findUniqueOrThrow({ where: { id: event.id } })).judgeCode!, pins: new Map(pins.map((p) => [p.number, p.pin])),
    entries, aspects, marks, bib, name,
    codes: new Map(codeRows.map((r) => [r.bib, r.code])), drawId: drawn.ok ? drawn.value : 0,
    expectedTotal(i) {
      // By hand: an even entry gets base+1 from J1, J3, J5 and base from J2, J4; the trimmed mean
      // keeps base, base+1, base+1 (base + 2/3). An odd entry: base+1 from J2, J4, so base + 1/3.
      // The first organization's entries (even) without J1: base, base, base+1, base+1 → base + 1/2.
      const extra = organizationOf(i) === 0 ? 1 / 2 : i % 2 === 0 ? 2 / 3 : 1 / 3;
      let levelSum = 0;
      for (let a = 0; a < aspects; a++) levelSum += base(i, a) + extra;
      // Each aspect: level / 3 × 10 points, out of aspects × 10; the round is the whole total.
      return (levelSum / 3 * ASPECT_MAX) / (aspects * ASPECT_MAX) * 100;
    },
  };
}

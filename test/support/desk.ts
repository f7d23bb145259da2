import * as assert from 'uvu/assert';
import type { Db } from '../../src/db/client.ts';
import type { Mark } from '../../src/domain/judging.ts';
import { drawLots } from '../../src/draw/commands.ts';
import { addJudges, saveAssignments } from '../../src/judges/commands.ts';
import { saveMarks, signSheet, type JudgeActor, type MarkResult } from '../../src/judging/commands.ts';
import type { TestApp } from './app.ts';
import { TestClient } from './client.ts';
import { createAccount } from './fixtures.ts';
import { idNumber } from './people.ts';

/**
 * A welding skill in progress, ready for judging (shared by the desk and judging-API suites):
 * organizations 舟山船舶修造 (A) and 定海机电 (B); entries 张伟 and 李强 from A, 王芳 from B;
 * round 实际操作 with a judgement aspect P1 (30 marks, levels 0–3, spread limit 1) and a
 * deduction aspect P2 (10 marks, 2 per occurrence); judges J1 (from B, so recused for 王芳),
 * J2 and J3 marking the whole round; J4 陈静 chief judge of welding; J5 孙丽 chief judge of a
 * second skill (CNC turning). Lots are drawn, so every entry has a code.
 */
export interface JudgingFixture {
  organizerId: number;
  eventId: number;
  eventCode: string;
  skillId: number;
  otherSkillId: number;
  roundId: number;
  otherRoundId: number;
  judgementId: number;
  deductionId: number;
  /** Judge number → actor, PIN and ids. */
  judges: Record<1 | 2 | 3 | 4 | 5, JudgeActor & { number: number; pin: string }>;
  /** Contestant name → code (the test knows names; the screens must not show them). */
  codes: { 张伟: string; 李强: string; 王芳: string };
  /** All three codes in ascending order, as the desk lists them. */
  sortedCodes: string[];
  names: string[];
  organizations: string[];
}

export const ORGANIZER = { username: 'organizer', password: 'organizer-password', displayName: '赵敏' };

/** The welding round's scheme: P1 焊缝成形 (judgement, 30 marks, levels 0–3) and P2 安全文明生产 (deduction, 10 marks, 2 per occurrence). */
export async function weldingScheme(db: Db, roundId: number) {
  const criterion = await db.criterion.create({ data: { roundId, code: 'P', name: '焊接质量' } });
  const judgement = await db.aspect.create({
    data: { criterionId: criterion.id, code: 'P1', name: '焊缝成形', type: 'judgement', maxMark: 30, position: 0, rule: JSON.stringify({ type: 'judgement', levels: ['差', '一般', '良好', '优秀'] }) },
  });
  const deduction = await db.aspect.create({
    data: { criterionId: criterion.id, code: 'P2', name: '安全文明生产', type: 'deduction', maxMark: 10, position: 1, rule: JSON.stringify({ type: 'deduction', perOccurrence: 2, cap: 10 }) },
  });
  return { judgement, deduction };
}

export async function judgingFixture(db: Db): Promise<JudgingFixture> {
  const organizer = await createAccount(db, { ...ORGANIZER, role: 'organizer' });
  const event = await db.event.create({ data: { name: '2026年定海区职工技能大比武', status: 'registration' } });
  const [orgA, orgB] = [
    await db.organization.create({ data: { eventId: event.id, name: '舟山船舶修造有限公司', approvedAt: new Date() } }),
    await db.organization.create({ data: { eventId: event.id, name: '定海机电设备有限公司', approvedAt: new Date() } }),
  ];
  // Three judges on every aspect, judge 1 from 定海机电 (recused from 王芳): 2 per aspect is what the fixture guarantees.
  const skill = await db.skill.create({ data: { eventId: event.id, name: '焊工', nameEn: 'Welding', spreadLimit: 1, decimals: 2, judgesPerAspect: 2 } });
  const other = await db.skill.create({ data: { eventId: event.id, name: '数控车工', nameEn: 'CNC turning', position: 1 } });
  const round = await db.round.create({ data: { skillId: skill.id, code: 'practical', name: '实际操作', weight: 100, maxScore: 40 } });
  const otherRound = await db.round.create({ data: { skillId: other.id, code: 'practical', name: '实际操作', weight: 100, maxScore: 10 } });
  const { judgement, deduction } = await weldingScheme(db, round.id);
  const otherCriterion = await db.criterion.create({ data: { roundId: otherRound.id, code: 'C', name: '尺寸' } });
  await db.aspect.create({
    data: { criterionId: otherCriterion.id, code: 'C1', name: '外圆', type: 'measurement', maxMark: 10, rule: JSON.stringify({ type: 'measurement', nominal: null, unit: '', step: 1, bands: [] }) },
  });

  const people = [
    { name: '张伟', organizationId: orgA.id, gender: 'male', id: idNumber('19900101', 1), bib: '001' },
    { name: '李强', organizationId: orgA.id, gender: 'male', id: idNumber('19950720', 3), bib: '002' },
    { name: '王芳', organizationId: orgB.id, gender: 'female', id: idNumber('19880315', 2), bib: '003' },
  ];
  for (const p of people) {
    const contestant = await db.contestant.create({
      data: { eventId: event.id, organizationId: p.organizationId, name: p.name, gender: p.gender, idNumber: p.id, birthDate: '1990-01-01' },
    });
    await db.entry.create({ data: { contestantId: contestant.id, skillId: skill.id, eventId: event.id, bib: p.bib, attendance: 'present', checkedInAt: new Date() } });
  }
  await db.event.update({ where: { id: event.id }, data: { status: 'in_progress' } });
  const drawn = await drawLots(db, skill.id, { roundId: null, reason: '' }, organizer.id);
  assert.ok(drawn.ok, 'lots drawn');

  const issued = await addJudges(db, event.id, '王建国, 定海机电设备有限公司\n李明\n赵刚\n陈静, , 裁判长\n孙丽, , 裁判长', organizer.id);
  assert.ok(issued.ok, 'judges added');
  const pins = issued.ok ? issued.value : [];
  const judges = {} as JudgingFixture['judges'];
  for (const pin of pins) {
    const row = await db.eventJudge.findUniqueOrThrow({ where: { id: pin.judgeId } });
    judges[pin.number as 1 | 2 | 3 | 4 | 5] = { accountId: row.accountId, judgeId: row.id, organizationId: row.organizationId, number: pin.number, pin: pin.pin };
  }
  const all = (n: 1 | 2 | 3) => ({ judgeId: judges[n].judgeId, roundId: round.id, aspectIds: null });
  assert.ok((await saveAssignments(db, skill.id, judges[4].judgeId, [all(1), all(2), all(3)], organizer.id)).ok);
  assert.ok((await saveAssignments(db, other.id, judges[5].judgeId, [], organizer.id)).ok);

  const assignments = await db.drawAssignment.findMany({ include: { entry: { include: { contestant: true } } } });
  const codeOf = (name: string) => assignments.find((a) => a.entry.contestant.name === name)!.code;
  const codes = { 张伟: codeOf('张伟'), 李强: codeOf('李强'), 王芳: codeOf('王芳') };
  return {
    organizerId: organizer.id,
    eventId: event.id,
    eventCode: (await db.event.findUniqueOrThrow({ where: { id: event.id } })).judgeCode!,
    skillId: skill.id,
    otherSkillId: other.id,
    roundId: round.id,
    otherRoundId: otherRound.id,
    judgementId: judgement.id,
    deductionId: deduction.id,
    judges,
    codes,
    sortedCodes: Object.values(codes).sort(),
    names: people.map((p) => p.name),
    organizations: [orgA.name, orgB.name],
  };
}

let keys = 0;
/** A fresh idempotency key. */
export const markKey = () => `test-key-${Date.now().toString(36)}-${++keys}`;

export const scored = (value: number): Mark => ({ state: 'scored', value });
export const notScored: Mark = { state: 'not_scored' };

/** One judge saves marks as the tablet would; asserts that the batch went through and returns the results. */
export async function mark(db: Db, fixture: JudgingFixture, judge: 1 | 2 | 3, marks: { code: string; aspectId: number; mark: Mark; baseVersion?: number }[]): Promise<MarkResult[]> {
  const outcome = await saveMarks(db, fixture.judges[judge], {
    roundId: fixture.roundId, deviceId: `tablet-${judge}`,
    marks: marks.map((m) => ({ key: markKey(), code: m.code, aspectId: m.aspectId, mark: m.mark, baseVersion: m.baseVersion ?? 0 })),
  });
  assert.ok(outcome.ok, 'batch accepted');
  return outcome.ok ? outcome.value : [];
}

/** Marks every expected aspect of every code for the judge (recusals left out) and signs the sheets. */
export async function markAndSignAll(db: Db, fixture: JudgingFixture, judge: 1 | 2 | 3, levels: Partial<Record<string, number>> = {}): Promise<void> {
  const codes = Object.entries(fixture.codes).filter(([name]) => !(judge === 1 && name === '王芳')).map(([, code]) => code);
  const stored = await db.mark.findMany({ where: { judgeId: fixture.judges[judge].judgeId }, include: { entry: { include: { assignments: true } } } });
  const versionOf = (code: string, aspectId: number) =>
    stored.find((m) => m.aspectId === aspectId && m.entry.assignments.some((a) => a.code === code))?.version ?? 0;
  const results = await mark(db, fixture, judge, codes.flatMap((code) => [
    { code, aspectId: fixture.judgementId, mark: scored(levels[code] ?? 2), baseVersion: versionOf(code, fixture.judgementId) },
    { code, aspectId: fixture.deductionId, mark: scored(0), baseVersion: versionOf(code, fixture.deductionId) },
  ]));
  for (const result of results) assert.ok(['saved', 'unchanged'].includes(result.status), `J${judge}: ${JSON.stringify(result)}`);
  for (const code of codes) {
    const signed = await signSheet(db, fixture.judges[judge], fixture.roundId, code, fixture.judges[judge].pin);
    assert.ok(signed.ok, `J${judge} signs ${code}`);
  }
}

/** A judge (or chief judge) signed in on a tablet: event code, number, PIN. */
export async function judgeClient(target: TestApp, fixture: JudgingFixture, number: 1 | 2 | 3 | 4 | 5, language = 'en'): Promise<TestClient> {
  const client = new TestClient(target, { 'accept-language': language });
  await client.get('/judge/login');
  const response = await client.post('/judge/login', { eventCode: fixture.eventCode, number: String(number), pin: fixture.judges[number].pin });
  assert.is(response.status, 303, `J${number} signs in`);
  await client.get(response.headers.get('location')!); // as a browser follows it: the session's CSRF token
  return client;
}

export async function organizerClient(target: TestApp, language = 'en'): Promise<TestClient> {
  const client = new TestClient(target, { 'accept-language': language });
  await client.get('/login');
  const response = await client.post('/login', { username: ORGANIZER.username, password: ORGANIZER.password });
  assert.is(response.status, 303, 'organizer signs in');
  await client.get(response.headers.get('location')!); // as a browser follows it: the session's CSRF token
  return client;
}

/** Text of an HTML fragment with tags dropped and the entities our views produce decoded. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, '\'')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The element with this data-testid (its outer HTML, up to the matching close tag of the same name). */
export function byTestId(html: string, testId: string): string {
  const start = html.indexOf(`data-testid="${testId}"`);
  assert.ok(start >= 0, `no element with data-testid ${testId}`);
  const open = html.lastIndexOf('<', start);
  const tag = /^<(\w+)/.exec(html.slice(open))![1]!;
  let depth = 0;
  const pattern = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'g');
  pattern.lastIndex = open;
  for (let match = pattern.exec(html); match; match = pattern.exec(html)) {
    depth += match[1] ? -1 : 1;
    if (depth === 0) return html.slice(open, match.index + match[0].length);
  }
  return html.slice(open);
}

/** Reads the stream until `pattern` appears or the time is up; returns what was read. */
export async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, pattern: RegExp, ms: number): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  while (!pattern.test(text)) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    const chunk = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), left))]);
    if (chunk === null || chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  return text;
}

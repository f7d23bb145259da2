import { createHash } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { drawStations, seededRandom, seedFromHex } from '../../src/domain/draw.ts';
import { apiSuite, call, errorOf, eventWithSkill as newEventWithSkill, tokenFor, type ApiContext as Ctx, type Json } from '../support/api.ts';
import { freshApp, type TestApp } from '../support/app.ts';

const conflictOf = (code: string, message: string) => errorOf(409, message, [{ field: '', code, message }]);

/** GB 11643 check character (ISO 7064 MOD 11-2), written out here independently of src/domain. */
function withCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((total, w, i) => total + w * Number(first17[i]), 0);
  return first17 + '10X98765432'[sum % 11];
}

// From contestantTemplate (src/domain/contestant-sheet.ts): a man and a woman from Zhoushan.
const ZHANG_WEI = '330902198503150014';
const LI_NA = '330902199207080028';
const WANG_QIANG = withCheck('33090219900101003'); // 17th digit 3: a man

async function eventWithSkill(target: TestApp, token: string) {
  const { eventId, skillId, skill } = await newEventWithSkill(target, token);
  return { eventId, skillId, rounds: skill.rounds.map((r: Json) => ({ id: r.id as number, name: r.name as string })) };
}

async function organizationIn(target: TestApp, token: string, eventId: number, name = '舟山市定海区船舶修造有限公司') {
  const response = await call(target, token, 'POST', `/api/v1/events/${eventId}/organizations`, { name, contactName: '王芳', contactPhone: '13900139000' });
  assert.is(response.status, 201);
  return response.json.id as number;
}

const contestant = (organizationId: number, skillId: number, fields: Record<string, unknown> = {}) => ({
  name: '张伟', gender: 'male', organizationId, idNumber: ZHANG_WEI, phone: '13800138000', skillLevel: 'senior',
  entries: [{ skillId, bib: '' }], ...fields,
});

/** Every string and number in a JSON value, keys excluded. */
function leaves(value: Json): string[] {
  if (value === null || typeof value !== 'object') return [String(value)];
  return Object.values(value).flatMap(leaves);
}

const sha256 = (hex: string) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');

// ─── organizations and contestants ───────────────────────────────────────────
const registration = apiSuite('api registration');

registration('organizations are added, listed, renamed and approved', async ({ target, token }) => {
  const { eventId } = await eventWithSkill(target, token);
  const created = await call(target, token, 'POST', `/api/v1/events/${eventId}/organizations`, { name: '舟山市定海区船舶修造有限公司', nameEn: 'Dinghai Shipbuilding Co.', contactName: '王芳', contactPhone: '13900139000' });
  assert.is(created.status, 201);
  assert.type(created.json.approvedAt, 'string', 'what the organizer adds is approved as it stands');
  assert.equal(created.json, {
    id: created.json.id, name: '舟山市定海区船舶修造有限公司', nameEn: 'Dinghai Shipbuilding Co.', contactName: '王芳', contactPhone: '13900139000',
    contestantCount: 0, hasLink: false, linkDeadline: null, submittedAt: null, approvedAt: created.json.approvedAt,
  });

  const duplicate = await call(target, token, 'POST', `/api/v1/events/${eventId}/organizations`, { name: '舟山市定海区船舶修造有限公司' }, 'zh-CN');
  assert.is(duplicate.status, 422);
  assert.equal(duplicate.json, errorOf(422, '部分字段无效，详见 problems。', [
    { field: 'name', code: 'organization.error.duplicate', message: '已有名为 舟山市定海区船舶修造有限公司 的参赛单位。' },
  ]));
  const blank = await call(target, token, 'POST', `/api/v1/events/${eventId}/organizations`, { name: ' ' });
  assert.equal(blank.json.error.problems, [{ field: 'name', code: 'validation.required', message: 'This field is required.' }]);
  assert.is((await call(target, token, 'POST', '/api/v1/events/999/organizations', { name: 'x' })).status, 404);

  const renamed = await call(target, token, 'PUT', `/api/v1/organizations/${created.json.id}`, { name: '定海船舶', contactName: '', contactPhone: '' });
  assert.is(renamed.status, 200);
  assert.equal([renamed.json.name, renamed.json.contactName, renamed.json.contactPhone], ['定海船舶', '', '']);
  assert.is((await call(target, token, 'PUT', '/api/v1/organizations/999', { name: 'x' })).status, 404);

  await organizationIn(target, token, eventId, '定海机电');
  const list = await call(target, token, 'GET', `/api/v1/events/${eventId}/organizations`);
  assert.is(list.status, 200);
  assert.equal(list.json.map((o: Json) => o.name), ['定海机电', '定海船舶'].sort());
  assert.is((await call(target, token, 'GET', '/api/v1/events/999/organizations')).status, 404);

  // A delegation's change withdraws the approval; the organizer approves again.
  await target.db.organization.update({ where: { id: created.json.id }, data: { approvedAt: null } });
  const approved = await call(target, token, 'POST', `/api/v1/organizations/${created.json.id}/approve`);
  assert.is(approved.status, 200);
  assert.type(approved.json.approvedAt, 'string');
  assert.ok((await target.db.organization.findUniqueOrThrow({ where: { id: created.json.id } })).approvedAt instanceof Date);
  assert.equal(
    (await target.db.auditEntry.findMany({ where: { action: 'organization.approve' } })).map((a) => a.subject),
    ['定海船舶'],
  );
  assert.is((await call(target, token, 'POST', '/api/v1/organizations/999/approve')).status, 404);
});

registration('a contestant with a valid ID number is registered; the organizer gets full ID and phone numbers', async ({ target, token }) => {
  const { eventId, skillId } = await eventWithSkill(target, token);
  const organizationId = await organizationIn(target, token, eventId);
  const created = await call(target, token, 'POST', `/api/v1/events/${eventId}/contestants`, contestant(organizationId, skillId, { idNumber: ' 330902198503150014 ' }));
  assert.is(created.status, 201);
  const entryId = (await target.db.entry.findFirstOrThrow()).id;
  const expected = {
    id: created.json.id, name: '张伟', nameLatin: '', gender: 'male', idNumber: ZHANG_WEI, birthDate: '1985-03-15', phone: '13800138000',
    skillLevel: 'senior', organizationId, organizationName: '舟山市定海区船舶修造有限公司', hasPhoto: false,
    entries: [{ id: entryId, skillId, skillName: '焊工', bib: '001', status: 'registered', attendance: null, team: null }],
  };
  assert.equal(created.json, expected);
  assert.equal((await call(target, token, 'GET', `/api/v1/contestants/${created.json.id}`)).json, expected);

  const woman = await call(target, token, 'POST', `/api/v1/events/${eventId}/contestants`, contestant(organizationId, skillId, {
    name: '李娜', gender: 'female', idNumber: LI_NA, phone: '', skillLevel: '', entries: [{ skillId, bib: 'A-07' }],
  }));
  assert.is(woman.status, 201);
  assert.equal([woman.json.birthDate, woman.json.phone, woman.json.entries[0].bib], ['1992-07-08', '', 'A-07']);

  const other = await organizationIn(target, token, eventId, '定海机电');
  const all = await call(target, token, 'GET', `/api/v1/events/${eventId}/contestants`);
  assert.equal(all.json.map((c: Json) => c.name).sort(), ['张伟', '李娜'].sort());
  const filtered = await call(target, token, 'GET', `/api/v1/events/${eventId}/contestants?organizationId=${organizationId}`);
  assert.is(filtered.json.length, 2);
  assert.equal((await call(target, token, 'GET', `/api/v1/events/${eventId}/contestants?organizationId=${other}`)).json, []);
  const badFilter = await call(target, token, 'GET', `/api/v1/events/${eventId}/contestants?organizationId=x`);
  assert.is(badFilter.status, 400);
  assert.equal(badFilter.json.error.problems, [{ field: 'organizationId', code: 'api.error.badId', message: 'An id is a positive whole number.' }]);

  const updated = await call(target, token, 'PUT', `/api/v1/contestants/${created.json.id}`, contestant(other, skillId, { phone: '0580-2021234', entries: [{ skillId, bib: '001' }] }));
  assert.is(updated.status, 200);
  assert.equal(updated.json, { ...expected, phone: '0580-2021234', organizationId: other, organizationName: '定海机电' });

  const removed = await call(target, token, 'DELETE', `/api/v1/contestants/${woman.json.id}`);
  assert.equal([removed.status, removed.json], [204, null]);
  assert.is((await call(target, token, 'GET', `/api/v1/contestants/${woman.json.id}`)).status, 404);
  assert.is((await call(target, token, 'DELETE', `/api/v1/contestants/${woman.json.id}`)).status, 404);
  assert.is((await call(target, token, 'PUT', '/api/v1/contestants/999', contestant(other, skillId))).status, 404);
  assert.is(await target.db.contestant.count(), 1);
});

registration('an invalid or duplicate ID number gets 422 on idNumber, translated, and nothing is saved', async ({ target, token }) => {
  const { eventId, skillId } = await eventWithSkill(target, token);
  const organizationId = await organizationIn(target, token, eventId);
  const typo = contestant(organizationId, skillId, { idNumber: '330902198503150015' });

  const en = await call(target, token, 'POST', `/api/v1/events/${eventId}/contestants`, typo, 'en');
  assert.is(en.status, 422);
  assert.equal(en.json, errorOf(422, 'Some fields are not valid; see problems.', [
    { field: 'idNumber', code: 'id.error.checkDigit', message: 'The last character does not match the first 17: check for a typing mistake.' },
  ]));
  const zh = await call(target, token, 'POST', `/api/v1/events/${eventId}/contestants`, typo, 'zh-CN');
  assert.is(zh.status, 422);
  assert.equal(zh.json, errorOf(422, '部分字段无效，详见 problems。', [
    { field: 'idNumber', code: 'id.error.checkDigit', message: '最后一位校验码与前 17 位不符，请检查是否输错。' },
  ]));
  assert.is(await target.db.contestant.count(), 0);

  assert.is((await call(target, token, 'POST', `/api/v1/events/${eventId}/contestants`, contestant(organizationId, skillId))).status, 201);
  const again = contestant(organizationId, skillId, { name: '张卫' });
  const duplicate = await call(target, token, 'POST', `/api/v1/events/${eventId}/contestants`, again, 'en');
  assert.is(duplicate.status, 422);
  assert.equal(duplicate.json, errorOf(422, 'Some fields are not valid; see problems.', [
    { field: 'idNumber', code: 'contestant.error.personRegistered', message: 'This ID number is already registered (for 张伟).' },
  ]));
  const duplicateZh = await call(target, token, 'POST', `/api/v1/events/${eventId}/contestants`, again, 'zh-CN');
  assert.equal(duplicateZh.json.error.problems, [{ field: 'idNumber', code: 'contestant.error.personRegistered', message: '该身份证号已报名（张伟）。' }]);

  const wrongGender = await call(target, token, 'POST', `/api/v1/events/${eventId}/contestants`, contestant(organizationId, skillId, { idNumber: LI_NA }));
  assert.is(wrongGender.status, 422);
  assert.equal(wrongGender.json.error.problems, [{ field: 'gender', code: 'contestant.error.genderMismatch', message: 'Does not match the gender in the ID number.' }]);
  assert.is(await target.db.contestant.count(), 1);
});

registration('only organizers\' tokens reach the registration endpoints', async ({ target, token }) => {
  const { eventId, skillId, rounds } = await eventWithSkill(target, token);
  const organizationId = await organizationIn(target, token, eventId);
  const judge = await tokenFor(target, 'judge');
  const chief = await tokenFor(target, 'chief_judge');
  const requests = [
    ['GET', `/api/v1/events/${eventId}/organizations`, undefined],
    ['POST', `/api/v1/events/${eventId}/organizations`, { name: '定海机电' }],
    ['PUT', `/api/v1/organizations/${organizationId}`, { name: '定海机电' }],
    ['POST', `/api/v1/organizations/${organizationId}/approve`, undefined],
    ['GET', `/api/v1/events/${eventId}/contestants`, undefined],
    ['POST', `/api/v1/events/${eventId}/contestants`, contestant(organizationId, skillId)],
    ['GET', '/api/v1/contestants/1', undefined],
    ['POST', '/api/v1/entries/1/attendance', { attendance: 'present' }],
    ['POST', `/api/v1/skills/${skillId}/draw`, { roundId: null }],
    ['GET', `/api/v1/skills/${skillId}/draws`, undefined],
    ['GET', `/api/v1/rounds/${rounds[0].id}/decryption`, undefined],
  ] as const;
  for (const [method, path, body] of requests) {
    const judged = await call(target, judge, method, path, body);
    assert.is(judged.status, 403, `judge: ${method} ${path}`);
    assert.equal(judged.json, errorOf(403, 'The account of this API token may not do this: only organizers may use these endpoints.'));
    assert.is((await call(target, chief, method, path, body)).status, 403, `chief judge: ${method} ${path}`);
    const anonymous = await call(target, null, method, path, body);
    assert.is(anonymous.status, 401, `no token: ${method} ${path}`);
    assert.equal(anonymous.json, errorOf(401, 'A valid API token is required. Send it as "Authorization: Bearer <token>".'));
  }
  assert.is(await target.db.contestant.count(), 0);
  assert.is(await target.db.organization.count(), 1);
});

registration.run();

// ─── check-in, the draw and decryption ───────────────────────────────────────
const draw = apiSuite('api check-in and draw');

draw('check-in, the draw without codes, a redo with a reason, decryption after the lock', async ({ target, token }) => {
  const { eventId, skillId, rounds } = await eventWithSkill(target, token);
  const [theory, practical] = [rounds[0]!, rounds[1]!];
  const organizationId = await organizationIn(target, token, eventId);
  const people = [
    { name: '张伟', gender: 'male', idNumber: ZHANG_WEI },
    { name: '李娜', gender: 'female', idNumber: LI_NA },
    { name: '王强', gender: 'male', idNumber: WANG_QIANG },
  ];
  const entryIds: number[] = [];
  for (const person of people) {
    const response = await call(target, token, 'POST', `/api/v1/events/${eventId}/contestants`, contestant(organizationId, skillId, person));
    assert.is(response.status, 201, person.name);
    entryIds.push(response.json.entries[0].id);
  }
  const [zhang, li, wang] = entryIds as [number, number, number];

  // Before the competition starts there is no check-in and no draw.
  const early = await call(target, token, 'POST', `/api/v1/entries/${zhang}/attendance`, { attendance: 'present' });
  assert.is(early.status, 409);
  assert.equal(early.json, conflictOf('checkin.error.notStarted', 'Check-in opens when the event is in progress.'));
  const earlyZh = await call(target, token, 'POST', `/api/v1/entries/${zhang}/attendance`, { attendance: 'present' }, 'zh-CN');
  assert.equal(earlyZh.json, conflictOf('checkin.error.notStarted', '赛事进入比赛阶段后才能检录。'));
  assert.is((await call(target, token, 'POST', `/api/v1/skills/${skillId}/draw`, { roundId: null })).status, 409);

  await target.db.event.update({ where: { id: eventId }, data: { status: 'in_progress' } });

  const late = await call(target, token, 'POST', `/api/v1/events/${eventId}/contestants`, contestant(organizationId, skillId, { idNumber: withCheck('33090219900101005') }));
  assert.equal(late.json, conflictOf('registration.error.closed', 'Registration is closed: the event is no longer in draft or registration.'));

  const badValue = await call(target, token, 'POST', `/api/v1/entries/${zhang}/attendance`, { attendance: 'late' });
  assert.is(badValue.status, 422);
  assert.equal(badValue.json.error.problems, [{ field: 'attendance', code: 'validation.choice', message: 'Choose one of the options.' }]);
  assert.is((await call(target, token, 'POST', '/api/v1/entries/999/attendance', { attendance: 'present' })).status, 404);

  const unchecked = await call(target, token, 'POST', `/api/v1/skills/${skillId}/draw`, { roundId: null });
  assert.equal(unchecked.json, conflictOf('draw.error.unchecked', '3 entries are not checked in yet.'));

  for (const [entryId, attendance] of [[zhang, 'present'], [li, 'present'], [wang, 'absent']] as const) {
    const response = await call(target, token, 'POST', `/api/v1/entries/${entryId}/attendance`, { attendance });
    assert.is(response.status, 200);
    assert.equal(response.json, {
      entryId, bib: response.json.bib, name: people[entryIds.indexOf(entryId)]!.name, organizationName: '舟山市定海区船舶修造有限公司',
      skillName: '焊工', attendance, status: attendance === 'absent' ? 'dns' : 'registered',
    });
  }

  // Lists must be approved before the draw.
  await target.db.organization.update({ where: { id: organizationId }, data: { approvedAt: null } });
  const unapproved = await call(target, token, 'POST', `/api/v1/skills/${skillId}/draw`, { roundId: null });
  assert.equal(unapproved.json, conflictOf('draw.error.unapproved', 'These organizations\' lists are not approved yet: 舟山市定海区船舶修造有限公司.'));
  assert.is((await call(target, token, 'POST', `/api/v1/organizations/${organizationId}/approve`)).status, 200);

  const first = await call(target, token, 'POST', `/api/v1/skills/${skillId}/draw`, { roundId: null });
  assert.is(first.status, 201);
  const firstRow = await target.db.draw.findFirstOrThrow({ include: { assignments: { include: { entry: true } } } });
  const codes = firstRow.assignments.map((a) => a.code);
  assert.is(codes.length, 2, 'only the present entries are drawn');
  assert.not.match(first.text, /"code"/i, 'no code field anywhere');
  for (const code of codes) assert.not.ok(leaves(first.json).includes(code), `code ${code} is not in the response`);
  assert.equal(first.json, {
    id: firstRow.id, skillId, roundId: null, roundName: null, drawnAt: firstRow.drawnAt.toISOString(), drawnBy: 'organizer',
    reason: '', supersedes: null, supersededAt: null, seedSha256: sha256(firstRow.seed), seed: null,
    seating: firstRow.assignments
      .map((a) => ({ station: a.station, entryId: a.entryId, bib: a.entry.bib }))
      .sort((a, b) => a.station - b.station),
  });
  assert.equal(first.json.seating.map((s: Json) => s.station), [1, 2]);
  assert.equal(first.json.seating.map((s: Json) => s.entryId).sort(), [zhang, li].sort());

  const afterDraw = await call(target, token, 'POST', `/api/v1/entries/${wang}/attendance`, { attendance: 'present' });
  assert.equal(afterDraw.json, conflictOf('checkin.error.drawn', 'Lots have been drawn for this skill; attendance can no longer change.'));

  // Drawing again needs a reason; the first draw stays on record, superseded.
  const noReason = await call(target, token, 'POST', `/api/v1/skills/${skillId}/draw`, { roundId: null });
  assert.is(noReason.status, 422);
  assert.equal(noReason.json, errorOf(422, 'Some fields are not valid; see problems.', [
    { field: 'reason', code: 'draw.error.reasonRequired', message: 'Give the reason for drawing again.' },
  ]));
  const noReasonZh = await call(target, token, 'POST', `/api/v1/skills/${skillId}/draw`, { roundId: null, reason: '  ' }, 'zh-CN');
  assert.equal(noReasonZh.json.error.problems, [{ field: 'reason', code: 'draw.error.reasonRequired', message: '请填写重新抽签的理由。' }]);
  assert.is(await target.db.draw.count(), 1);

  const second = await call(target, token, 'POST', `/api/v1/skills/${skillId}/draw`, { roundId: null, reason: '抽签机故障，现场监督确认重抽' });
  assert.is(second.status, 201);
  assert.not.match(second.text, /"code"/i);
  assert.equal(
    [second.json.supersedes, second.json.reason, second.json.supersededAt, second.json.seed],
    [firstRow.id, '抽签机故障，现场监督确认重抽', null, null],
  );
  const secondRow = await target.db.draw.findUniqueOrThrow({ where: { id: second.json.id }, include: { assignments: { include: { entry: { include: { contestant: true } } } } } });
  for (const a of secondRow.assignments) assert.not.ok(leaves(second.json).includes(a.code), `code ${a.code} is not in the response`);

  const history = await call(target, token, 'GET', `/api/v1/skills/${skillId}/draws`);
  assert.is(history.status, 200);
  assert.not.match(history.text, /"code"/i);
  assert.equal(history.json.map((d: Json) => [d.id, d.supersedes, d.supersededAt === null, d.reason, d.seed]), [
    [secondRow.id, firstRow.id, true, '抽签机故障，现场监督确认重抽', null],
    [firstRow.id, null, false, '', null],
  ]);
  assert.type(history.json[1].supersededAt, 'string');
  assert.equal(
    (await target.db.auditEntry.findMany({ where: { action: { startsWith: 'draw' } }, orderBy: { id: 'asc' } })).map((a) => a.action),
    ['draw', 'draw.redo'],
  );
  assert.is((await call(target, token, 'GET', '/api/v1/skills/999/draws')).status, 404);
  assert.is((await call(target, token, 'POST', '/api/v1/skills/999/draw', { roundId: null })).status, 404);
  const badRound = await call(target, token, 'POST', `/api/v1/skills/${skillId}/draw`, { roundId: 'first' });
  assert.equal([badRound.status, badRound.json.error.problems.map((p: Json) => p.field)], [422, ['roundId']]);

  // Decryption: refused until the chief judge locks the round, then code → contestant, audited.
  const closed = await call(target, token, 'GET', `/api/v1/rounds/${theory.id}/decryption`);
  assert.is(closed.status, 409);
  assert.equal(closed.json, conflictOf('draw.error.notLocked', 'Names can be decrypted only after the chief judge has locked this round and every other round that uses the same codes.'));
  const closedZh = await call(target, token, 'GET', `/api/v1/rounds/${theory.id}/decryption`, undefined, 'zh-CN');
  assert.equal(closedZh.json, conflictOf('draw.error.notLocked', '只有裁判长锁定本环节及所有使用同一组加密号的环节后，才能解密姓名。'));
  assert.is(await target.db.auditEntry.count({ where: { action: 'decrypt' } }), 0);

  await target.db.round.update({ where: { id: theory.id }, data: { lockedAt: new Date() } });
  // The codes are skill-wide: while the practical round is still being marked, they stay sealed.
  assert.is((await call(target, token, 'GET', `/api/v1/rounds/${theory.id}/decryption`)).status, 409);
  assert.equal((await call(target, token, 'GET', `/api/v1/skills/${skillId}/draws`)).json.map((d: Json) => d.seed), [null, null]);
  await target.db.round.update({ where: { id: practical.id }, data: { lockedAt: new Date() } });
  const decrypted = await call(target, token, 'GET', `/api/v1/rounds/${theory.id}/decryption`);
  assert.is(decrypted.status, 200);
  assert.equal(decrypted.json, {
    roundId: theory.id, roundName: 'Theory', skillId, skillName: '焊工',
    rows: secondRow.assignments
      .map((a) => ({ code: a.code, station: a.station, bib: a.entry.bib, name: a.entry.contestant.name, organizationName: '舟山市定海区船舶修造有限公司' }))
      .sort((a, b) => a.code.localeCompare(b.code)),
  });
  const audit = await target.db.auditEntry.findMany({ where: { action: 'decrypt' } });
  assert.equal(audit.map((a) => [a.eventId, a.subject, a.accountId !== null]), [[eventId, '焊工 · Theory', true]]);
  assert.is((await call(target, token, 'GET', '/api/v1/rounds/999/decryption')).status, 404);

  // The seed replays the draw, codes included: it was hidden above, and is shown now every round is locked.
  const revealed = (await call(target, token, 'GET', `/api/v1/skills/${skillId}/draws`)).json;
  assert.equal(revealed.map((d: Json) => d.seed), [secondRow.seed, firstRow.seed]);
  assert.is(sha256(revealed[0].seed), revealed[0].seedSha256);
  const replay = drawStations([zhang, li].sort((a, b) => a - b), seededRandom(seedFromHex(revealed[0].seed)));
  assert.equal(
    replay.sort((a, b) => a.entryId - b.entryId),
    secondRow.assignments.map((a) => ({ entryId: a.entryId, station: a.station, code: a.code })).sort((a, b) => a.entryId - b.entryId),
    'the revealed seed reproduces the recorded draw',
  );
});

draw.run();

// ─── the document ────────────────────────────────────────────────────────────
const doc = suite<Ctx>('api registration document', {} as Ctx);
doc.before.each(async (ctx) => {
  ctx.target = await freshApp();
});
doc.after.each(async (ctx) => { await ctx.target.close(); });

doc('the OpenAPI document lists the registration, check-in and draw endpoints', async ({ target }) => {
  const response = await target.app.request('/api/openapi.json');
  assert.is(response.status, 200);
  const document = JSON.parse(await response.text());
  const operations = new Set(
    Object.entries(document.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)),
  );
  const expected = [
    'GET /api/v1/events/{id}/organizations',
    'POST /api/v1/events/{id}/organizations',
    'PUT /api/v1/organizations/{id}',
    'POST /api/v1/organizations/{id}/approve',
    'GET /api/v1/events/{id}/contestants',
    'POST /api/v1/events/{id}/contestants',
    'GET /api/v1/contestants/{id}',
    'PUT /api/v1/contestants/{id}',
    'DELETE /api/v1/contestants/{id}',
    'POST /api/v1/entries/{id}/attendance',
    'POST /api/v1/skills/{id}/draw',
    'GET /api/v1/skills/{id}/draws',
    'GET /api/v1/rounds/{id}/decryption',
  ];
  assert.equal(expected.filter((operation) => !operations.has(operation)), []);
  assert.ok(operations.has('GET /api/v1/events'), 'the event-setup endpoints are still there');

  const schemas = document.components.schemas;
  assert.equal(document.paths['/api/v1/events/{id}/contestants'].post.requestBody.content['application/json'].schema, { $ref: '#/components/schemas/ContestantInput' });
  assert.equal(schemas.ContestantInput.required, ['name', 'gender', 'organizationId', 'idNumber', 'entries']);
  assert.equal(document.paths['/api/v1/skills/{id}/draw'].post.responses['201'].content['application/json'].schema, { $ref: '#/components/schemas/DrawResult' });
  assert.match(schemas.Contestant.properties.idNumber.description, 'Full ID number. Personal data');
  assert.match(schemas.Contestant.properties.phone.description, 'Full phone number');
  // No schema the draw endpoints answer with has a code property.
  for (const name of ['Draw', 'DrawResult', 'Seat']) {
    assert.not.ok(JSON.stringify(schemas[name]).includes('"code"'), name);
  }
  assert.equal(Object.keys(schemas.Seat.properties), ['station', 'entryId', 'bib']);
  assert.equal(document.paths['/api/v1/events/{id}/contestants'].get.parameters.map((p: Json) => [p.name, p.in]), [['id', 'path'], ['organizationId', 'query']]);
});

doc.run();

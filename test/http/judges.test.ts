import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { verifyPassword } from '../../src/auth/password.ts';
import { parseJudgeLines } from '../../src/judges/commands.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { createAccount } from '../support/fixtures.ts';
import { idNumber } from '../support/people.ts';

interface Context { target: TestApp; organizer: TestClient; eventId: number; skillId: number; roundIds: number[]; aspectIds: number[]; organizationId: number }
const EN = { 'accept-language': 'en' };

const roster = suite<Context>('the judge roster', {} as Context);
roster.before.each(async (ctx) => {
  ctx.target = await freshApp();
  await createAccount(ctx.target.db, { username: 'organizer', password: 'organizer-password' });
  const event = await ctx.target.db.event.create({ data: { name: '大比武', status: 'registration' } });
  ctx.eventId = event.id;
  ctx.organizationId = (await ctx.target.db.organization.create({ data: { eventId: event.id, name: '船舶修造公司', approvedAt: new Date() } })).id;
  const skill = await ctx.target.db.skill.create({ data: { eventId: event.id, name: '焊工', tieBreaks: '[]' } });
  ctx.skillId = skill.id;
  ctx.roundIds = [];
  ctx.aspectIds = [];
  for (const [i, code] of ['theory', 'practical'].entries()) {
    const round = await ctx.target.db.round.create({ data: { skillId: skill.id, code, name: code, weight: i ? 70 : 30, maxScore: 100, position: i } });
    ctx.roundIds.push(round.id);
    const criterion = await ctx.target.db.criterion.create({ data: { roundId: round.id, code: 'A', name: 'A' } });
    for (const aspectCode of ['A1', 'A2']) {
      const aspect = await ctx.target.db.aspect.create({ data: { criterionId: criterion.id, code: aspectCode, name: aspectCode, type: 'deduction', maxMark: 50, rule: JSON.stringify({ type: 'deduction', perOccurrence: 1, cap: 50 }) } });
      ctx.aspectIds.push(aspect.id);
    }
  }
  ctx.organizer = new TestClient(ctx.target, EN);
  await ctx.organizer.get('/login');
  await ctx.organizer.post('/login', { username: 'organizer', password: 'organizer-password' });
  await ctx.organizer.get(`/events/${event.id}/judges`);
});
roster.after.each(async (ctx) => { await ctx.target.close(); });

roster('pasted lines become judges: organization by name, 裁判长 marks the chief', () => {
  const organizations = [{ id: 7, name: '船舶修造公司' }];
  assert.equal(parseJudgeLines('王建国, 船舶修造公司\n\n李明,,裁判长\n赵六\t', organizations), {
    judges: [
      { name: '王建国', organizationId: 7, chief: false },
      { name: '李明', organizationId: null, chief: true },
      { name: '赵六', organizationId: null, chief: false },
    ],
    problems: [],
  });
  const bad = parseJudgeLines('王建国, 不存在的公司\n, 船舶修造公司', organizations);
  assert.equal(bad.problems.map((p) => [p.key, p.params]), [
    ['judges.error.organization', { line: 1, name: '不存在的公司' }],
    ['judges.error.line', { line: 2 }],
  ]);
});

/**
 * A POST that made PINs redirects to the one page that shows them (POST/redirect/GET), so a
 * reload never repeats it; the page's HTML.
 */
async function pinsPage(ctx: Context, response: Response): Promise<{ html: string; url: string }> {
  assert.is(response.status, 303);
  const url = response.headers.get('location')!;
  assert.match(url, new RegExp(`^/events/${ctx.eventId}/judges/pins/[A-Za-z0-9_-]{22}$`));
  const page = await ctx.organizer.get(url);
  assert.is(page.status, 200);
  assert.is(page.headers.get('cache-control'), 'no-store');
  return { html: await page.text(), url };
}
const pinsIn = (html: string) => [...html.matchAll(/data-pin[^>]*>(\d{6})</g)].map((m) => m[1]!);

roster('the organizer creates judges and sees each PIN on one page; judges then sign in with it', async (ctx) => {
  const response = await ctx.organizer.post(`/events/${ctx.eventId}/judges`, { lines: '王建国, 船舶修造公司\n李明, , 裁判长' });
  const { html, url } = await pinsPage(ctx, response);
  const pins = [...html.matchAll(/data-pin[^>]*>(\d{6})</g)].map((m) => m[1]!);
  assert.is(pins.length, 2);
  assert.is((html.match(/<svg/g) ?? []).length, 2, 'each card has a sign-in QR code');
  const judges = await ctx.target.db.eventJudge.findMany({ orderBy: { number: 'asc' }, include: { account: true } });
  assert.equal(judges.map((j) => [j.number, j.account.displayName, j.account.role, j.organizationId]), [
    [1, '王建国', 'judge', ctx.organizationId],
    [2, '李明', 'chief_judge', null],
  ]);
  assert.ok(await verifyPassword(pins[0]!, judges[0]!.account.passwordHash), 'only the hash is stored');
  const event = await ctx.target.db.event.findUniqueOrThrow({ where: { id: ctx.eventId } });
  assert.match(event.judgeCode ?? '', /^[A-HJ-NP-Z2-9]{6}$/);

  const roster = await (await ctx.organizer.get(`/events/${ctx.eventId}/judges`)).text();
  assert.not.match(roster, pins[0]!, 'PINs are not on the roster');

  // A reload (to print again) shows the same PINs and creates nobody again.
  const again = await ctx.organizer.get(url);
  assert.equal(pinsIn(await again.text()), pins);
  assert.is(await ctx.target.db.eventJudge.count(), 2, 'no judge created twice');
  // Nobody else sees them: another organizer's session, or no session, gets 410 without a PIN.
  const other = new TestClient(ctx.target, EN);
  const stranger = await other.get(url);
  assert.not.match(await stranger.text(), pins[0]!);
  await createAccount(ctx.target.db, { username: 'colleague', password: 'colleague-password' });
  const second = new TestClient(ctx.target, EN);
  await second.get('/login');
  assert.is((await second.post('/login', { username: 'colleague', password: 'colleague-password' })).status, 303);
  const theirs = await second.get(url);
  assert.is(theirs.status, 410);
  assert.not.match(await theirs.text(), pins[0]!);
  assert.is((await ctx.organizer.get(`/events/${ctx.eventId}/judges/pins/not-a-view`)).status, 404, 'a malformed address');
  const another = await ctx.target.db.event.create({ data: { name: '另一场赛事', status: 'registration' } });
  assert.is((await ctx.organizer.get(`/events/${another.id}/judges/pins/${url.split('/').at(-1)}`)).status, 410, 'another event\'s address');
  assert.is((await ctx.organizer.get(`/events/${another.id + 1}/judges/pins/${url.split('/').at(-1)}`)).status, 404, 'no such event');

  const tablet = new TestClient(ctx.target, EN);
  const prefilled = await (await tablet.get(`/judge/login?event=${event.judgeCode}&number=2`)).text();
  assert.match(prefilled, `value="${event.judgeCode}"`, 'the QR\'s link fills in the event code');
  await tablet.get('/judge/login');
  const wrong = await tablet.post('/judge/login', { eventCode: event.judgeCode!.toLowerCase(), number: '1', pin: pins[0] === '000000' ? '000001' : '000000' });
  assert.is(wrong.status, 401);
  assert.match(await wrong.text(), 'The event code, judge number or PIN is wrong.');
  const ok = await tablet.post('/judge/login', { eventCode: event.judgeCode!.toLowerCase(), number: 'J1', pin: pins[0]! });
  assert.is(ok.status, 303);
  assert.is(ok.headers.get('location'), '/judge');
  const session = await ctx.target.db.session.findFirstOrThrow({ where: { accountId: judges[0]!.accountId } });
  const hours = (session.expiresAt.getTime() - Date.now()) / 3_600_000;
  assert.ok(hours > 17 && hours <= 18, 'a judge\'s session lasts the competition day');

  // A new PIN signs the judge out and replaces the old one.
  await ctx.organizer.get(`/events/${ctx.eventId}/judges`);
  const reset = await ctx.organizer.post(`/judges/${judges[0]!.id}/pin`, {});
  const newPin = pinsIn((await pinsPage(ctx, reset)).html)[0];
  assert.ok(newPin);
  assert.is(await ctx.target.db.session.count({ where: { accountId: judges[0]!.accountId } }), 0);
  assert.is((await tablet.get('/judge')).status, 303, 'the tablet must sign in again');
});

roster('revoking signs a judge out on every device at once', async (ctx) => {
  await ctx.organizer.post(`/events/${ctx.eventId}/judges`, { lines: '王建国' });
  const judge = await ctx.target.db.eventJudge.findFirstOrThrow();
  await ctx.target.db.session.create({ data: { id: 'a'.repeat(64), accountId: judge.accountId, expiresAt: new Date(Date.now() + 3_600_000) } });
  await ctx.target.db.session.create({ data: { id: 'b'.repeat(64), accountId: judge.accountId, expiresAt: new Date(Date.now() + 3_600_000) } });
  await ctx.organizer.get(`/events/${ctx.eventId}/judges`);
  const response = await ctx.organizer.post(`/judges/${judge.id}/revoke`, {});
  assert.is(response.status, 303);
  assert.is(await ctx.target.db.session.count({ where: { accountId: judge.accountId } }), 0);
  assert.ok(await ctx.target.db.auditEntry.findFirst({ where: { action: 'judges.revoke' } }));
});

/** A judge signed in on a tablet who has made an API token at /judge/api-token, which works. */
async function judgeWithApiToken(ctx: Context, pin: string, number = 1) {
  const event = await ctx.target.db.event.findUniqueOrThrow({ where: { id: ctx.eventId } });
  const tablet = new TestClient(ctx.target, EN);
  await tablet.get('/judge/login');
  assert.is((await tablet.post('/judge/login', { eventCode: event.judgeCode!, number: String(number), pin })).status, 303);
  await tablet.get('/judge/api-token');
  const created = await tablet.post('/judge/api-token', { name: 'scoring app' });
  const token = /jx_[\w-]{43}/.exec(await created.text())?.[0];
  assert.ok(token, 'the token is shown once');
  const api = (bearer: string) => ctx.target.app.request(`/api/v1/judge/rounds/${ctx.roundIds[0]}`, { headers: { ...EN, authorization: `Bearer ${bearer}` } });
  assert.is((await api(token!)).status, 404, 'the token is accepted (not assigned to this round: 404, not 401)');
  return { tablet, token: token!, api };
}

roster('a new PIN ends every way the judge was signed in: sessions and API tokens', async (ctx) => {
  const created = await ctx.organizer.post(`/events/${ctx.eventId}/judges`, { lines: '王建国' });
  const pin = pinsIn((await pinsPage(ctx, created)).html)[0]!;
  const judge = await ctx.target.db.eventJudge.findFirstOrThrow();
  const { tablet, token, api } = await judgeWithApiToken(ctx, pin);

  await ctx.organizer.get(`/events/${ctx.eventId}/judges`);
  assert.is((await ctx.organizer.post(`/judges/${judge.id}/pin`, {})).status, 303);
  const refused = await api(token);
  assert.is(refused.status, 401, 'the API token made with the old PIN no longer works');
  assert.is((await tablet.get('/judge')).status, 303, 'the tablet must sign in again');
  assert.is(await ctx.target.db.apiToken.count({ where: { accountId: judge.accountId, revokedAt: null } }), 0);
});

roster('sign out everywhere also ends the judge\'s API tokens', async (ctx) => {
  const created = await ctx.organizer.post(`/events/${ctx.eventId}/judges`, { lines: '王建国' });
  const pin = pinsIn((await pinsPage(ctx, created)).html)[0]!;
  const judge = await ctx.target.db.eventJudge.findFirstOrThrow();
  const { tablet, token, api } = await judgeWithApiToken(ctx, pin);
  await ctx.organizer.get(`/events/${ctx.eventId}/judges`);
  assert.is((await ctx.organizer.post(`/judges/${judge.id}/revoke`, {})).status, 303);
  assert.is((await api(token)).status, 401);
  assert.is((await tablet.get('/judge')).status, 303);
});

roster('a judge added by mistake is removed, asked first; one who has marked cannot be', async (ctx) => {
  await ctx.organizer.post(`/events/${ctx.eventId}/judges`, { lines: '王建国\n李明\n王建国二' });
  const [j1, j2, j3] = await ctx.target.db.eventJudge.findMany({ orderBy: { number: 'asc' } });
  await ctx.target.db.skill.update({ where: { id: ctx.skillId }, data: { chiefJudgeId: j3!.id } });
  await ctx.target.db.judgeAssignment.create({ data: { judgeId: j3!.id, roundId: ctx.roundIds[0]! } });
  // J1 has marked.
  const person = await ctx.target.db.contestant.create({ data: { eventId: ctx.eventId, organizationId: ctx.organizationId, name: '张伟', gender: 'male', idNumber: idNumber('19900101', 1), birthDate: '1990-01-01' } });
  const entry = await ctx.target.db.entry.create({ data: { eventId: ctx.eventId, skillId: ctx.skillId, contestantId: person.id, bib: '001' } });
  await ctx.target.db.mark.create({ data: { entryId: entry.id, aspectId: ctx.aspectIds[0]!, judgeId: j1!.id, state: 'scored', value: 1 } });

  // The roster asks before each of its actions, and offers "remove" only where nothing rests on the judge.
  const roster = await (await ctx.organizer.get(`/events/${ctx.eventId}/judges`)).text();
  assert.match(roster, '<details class="confirm" data-testid="pin-J1">');
  assert.match(roster, 'J1 gets a new PIN and is signed out on every tablet');
  assert.match(roster, 'J1 is signed out on every tablet');
  assert.not.match(roster, 'data-testid="remove-J1"');
  assert.match(roster, 'data-testid="remove-J3"');
  assert.match(roster, 'Remove J3 王建国二? Only while the judge has no marks and no signatures.');

  const removed = await ctx.organizer.post(`/judges/${j3!.id}/remove`, {});
  assert.is(removed.status, 303);
  assert.is(removed.headers.get('location'), `/events/${ctx.eventId}/judges?removed=1`);
  assert.is(await ctx.target.db.eventJudge.count({ where: { id: j3!.id } }), 0);
  assert.is(await ctx.target.db.account.count({ where: { id: j3!.accountId } }), 0, 'the account made with him goes too');
  assert.is(await ctx.target.db.judgeAssignment.count({ where: { judgeId: j3!.id } }), 0);
  assert.is((await ctx.target.db.skill.findUniqueOrThrow({ where: { id: ctx.skillId } })).chiefJudgeId, null, 'his skill has no chief judge now');
  assert.ok(await ctx.target.db.auditEntry.findFirst({ where: { action: 'judges.remove', subject: 'J3' } }));
  assert.match(await (await ctx.organizer.get(removed.headers.get('location')!)).text(), 'The judge was removed.');

  const refused = await ctx.organizer.post(`/judges/${j1!.id}/remove`, {});
  assert.is(refused.status, 409);
  assert.match(await refused.text(), 'J1 has marked, signed or acted already and cannot be removed');
  assert.is(await ctx.target.db.eventJudge.count({ where: { id: j1!.id } }), 1, 'nothing removed');
  assert.is((await ctx.organizer.post('/judges/999999/remove', {})).status, 404);
  // Someone who is not an organizer cannot.
  const anonymous = new TestClient(ctx.target, EN);
  await anonymous.get('/login');
  assert.ok([302, 303, 403].includes((await anonymous.post(`/judges/${j2!.id}/remove`, {})).status));
  assert.is(await ctx.target.db.eventJudge.count({ where: { id: j2!.id } }), 1);
});

roster('assignments: a whole round or single aspects, and the chief judge', async (ctx) => {
  await ctx.organizer.post(`/events/${ctx.eventId}/judges`, { lines: '王建国\n李明\n赵六,,裁判长' });
  const [j1, j2, j3] = await ctx.target.db.eventJudge.findMany({ orderBy: { number: 'asc' } });
  await ctx.organizer.get(`/skills/${ctx.skillId}/assignments`);
  const response = await ctx.organizer.post(`/skills/${ctx.skillId}/assignments`, {
    [`r${ctx.roundIds[1]}.j${j1!.id}`]: 'all',
    [`a${ctx.aspectIds[2]}.j${j2!.id}`]: 'on',
    chief: String(j3!.id),
  });
  assert.is(response.status, 303);
  const rows = await ctx.target.db.judgeAssignment.findMany({ orderBy: { judgeId: 'asc' } });
  assert.equal(rows.map((r) => [r.judgeId, r.roundId, r.aspectId]), [[j1!.id, ctx.roundIds[1], null], [j2!.id, ctx.roundIds[1], ctx.aspectIds[2]]]);
  assert.is((await ctx.target.db.skill.findUniqueOrThrow({ where: { id: ctx.skillId } })).chiefJudgeId, j3!.id);

  await ctx.target.db.round.update({ where: { id: ctx.roundIds[0] }, data: { lockedAt: new Date() } });
  await ctx.organizer.get(`/skills/${ctx.skillId}/assignments`);
  const locked = await ctx.organizer.post(`/skills/${ctx.skillId}/assignments`, { chief: '' });
  assert.is(locked.status, 409);
  assert.is(await ctx.target.db.judgeAssignment.count(), 2, 'nothing changed');
});

roster('judges and chief judges cannot manage the roster', async (ctx) => {
  await createAccount(ctx.target.db, { username: 'chief', password: 'chief-password', role: 'chief_judge' });
  const chief = new TestClient(ctx.target, EN);
  await chief.get('/login');
  await chief.post('/login', { username: 'chief', password: 'chief-password' });
  assert.is((await chief.get(`/events/${ctx.eventId}/judges`)).status, 403);
  assert.is((await chief.get(`/skills/${ctx.skillId}/assignments`)).status, 403);
  await chief.get('/');
  assert.is((await chief.post(`/events/${ctx.eventId}/judges`, { lines: 'Sneaky' })).status, 403);
  assert.is(await ctx.target.db.eventJudge.count(), 0);
});

roster.run();

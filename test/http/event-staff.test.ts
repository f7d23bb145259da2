import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createApiToken } from '../../src/api/tokens.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { passwordClient, type TestClient } from '../support/client.ts';
import { byTestId, textOf } from '../support/desk.ts';
import { createAccount } from '../support/fixtures.ts';

/**
 * An event's staff: administrators see every event; a colleague sees and acts on the events
 * where he has a role, as far as the role goes (organizer, registration clerk, results clerk).
 * Whoever creates an event runs it. Every change is audited; a bad form changes nothing.
 */
interface Ctx {
  target: TestApp;
  adminId: number;
  colleagueId: number;
  /** An event the administrator made, with one skill. */
  eventId: number;
  skillId: number;
  /** Another event, with one skill, where the colleague has no role. */
  otherEventId: number;
  otherSkillId: number;
}
const test = suite<Ctx>('event staff', {} as Ctx);

const ADMIN = { username: 'zhao', password: 'admin-password-1', displayName: '赵敏' };
const COLLEAGUE = { username: 'qian', password: 'colleague-password-1', displayName: '钱进' };
const SECOND = { username: 'sun', password: 'second-password-1', displayName: '孙丽' };

test.before.each(async (ctx) => {
  ctx.target = await freshApp();
  const { db } = ctx.target;
  ctx.adminId = (await createAccount(db, ADMIN)).id;
  ctx.colleagueId = (await createAccount(db, { ...COLLEAGUE, isAdmin: false })).id;
  await createAccount(db, { ...SECOND, isAdmin: false });
  const event = await db.event.create({ data: { name: '2026年定海区职工技能大比武', status: 'registration', skills: { create: { name: '焊工' } } }, include: { skills: true } });
  const other = await db.event.create({ data: { name: '2026年普陀区职工技能大赛', status: 'registration', skills: { create: { name: '电工' } } }, include: { skills: true } });
  Object.assign(ctx, { eventId: event.id, skillId: event.skills[0]!.id, otherEventId: other.id, otherSkillId: other.skills[0]!.id });
});
test.after.each(async (ctx) => { await ctx.target.close(); });

const admin = (target: TestApp, language = 'en') => passwordClient(target, ADMIN.username, ADMIN.password, language);
const colleague = (target: TestApp, language = 'en') => passwordClient(target, COLLEAGUE.username, COLLEAGUE.password, language);

async function giveRole(client: TestClient, eventId: number, accountId: number, role: string) {
  await client.get(`/events/${eventId}/staff`);
  return client.post(`/events/${eventId}/staff`, { accountId: String(accountId), role });
}

const status = async (client: TestClient, path: string) => (await client.get(path)).status;

test('an administrator makes a colleague registration clerk: he sees that event only, and does its registration only', async (ctx) => {
  const boss = await admin(ctx.target);
  const before = await colleague(ctx.target);
  assert.is(await status(before, `/events/${ctx.eventId}`), 403, 'no role yet');
  assert.not.match(await (await before.get('/events')).text(), '定海区', 'not listed before');

  const added = await giveRole(boss, ctx.eventId, ctx.colleagueId, 'registration');
  assert.is(added.status, 303);
  assert.is(added.headers.get('location'), `/events/${ctx.eventId}/staff?added=1`);
  const page = await (await boss.get(added.headers.get('location')!)).text();
  assert.match(textOf(byTestId(page, 'event-staff-notice')), 'The colleague was added to this event.');
  assert.match(byTestId(page, `event-staff-${COLLEAGUE.username}`), 'data-role="registration"');
  assert.match(textOf(byTestId(page, 'administrators')), ADMIN.displayName);

  const clerk = await colleague(ctx.target);
  const list = await (await clerk.get('/events')).text();
  assert.match(list, '定海区');
  assert.is(textOf(byTestId(list, `my-role-${ctx.eventId}`)), 'Registration clerk', 'his role in it, beside the event');
  assert.not.match(list, '普陀区', 'another event is not listed');
  const dashboard = await (await clerk.get('/')).text();
  assert.not.match(dashboard, '普陀区', 'nor on the dashboard');
  // The skill has no marking scheme yet: the next step is the organizer's, named but not offered.
  const line = byTestId(dashboard, `event-line-${ctx.eventId}`);
  assert.match(line, 'data-testid="next-step-text"');
  assert.not.match(line, 'data-testid="next-step"');
  assert.match(byTestId(await (await boss.get('/')).text(), `event-line-${ctx.eventId}`), 'data-testid="next-step"', 'the administrator is offered it');
  const eventPage = await (await clerk.get(`/events/${ctx.eventId}`)).text();
  assert.match(eventPage, `/events/${ctx.eventId}/registration`, 'the registration desk is offered');
  assert.not.match(eventPage, `/events/${ctx.eventId}/edit`, 'editing the event is not');
  assert.not.match(eventPage, 'data-testid="staff-link"');
  assert.not.match(eventPage, `/events/${ctx.eventId}/display`);
  assert.is(await status(clerk, `/events/${ctx.eventId}/registration`), 200);
  assert.is(await status(clerk, `/skills/${ctx.skillId}`), 200, 'the skill is his to read');
  for (const path of [`/events/${ctx.eventId}/edit`, `/events/${ctx.eventId}/judges`, `/events/${ctx.eventId}/staff`, `/skills/${ctx.skillId}/results`, `/events/${ctx.otherEventId}`, `/skills/${ctx.otherSkillId}`]) {
    assert.is(await status(clerk, path), 403, path);
  }
  const refused = await clerk.get(`/events/${ctx.otherEventId}/registration`);
  assert.is(refused.status, 403);
  assert.match(await refused.text(), 'Your account has no role in this event that allows this.');

  const audit = await ctx.target.db.auditEntry.findMany({ where: { action: { startsWith: 'eventStaff.' } } });
  assert.equal(audit.map((a) => [a.action, a.accountId, a.eventId, a.subject, JSON.parse(a.details)]), [['eventStaff.add', ctx.adminId, ctx.eventId, COLLEAGUE.username, { role: 'registration' }]]);
});

test('a changed role moves what he may do; a removed one takes the event away; sending a form twice changes nothing', async (ctx) => {
  const boss = await admin(ctx.target);
  await giveRole(boss, ctx.eventId, ctx.colleagueId, 'registration');
  const clerk = await colleague(ctx.target);
  await boss.get(`/events/${ctx.eventId}/staff`);
  const changed = await boss.post(`/events/${ctx.eventId}/staff/${ctx.colleagueId}`, { role: 'results' });
  assert.is(changed.headers.get('location'), `/events/${ctx.eventId}/staff?changed=1`);
  assert.is((await boss.post(`/events/${ctx.eventId}/staff/${ctx.colleagueId}`, { role: 'results' })).status, 303, 'the same role again');
  assert.is(await status(clerk, `/skills/${ctx.skillId}/results`), 200, 'results are his now');
  assert.is(await status(clerk, `/events/${ctx.eventId}/registration`), 403, 'registration no longer');

  assert.is((await boss.post(`/events/${ctx.eventId}/staff/${ctx.colleagueId}/remove`, {})).headers.get('location'), `/events/${ctx.eventId}/staff?removed=1`);
  assert.is(await status(clerk, `/events/${ctx.eventId}`), 403);
  assert.not.match(await (await clerk.get('/events')).text(), '定海区');
  assert.is((await boss.post(`/events/${ctx.eventId}/staff/${ctx.colleagueId}/remove`, {})).status, 404, 'removing twice: nobody there');

  const audit = await ctx.target.db.auditEntry.findMany({ where: { action: { startsWith: 'eventStaff.' } }, orderBy: { id: 'asc' } });
  assert.equal(audit.map((a) => [a.action, JSON.parse(a.details)]), [
    ['eventStaff.add', { role: 'registration' }], ['eventStaff.role', { from: 'registration', to: 'results' }], ['eventStaff.remove', { role: 'results' }],
  ]);
});

test('whoever creates an event runs it, hands parts of it out, and cannot change his own place', async (ctx) => {
  const me = await colleague(ctx.target, 'zh-CN');
  await me.get('/events/new');
  const created = await me.post('/events', { name: '2026年岱山县职工技能大赛', startsOn: '2026-11-20', endsOn: '2026-11-21' });
  assert.is(created.status, 303);
  const eventId = Number(/\/events\/(\d+)/.exec(created.headers.get('location')!)![1]);
  const staff = await ctx.target.db.eventStaff.findMany({ where: { eventId } });
  assert.equal(staff.map((s) => [s.accountId, s.role]), [[ctx.colleagueId, 'organizer']]);
  assert.is(await status(me, `/events/${eventId}/edit`), 200);

  const second = await ctx.target.db.account.findUniqueOrThrow({ where: { username: SECOND.username } });
  assert.is((await giveRole(me, eventId, second.id, 'results')).status, 303, 'he adds a results clerk');
  const own = await me.post(`/events/${eventId}/staff/${ctx.colleagueId}`, { role: 'results' });
  assert.is(own.status, 409);
  assert.match(await own.text(), '只有管理员可以更改或移除您自己在赛事中的角色。');
  assert.is((await me.post(`/events/${eventId}/staff/${ctx.colleagueId}/remove`, {})).status, 409);
  const page = await (await me.get(`/events/${eventId}/staff`)).text();
  assert.not.match(byTestId(page, `event-staff-${COLLEAGUE.username}`), '<form', 'his own row offers no change');
  assert.equal((await ctx.target.db.eventStaff.findMany({ where: { eventId }, orderBy: { accountId: 'asc' } })).map((s) => s.role), ['organizer', 'results']);
  // The administrators' events stay theirs.
  assert.is(await status(me, `/events/${ctx.eventId}`), 403);
});

test('bad forms are refused with a translated reason and change nothing', async (ctx) => {
  const boss = await admin(ctx.target, 'zh-CN');
  const judge = await createAccount(ctx.target.db, { username: 'judge-1', password: 'judge-password-1', role: 'judge' });
  const cases: [Record<string, string>, string][] = [
    [{ accountId: String(ctx.colleagueId), role: 'admin' }, '请选择一个角色。'],
    [{ accountId: String(ctx.colleagueId), role: '' }, '请选择一个角色。'],
    [{ accountId: 'abc', role: 'results' }, '请从列表中选择同事的账号。'],
    [{ accountId: '99999999999', role: 'results' }, '请从列表中选择同事的账号。'],
    [{ accountId: String(judge.id), role: 'results' }, '请从列表中选择同事的账号。'],
    [{ accountId: String(ctx.adminId), role: 'results' }, '管理员已可查看并操作所有赛事，无需角色。'],
  ];
  await boss.get(`/events/${ctx.eventId}/staff`);
  for (const [fields, message] of cases) {
    const response = await boss.post(`/events/${ctx.eventId}/staff`, fields);
    assert.is(response.status, 422, JSON.stringify(fields));
    assert.match(await response.text(), message, JSON.stringify(fields));
  }
  await ctx.target.db.account.update({ where: { id: ctx.colleagueId }, data: { disabledAt: new Date() } });
  const disabled = await boss.post(`/events/${ctx.eventId}/staff`, { accountId: String(ctx.colleagueId), role: 'results' });
  assert.is(disabled.status, 422);
  assert.match(await disabled.text(), '该账号已停用');
  assert.is((await boss.post(`/events/${ctx.eventId}/staff/${ctx.colleagueId}/remove`, {})).status, 404);
  assert.is((await boss.post(`/events/${ctx.eventId}/staff/abc`, { role: 'results' })).status, 404, 'a malformed account id');
  assert.is(await ctx.target.db.eventStaff.count(), 0);
  assert.is(await ctx.target.db.auditEntry.count({ where: { action: { startsWith: 'eventStaff.' } } }), 0);
});

test('a skill is copied only from an event the account sees, on the page and through the API', async (ctx) => {
  const boss = await admin(ctx.target);
  await giveRole(boss, ctx.eventId, ctx.colleagueId, 'organizer');
  const me = await colleague(ctx.target);
  const page = await (await me.get(`/events/${ctx.eventId}`)).text();
  assert.not.match(page, '电工', 'the other event\'s skill is not offered');
  const copied = await me.post(`/events/${ctx.eventId}/skills/copy`, { skillId: String(ctx.otherSkillId) });
  assert.is(copied.status, 404);
  assert.is(await ctx.target.db.skill.count({ where: { eventId: ctx.eventId } }), 1);

  const token = (await createApiToken(ctx.target.db, ctx.colleagueId, 'sync')).token;
  const call = (method: string, path: string, body?: unknown) => ctx.target.app.request(path, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'en' }, ...(body ? { body: JSON.stringify(body) } : {}),
  });
  assert.is((await call('POST', `/api/v1/skills/${ctx.otherSkillId}/copy`, { eventId: ctx.eventId })).status, 403, 'reading another event\'s skill');
  const into = await call('POST', `/api/v1/skills/${ctx.skillId}/copy`, { eventId: ctx.otherEventId });
  assert.is(into.status, 403, 'writing into another event');
  assert.equal(((await into.json()) as { error: { message: string } }).error.message, 'The account of this API token has no role in this event that allows this.');
  assert.is(await ctx.target.db.skill.count(), 2);
  assert.is((await call('POST', `/api/v1/skills/${ctx.skillId}/copy`, { eventId: ctx.eventId })).status, 201, 'within his own event');
  const listed = (await (await call('GET', '/api/v1/events')).json()) as { id: number }[];
  assert.equal(listed.map((e) => e.id), [ctx.eventId]);
});

test('the API manages an event\'s staff as the page does', async (ctx) => {
  const token = (await createApiToken(ctx.target.db, ctx.adminId, 'sync')).token;
  const call = (method: string, path: string, body?: unknown, language = 'en') => ctx.target.app.request(path, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': language }, ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const put = await call('PUT', `/api/v1/events/${ctx.eventId}/staff/${ctx.colleagueId}`, { role: 'results' });
  assert.is(put.status, 200);
  const member = (await put.json()) as Record<string, unknown>;
  assert.equal({ ...member, since: typeof member.since }, { accountId: ctx.colleagueId, username: COLLEAGUE.username, displayName: COLLEAGUE.displayName, role: 'results', disabled: false, addedBy: ADMIN.displayName, since: 'string' });
  const list = (await (await call('GET', `/api/v1/events/${ctx.eventId}/staff`)).json()) as { username: string; role: string }[];
  assert.equal(list.map((m) => [m.username, m.role]), [[COLLEAGUE.username, 'results']]);
  const bad = await call('PUT', `/api/v1/events/${ctx.eventId}/staff/${ctx.colleagueId}`, { role: 'boss' }, 'zh-CN');
  assert.is(bad.status, 422);
  assert.equal(((await bad.json()) as { error: { problems: { field: string; message: string }[] } }).error.problems.map((p) => [p.field, p.message]), [['role', '请选择一个角色。']]);
  assert.is((await call('PUT', `/api/v1/events/${ctx.eventId}/staff/abc`, { role: 'results' })).status, 400);
  assert.is((await call('PUT', `/api/v1/events/${ctx.eventId + 100}/staff/${ctx.colleagueId}`, { role: 'results' })).status, 404);
  assert.is((await call('DELETE', `/api/v1/events/${ctx.eventId}/staff/${ctx.colleagueId}`)).status, 204);
  assert.is((await call('DELETE', `/api/v1/events/${ctx.eventId}/staff/${ctx.colleagueId}`)).status, 404);
  assert.is(await ctx.target.db.eventStaff.count(), 0);
  const document = (await (await ctx.target.app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
  assert.equal(Object.keys(document.paths['/api/v1/events/{id}/staff/{accountId}'] ?? {}).sort(), ['delete', 'put']);
  assert.ok(document.paths['/api/v1/events/{id}/staff']?.get);
});

test('the migration gives every existing event to the account that made it', async (ctx) => {
  const { db } = ctx.target;
  // The row the migration's INSERT … SELECT would have written for an event made before roles existed.
  const made = await db.event.create({ data: { name: '旧赛事', createdById: ctx.colleagueId } });
  const sql = (await import('node:fs')).readFileSync(new URL('../../prisma/migrations/20261203155616_event_staff/migration.sql', import.meta.url), 'utf8');
  const insert = sql.slice(sql.indexOf('INSERT INTO "EventStaff"'));
  await db.$executeRawUnsafe(insert.trim().replace(/;$/, ''));
  assert.equal((await db.eventStaff.findMany({ where: { eventId: made.id } })).map((s) => [s.accountId, s.role]), [[ctx.colleagueId, 'organizer']]);
  assert.is(await db.eventStaff.count(), 1, 'events without a maker get nobody: administrators see them');
});

test.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createApiToken } from '../../src/api/tokens.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { passwordClient } from '../support/client.ts';
import { byTestId, textOf } from '../support/desk.ts';
import { createAccount } from '../support/fixtures.ts';

/**
 * Federations form a tree: the city (the root, id 1) and the districts below it. Each runs its
 * own events with its own staff; nobody, not the city either, opens another federation's
 * contestants; the installation's backups are the root administrators'.
 */
interface Ctx {
  target: TestApp;
  districts: { dinghai: number; putuo: number };
  events: { city: number; dinghai: number; putuo: number };
  contestants: { city: number; dinghai: number; putuo: number };
  cityColleagueId: number;
}
const test = suite<Ctx>('federations', {} as Ctx);

const PASSWORD = 'federation-password-1';

test.before.each(async (ctx) => {
  ctx.target = await freshApp();
  const { db } = ctx.target;
  await db.federation.update({ where: { id: 1 }, data: { name: '舟山市总工会' } });
  const dinghai = (await db.federation.create({ data: { name: '定海区总工会', parentId: 1 } })).id;
  const putuo = (await db.federation.create({ data: { name: '普陀区总工会', parentId: 1 } })).id;
  ctx.districts = { dinghai, putuo };
  await createAccount(db, { username: 'city', password: PASSWORD, displayName: '市管理员' });
  ctx.cityColleagueId = (await createAccount(db, { username: 'city-clerk', password: PASSWORD, displayName: '市同事', isAdmin: false })).id;
  for (const [username, federationId] of [['dinghai', dinghai], ['putuo', putuo]] as const) {
    const account = await createAccount(db, { username, password: PASSWORD, displayName: `${username}管理员` });
    await db.account.update({ where: { id: account.id }, data: { federationId } });
  }
  const event = async (name: string, federationId: number) => {
    const made = await db.event.create({
      data: { name, status: 'registration', federationId, organizations: { create: { name: `${name}参赛单位` } } },
      include: { organizations: true },
    });
    const contestant = await db.contestant.create({ data: { eventId: made.id, organizationId: made.organizations[0]!.id, name: `${name}选手`, gender: 'male', idNumber: '330902199001011234', birthDate: '1990-01-01' } });
    return { id: made.id, contestant: contestant.id };
  };
  const [city, dh, pt] = [await event('市赛', 1), await event('定海赛', dinghai), await event('普陀赛', putuo)];
  ctx.events = { city: city.id, dinghai: dh.id, putuo: pt.id };
  ctx.contestants = { city: city.contestant, dinghai: dh.contestant, putuo: pt.contestant };
});
test.after.each(async (ctx) => { await ctx.target.close(); });

const as = (ctx: Ctx, username: string) => passwordClient(ctx.target, username, PASSWORD);
const statusOf = async (client: Awaited<ReturnType<typeof as>>, path: string) => (await client.get(path)).status;

test('a district runs its own events only: a sibling\'s and the city\'s contestants are refused', async (ctx) => {
  const dinghai = await as(ctx, 'dinghai');
  const list = await (await dinghai.get('/events')).text();
  assert.match(list, '定海赛');
  assert.not.match(list, '普陀赛');
  assert.not.match(list, '市赛');
  assert.is(await statusOf(dinghai, `/events/${ctx.events.dinghai}/registration`), 200);
  assert.is(await statusOf(dinghai, `/contestants/${ctx.contestants.dinghai}/edit`), 200);
  for (const path of [
    `/events/${ctx.events.putuo}`, `/events/${ctx.events.putuo}/registration`, `/contestants/${ctx.contestants.putuo}/edit`,
    `/events/${ctx.events.city}`, `/contestants/${ctx.contestants.city}/edit`, `/events/${ctx.events.city}/registration.xlsx`,
  ]) assert.is(await statusOf(dinghai, path), 403, path);

  // The city above sees the district's figures (later), never its people.
  const city = await as(ctx, 'city');
  assert.not.match(await (await city.get('/events')).text(), '定海赛');
  assert.is(await statusOf(city, `/contestants/${ctx.contestants.dinghai}/edit`), 403);
  assert.is(await statusOf(city, `/events/${ctx.events.city}`), 200);

  const token = (await createApiToken(ctx.target.db, (await ctx.target.db.account.findUniqueOrThrow({ where: { username: 'dinghai' } })).id, 'sync')).token;
  const api = (path: string) => ctx.target.app.request(path, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(((await (await api('/api/v1/events')).json()) as { id: number }[]).map((e) => e.id), [ctx.events.dinghai]);
  assert.is((await api(`/api/v1/contestants/${ctx.contestants.putuo}`)).status, 403);
  assert.is((await api(`/api/v1/events/${ctx.events.city}/contestants`)).status, 403);
});

test('an event made in a district is the district\'s; its staff come from the district only', async (ctx) => {
  const dinghai = await as(ctx, 'dinghai');
  await dinghai.get('/events/new');
  const created = await dinghai.post('/events', { name: '2026年定海区焊工比武', startsOn: '2026-11-20', endsOn: '2026-11-21' });
  const eventId = Number(/\/events\/(\d+)/.exec(created.headers.get('location')!)![1]);
  assert.is((await ctx.target.db.event.findUniqueOrThrow({ where: { id: eventId } })).federationId, ctx.districts.dinghai);
  const staffPage = await (await dinghai.get(`/events/${eventId}/staff`)).text();
  assert.not.match(staffPage, '市同事', 'the city\'s colleague is not offered');
  const refused = await dinghai.post(`/events/${eventId}/staff`, { accountId: String(ctx.cityColleagueId), role: 'registration' });
  assert.is(refused.status, 422);
  assert.is(await ctx.target.db.eventStaff.count({ where: { eventId, accountId: ctx.cityColleagueId } }), 0);
});

test('a district\'s administrator manages his own staff, not the city\'s; backups are the city\'s', async (ctx) => {
  const dinghai = await as(ctx, 'dinghai');
  const staff = await (await dinghai.get('/staff')).text();
  assert.match(staff, 'dinghai管理员');
  assert.not.match(staff, '市同事');
  assert.not.match(staff, 'putuo管理员');
  assert.is(await statusOf(dinghai, `/staff/${ctx.cityColleagueId}`), 404);
  assert.is((await dinghai.post(`/staff/${ctx.cityColleagueId}/disable`, {})).status, 404);
  assert.is((await ctx.target.db.account.findUniqueOrThrow({ where: { id: ctx.cityColleagueId } })).disabledAt, null, 'the city\'s colleague is untouched');
  assert.is(await statusOf(dinghai, '/settings/backups'), 403);
  assert.not.match(await (await dinghai.get('/')).text(), '/settings/backups', 'nor offered');
  assert.is(await statusOf(await as(ctx, 'city'), '/settings/backups'), 200);
});

test('the city adds a district with its first administrator: both, audited, or neither', async (ctx) => {
  const city = await as(ctx, 'city');
  await city.get('/federations');
  const added = await city.post('/federations', { name: '岱山县总工会', nameEn: 'Daishan County Federation of Trade Unions', displayName: '岱山管理员', username: 'daishan' });
  assert.is(added.status, 303);
  assert.match(added.headers.get('location')!, /^\/staff\/slips\//);
  const slip = await (await city.get(added.headers.get('location')!)).text();
  assert.match(slip, 'data-password');
  assert.match(slip, 'href="/federations"', 'back to the federations: the new administrator is not on the city\'s staff list');
  assert.not.match(slip, 'href="/staff/', 'no link to a staff page that would be 404');
  const federation = await ctx.target.db.federation.findFirstOrThrow({ where: { name: '岱山县总工会' } });
  assert.is(federation.parentId, 1);
  const admin = await ctx.target.db.account.findUniqueOrThrow({ where: { username: 'daishan' } });
  assert.equal([admin.federationId, admin.isAdmin, admin.initialPasswordUntil !== null], [federation.id, true, true]);
  const audit = await ctx.target.db.auditEntry.findMany({ where: { action: { in: ['federation.add', 'staff.invite'] } }, orderBy: { id: 'asc' } });
  assert.equal(audit.map((a) => a.action), ['federation.add', 'staff.invite']);
  const page = await (await city.get('/federations')).text();
  assert.match(textOf(byTestId(page, 'federations-below')), '岱山县总工会');

  // A taken username makes neither the federation nor the account; an empty name says so beside the username's problem.
  const taken = await city.post('/federations', { name: '嵊泗县总工会', nameEn: '', displayName: '嵊泗管理员', username: 'dinghai' });
  assert.is(taken.status, 422);
  assert.match(await taken.text(), 'This username is taken');
  const empty = await city.post('/federations', { name: '', nameEn: '', displayName: '', username: 'A B' });
  assert.is(empty.status, 422);
  const problems = textOf(await empty.text());
  assert.match(problems, 'This field is required.');
  assert.is(await ctx.target.db.federation.count({ where: { name: '嵊泗县总工会' } }), 0);
  assert.is(await ctx.target.db.federation.count(), 4);
});

test('names are changed by the federation itself and those above; a sibling\'s is not found', async (ctx) => {
  const dinghai = await as(ctx, 'dinghai');
  await dinghai.get('/federations');
  const page = await (await dinghai.get('/federations')).text();
  assert.not.match(page, '普陀区总工会', 'a sibling is not listed');
  assert.not.match(page, '舟山市总工会', 'nor the city above');
  assert.is((await dinghai.post(`/federations/${ctx.districts.putuo}`, { name: '改名', nameEn: '' })).status, 404);
  assert.is((await dinghai.post('/federations/1', { name: '改名', nameEn: '' })).status, 404);
  assert.is((await dinghai.post(`/federations/${ctx.districts.dinghai}`, { name: '舟山市定海区总工会', nameEn: '' })).headers.get('location'), '/federations?renamed=1');
  const city = await as(ctx, 'city');
  await city.get('/federations');
  assert.is((await city.post(`/federations/${ctx.districts.putuo}`, { name: '舟山市普陀区总工会', nameEn: 'Putuo' })).status, 303, 'the city renames a district');
  assert.equal((await ctx.target.db.federation.findMany({ orderBy: { id: 'asc' } })).map((f) => f.name), ['舟山市总工会', '舟山市定海区总工会', '舟山市普陀区总工会']);
  assert.is((await city.post('/federations/1/administrators', { displayName: '新人', username: 'newcomer' })).status, 409, 'own administrators are invited on /staff');
  // 普陀 has its administrator: the city cannot slip one of its own in (and read its people).
  assert.is((await city.post(`/federations/${ctx.districts.putuo}/administrators`, { displayName: '普陀新管理员', username: 'putuo2' })).status, 409);
  assert.is(await ctx.target.db.account.count({ where: { username: 'putuo2' } }), 0);
  await ctx.target.db.account.update({ where: { username: 'putuo' }, data: { disabledAt: new Date() } });
  assert.is((await city.post(`/federations/${ctx.districts.putuo}/administrators`, { displayName: '普陀新管理员', username: 'putuo2' })).status, 303, 'once it has none left');
  assert.is((await ctx.target.db.account.findUniqueOrThrow({ where: { username: 'putuo2' } })).federationId, ctx.districts.putuo);
});

test('the API lists, adds and renames federations as the page does', async (ctx) => {
  const { db } = ctx.target;
  const token = async (username: string) => (await createApiToken(db, (await db.account.findUniqueOrThrow({ where: { username } })).id, 'sync')).token;
  const [city, dinghai] = [await token('city'), await token('dinghai')];
  const call = (bearer: string, method: string, path: string, body?: unknown) => ctx.target.app.request(path, {
    method, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', 'accept-language': 'en' }, ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const tree = (await (await call(city, 'GET', '/api/v1/federations')).json()) as { name: string; depth: number }[];
  assert.equal(tree.map((f) => [f.name, f.depth]), [['舟山市总工会', 0], ['定海区总工会', 1], ['普陀区总工会', 1]]);
  const own = (await (await call(dinghai, 'GET', '/api/v1/federations')).json()) as { name: string }[];
  assert.equal(own.map((f) => f.name), ['定海区总工会']);

  const added = await call(dinghai, 'POST', '/api/v1/federations', { name: '定海某企业工会', displayName: '企业管理员', username: 'company' });
  assert.is(added.status, 201);
  assert.is(added.headers.get('cache-control'), 'no-store');
  const body = (await added.json()) as { federationId: number; administrator: { username: string }; initialPassword: string };
  assert.is(body.administrator.username, 'company');
  assert.match(body.initialPassword, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  assert.is((await db.federation.findUniqueOrThrow({ where: { id: body.federationId } })).parentId, ctx.districts.dinghai);

  assert.is((await call(dinghai, 'PUT', `/api/v1/federations/${ctx.districts.putuo}`, { name: '改名' })).status, 404, 'a sibling');
  const bad = await call(city, 'PUT', `/api/v1/federations/${ctx.districts.putuo}`, { name: '' });
  assert.is(bad.status, 422);
  const renamed = await call(city, 'PUT', `/api/v1/federations/${ctx.districts.putuo}`, { name: '舟山市普陀区总工会', nameEn: 'Putuo' });
  assert.equal(((await renamed.json()) as { name: string }).name, '舟山市普陀区总工会');
  const clerk = (await createApiToken(db, ctx.cityColleagueId, 'sync')).token;
  assert.is((await call(clerk, 'GET', '/api/v1/federations')).status, 403, 'administrators only');
});

test.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createApiToken } from '../../src/api/tokens.ts';
import { writeCsv } from '../../src/events/scheme-files.ts';
import { parseJudgeLines } from '../../src/judges/commands.ts';
import { issueDelegationLink } from '../../src/registration/commands.ts';
import { call } from '../support/api.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { organizerClient } from '../support/desk.ts';
import { createAccount } from '../support/fixtures.ts';
import { idNumber } from '../support/people.ts';
import { lockWelding, markedFixture, publishWelding } from '../support/results.ts';

/**
 * One rule for names (src/domain/names.ts) wherever they arrive: the organizer's forms, the JSON
 * API, the delegation link and the spreadsheet import refuse a formula for a name, and strip
 * bidirectional and other invisible characters before anything is stored.
 */
interface Context { target: TestApp; organizer: TestClient; token: string; eventId: number; welding: number; organizationId: number; link: string }
const EN = { 'accept-language': 'en' };
const FORMULA = '=HYPERLINK("//x.cn","张伟")';
const BIDI = '\u202E\u2066\u200F\u200B\u061C';

const names = suite<Context>('one rule for names', {} as Context);
names.before.each(async (ctx) => {
  ctx.target = await freshApp();
  const { db } = ctx.target;
  const organizer = await createAccount(db, { username: 'organizer', password: 'organizer-password' });
  ctx.token = (await createApiToken(db, organizer.id, 'integration')).token;
  const event = await db.event.create({ data: { name: '2026年定海区职工技能大比武', status: 'registration' } });
  ctx.eventId = event.id;
  ctx.welding = (await db.skill.create({ data: { eventId: event.id, name: '焊工', nameEn: 'Welding', tieBreaks: '[]' } })).id;
  ctx.organizationId = (await db.organization.create({ data: { eventId: event.id, name: '船舶修造公司', approvedAt: new Date() } })).id;
  const link = await issueDelegationLink(db, ctx.organizationId, new Date(Date.now() + 86_400_000), organizer.id);
  assert.ok(link.ok);
  ctx.link = link.ok ? link.value : '';
  ctx.organizer = new TestClient(ctx.target, EN);
  await ctx.organizer.get('/login');
  await ctx.organizer.post('/login', { username: 'organizer', password: 'organizer-password' });
  await ctx.organizer.get(`/events/${event.id}/registration`);
});
names.after.each(async (ctx) => { await ctx.target.close(); });

const contestant = (ctx: Context, name: string, n = 1) => ({
  name, gender: 'male', organizationId: String(ctx.organizationId), idNumber: idNumber('19900101', n), phone: '', skillLevel: '', 'entries.0.skillId': String(ctx.welding),
});

names('a formula for a name is refused by the forms, the API, the delegation link and the import alike', async (ctx) => {
  const form = await ctx.organizer.post(`/events/${ctx.eventId}/contestants/new`, contestant(ctx, FORMULA));
  assert.is(form.status, 422);
  assert.match(await form.text(), 'Use letters only');
  const organization = await ctx.organizer.post(`/events/${ctx.eventId}/organizations`, { name: '+cmd|\' /C calc\'!A0', contactName: '', contactPhone: '' });
  assert.is(organization.status, 422);
  assert.match(await organization.text(), 'Start with a letter, a digit or a bracket.');
  const contact = await ctx.organizer.post(`/events/${ctx.eventId}/organizations`, { name: '机电公司', contactName: '@SUM(1)', contactPhone: '' });
  assert.is(contact.status, 422);
  await ctx.organizer.get('/events/new');
  const event = await ctx.organizer.post('/events', { name: '-1+1 大赛', startsOn: '', endsOn: '', venue: '', hostOrganization: '' });
  assert.is(event.status, 422);
  assert.match(await event.text(), 'Start with a letter, a digit or a bracket.');

  const api = await call(ctx.target, ctx.token, 'POST', `/api/v1/events/${ctx.eventId}/contestants`, {
    name: FORMULA, gender: 'male', organizationId: ctx.organizationId, idNumber: idNumber('19900101', 2), entries: [{ skillId: ctx.welding }],
  });
  assert.is(api.status, 422);
  assert.equal(api.json.error.problems.map((p: { field: string }) => p.field), ['name']);
  const apiOrganization = await call(ctx.target, ctx.token, 'POST', `/api/v1/events/${ctx.eventId}/organizations`, { name: '@evil' });
  assert.is(apiOrganization.status, 422);
  const apiSkill = await call(ctx.target, ctx.token, 'POST', `/api/v1/events/${ctx.eventId}/skills`, { name: '=1+1' });
  assert.is(apiSkill.status, 422);

  const leader = new TestClient(ctx.target, EN);
  await leader.get(`/d/${ctx.link}`);
  const delegation = await leader.post(`/d/${ctx.link}/contestants`, contestant(ctx, FORMULA, 3));
  assert.is(delegation.status, 422);
  assert.match(await delegation.text(), 'Use letters only');

  const file = new FormData();
  file.append('file', new File([writeCsv([
    ['Name', 'Gender', 'Organization', 'ID number', 'Skill'],
    [FORMULA, 'male', '船舶修造公司', idNumber('19900101', 4), 'Welding'],
    ['李强', 'male', '=cmd|\' /C calc\'!A0', idNumber('19900101', 5), 'Welding'],
  ]) as Uint8Array<ArrayBuffer>], 'list.csv'));
  const imported = await ctx.organizer.postMultipart(`/events/${ctx.eventId}/registration/import`, file);
  assert.is(imported.status, 422);
  const report = await imported.text();
  assert.match(report, 'Use letters only');
  assert.match(report, 'Start with a letter, a digit or a bracket.');

  assert.is(await ctx.target.db.contestant.count(), 0);
  assert.is(await ctx.target.db.organization.count(), 1);
  assert.is(await ctx.target.db.event.count(), 1);
  assert.is(await ctx.target.db.skill.count(), 1);
});

names('invisible and bidirectional characters are stripped on the way in, everywhere', async (ctx) => {
  const { db } = ctx.target;
  assert.is((await ctx.organizer.post(`/events/${ctx.eventId}/contestants/new`, contestant(ctx, `张${BIDI}伟`))).status, 303);
  const leader = new TestClient(ctx.target, EN);
  await leader.get(`/d/${ctx.link}`);
  assert.is((await leader.post(`/d/${ctx.link}/contestants`, contestant(ctx, `${BIDI}李　 强\t`, 3))).status, 303);
  const api = await call(ctx.target, ctx.token, 'POST', `/api/v1/events/${ctx.eventId}/contestants`, {
    name: `王${BIDI}芳`, gender: 'female', organizationId: ctx.organizationId, idNumber: idNumber('19900101', 4), phone: '', entries: [{ skillId: ctx.welding }],
  });
  assert.is(api.status, 201, api.text);
  const organization = await call(ctx.target, ctx.token, 'POST', `/api/v1/events/${ctx.eventId}/organizations`, { name: `定海${BIDI}机电  公司`, contactName: `赵${BIDI}敏` });
  assert.is(organization.status, 201, organization.text);
  const skill = await call(ctx.target, ctx.token, 'POST', `/api/v1/events/${ctx.eventId}/skills`, { name: `数控${BIDI}车工` });
  assert.is(skill.status, 201, skill.text);

  assert.equal((await db.contestant.findMany({ orderBy: { id: 'asc' } })).map((c) => c.name), ['张伟', '李强', '王芳']);
  const stored = await db.organization.findFirstOrThrow({ where: { id: organization.json.id } });
  assert.equal([stored.name, stored.contactName], ['定海机电 公司', '赵敏']);
  assert.is((await db.skill.findFirstOrThrow({ where: { id: skill.json.id } })).name, '数控车工');
});

names('the judges\' list takes the same rule: a formula is refused, controls are stripped', () => {
  const organizations = [{ id: 7, name: '船舶修造公司' }];
  const parsed = parseJudgeLines(`${FORMULA}, 船舶修造公司\n陈${BIDI}静, 船舶${BIDI}修造公司, 裁判长`, organizations);
  assert.equal(parsed.problems, [{ field: 'lines', key: 'judges.error.name', params: { line: 1 } }]);
  assert.equal(parsed.judges, [{ name: '陈静', organizationId: 7, chief: true }]);
});

names.run();

// ─── on public pages ──────────────────────────────────────────────────────────
const published = suite<{ target: TestApp }>('names on public pages', {} as { target: TestApp });
published.before.each(async (ctx) => { ctx.target = await freshApp(); });
published.after.each(async (ctx) => { await ctx.target.close(); });

published('a name typed with bidirectional controls never reaches the public pages or the big screen', async ({ target }) => {
  const { db } = target;
  const f = await markedFixture(db);
  const organizer = await organizerClient(target);
  const zhang = await db.contestant.findFirstOrThrow({ where: { name: '张伟' }, include: { entries: true } });
  const organization = await db.organization.findUniqueOrThrow({ where: { id: zhang.organizationId } });
  // The organizer corrects the organization's name through the API, typed with controls.
  const token = (await createApiToken(db, f.organizerId, 'integration')).token;
  const renamed = await call(target, token, 'PUT', `/api/v1/organizations/${organization.id}`, { name: `${BIDI}${organization.name}\u202C`, contactName: '' });
  assert.is(renamed.status, 200, renamed.text);
  await lockWelding(db, f);
  await publishWelding(db, f);
  const pages = [`/public/events/${f.eventId}`, `/public/skills/${f.skillId}`, `/public/events/${f.eventId}/search?q=${encodeURIComponent('张伟')}`, `/display/events/${f.eventId}`];
  for (const path of pages) {
    const response = await organizer.get(path);
    const html = await response.text();
    assert.is(response.status, 200, path);
    assert.not.match(html, /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B]/, path);
  }
  assert.match(await (await organizer.get(`/public/skills/${f.skillId}`)).text(), organization.name);
});

published.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
// First: the app loads the API's zod-openapi extension before any schema is built.
import { freshApp, type TestApp } from '../support/app.ts';
import { checkCharacter } from '../../src/domain/id-number.ts';
import { issueDelegationLink } from '../../src/registration/commands.ts';
import { TestClient } from '../support/client.ts';
import { createAccount } from '../support/fixtures.ts';

interface Context {
  target: TestApp;
  accountId: number;
  eventId: number;
  skillId: number;
  ours: number;
  theirs: number;
  token: string;
  leader: TestClient;
}

const EN = { 'accept-language': 'en' };
/** A valid GB 11643 number from its first 17 digits (the 17th: odd for men, even for women). */
const idNumber = (first17: string) => first17 + checkCharacter(first17);
const MALE = idNumber('33090219900101001');
const FEMALE = idNumber('33090219910202002');
const OTHER = idNumber('33090219920303003');
const inAWeek = () => new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);

const delegation = suite<Context>('delegation self-registration through the private link', {} as Context);
delegation.before.each(async (ctx) => {
  ctx.target = await freshApp();
  const { db } = ctx.target;
  const organizer = await createAccount(db, { username: 'organizer', password: 'organizer-password' });
  ctx.accountId = organizer.id;
  const event = await db.event.create({ data: { name: '2026年定海区职工技能大比武', status: 'registration', createdById: organizer.id } });
  ctx.eventId = event.id;
  ctx.skillId = (await db.skill.create({ data: { eventId: event.id, name: '焊工', tieBreaks: '[]' } })).id;
  ctx.ours = (await db.organization.create({ data: { eventId: event.id, name: '定海船舶修造有限公司', contactName: '王强' } })).id;
  ctx.theirs = (await db.organization.create({ data: { eventId: event.id, name: '定海机电设备有限公司' } })).id;
  const link = await issueDelegationLink(db, ctx.ours, inAWeek(), organizer.id);
  assert.ok(link.ok);
  ctx.token = link.ok ? link.value : '';
  ctx.leader = new TestClient(ctx.target, EN);
});
delegation.after.each(async (ctx) => { await ctx.target.close(); });

/** The leader's add form as a browser would send it. */
function contestantFields(ctx: Context, fields: Record<string, string> = {}) {
  return { name: '张伟', gender: 'male', organizationId: String(ctx.ours), idNumber: MALE, phone: '13800138000', skillLevel: 'senior', 'entries.0.skillId': String(ctx.skillId), ...fields };
}

async function theirContestant(ctx: Context) {
  return ctx.target.db.contestant.create({
    data: {
      eventId: ctx.eventId, organizationId: ctx.theirs, name: '李娜', gender: 'female', idNumber: FEMALE, birthDate: '1991-02-02', phone: '13900139000',
      entries: { create: { skillId: ctx.skillId, eventId: ctx.eventId, bib: '900' } },
    },
  });
}

async function addOurs(ctx: Context, fields: Record<string, string> = {}) {
  await ctx.leader.get(`/d/${ctx.token}`);
  const response = await ctx.leader.post(`/d/${ctx.token}/contestants`, contestantFields(ctx, fields));
  assert.is(response.status, 303, await response.text());
  return ctx.target.db.contestant.findFirstOrThrow({ where: { organizationId: ctx.ours }, orderBy: { id: 'desc' }, include: { entries: true } });
}

delegation('the leader opens the link without signing in and adds a contestant to their own organization', async (ctx) => {
  const page = await ctx.leader.get(`/d/${ctx.token}`);
  assert.is(page.status, 200);
  const html = await page.text();
  assert.match(html, '定海船舶修造有限公司');
  assert.match(html, '2026年定海区职工技能大比武');
  assert.match(html, 'Submit the list for review');
  assert.match(html, /name="_csrf" value="[\w-]{43}"/);
  assert.not.match(html, 'name="bib_', 'bibs are the organizer\'s to give');
  assert.is(page.headers.get('referrer-policy'), 'no-referrer');
  assert.is(page.headers.get('cache-control'), 'no-store');
  assert.match(page.headers.get('x-robots-tag') ?? '', 'noindex');

  // The form names the other organization (and a bib): the link's organization wins, the bib is the next free one.
  const response = await ctx.leader.post(`/d/${ctx.token}/contestants`, contestantFields(ctx, { organizationId: String(ctx.theirs), [`bib_${ctx.skillId}`]: '777' }));
  assert.is(response.status, 303);
  assert.is(response.headers.get('location'), `/d/${ctx.token}?done=added`);
  const stored = await ctx.target.db.contestant.findFirstOrThrow({ include: { entries: true } });
  assert.is(stored.organizationId, ctx.ours);
  assert.is(stored.idNumber, MALE);
  assert.is(stored.entries[0]!.bib, '001');
  assert.is(await ctx.target.db.contestant.count({ where: { organizationId: ctx.theirs } }), 0);

  const after = await (await ctx.leader.get(`/d/${ctx.token}?done=added`)).text();
  assert.match(after, 'Contestant added.');
  assert.match(after, '张伟');
});

delegation('a mistake comes back in the form with what was typed, and nothing is saved', async (ctx) => {
  await ctx.leader.get(`/d/${ctx.token}`);
  const response = await ctx.leader.post(`/d/${ctx.token}/contestants`, contestantFields(ctx, { gender: 'female' }));
  assert.is(response.status, 422);
  const html = await response.text();
  assert.match(html, 'id="field-gender-error"', 'the gender disagrees with the ID number');
  assert.match(html, 'value="张伟"');
  assert.is(await ctx.target.db.contestant.count(), 0);

  // Someone else's number: refused without naming who holds it.
  await theirContestant(ctx);
  const clash = await ctx.leader.post(`/d/${ctx.token}/contestants`, contestantFields(ctx, { gender: 'female', idNumber: FEMALE }));
  assert.is(clash.status, 422);
  const clashHtml = await clash.text();
  assert.match(clashHtml, 'This ID number is already registered for this event.');
  assert.not.match(clashHtml, '李娜');
});

delegation('the leader sees ID and phone numbers masked only, on the list and on the edit form', async (ctx) => {
  const contestant = await addOurs(ctx);
  const list = await (await ctx.leader.get(`/d/${ctx.token}`)).text();
  assert.not.match(list, MALE);
  assert.not.match(list, '13800138000');
  assert.match(list, `330902********${MALE.slice(-4)}`);
  assert.match(list, '138****8000');

  const edit = await ctx.leader.get(`/d/${ctx.token}/contestants/${contestant.id}/edit`);
  assert.is(edit.status, 200);
  const html = await edit.text();
  assert.not.match(html, MALE);
  assert.not.match(html, '13800138000');
  assert.match(html, `Saved: 330902********${MALE.slice(-4)}`);
  assert.match(html, /name="idNumber" type="text" value=""/);

  // A refused edit shows what was typed, never the stored numbers filled in behind the scenes.
  const refused = await ctx.leader.post(`/d/${ctx.token}/contestants/${contestant.id}/edit`, contestantFields(ctx, { idNumber: '', phone: '', gender: 'female' }));
  assert.is(refused.status, 422);
  const refusedHtml = await refused.text();
  assert.not.match(refusedHtml, MALE);
  assert.not.match(refusedHtml, '13800138000');
});

delegation('the leader\'s page says "approved" only for a list that was submitted', async (ctx) => {
  // The organizer created the organization, approved with it: nothing was submitted from this page.
  await ctx.target.db.organization.update({ where: { id: ctx.ours }, data: { approvedAt: new Date(), submittedAt: null } });
  const fresh = await (await ctx.leader.get(`/d/${ctx.token}`)).text();
  assert.match(fresh, 'Not submitted yet');
  assert.not.match(fresh, 'Approved by the organizer');
  await ctx.target.db.organization.update({ where: { id: ctx.ours }, data: { submittedAt: new Date(Date.now() - 60_000), approvedAt: new Date() } });
  assert.match(await (await ctx.leader.get(`/d/${ctx.token}`)).text(), 'Approved by the organizer');
});

delegation('blank ID and phone keep the stored numbers; a leader\'s edit withdraws the approval', async (ctx) => {
  const contestant = await addOurs(ctx);
  await ctx.target.db.organization.update({ where: { id: ctx.ours }, data: { approvedAt: new Date() } });
  await ctx.leader.get(`/d/${ctx.token}/contestants/${contestant.id}/edit`);
  const response = await ctx.leader.post(`/d/${ctx.token}/contestants/${contestant.id}/edit`, contestantFields(ctx, { name: '张伟伟', idNumber: '', phone: '  ', skillLevel: 'technician' }));
  assert.is(response.status, 303);
  assert.is(response.headers.get('location'), `/d/${ctx.token}?done=saved`);
  const stored = await ctx.target.db.contestant.findUniqueOrThrow({ where: { id: contestant.id }, include: { entries: true } });
  assert.is(stored.name, '张伟伟');
  assert.is(stored.idNumber, MALE);
  assert.is(stored.phone, '13800138000');
  assert.is(stored.skillLevel, 'technician');
  assert.is(stored.entries[0]!.bib, contestant.entries[0]!.bib, 'the bib stays');
  assert.is((await ctx.target.db.organization.findUniqueOrThrow({ where: { id: ctx.ours } })).approvedAt, null);

  // Typing a new number changes it.
  await ctx.leader.post(`/d/${ctx.token}/contestants/${contestant.id}/edit`, contestantFields(ctx, { idNumber: OTHER, phone: '' }));
  assert.is((await ctx.target.db.contestant.findUniqueOrThrow({ where: { id: contestant.id } })).idNumber, OTHER);
});

delegation('another organization\'s contestant cannot be read, edited or deleted (404), and stays as it was', async (ctx) => {
  const theirs = await theirContestant(ctx);
  await ctx.leader.get(`/d/${ctx.token}`);
  assert.is((await ctx.leader.get(`/d/${ctx.token}/contestants/${theirs.id}/edit`)).status, 404);
  const edit = await ctx.leader.post(`/d/${ctx.token}/contestants/${theirs.id}/edit`, contestantFields(ctx, { name: '冒名', gender: 'female', idNumber: FEMALE }));
  assert.is(edit.status, 404);
  assert.is((await ctx.leader.post(`/d/${ctx.token}/contestants/${theirs.id}/delete`, {})).status, 404);
  assert.is((await ctx.leader.post(`/d/${ctx.token}/contestants/999999/delete`, {})).status, 404);
  const after = await ctx.target.db.contestant.findUniqueOrThrow({ where: { id: theirs.id } });
  assert.equal({ ...after, updatedAt: null }, { ...theirs, updatedAt: null });
  assert.not.match(await (await ctx.leader.get(`/d/${ctx.token}`)).text(), '李娜');
});

delegation('the leader deletes their own contestant', async (ctx) => {
  const contestant = await addOurs(ctx);
  await ctx.leader.get(`/d/${ctx.token}/contestants/${contestant.id}/edit`);
  const response = await ctx.leader.post(`/d/${ctx.token}/contestants/${contestant.id}/delete`, {});
  assert.is(response.status, 303);
  assert.is(await ctx.target.db.contestant.count(), 0);
});

delegation('after the deadline the list is read-only and every post is refused with nothing changed', async (ctx) => {
  const contestant = await addOurs(ctx);
  await ctx.leader.get(`/d/${ctx.token}`);
  await ctx.target.db.organization.update({ where: { id: ctx.ours }, data: { linkDeadline: new Date(Date.now() - 60_000) } });
  const before = await ctx.target.db.contestant.findMany({ include: { entries: true } });

  const page = await ctx.leader.get(`/d/${ctx.token}`);
  assert.is(page.status, 200);
  const html = await page.text();
  assert.match(html, 'The registration deadline has passed');
  assert.match(html, 'Contact the organizers of 2026年定海区职工技能大比武: they can change the list, or send a new link.', 'whom to ask');
  await ctx.target.db.event.update({ where: { id: ctx.eventId }, data: { hostOrganization: '定海区总工会' } });
  assert.match(await (await ctx.leader.get(`/d/${ctx.token}`)).text(), 'Contact 定海区总工会, who runs 2026年定海区职工技能大比武');
  assert.match(html, '张伟');
  assert.not.match(html, `/contestants/${contestant.id}/edit`);
  assert.not.match(html, 'Submit the list for review');

  const posts: [string, Record<string, string>][] = [
    [`/d/${ctx.token}/contestants`, contestantFields(ctx, { name: '迟到', idNumber: OTHER })],
    [`/d/${ctx.token}/contestants/${contestant.id}/edit`, contestantFields(ctx, { name: '改名' })],
    [`/d/${ctx.token}/contestants/${contestant.id}/delete`, {}],
    [`/d/${ctx.token}/submit`, {}],
  ];
  for (const [path, fields] of posts) {
    const response = await ctx.leader.post(path, fields);
    assert.is(response.status, 403, path);
    assert.match(await response.text(), 'The deadline has passed: nothing was changed.');
  }
  assert.is((await ctx.leader.get(`/d/${ctx.token}/contestants/${contestant.id}/edit`)).status, 403);
  assert.equal(await ctx.target.db.contestant.findMany({ include: { entries: true } }), before);
  assert.is((await ctx.target.db.organization.findUniqueOrThrow({ where: { id: ctx.ours } })).submittedAt, null);
});

delegation('an unknown token is not found, and a reissued link invalidates the old one', async (ctx) => {
  for (const path of ['/d/not-a-real-token-at-all-000000', '/d/x', `/d/${ctx.token}x`]) {
    const response = await ctx.leader.get(path);
    assert.is(response.status, 404, path);
    assert.match(await response.text(), 'Page not found');
  }
  await ctx.leader.get(`/d/${ctx.token}`);
  assert.is((await ctx.leader.post('/d/not-a-real-token-at-all-000000/contestants', contestantFields(ctx))).status, 404);

  const again = await issueDelegationLink(ctx.target.db, ctx.ours, inAWeek(), ctx.accountId);
  assert.ok(again.ok && again.value !== ctx.token);
  assert.is((await ctx.leader.get(`/d/${ctx.token}`)).status, 404);
  const post = await ctx.leader.post(`/d/${ctx.token}/contestants`, contestantFields(ctx));
  assert.is(post.status, 404);
  assert.is(await ctx.target.db.contestant.count(), 0);
  assert.is((await ctx.leader.get(`/d/${again.ok ? again.value : ''}`)).status, 200);
});

delegation('submitting the list marks it submitted; an empty list cannot be submitted', async (ctx) => {
  await ctx.leader.get(`/d/${ctx.token}`);
  const empty = await ctx.leader.post(`/d/${ctx.token}/submit`, {});
  assert.is(empty.status, 422);
  assert.match(await empty.text(), 'Add at least one contestant');
  assert.is((await ctx.target.db.organization.findUniqueOrThrow({ where: { id: ctx.ours } })).submittedAt, null);

  await addOurs(ctx);
  const response = await ctx.leader.post(`/d/${ctx.token}/submit`, {});
  assert.is(response.status, 303);
  assert.is(response.headers.get('location'), `/d/${ctx.token}?done=submitted`);
  const organization = await ctx.target.db.organization.findUniqueOrThrow({ where: { id: ctx.ours } });
  assert.ok(organization.submittedAt instanceof Date);
  const html = await (await ctx.leader.get(`/d/${ctx.token}?done=submitted`)).text();
  assert.match(html, 'Your list was submitted for review.');
  assert.match(html, 'waiting for review');
  assert.match(html, 'Submit the list again');
  assert.is(await ctx.target.db.auditEntry.count({ where: { action: 'delegation.submit' } }), 1);
});

delegation('once the event is in progress, adds, edits and deletes are refused (409)', async (ctx) => {
  const contestant = await addOurs(ctx);
  await ctx.target.db.event.update({ where: { id: ctx.eventId }, data: { status: 'in_progress' } });
  const page = await (await ctx.leader.get(`/d/${ctx.token}`)).text();
  assert.match(page, 'Registration for this event has closed');
  assert.not.match(page, 'action="/d/' + ctx.token + '/contestants"');

  const add = await ctx.leader.post(`/d/${ctx.token}/contestants`, contestantFields(ctx, { name: '迟到', idNumber: OTHER }));
  assert.is(add.status, 409);
  const edit = await ctx.leader.post(`/d/${ctx.token}/contestants/${contestant.id}/edit`, contestantFields(ctx, { name: '改名' }));
  assert.is(edit.status, 409);
  assert.is((await ctx.leader.post(`/d/${ctx.token}/contestants/${contestant.id}/delete`, {})).status, 409);
  assert.is((await ctx.leader.post(`/d/${ctx.token}/submit`, {})).status, 409);
  const all = await ctx.target.db.contestant.findMany();
  assert.equal(all.map((c) => c.name), ['张伟']);
});

delegation('a post without the CSRF token is refused', async (ctx) => {
  await ctx.leader.get(`/d/${ctx.token}`);
  const response = await ctx.leader.post(`/d/${ctx.token}/contestants`, { ...contestantFields(ctx), _csrf: 'forged' });
  assert.is(response.status, 403);
  assert.is(response.headers.get('referrer-policy'), 'no-referrer');
  assert.is(await ctx.target.db.contestant.count(), 0);
});

delegation.run();

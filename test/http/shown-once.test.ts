import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import ExcelJS from 'exceljs';
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { createAccount } from '../support/fixtures.ts';

/**
 * A delegation link is made by a POST and shown once: through a redirect to a page of its own
 * (POST/redirect/GET), so that reloading that page shows the same link instead of making a new
 * one, which would silently kill the link just sent to the delegation leader.
 */
interface Context { target: TestApp; organizer: TestClient; eventId: number; organizationId: number }
const EN = { 'accept-language': 'en' };

const once = suite<Context>('secrets shown once: the delegation link', {} as Context);
once.before.each(async (ctx) => {
  ctx.target = await freshApp();
  const { db } = ctx.target;
  const account = await createAccount(db, { username: 'organizer', password: 'organizer-password' });
  ctx.eventId = (await db.event.create({ data: { name: '大比武', status: 'registration', createdById: account.id } })).id;
  ctx.organizationId = (await db.organization.create({ data: { eventId: ctx.eventId, name: '定海船舶修造有限公司' } })).id;
  ctx.organizer = new TestClient(ctx.target, EN);
  await ctx.organizer.get('/login');
  await ctx.organizer.post('/login', { username: 'organizer', password: 'organizer-password' });
  await ctx.organizer.get(`/events/${ctx.eventId}/registration`);
});
once.after.each(async (ctx) => { await ctx.target.close(); });

const linkIn = (html: string) => /https?:\/\/[^"<\s]+\/d\/([\w-]{32})/.exec(html)?.[1];

once('generating a link redirects to it; a reload shows the same link, which keeps working', async ({ target, organizer, eventId, organizationId }) => {
  const tomorrow = new Date(Date.now() + 86_400_000);
  const deadline = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}T18:00`;
  const made = await organizer.post(`/organizations/${organizationId}/link`, { deadline });
  assert.is(made.status, 303);
  const url = made.headers.get('location')!;
  assert.match(url, new RegExp(`^/events/${eventId}/registration/links/[A-Za-z0-9_-]{22}$`));
  const first = await organizer.get(url);
  assert.is(first.status, 200);
  assert.is(first.headers.get('cache-control'), 'no-store');
  const firstHtml = await first.text();
  const token = linkIn(firstHtml);
  assert.ok(token, 'the link is on the page');
  assert.match(firstHtml, 'A private link for 定海船舶修造有限公司 is ready.');
  assert.not.match(firstHtml, 'earlier link', 'the first link replaces nothing, and says so by saying nothing');
  const hash = (await target.db.organization.findUniqueOrThrow({ where: { id: organizationId } })).linkTokenHash;

  const again = await organizer.get(url);
  assert.is(linkIn(await again.text()), token, 'a reload shows the same link');
  assert.is((await target.db.organization.findUniqueOrThrow({ where: { id: organizationId } })).linkTokenHash, hash, 'and made no new one');
  assert.is(await target.db.auditEntry.count({ where: { action: 'delegation.link' } }), 1);
  const leader = new TestClient(target, EN);
  assert.is((await leader.get(`/d/${token}`)).status, 200, 'the link sent to the leader still works');

  // Nobody else sees it: another organizer gets 410, without the link; a malformed address is 404.
  await createAccount(target.db, { username: 'colleague', password: 'colleague-password' });
  const colleague = new TestClient(target, EN);
  await colleague.get('/login');
  await colleague.post('/login', { username: 'colleague', password: 'colleague-password' });
  const theirs = await colleague.get(url);
  assert.is(theirs.status, 410);
  assert.is(linkIn(await theirs.text()), undefined);
  assert.is((await organizer.get(`/events/${eventId}/registration/links/nope`)).status, 404);

  // Made again on purpose: the new page says the earlier link stopped working, and it has.
  await organizer.get(`/events/${eventId}/registration`);
  const remade = await organizer.post(`/organizations/${organizationId}/link`, { deadline });
  const second = await (await organizer.get(remade.headers.get('location')!)).text();
  assert.match(second, 'The earlier link no longer works.');
  assert.ok(linkIn(second) && linkIn(second) !== token);
  assert.not.equal((await leader.get(`/d/${token}`)).status, 200);
});

once('links for every organization without one, at once: copied, downloaded as XLSX or printed with QR codes', async ({ target, organizer, eventId, organizationId }) => {
  const { db } = target;
  const others = ['舟山岑港海洋装备有限公司工会', '定海海鑫机械制造有限公司工会', '舟山金塘港务有限公司工会'];
  for (const name of others) await db.organization.create({ data: { eventId, name, contactName: '乐海燕' } });
  // One has its link already: its leader's link must keep working.
  await organizer.post(`/organizations/${organizationId}/link`, { deadline: '2099-06-30T18:00' });
  const kept = (await db.organization.findUniqueOrThrow({ where: { id: organizationId } })).linkTokenHash;
  await organizer.get(`/events/${eventId}/registration`);
  assert.match(organizer.lastHtml, 'Make links for the 3 organizations without one');

  assert.is((await organizer.post(`/events/${eventId}/organizations/links`, { deadline: '2001-01-01T09:00' })).status, 422, 'a deadline in the past');
  assert.is((await organizer.post(`/events/${eventId}/organizations/links`, { deadline: 'soon' })).status, 422);
  assert.is(await db.organization.count({ where: { eventId, linkTokenHash: { not: null } } }), 1, 'refusals change nothing');

  const made = await organizer.post(`/events/${eventId}/organizations/links`, { deadline: '2099-06-30T18:00' });
  assert.is(made.status, 303);
  const url = made.headers.get('location')!;
  const html = await (await organizer.get(url)).text();
  assert.match(html, 'Private links for 3 organizations are ready.');
  const tokens = [...html.matchAll(/https?:\/\/[^"<\s]+\/d\/([\w-]{32})/g)].map((m) => m[1]);
  assert.is(new Set(tokens).size, 3);
  assert.is((html.match(/data-copy="delegation-url-\d"/g) ?? []).length, 3, 'a copy button on each');
  assert.is((await db.organization.findUniqueOrThrow({ where: { id: organizationId } })).linkTokenHash, kept, 'an existing link is kept');
  const leader = new TestClient(target, EN);
  for (const token of tokens) assert.is((await leader.get(`/d/${token}`)).status, 200);

  const xlsx = await organizer.get(`${url}/links.xlsx`);
  assert.is(xlsx.status, 200);
  assert.is(xlsx.headers.get('cache-control'), 'no-store');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await xlsx.arrayBuffer());
  const rows = book.worksheets[0]!.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
  assert.equal(rows[0]!.slice(0, 3), ['Organization', 'Delegation leader', 'Private link']);
  assert.equal(rows.slice(1).map((r) => r[0]).sort(), [...others].sort());
  assert.equal(rows.slice(1).map((r) => String(r[2]).replace(/^.*\/d\//, '')).sort(), [...tokens].sort());

  const print = await organizer.get(`${url}/print`);
  assert.is(print.status, 200);
  const sheet = await print.text();
  assert.is((sheet.match(/data-testid="link-card"/g) ?? []).length, 3);
  assert.is((sheet.match(/<svg/g) ?? []).length, 3, 'a QR code on each card');

  // The same rule as the page: nobody else, and nothing after the view is gone.
  await createAccount(db, { username: 'colleague', password: 'colleague-password' });
  const colleague = new TestClient(target, EN);
  await colleague.get('/login');
  await colleague.post('/login', { username: 'colleague', password: 'colleague-password' });
  assert.is((await colleague.get(`${url}/links.xlsx`)).status, 410);
  assert.is((await colleague.get(`${url}/print`)).status, 410);

  await organizer.get(`/events/${eventId}/registration`);
  const none = await organizer.post(`/events/${eventId}/organizations/links`, { deadline: '2099-06-30T18:00' });
  assert.is(none.status, 409);
  assert.match(await none.text(), 'Every organization has a link already.');
  assert.is(await db.auditEntry.count({ where: { action: 'delegation.link' } }), 4);
});

once.run();

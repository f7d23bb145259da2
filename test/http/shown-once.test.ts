import { suite } from 'uvu';
import * as assert from 'uvu/assert';
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

once.run();

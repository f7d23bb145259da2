import { suite } from 'uvu';
import * as assert from 'uvu/assert';
// First: the app loads the API's zod-openapi extension before any schema is built.
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { byTestId, organizerClient, textOf } from '../support/desk.ts';
import { HOUR, delegationToken, lockedFixture, publishWelding, refused, windows, type ResultsFixture } from '../support/results.ts';

interface Context {
  target: TestApp;
  fixture: ResultsFixture;
  /** 舟山船舶修造 (张伟 001, 李强 002) and 定海机电 (王芳 003). */
  tokenA: string;
  tokenB: string;
  leaderA: TestClient;
}

const ORG_A = '舟山船舶修造有限公司';
const ORG_B = '定海机电设备有限公司';

const appeals = suite<Context>('appeals and arbitration', {} as Context);
appeals.before.each(async (ctx) => {
  ctx.target = await freshApp();
  const { db } = ctx.target;
  ctx.fixture = await lockedFixture(db);
  ctx.tokenA = await delegationToken(db, ctx.fixture, ORG_A);
  ctx.tokenB = await delegationToken(db, ctx.fixture, ORG_B);
  // Registration closed long ago: appeals do not depend on the registration deadline.
  await db.organization.updateMany({ where: { eventId: ctx.fixture.eventId }, data: { linkDeadline: new Date(Date.now() - 30 * 24 * HOUR) } });
  ctx.leaderA = new TestClient(ctx.target, { 'accept-language': 'en' });
});
appeals.after.each(async (ctx) => { await ctx.target.close(); });

const TEXT = '张伟 P1 焊缝成形评分过低，申请复核焊缝照片。';

/**
 * Posts the appeal form. The page shows the form only while a window is open, so a refused post
 * is one from a page loaded earlier: the CSRF token is the one that page carried (the browser's
 * pre-session token, the same on every page of this browser, here taken from the sign-in form).
 */
async function file(ctx: Context, client: TestClient, token: string, fields: Record<string, string>) {
  await client.get(`/d/${token}/appeals`);
  if (!client.csrfToken()) await client.get('/login');
  return client.post(`/d/${token}/appeals`, { _csrf: client.csrfToken(), ...fields });
}

appeals('a leader appeals inside the window about their own entry, after the registration deadline', async (ctx) => {
  const { db } = ctx.target;
  const f = ctx.fixture;
  await publishWelding(db, f);
  // The registration page links to the results, now that registration is over.
  const home = await ctx.leaderA.get(`/d/${ctx.tokenA}`);
  assert.is(home.status, 200);
  assert.match(byTestId(await home.text(), 'delegation-results-link'), `href="/d/${ctx.tokenA}/appeals"`);

  const page = await ctx.leaderA.get(`/d/${ctx.tokenA}/appeals`);
  assert.is(page.status, 200);
  assert.is(page.headers.get('referrer-policy'), 'no-referrer');
  assert.is(page.headers.get('cache-control'), 'no-store');
  const html = await page.text();
  const results = textOf(byTestId(html, 'delegation-results'));
  assert.match(results, '001 张伟 Total 100.00, rank 1 · Second prize');
  assert.match(results, '002 李强 Total 75.00, rank 2 · Third prize');
  assert.not.match(html, '王芳', 'not another delegation\'s contestant');
  assert.not.match(html, ORG_B);
  const form = byTestId(html, 'appeal-form');
  assert.match(form, '<option value="001">001 张伟 · 焊工</option>');
  assert.not.match(form, 'value="003"');

  const filed = await ctx.leaderA.post(`/d/${ctx.tokenA}/appeals`, { bib: '001', text: `  ${TEXT}  ` });
  assert.is(filed.status, 303);
  assert.is(filed.headers.get('location'), `/d/${ctx.tokenA}/appeals?done=filed`);
  const appeal = await db.appeal.findFirstOrThrow();
  const [organization, v1] = await Promise.all([
    db.organization.findFirstOrThrow({ where: { name: ORG_A } }),
    db.publication.findFirstOrThrow({ where: { skillId: f.skillId, version: 1 } }),
  ]);
  assert.equal(
    { organizationId: appeal.organizationId, publicationId: appeal.publicationId, entryBib: appeal.entryBib, text: appeal.text, decision: appeal.decision, decidedAt: appeal.decidedAt },
    { organizationId: organization.id, publicationId: v1.id, entryBib: '001', text: TEXT, decision: null, decidedAt: null },
  );
  const audit = await db.auditEntry.findFirstOrThrow({ where: { action: 'appeal.file' } });
  assert.is(audit.accountId, null);
  assert.is(audit.subject, `${ORG_A} 001`);
  const after = await (await ctx.leaderA.get(`/d/${ctx.tokenA}/appeals?done=filed`)).text();
  assert.match(after, 'Your appeal is filed.');
  assert.match(textOf(byTestId(after, 'delegation-appeals')), `001 张伟 焊工 Filed: `);
  assert.match(textOf(byTestId(after, 'delegation-appeals')), `${TEXT} Awaiting decision`);

  // The other delegation sees none of it.
  const leaderB = new TestClient(ctx.target, { 'accept-language': 'en' });
  const other = await (await leaderB.get(`/d/${ctx.tokenB}/appeals`)).text();
  assert.not.match(other, TEXT);
  assert.not.match(other, '张伟');
  assert.match(textOf(byTestId(other, 'delegation-results')), '003 王芳 Total 50.00, rank 3');
});

appeals('another organization\'s bib, an unknown bib, an unpublished skill and an empty text are refused', async (ctx) => {
  const { db } = ctx.target;
  const f = ctx.fixture;
  // Nothing published yet.
  const early = await file(ctx, ctx.leaderA, ctx.tokenA, { bib: '001', text: TEXT });
  assert.is(early.status, 422);
  assert.match(await early.text(), 'The results of this entry&#39;s skill are not published.');
  await publishWelding(db, f);
  for (const bib of ['003', '999', '']) {
    const response = await file(ctx, ctx.leaderA, ctx.tokenA, { bib, text: TEXT });
    assert.is(response.status, 422, `bib ${bib || '(none)'}`);
    assert.match(await response.text(), bib ? 'No entry of your delegation has this bib.' : 'Choose the entry you appeal about.');
  }
  const empty = await file(ctx, ctx.leaderA, ctx.tokenA, { bib: '002', text: '   ' });
  assert.is(empty.status, 422);
  assert.match(await empty.text(), 'Describe what you contest and why.');
  assert.is(await db.appeal.count(), 0);
  // A revoked link reaches nothing.
  await db.organization.updateMany({ where: { name: ORG_A }, data: { linkTokenHash: null, linkDeadline: null } });
  assert.is((await ctx.leaderA.get(`/d/${ctx.tokenA}/appeals`)).status, 404);
  assert.is((await ctx.leaderA.post(`/d/${ctx.tokenA}/appeals`, { _csrf: ctx.leaderA.csrfToken(), bib: '001', text: TEXT })).status, 404);
  assert.is(await db.appeal.count(), 0);
});

appeals('after appealUntil the appeal is refused', async (ctx) => {
  const { db } = ctx.target;
  const f = ctx.fixture;
  // Published three hours ago with a window that closed an hour ago.
  const now = new Date(Date.now() - 3 * HOUR);
  await publishWelding(db, f, { now, appealUntil: new Date(Date.now() - HOUR) });
  const page = await (await ctx.leaderA.get(`/d/${ctx.tokenA}/appeals`)).text();
  assert.match(textOf(byTestId(page, 'delegation-results')), 'appeal window closed');
  assert.match(textOf(byTestId(page, 'appeal-form')), 'No appeal window is open for your contestants.');
  const late = await file(ctx, ctx.leaderA, ctx.tokenA, { bib: '001', text: TEXT });
  assert.is(late.status, 409);
  assert.match(await late.text(), 'The appeal window for these results has closed.');
  assert.is(await db.appeal.count(), 0);
});

appeals('the organizer decides with a reason; an upheld appeal links to the corrected version', async (ctx) => {
  const { db } = ctx.target;
  const f = ctx.fixture;
  await publishWelding(db, f);
  assert.is((await file(ctx, ctx.leaderA, ctx.tokenA, { bib: '002', text: TEXT })).status, 303);
  const appeal = await db.appeal.findFirstOrThrow();

  const organizer = await organizerClient(ctx.target);
  const list = await organizer.get(`/skills/${f.skillId}/appeals`);
  assert.is(list.status, 200);
  const card = textOf(byTestId(await list.text(), `appeal-${appeal.id}`));
  assert.match(card, `Bib 002 李强 Organization ${ORG_A}`);
  assert.match(card, TEXT);
  assert.match(card, 'Awaiting decision');
  // The preview counts pending appeals.
  assert.match(await (await organizer.get(`/skills/${f.skillId}/results`)).text(), `href="/skills/${f.skillId}/appeals"`);

  await organizer.get(`/skills/${f.skillId}/appeals`);
  const url = `/skills/${f.skillId}/appeals/${appeal.id}/decision`;
  const noReason = await organizer.post(url, { decision: 'upheld', reason: '  ' });
  assert.is(noReason.status, 422);
  assert.match(await noReason.text(), 'Give a reason: it is recorded.');
  const noDecision = await organizer.post(url, { decision: '', reason: '复核照片' });
  assert.is(noDecision.status, 422);
  assert.match(await noDecision.text(), 'Choose upheld or rejected.');
  assert.is((await db.appeal.findUniqueOrThrow({ where: { id: appeal.id } })).decidedAt, null);
  assert.is((await organizer.post(`/skills/${f.otherSkillId}/appeals/${appeal.id}/decision`, { decision: 'rejected', reason: 'x' })).status, 404, 'not an appeal of that skill');

  const reason = '复核焊缝照片，P1 应为 3 级，予以更正';
  const decided = await organizer.post(url, { decision: 'upheld', reason });
  assert.is(decided.status, 303);
  const row = await db.appeal.findUniqueOrThrow({ where: { id: appeal.id } });
  assert.equal({ decision: row.decision, reason: row.decisionReason, by: row.decidedById }, { decision: 'upheld', reason, by: f.organizerId });
  assert.ok(row.decidedAt);
  assert.ok(await db.auditEntry.findFirst({ where: { action: 'appeal.decide', accountId: f.organizerId } }));
  await organizer.get(`/skills/${f.skillId}/appeals`);
  const twice = await organizer.post(url, { decision: 'rejected', reason: '改判' });
  assert.is(twice.status, 409);
  assert.match(await twice.text(), 'This appeal has already been decided.');
  await refused(db.appeal.update({ where: { id: appeal.id }, data: { decision: 'rejected' } }), /decided once/, 'rewrite a decision');
  await refused(db.appeal.delete({ where: { id: appeal.id } }), /never deleted/, 'delete an appeal');

  // The leader sees the decision and its reason.
  const leaderPage = textOf(byTestId(await (await ctx.leaderA.get(`/d/${ctx.tokenA}/appeals`)).text(), 'delegation-appeals'));
  assert.match(leaderPage, `Upheld decided`);
  assert.match(leaderPage, `Reason: ${reason}`);

  // Upheld: the appeals page offers the new version, with the change note prefilled.
  const upheld = await (await organizer.get(`/skills/${f.skillId}/appeals`)).text();
  assert.match(upheld, `href="/skills/${f.skillId}/results?appeal=${appeal.id}#publish"`);
  const preview = await (await organizer.get(`/skills/${f.skillId}/results?appeal=${appeal.id}`)).text();
  const note = `Appeal about bib 002 upheld: ${reason}`;
  assert.match(preview, `>${note}</textarea>`);
  const republished = await organizer.post(`/skills/${f.skillId}/publications`, { ...windows(new Date()), changeNote: note });
  assert.is(republished.status, 303);
  const corrected = textOf(byTestId(await (await organizer.get(`/skills/${f.skillId}/appeals`)).text(), `appeal-${appeal.id}`));
  assert.match(corrected, 'Corrected results: Version 2');
  assert.match(await (await organizer.get(`/skills/${f.skillId}/appeals`)).text(), `href="/skills/${f.skillId}/publications/2"`);
});

appeals.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freshApp, type TestApp } from '../support/app.ts';
import { passwordClient, type TestClient } from '../support/client.ts';
import { byTestId, organizerClient, textOf } from '../support/desk.ts';
import { createAccount } from '../support/fixtures.ts';
import { earlierContest } from '../support/pool.ts';
import { createApiToken } from '../../src/api/tokens.ts';
import { lockWelding, markedFixture, publishWelding, topNTitles, type ResultsFixture } from '../support/results.ts';
import { readSheetFile } from '../../src/events/scheme-files.ts';

/**
 * The annual figures: the city's welding contest of 2026 (张伟, 李强, 王芳 competed; two prizes,
 * two titles) and a district's contest of 2025 (张伟 alone, first prize). The city sees both
 * years, the district below it as a row; the district sees its own year only.
 */
interface Ctx { target: TestApp; f: ResultsFixture; city: TestClient; districtId: number }
const test = suite<Ctx>('annual figures', {} as Ctx);

test.before.each(async (ctx) => {
  ctx.target = await freshApp();
  const { db } = ctx.target;
  ctx.f = await markedFixture(db);
  await db.skill.update({ where: { id: ctx.f.skillId }, data: topNTitles(2) });
  ctx.city = await organizerClient(ctx.target);
  await lockWelding(db, ctx.f);
  await publishWelding(db, ctx.f);
  const zhang = await db.contestant.findFirstOrThrow({ where: { name: '张伟', eventId: ctx.f.eventId } });
  const { earlierEventId } = await earlierContest(db, ctx.f, zhang.id);
  ctx.districtId = (await db.federation.create({ data: { name: '定海区总工会', parentId: 1 } })).id;
  await db.event.update({ where: { id: earlierEventId }, data: { federationId: ctx.districtId } });
});
test.after.each(async (ctx) => { await ctx.target.close(); });

/** The headline's numbers by figure name. */
function headline(html: string): Record<string, string> {
  const block = byTestId(html, 'figures-headline');
  return Object.fromEntries([...block.matchAll(/data-figure="(\w+)"[\s\S]*?<strong>(\d+)<\/strong>(?:<span[^>]*>\s*([^<]+)<\/span>)?/g)].map((m) => [m[1], m[3] ? `${m[2]} ${m[3].trim()}` : m[2]]));
}

test('the city\'s year: contests, participants, prizes, with the change from the year before; the district as a row', async (ctx) => {
  const html = await (await ctx.city.get('/figures?year=2026')).text();
  const numbers = headline(html);
  assert.equal({ contests: numbers.contests, participants: numbers.participants, entries: numbers.entries, prizes: numbers.prizes, titles: numbers.titles }, {
    contests: '1 0%', participants: '3 +200%', entries: '3 +200%', prizes: '2 +100%', titles: '2',
  });
  assert.match(textOf(html), 'Changes compared with 2025.');
  assert.match(textOf(byTestId(html, 'figures-years')), /2025 1 1 1 1 1 1 1 0 0 0 0\s+2026 1 1 3 3 2 2 0 1 1 2/);
  assert.match(textOf(byTestId(html, 'figures-trades')), /焊工 1 1 3 3 2 2/);
  assert.match(textOf(byTestId(html, 'figures-organizations')), '舟山船舶修造有限公司');
  assert.match(html, 'id="chart-years"');
  assert.match(html, 'src="/static/vendor/echarts.min.js"');
  const data = JSON.parse(/<script type="application\/json" id="figures-data">([\s\S]*?)<\/script>/.exec(html)![1]!);
  assert.equal(data.years.map((y: { year: string; participants: number }) => [y.year, y.participants]), [['2025', 1], ['2026', 3]]);
  for (const secret of [...ctx.f.idNumbers, ...ctx.f.phones]) assert.not.match(html, secret, 'figures only');

  const y2025 = await (await ctx.city.get('/figures?year=2025')).text();
  assert.match(textOf(byTestId(y2025, 'figures-federations')), /定海区总工会 1 1 1 1 1 1 1/);
  assert.match(textOf(y2025), 'No earlier year to compare with.');
});

test('the district sees its own contests only, and not its people above; clerks see no figures', async (ctx) => {
  const { db } = ctx.target;
  await createAccount(db, { username: 'district', password: 'district-password-1' });
  await db.account.update({ where: { username: 'district' }, data: { federationId: ctx.districtId } });
  const district = await passwordClient(ctx.target, 'district', 'district-password-1');
  const html = await (await district.get('/figures')).text();
  assert.match(textOf(byTestId(html, 'figures-years')), /^Year.*2025 1 1 1 1 1 1 1 0 0 0 0$/);
  assert.not.match(html, '2026', 'the city\'s contest is not the district\'s');
  assert.not.match(html, 'figures-federations', 'nothing below it');

  await createAccount(db, { username: 'clerk', password: 'clerk-password-1', isAdmin: false });
  const clerk = await passwordClient(ctx.target, 'clerk', 'clerk-password-1');
  assert.is((await clerk.get('/figures')).status, 403);
  assert.is((await clerk.get('/figures.xlsx')).status, 403);
});

test('the XLSX has every table; a trade named like markup cannot break the page\'s data', async (ctx) => {
  await ctx.target.db.skill.update({ where: { id: ctx.f.skillId }, data: { name: '</script><script>alert(1)</script>' } });
  // The snapshot keeps the name it was published with: a new version carries the new one.
  await publishWelding(ctx.target.db, ctx.f, { changeNote: 'renamed' });
  const html = await (await ctx.city.get('/figures?year=2026')).text();
  assert.not.match(html, '<script>alert(1)</script>');
  const data = JSON.parse(/<script type="application\/json" id="figures-data">([\s\S]*?)<\/script>/.exec(html)![1]!);
  assert.is(data.trades[0].name, '</script><script>alert(1)</script>', 'the data is intact');

  const response = await ctx.city.get('/figures.xlsx?year=2025');
  assert.is(response.status, 200);
  const rows = await readSheetFile(new Uint8Array(await response.arrayBuffer()), 'figures.xlsx');
  const firsts = rows.map((r) => r[0]);
  for (const heading of ['Year by year', 'By trade, 2025', 'By federation below, 2025', 'By organization, 2025']) assert.ok(firsts.includes(heading), heading);
  assert.ok(rows.some((r) => r[0] === '定海区总工会' && r[3] === 1));
  assert.ok((await ctx.city.get('/figures?year=abc')).ok, 'a malformed year shows the latest');
});

test('the API gives the same figures to an administrator\'s token', async (ctx) => {
  const token = (await createApiToken(ctx.target.db, ctx.f.organizerId, 'sync')).token;
  const response = await ctx.target.app.request('/api/v1/figures?year=2025', { headers: { authorization: `Bearer ${token}` } });
  assert.is(response.status, 200);
  const body = (await response.json()) as { year: number; years: { year: number; figures: { participants: number } }[]; byFederation: { key: string }[] };
  assert.is(body.year, 2025);
  assert.equal(body.years.map((y) => [y.year, y.figures.participants]), [[2025, 1], [2026, 3]]);
  assert.equal(body.byFederation.map((r) => r.key), ['定海区总工会']);
});

test.run();

import * as assert from 'uvu/assert';
import { browserSuite, fitsWidth, screenshot, signIn, watchConsole } from '../support/browser.ts';
import { ORGANIZER } from '../support/desk.ts';
import { earlierContest } from '../support/pool.ts';
import { lockedFixture, publishWelding, topNTitles } from '../support/results.ts';

const figures = browserSuite('browser: the annual figures', async (ctx) => {
  const f = await lockedFixture(ctx.target.db);
  await ctx.target.db.skill.update({ where: { id: f.skillId }, data: topNTitles(2) });
  await publishWelding(ctx.target.db, f);
  const zhang = await ctx.target.db.contestant.findFirstOrThrow({ where: { name: '张伟', eventId: f.eventId } });
  const { earlierEventId } = await earlierContest(ctx.target.db, f, zhang.id);
  const district = await ctx.target.db.federation.create({ data: { name: '定海区总工会', parentId: 1 } });
  await ctx.target.db.event.update({ where: { id: earlierEventId }, data: { federationId: district.id } });
});

figures('charts drawn from node_modules\' ECharts under the CSP, readable on a tablet, a phone and in print', async (ctx) => {
  if (!ctx.browser) return;
  const { server } = ctx;
  const tablet = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await tablet.newPage();
  const problems = watchConsole(page);
  await signIn(page, server.url, ORGANIZER.username, ORGANIZER.password);
  await page.getByRole('link', { name: '年度数据' }).click();
  await page.waitForURL(server.url + '/figures');
  await page.locator('#chart-years svg').waitFor();
  await page.locator('#chart-trades svg').waitFor();
  // The bars carry the numbers: 1 participant in 2025, 3 in 2026.
  const labels = (await page.locator('#chart-years svg text').allTextContents()).map((text) => text.trim());
  assert.ok(labels.includes('3') && labels.includes('2026'), `chart labels: ${labels.join(' ')}`);
  assert.match(await page.getByTestId('figures-headline').innerText(), '参赛人数');
  await screenshot(page, 'figures-zh-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  assert.ok(await fitsWidth(page), 'the figures fit a phone');
  await screenshot(page, 'figures-zh-390');
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10_000, 'printed');
  assert.equal(problems, []);
  await tablet.close();
});

figures.run();

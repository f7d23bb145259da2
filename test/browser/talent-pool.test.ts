import * as assert from 'uvu/assert';
import { browserSuite, fitsWidth, screenshot, signIn, watchConsole } from '../support/browser.ts';
import { ORGANIZER } from '../support/desk.ts';
import { earlierContest } from '../support/pool.ts';
import { lockedFixture, publishWelding, topNTitles, type ResultsFixture } from '../support/results.ts';

const pool = browserSuite<{ fixture: ResultsFixture; zhangId: number }>('browser: the talent pool after two contests', async (ctx) => {
  ctx.fixture = await lockedFixture(ctx.target.db);
  await ctx.target.db.skill.update({ where: { id: ctx.fixture.skillId }, data: topNTitles(2) });
  await publishWelding(ctx.target.db, ctx.fixture);
  ctx.zhangId = (await ctx.target.db.contestant.findFirstOrThrow({ where: { name: '张伟', eventId: ctx.fixture.eventId } })).id;
  await earlierContest(ctx.target.db, ctx.fixture, ctx.zhangId);
});

pool('on a phone: search the pool, open 张伟\'s record of both contests, print it on A4', async (ctx) => {
  if (!ctx.browser) return;
  const { server } = ctx;
  const phone = await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const page = await phone.newPage();
  const problems = watchConsole(page);
  await signIn(page, server.url, ORGANIZER.username, ORGANIZER.password);
  await page.getByRole('link', { name: '工匠库' }).click();
  await page.waitForURL(server.url + '/pool');
  assert.match(await page.getByTestId('pool-count').innerText(), '共 3 人');
  assert.ok(await fitsWidth(page), 'the pool fits the phone');
  await screenshot(page, 'pool-zh-390');
  await page.getByLabel('工种').fill('气焊');
  await page.getByRole('button', { name: '查询' }).click();
  await page.waitForURL(/trade=/);
  assert.match(await page.getByTestId('pool-count').innerText(), '符合 1 人');
  await page.getByRole('link', { name: '张伟' }).click();
  await page.waitForURL(/\/pool\/contestants\/\d+$/);
  const record = await page.getByTestId('person-results').innerText();
  assert.match(record, '2026年定海区职工技能大比武');
  assert.match(record, '2025年舟山市焊工技能竞赛');
  assert.ok(await fitsWidth(page), 'the record fits the phone');
  await screenshot(page, 'pool-record-zh-390');
  await page.getByTestId('record-print').click();
  await page.waitForURL(/\/print$/);
  const pdf = await page.pdf({ format: 'A4' });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.is(pages, 1, 'one A4 page');
  assert.equal(problems, []);
  await phone.close();
});

pool.run();

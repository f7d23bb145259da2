import * as assert from 'uvu/assert';
import { browserSuite, fitsWidth, screenshot, signIn, watchConsole } from '../support/browser.ts';
import { createAccount } from '../support/fixtures.ts';

/**
 * Moving an event to its next stage says first what that means (registration closes, who is
 * still awaiting approval) and asks; a move that cannot be made yet says why, with no button.
 */
const flow = browserSuite<{ eventId: number }>('browser: an event\'s stages ask first', async (ctx) => {
  const { db } = ctx.target;
  await createAccount(db, { username: 'organizer', password: 'organizer-password', displayName: '赵敏' });
  const event = await db.event.create({ data: { name: '2026年定海区职工技能大比武', status: 'registration' } });
  ctx.eventId = event.id;
  const skill = await db.skill.create({ data: { eventId: event.id, name: '焊工', tieBreaks: '[]' } });
  for (const [i, code] of ['theory', 'practical'].entries()) {
    const round = await db.round.create({ data: { skillId: skill.id, code, name: i ? '实际操作' : '理论知识', weight: i ? 70 : 30, maxScore: 100, position: i } });
    await db.criterion.create({ data: { roundId: round.id, code: 'A', name: 'all', aspects: { create: { code: 'A1', name: 'all', type: 'deduction', maxMark: 100, rule: JSON.stringify({ type: 'deduction', perOccurrence: 5, cap: 100 }) } } } });
  }
  await db.organization.create({ data: { eventId: event.id, name: '定海机电设备有限公司' } });
});

flow('start the competition after reading what it means; publishing waits for the rounds to be locked', async (ctx) => {
  if (!ctx.browser) return;
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, ctx.server.url, 'organizer', 'organizer-password');
  await page.goto(`${ctx.server.url}/events/${ctx.eventId}`);
  const start = page.getByTestId('stage-in_progress');
  await start.locator('summary').click();
  await start.getByText('尚未审核通过的单位（1 个）：定海机电设备有限公司。').waitFor();
  assert.match(await start.innerText(), '报名随即截止');
  await screenshot(page, 'event-stage-confirm-zh-1280');
  await start.getByRole('button', { name: '进入：比赛进行中' }).click();
  await page.waitForURL(`${ctx.server.url}/events/${ctx.eventId}`);
  assert.is((await ctx.target.db.event.findUniqueOrThrow({ where: { id: ctx.eventId } })).status, 'in_progress');

  const publish = page.getByTestId('stage-published');
  await publish.locator('summary').click();
  await publish.getByText('以下评分环节尚未锁定').waitFor();
  assert.is(await publish.getByRole('button').count(), 0, 'no button for a move that cannot be made');
  await page.setViewportSize({ width: 390, height: 844 });
  assert.ok(await fitsWidth(page));
  await screenshot(page, 'event-stage-refused-zh-390');
  assert.equal(problems, []);
  await context.close();
});

flow.run();

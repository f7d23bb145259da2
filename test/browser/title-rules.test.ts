import * as assert from 'uvu/assert';
import { browserSuite, fitsWidth, screenshot, signIn, watchConsole } from '../support/browser.ts';
import { createAccount } from '../support/fixtures.ts';
import { blankTitleRule, defaultTitleRules } from '../../src/domain/title-rules.ts';

/** The ordered title-rule editor, clicked through on a tablet in Chinese and looked at on a phone. */
const editor = browserSuite<{ skillId: number }>('browser: title and promotion rules', async (ctx) => {
  await createAccount(ctx.target.db, { username: 'organizer', password: 'organizer-password', displayName: '赵敏' });
  const event = await ctx.target.db.event.create({ data: { name: '2026年定海区职工技能大比武', status: 'draft', startsOn: new Date('2026-11-20T00:00:00Z') } });
  const skill = await ctx.target.db.skill.create({ data: { eventId: event.id, name: '数控车工', tieBreaks: '[]' } });
  await ctx.target.db.round.create({ data: { skillId: skill.id, code: 'theory', name: '理论知识', weight: 30, maxScore: 100, position: 0 } });
  await ctx.target.db.round.create({ data: { skillId: skill.id, code: 'practical', name: '实际操作', weight: 70, maxScore: 100, position: 1 } });
  ctx.skillId = skill.id;
});

editor('an organizer adds a 青年岗位能手 rule, fixes its error, moves it first and saves, on a tablet', async ({ browser, server, target, skillId }) => {
  if (!browser) return;
  const context = await browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'zh-CN', hasTouch: true });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, server.url, 'organizer', 'organizer-password');
  await page.goto(`${server.url}/skills/${skillId}`);
  const rules = page.getByTestId('title-rules');
  await rules.getByRole('button', { name: '添加规则' }).click();
  const second = page.getByTestId('title-rule-2');
  await second.waitFor();
  await rules.getByText('规则尚未保存').waitFor();

  // Saved without a condition: the error is beside the field, in Chinese, and nothing is stored.
  await second.getByLabel('授予称号').fill('青年岗位能手');
  await page.getByTestId('title-rules').getByRole('button', { name: '保存规则' }).last().click();
  await page.getByTestId('title-rule-2').getByText('请为本条规则设定条件').waitFor();
  assert.equal(JSON.parse((await target.db.skill.findUniqueOrThrow({ where: { id: skillId } })).titleRules), defaultTitleRules);

  await page.getByTestId('title-rule-2').getByLabel('名次至').fill('5');
  await page.getByTestId('title-rule-2').getByLabel('年龄未满（周岁）').fill('35');
  await page.getByTestId('title-rule-2').getByRole('button', { name: '上移' }).click();
  await page.getByTestId('title-rule-1').locator('input[value="青年岗位能手"]').waitFor();
  await page.getByTestId('title-rules').getByRole('button', { name: '保存规则' }).last().click();
  await page.getByTestId('title-rules').getByText('已保存').waitFor();
  assert.equal(JSON.parse((await target.db.skill.findUniqueOrThrow({ where: { id: skillId } })).titleRules), [
    { ...blankTitleRule, rankTo: 5, underAge: 35, title: '青年岗位能手' },
    defaultTitleRules[0],
  ]);
  assert.ok(await fitsWidth(page), 'no sideways scrolling on a tablet');
  await page.getByTestId('title-rules').scrollIntoViewIfNeeded();
  await screenshot(page, 'title-rules-zh-800');
  assert.equal(problems, []);
  await context.close();
});

editor('the rule editor fits a phone', async ({ browser, server, skillId }) => {
  if (!browser) return;
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, server.url, 'organizer', 'organizer-password');
  await page.goto(`${server.url}/skills/${skillId}`);
  await page.getByTestId('title-rule-2').waitFor();
  assert.ok(await fitsWidth(page), 'no sideways scrolling on a phone');
  await page.getByTestId('title-rules').scrollIntoViewIfNeeded();
  await screenshot(page, 'title-rules-zh-360');
  assert.equal(problems, []);
  await context.close();
});

editor.run();

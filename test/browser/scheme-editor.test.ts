import * as assert from 'uvu/assert';
import { browserSuite, fitsWidth, screenshot, signIn, watchConsole } from '../support/browser.ts';
import { createAccount } from '../support/fixtures.ts';

const editor = browserSuite('browser: event setup and scheme editor', async (ctx) => {
  await createAccount(ctx.target.db, { username: 'organizer', password: 'organizer-password', displayName: '赵敏' });
});

editor('an organizer sets up an event with two skills and a judgement aspect, without page reloads', async ({ browser, server, target }) => {
  if (!browser) return;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, server.url, 'organizer', 'organizer-password');

  await page.getByRole('link', { name: '赛事' }).first().click();
  await page.getByRole('link', { name: '新建赛事' }).click();
  await page.getByLabel('赛事名称').fill('2026年定海区职工技能大比武');
  await page.getByLabel('开始日期').fill('2026-11-20');
  await page.getByLabel('结束日期').fill('2026-11-21');
  await page.getByLabel('比赛地点').fill('定海区职业技能实训基地');
  await page.getByRole('button', { name: '新建赛事' }).click();
  await page.waitForURL(/\/events\/\d+$/);
  assert.is(await page.locator('h1').innerText(), '2026年定海区职工技能大比武');

  // Two skills; each starts with theory 30 % and practical 70 %.
  await page.getByLabel('竞赛项目（工种）名称').fill('数控车工');
  await page.getByLabel('英文名称').fill('CNC turning');
  await page.getByRole('button', { name: '添加竞赛项目' }).click();
  await page.waitForURL(/\/skills\/\d+$/);
  await page.getByRole('link', { name: /返回/ }).click();
  await page.getByLabel('竞赛项目（工种）名称').fill('焊工');
  await page.getByLabel('英文名称').fill('Welding');
  await page.getByRole('button', { name: '添加竞赛项目' }).click();
  await page.waitForURL(/\/skills\/\d+$/);
  assert.match(await page.getByTestId('weights-total').innerText(), '100');

  // Mark the page so we can tell it was never reloaded by the edits below.
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

  const practical = page.locator('.round').nth(1);
  await practical.locator('.add-form input[name=code]').fill('A');
  await practical.locator('.add-form input[name=name]').fill('焊缝外观');
  await practical.getByRole('button', { name: '添加评分项' }).click();
  await practical.locator('.criterion').first().waitFor();

  await practical.getByRole('button', { name: '+ 添加评分细则' }).click();
  const form = page.getByTestId('aspect-form');
  await form.locator('input[name=code]').fill('A1');
  await form.locator('textarea[name=name]').fill('焊缝成形美观，宽窄一致');
  // Out of range first: the error appears next to the field, in Chinese.
  await form.locator('input[name=maxMark]').fill('-5');
  await form.locator('textarea[name="rule.levels.0"]').fill('成形差，明显缺陷');
  await form.getByRole('button', { name: '保存' }).click();
  await page.locator('.aspect-form .field-invalid').first().waitFor();
  assert.match(await page.locator('#field-maxMark-error').innerText(), '请输入大于 0 的数');
  assert.match(await page.locator('#field-rule-levels-1-error').innerText(), '请填写 0–3 每个等级的描述');

  await form.locator('input[name=maxMark]').fill('70');
  await form.locator('textarea[name="rule.levels.1"]').fill('基本成形，有少量缺陷');
  await form.locator('textarea[name="rule.levels.2"]').fill('成形良好');
  await form.locator('textarea[name="rule.levels.3"]').fill('成形优美，无缺陷，超出预期');
  await form.getByRole('button', { name: '保存' }).click();
  await page.getByTestId('aspect-A1').waitFor();
  assert.match(await page.getByTestId('aspect-A1').innerText(), '评价');
  assert.match(await page.getByTestId('round-total-practical').innerText(), '70 / 100');

  // Editing the aspect swaps the row for a form and back.
  await page.getByTestId('aspect-A1').getByRole('button', { name: '编辑' }).click();
  await page.getByTestId('aspect-form').locator('input[name=maxMark]').fill('100');
  await page.getByTestId('aspect-form').getByRole('button', { name: '保存' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="round-total-practical"]')?.textContent?.includes('100 / 100'));

  assert.is(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'no full page reload');
  await page.getByTestId('aspect-A1').scrollIntoViewIfNeeded();
  assert.ok(await fitsWidth(page));
  await screenshot(page, 'scheme-editor-zh-1280');

  const skills = await target.db.skill.findMany({ include: { rounds: { include: { criteria: { include: { aspects: true } } } } } });
  assert.equal(skills.map((s) => s.name), ['数控车工', '焊工']);
  const aspect = skills[1]!.rounds[1]!.criteria[0]!.aspects[0]!;
  assert.is(aspect.type, 'judgement');
  assert.is(aspect.maxMark, 100);
  assert.equal(JSON.parse(aspect.rule).levels, ['成形差，明显缺陷', '基本成形，有少量缺陷', '成形良好', '成形优美，无缺陷，超出预期']);
  assert.equal(problems, []);
  await context.close();
});

editor('the scheme editor works on a phone in English', async ({ browser, server, target }) => {
  if (!browser) return;
  const skill = await target.db.skill.findFirstOrThrow({ where: { name: '焊工' } });
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en', isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, server.url, 'organizer', 'organizer-password');
  await page.goto(`${server.url}/skills/${skill.id}`);
  assert.match(await page.getByTestId('round-total-practical').innerText(), 'Marks 100 / 100');
  assert.ok(await fitsWidth(page), 'no sideways scrolling on a phone');
  await screenshot(page, 'scheme-editor-en-360');
  assert.equal(problems, []);
  await context.close();
});

editor.run();

import * as assert from 'uvu/assert';
import path from 'node:path';
import { brokenWords, browserSuite, fitsWidth, screenshot, screenshotDir, signIn, watchConsole } from '../support/browser.ts';
import { createAccount } from '../support/fixtures.ts';
import { registeredEvent, type RegisteredEvent } from '../support/registered-event.ts';

/**
 * The registration list of a 300-contestant event on a laptop, a 10-inch tablet and a phone, in
 * both languages: nothing scrolls sideways, no name or number breaks, and an organizer finds
 * someone, shows their ID number, ticks a page and deletes it after confirming.
 */
const flow = browserSuite<{ event: RegisteredEvent }>('browser: the registration list at 300 contestants', async (ctx) => {
  await createAccount(ctx.target.db, { username: 'organizer', password: 'organizer-password', displayName: '赵敏' });
  ctx.event = await registeredEvent(ctx.target.db);
});

const viewports = [{ width: 1280, height: 800 }, { width: 800, height: 1280 }, { width: 390, height: 844 }];

flow('fits a laptop, a tablet and a phone in both languages, with no word broken', async (ctx) => {
  if (!ctx.browser) return;
  for (const locale of ['zh-CN', 'en']) {
    const context = await ctx.browser.newContext({ viewport: viewports[0], locale });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await signIn(page, ctx.server.url, 'organizer', 'organizer-password');
    await page.goto(`${ctx.server.url}/events/${ctx.event.eventId}/registration`);
    for (const viewport of viewports) {
      await page.setViewportSize(viewport);
      assert.ok(await fitsWidth(page), `${locale} ${viewport.width}: no sideways scroll`);
      assert.equal(await brokenWords(page), [], `${locale} ${viewport.width}: no broken words`);
      assert.is(await page.locator('[data-testid=contestants] tbody tr').count(), 50);
      await page.locator('#contestants').scrollIntoViewIfNeeded();
      await page.evaluate(() => document.getElementById('contestants')!.scrollIntoView());
      await page.screenshot({ path: path.join(screenshotDir, `registration-list-${locale}-${viewport.width}.png`) });
    }
    assert.equal(problems, []);
    await context.close();
  }
});

flow('search as one types, show an ID number, tick a page, delete it after confirming', async (ctx) => {
  if (!ctx.browser) return;
  const context = await ctx.browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, ctx.server.url, 'organizer', 'organizer-password');
  await page.goto(`${ctx.server.url}/events/${ctx.event.eventId}/registration`);
  const someone = ctx.event.contestants[200]!;
  await page.locator('#list-q').fill(someone.idNumber.slice(-8));
  await page.locator('.list-count', { hasText: '符合条件 1 人' }).waitFor();
  assert.match(page.url(), `q=${someone.idNumber.slice(-8)}`, 'the search is in the address, for reload and back');
  const row = page.getByTestId(`contestant-${someone.id}`);
  assert.not.match(await row.innerText(), someone.idNumber);
  await row.getByRole('button', { name: '显示' }).click();
  await row.getByText(someone.idNumber).waitFor();
  await screenshot(page, 'registration-list-revealed-zh-800');

  const organization = ctx.event.organizations[5]!;
  await page.locator('#list-q').fill('');
  await page.locator('#field-organization').selectOption(String(organization.id));
  const members = ctx.event.contestants.filter((c) => c.organizationId === organization.id);
  await page.locator('.list-count', { hasText: `符合条件 ${members.length} 人` }).waitFor();
  await page.locator('.tick-all').check();
  const ticked = await page.locator('input[name=contestant]:checked').count();
  assert.is(ticked, members.length);
  const remove = page.getByTestId('bulk-delete');
  await remove.locator('summary').click();
  await screenshot(page, 'registration-list-bulk-delete-zh-800');
  await remove.getByRole('button', { name: '删除已勾选的选手' }).click();
  await page.getByText(`已删除 ${members.length} 名选手。`).waitFor();
  assert.is(await ctx.target.db.contestant.count({ where: { organizationId: organization.id } }), 0);
  assert.is(await page.locator('#field-organization').inputValue(), String(organization.id), 'the list keeps its filter');
  await page.reload();
  assert.is(await ctx.target.db.contestant.count(), 300 - members.length, 'a reload deletes nothing more');
  assert.equal(problems, []);
  await context.close();
});

flow('links for all 31 delegations at once: copy one, print them with QR codes', async (ctx) => {
  if (!ctx.browser) return;
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ctx.server.url });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, ctx.server.url, 'organizer', 'organizer-password');
  await page.goto(`${ctx.server.url}/events/${ctx.event.eventId}/registration`);
  const issue = page.getByTestId('issue-all');
  await issue.getByLabel('链接截止时间').fill('2099-06-30T18:00');
  await issue.getByRole('button', { name: `为尚无链接的 ${ctx.event.organizations.length} 个单位生成链接` }).click();
  await page.getByText(`已为 ${ctx.event.organizations.length} 个单位生成专属链接。`).waitFor();
  assert.match(page.url(), /\/registration\/links\/[\w-]{22}$/);
  const copy = page.locator('[data-copy="delegation-url-2"]');
  await copy.click();
  await page.locator('[data-copy="delegation-url-2"]', { hasText: '已复制' }).waitFor();
  assert.is(await page.evaluate(() => navigator.clipboard.readText()), await page.locator('#delegation-url-2').inputValue());
  await page.locator('[data-testid=issued-link]').screenshot({ path: path.join(screenshotDir, 'delegation-links-issued-zh-1280.png') });
  await page.reload();
  assert.is(await ctx.target.db.auditEntry.count({ where: { action: 'delegation.link' } }), ctx.event.organizations.length, 'a reload makes no new links');
  await page.getByRole('link', { name: '打印（含二维码）' }).click();
  assert.is(await page.getByTestId('link-card').count(), ctx.event.organizations.length);
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: path.join(screenshotDir, 'delegation-links-print-zh.png') });
  assert.equal(problems, []);
  await context.close();
});

flow.run();

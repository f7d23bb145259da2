import * as assert from 'uvu/assert';
import { browserSuite, fitsWidth, screenshot, signIn, watchConsole } from '../support/browser.ts';
import { createAccount } from '../support/fixtures.ts';

/**
 * The organizer adds judges and prints their PIN cards; reloading the cards (to print again)
 * shows the same PINs and adds nobody twice. A judge added by mistake is removed, asked first.
 */
const flow = browserSuite<{ eventId: number }>('browser: the judges\' roster', async (ctx) => {
  await createAccount(ctx.target.db, { username: 'organizer', password: 'organizer-password', displayName: '赵敏' });
  ctx.eventId = (await ctx.target.db.event.create({ data: { name: '2026年定海区职工技能大比武', status: 'registration' } })).id;
});

flow('PIN cards survive a reload without adding anyone again; "remove" asks first', async (ctx) => {
  if (!ctx.browser) return;
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, ctx.server.url, 'organizer', 'organizer-password');
  await page.goto(`${ctx.server.url}/events/${ctx.eventId}/judges`);
  await page.locator('#judge-lines').fill('王建国\n李明\n李明明');
  await page.locator(`form[action="/events/${ctx.eventId}/judges"] button[type=submit]`).click();
  await page.waitForURL(/\/judges\/pins\/[\w-]{22}$/);
  const pins = async () => page.locator('[data-pin]').allInnerTexts();
  const first = await pins();
  assert.is(first.length, 3);
  await page.reload();
  assert.equal(await pins(), first, 'the same PINs after a reload');
  assert.is(await ctx.target.db.eventJudge.count(), 3, 'nobody added twice');

  await page.goto(`${ctx.server.url}/events/${ctx.eventId}/judges`);
  const remove = page.getByTestId('remove-J3');
  await remove.locator('summary').click();
  await remove.getByText('删除 J3 李明明？').waitFor();
  await screenshot(page, 'judges-remove-confirm-zh-1280');
  await remove.getByRole('button', { name: '删除 J3' }).click();
  await page.getByText('已删除该裁判。').waitFor();
  assert.is(await ctx.target.db.eventJudge.count(), 2);
  await page.setViewportSize({ width: 390, height: 844 });
  assert.ok(await fitsWidth(page), 'the roster fits a phone');
  await screenshot(page, 'judges-roster-zh-390');
  assert.equal(problems, []);
  await context.close();
});

flow.run();

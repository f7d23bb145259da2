import * as assert from 'uvu/assert';
import { sqliteOnly } from '../support/database.ts';
import { browserSuite, fitsWidth, screenshot, signIn, watchConsole } from '../support/browser.ts';
import { createAccount } from '../support/fixtures.ts';

const backups = sqliteOnly(browserSuite('browser: an organizer takes and restores a backup on a phone', async ({ target }) => {
  await createAccount(target.db, { username: 'zhao', password: 'organizer-password', displayName: '赵敏' });
}));

backups('take a snapshot, change something, restore it after confirming with a reason', async ({ browser, server, target }) => {
  if (!browser) return;
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, server.url, 'zhao', 'organizer-password');

  await page.getByRole('link', { name: '数据备份' }).click();
  await page.waitForURL(server.url + '/settings/backups');
  assert.match(await page.locator('.empty').innerText(), '尚无快照');
  await page.getByRole('button', { name: '立即生成快照' }).click();
  await page.waitForURL(/taken=/);
  assert.match(await page.locator('.notice-success').innerText(), '已生成快照');

  // Something changes after the snapshot.
  await createAccount(target.db, { username: 'later', password: 'organizer-password' });

  await page.getByText('恢复…').first().click();
  const form = page.locator('form[action$="/restore"]').first();
  await screenshot(page, 'backups-restore-zh-390');
  assert.ok(await fitsWidth(page), 'fits a phone');
  await form.getByRole('button', { name: '恢复此快照' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('.notice-error').innerText(), '请填写恢复原因', 'a reason is required');
  assert.ok(await target.db.account.findUnique({ where: { username: 'later' } }), 'nothing restored yet');

  await page.locator('form[action$="/restore"]').first().getByLabel('恢复原因（记入审计日志）').fill('误操作');
  await page.locator('form[action$="/restore"]').first().getByRole('button', { name: '恢复此快照' }).click();
  await page.waitForURL(/restored=/);
  assert.match(await page.locator('.notice-success').innerText(), '已恢复快照');
  assert.is(await target.db.account.findUnique({ where: { username: 'later' } }), null, 'the later account is gone');
  assert.is(await page.locator('li[data-testid^="snapshot-"]').count(), 2, 'the snapshot and the one before the restore');
  await screenshot(page, 'backups-restored-zh-390');

  assert.equal(problems, [], 'no console errors or CSP violations');
  await context.close();
});

backups.run();

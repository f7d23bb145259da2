import * as assert from 'uvu/assert';
import { postgresqlOnly } from '../support/database.ts';
import { browserSuite, fitsWidth, screenshot, signIn, watchConsole } from '../support/browser.ts';
import { createAccount } from '../support/fixtures.ts';

/** On PostgreSQL the backups screen takes no snapshots: it says who makes the backups, on a phone, in both languages. */
const backups = postgresqlOnly(browserSuite('browser: the backups screen on PostgreSQL', async ({ target }) => {
  await createAccount(target.db, { username: 'zhao', password: 'organizer-password', displayName: '赵敏' });
}));

backups('the administrator learns that the database server makes the backups; nothing to take or restore', async ({ browser, server }) => {
  if (!browser) return;
  for (const [locale, link, says] of [['zh-CN', '数据备份', '备份由数据库服务器负责'], ['en', 'Backups', 'its backups are made by the database server']] as const) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await signIn(page, server.url, 'zhao', 'organizer-password');
    await page.getByRole('link', { name: link }).click();
    await page.waitForURL(server.url + '/settings/backups');
    assert.match(await page.locator('main').innerText(), says);
    assert.match(await page.locator('main').innerText(), 'pg_dump');
    assert.is(await page.locator('form').filter({ has: page.locator('button') }).count(), 1, 'only the sign-out form: no snapshot, no restore');
    assert.ok(await fitsWidth(page), 'fits a phone');
    await screenshot(page, `backups-postgresql-${locale}-390`);
    assert.equal(problems, []);
    await context.close();
  }
});

backups.run();

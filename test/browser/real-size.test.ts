import path from 'node:path';
import * as assert from 'uvu/assert';
import { brokenWords, browserSuite, fitsWidth, screenshotDir, signIn, watchConsole } from '../support/browser.ts';
import { createAccount } from '../support/fixtures.ts';
import { registeredEvent, type RegisteredEvent } from '../support/registered-event.ts';

/**
 * The organizer's screens of a 300-contestant event under way (31 organizations, two skills,
 * 9 judges) on a laptop, a 10-inch tablet and a phone, in both languages: nothing scrolls
 * sideways and no name, bib, rank or heading breaks in the middle of a word.
 */
const flow = browserSuite<{ event: RegisteredEvent }>('browser: the organizer\'s screens at real size', async (ctx) => {
  const { db } = ctx.target;
  await createAccount(db, { username: 'organizer', password: 'organizer-password', displayName: '赵敏' });
  ctx.event = await registeredEvent(db, { status: 'in_progress' });
  for (let n = 1; n <= 9; n++) {
    const account = await createAccount(db, { username: `judge${n}`, password: 'judge-password', role: 'judge', displayName: ['王建国', '李明', '陈立新', '周文斌', '徐海涛', '胡春燕', '俞建华', '林晓燕', '翁立新'][n - 1]! });
    await db.eventJudge.create({ data: { eventId: ctx.event.eventId, accountId: account.id, number: n, organizationId: ctx.event.organizations[n]!.id } });
  }
});

flow('event, registration, check-in and judges fit every screen in both languages', async (ctx) => {
  if (!ctx.browser) return;
  const pages = ['', '/registration', '/check-in', '/judges'].map((p) => `/events/${ctx.event.eventId}${p}`);
  for (const locale of ['zh-CN', 'en']) {
    const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await signIn(page, ctx.server.url, 'organizer', 'organizer-password');
    for (const url of pages) {
      await page.goto(ctx.server.url + url);
      for (const viewport of [{ width: 1280, height: 800 }, { width: 800, height: 1280 }, { width: 390, height: 844 }]) {
        await page.setViewportSize(viewport);
        const where = `${locale} ${viewport.width} ${url}`;
        assert.ok(await fitsWidth(page), `${where}: no sideways scroll`);
        assert.equal(await brokenWords(page, 'table, .checkin-list'), [], `${where}: no broken words`);
      }
      await page.screenshot({ path: path.join(screenshotDir, `real-size-${locale}${url.replace(/\//g, '-')}.png`) });
    }
    assert.equal(problems, []);
    await context.close();
  }
});

flow.run();

import path from 'node:path';
import * as assert from 'uvu/assert';
import { brokenWords, browserSuite, fitsWidth, screenshotDir, signIn, watchConsole } from '../support/browser.ts';
import { ORGANIZER } from '../support/desk.ts';
import { markedFixture, type ResultsFixture } from '../support/results.ts';

/**
 * The event page's progress on a laptop, a tablet and a phone in both languages: it fits, no
 * word breaks, and "next" leads where the work is.
 */
const flow = browserSuite<{ f: ResultsFixture }>('browser: progress and the next step', async (ctx) => {
  ctx.f = await markedFixture(ctx.target.db);
});

flow('the progress table fits every screen and its next step opens the desk', async (ctx) => {
  if (!ctx.browser) return;
  for (const locale of ['zh-CN', 'en']) {
    const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await signIn(page, ctx.server.url, ORGANIZER.username, ORGANIZER.password);
    await page.goto(`${ctx.server.url}/events/${ctx.f.eventId}`);
    for (const viewport of [{ width: 1280, height: 800 }, { width: 800, height: 1280 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(viewport);
      assert.ok(await fitsWidth(page), `${locale} ${viewport.width}: no sideways scroll`);
      assert.equal(await brokenWords(page, '#progress'), [], `${locale} ${viewport.width}`);
      await page.locator('#progress').screenshot({ path: path.join(screenshotDir, `progress-${locale}-${viewport.width}.png`) });
    }
    await page.locator('#progress .page-head [data-testid=next-step]').click();
    await page.waitForURL(`${ctx.server.url}/desk`);
    assert.equal(problems, []);
    await context.close();
  }
});

flow.run();

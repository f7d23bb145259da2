import * as assert from 'uvu/assert';
import { displayTopic, notifierOf } from '../../src/live/notifier.ts';
import { browserSuite, fitsWidth, screenshot, watchConsole } from '../support/browser.ts';
import { publishOtherSkill } from '../support/public.ts';
import { lockedFixture, publishWelding, type ResultsFixture } from '../support/results.ts';

const flow = browserSuite<{ fixture: ResultsFixture }>('browser: public results and the big screen', async (ctx) => {
  ctx.fixture = await lockedFixture(ctx.target.db);
  await publishWelding(ctx.target.db, ctx.fixture);
});

flow('on a phone, a contestant finds the ranking and looks up their own result', async (ctx) => {
  if (!ctx.browser) return;
  const { server, fixture: f } = ctx;
  const context = await ctx.browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const problems = watchConsole(page);

  await page.goto(`${server.url}/public/events/${f.eventId}`);
  assert.match(await page.locator('h1').innerText(), '2026年定海区职工技能大比武');
  await page.getByTestId(`public-skill-${f.skillId}`).click();
  await page.waitForURL(`${server.url}/public/skills/${f.skillId}`);
  assert.match(await page.getByTestId('public-notice').innerText(), '公示期至');
  assert.match(await page.getByTestId('public-result-001').innerText(), '张伟');
  assert.ok(await fitsWidth(page), 'the ranking fits 360 px');
  await screenshot(page, 'public-skill-zh-360');

  // The language switch works on public pages too.
  await page.getByTestId('lang-en').click();
  await page.waitForURL(/\/public\/skills\//);
  assert.match(await page.getByTestId('public-notice').innerText(), 'Notice period until');
  await page.getByTestId('lang-zh-CN').click();
  await page.waitForURL(/\/public\/skills\//);

  // A wrong digit first, then the right last four of the phone number.
  await page.goto(`${server.url}/public/events/${f.eventId}/me`);
  await page.locator('input[name=bib]').fill('002');
  await page.locator('input[name=digits]').fill('0000');
  await page.locator('[data-testid=public-me-form] button[type=submit]').click();
  await page.getByTestId('public-me-error').waitFor();
  await page.locator('input[name=digits]').fill(f.phones[1]!.slice(-4));
  await page.locator('[data-testid=public-me-form] button[type=submit]').click();
  await page.getByTestId('own-total').waitFor();
  assert.match(await page.getByTestId('own-total').innerText(), '75.00');
  assert.match(await page.locator('h1').innerText(), '李强');
  assert.ok(await fitsWidth(page), 'the breakdown fits 360 px');
  await screenshot(page, 'public-me-zh-360');
  assert.equal(problems, []);
  await context.close();
});

flow('the big screen shows the leaderboard and updates live when a second skill is published', async (ctx) => {
  if (!ctx.browser) return;
  const { server, target, fixture: f } = ctx;
  const context = await ctx.browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = watchConsole(page);
  const connected = page.waitForResponse((r) => r.url().endsWith(`/display/events/${f.eventId}/events`) && r.status() === 200);
  await page.goto(`${server.url}/display/events/${f.eventId}`);
  await connected;
  await page.getByTestId(`display-skill-${f.skillId}`).waitFor();
  assert.match(await page.getByTestId('display-row-001').innerText(), '张伟');
  // Readable from 10 m: big type, and the table fits the screen.
  const size = await page.getByTestId('display-row-001').evaluate((row) => parseFloat(getComputedStyle(row.querySelector('td')!).fontSize));
  assert.ok(size >= 48, `huge type (${size}px)`);
  const bottom = await page.locator(`[data-testid=display-skill-${f.skillId}] table`).evaluate((t) => t.getBoundingClientRect().bottom);
  assert.ok(bottom <= 1080, `the table fits 1080 px (${bottom})`);
  await page.evaluate(() => { (window as unknown as { displayMarker: number }).displayMarker = 7; });

  await publishOtherSkill(target.db, f);
  await page.getByTestId(`display-skill-${f.otherSkillId}`).waitFor({ state: 'attached', timeout: 5000 });
  assert.is(await page.evaluate(() => (window as unknown as { displayMarker?: number }).displayMarker), 7, 'no reload');
  assert.ok(await page.getByTestId(`display-skill-${f.skillId}`).isVisible(), 'the skill on screen stays on screen');
  await screenshot(page, 'display-zh-1920');

  // A pinned skill (the organizer's control page stores it and announces the change): the screen follows at once.
  await target.db.displaySetting.upsert({ where: { eventId: f.eventId }, create: { eventId: f.eventId, pinnedSkillId: f.otherSkillId }, update: { pinnedSkillId: f.otherSkillId } });
  notifierOf(target.db).changed(displayTopic(f.eventId));
  await page.getByTestId(`display-skill-${f.skillId}`).waitFor({ state: 'detached', timeout: 5000 });
  assert.ok(await page.getByTestId(`display-skill-${f.otherSkillId}`).isVisible());
  assert.equal(problems, []);
  await context.close();
});

flow.run();

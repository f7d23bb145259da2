import path from 'node:path';
import * as assert from 'uvu/assert';
import { lockRound } from '../../src/desk/commands.ts';
import { publishResults } from '../../src/results/commands.ts';
import { bigSkill, type BigSkill } from '../support/big-skill.ts';
import { browserSuite, screenshotDir, watchConsole } from '../support/browser.ts';
import { HOUR } from '../support/results.ts';

/**
 * The big screen at the sizes halls have (1920×1080, 1280×720, 1024×768, 4K) with a skill of
 * 19 ranked contestants and long organization names: every rank appears on some slide, and no
 * slide cuts off its last row.
 */
const ENTRIES = 19;
const flow = browserSuite<{ skill: BigSkill }>('browser: the big screen pages through every rank', async (ctx) => {
  const { db } = ctx.target;
  ctx.skill = await bigSkill(db, { entries: ENTRIES, aspects: 2 });
  const organizations = await db.organization.findMany({ where: { eventId: ctx.skill.eventId }, orderBy: { id: 'asc' } });
  for (const [i, o] of organizations.entries()) {
    if (i % 2 === 0) await db.organization.update({ where: { id: o.id }, data: { name: `舟山市定海区${o.name}船舶修造与海洋工程装备制造有限公司联合工会委员会` } });
  }
  const locked = await lockRound(db, { accountId: ctx.skill.organizerId }, ctx.skill.roundId);
  assert.ok(locked.ok, JSON.stringify(locked));
  const now = new Date();
  const published = await publishResults(db, { accountId: ctx.skill.organizerId }, ctx.skill.skillId, {
    appealUntil: new Date(now.getTime() + 2 * HOUR).toISOString(), noticeUntil: new Date(now.getTime() + 74 * HOUR).toISOString(), changeNote: '',
  }, now);
  assert.ok(published.ok, JSON.stringify(published));
});

flow('every rank on some slide, no last row cut off, at every screen size', async (ctx) => {
  if (!ctx.browser) return;
  for (const viewport of [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }, { width: 1024, height: 768 }, { width: 3840, height: 2160 }]) {
    const context = await ctx.browser.newContext({ viewport, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${ctx.server.url}/display/events/${ctx.skill.eventId}`);
    await page.getByTestId(`display-skill-${ctx.skill.skillId}`).waitFor();
    const slides = await page.locator('.display-slide').count();
    assert.is(slides, 3, 'ranks 1–8, 9–16, 17–19');
    const ranks = new Set<string>();
    for (let i = 0; i < slides; i++) {
      const shown = page.locator('.display-slide:not([hidden])');
      for (const rank of await shown.locator('tbody .c-rank').allInnerTexts()) ranks.add(rank);
      const last = await shown.locator('tbody tr').last().evaluate((row) => row.getBoundingClientRect().bottom);
      assert.ok(last <= viewport.height, `${viewport.width}×${viewport.height} slide ${i + 1}: last row ends at ${last}`);
      const clipped = await shown.locator('td.c-org').evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1).length);
      assert.is(clipped, 0, 'long organization names wrap, not cut');
      if (i === 0) await page.screenshot({ path: path.join(screenshotDir, `display-paging-${viewport.width}.png`) });
      await page.keyboard.press('ArrowRight');
    }
    const expected = new Set((await ctx.target.db.publication.findFirstOrThrow({ where: { skillId: ctx.skill.skillId } })).snapshot.match(/"rank":\d+/g)!.map((r) => r.slice(7)));
    assert.equal([...ranks].sort((a, b) => Number(a) - Number(b)), [...expected].sort((a, b) => Number(a) - Number(b)));
    assert.equal(problems, []);
    await context.close();
  }
});

flow('in English, Latin names and English organization names are shown whole, wrapped rather than cut', async (ctx) => {
  if (!ctx.browser) return;
  // Republished with long Latin names and English organization names (a minority name is the longest kind).
  const { db } = ctx.target;
  const people = await db.contestant.findMany({ where: { eventId: ctx.skill.eventId }, orderBy: { id: 'asc' } });
  for (const [i, p] of people.entries()) if (i % 3 === 0) await db.contestant.update({ where: { id: p.id }, data: { nameLatin: `Ayiguli Maimaitiming ${i}` } });
  await db.organization.updateMany({ where: { eventId: ctx.skill.eventId }, data: { nameEn: 'Zhoushan Dinghai Shipbuilding and Offshore Engineering Equipment Co. Joint Trade Union Committee' } });
  const now = new Date();
  const again = await publishResults(db, { accountId: ctx.skill.organizerId }, ctx.skill.skillId, {
    appealUntil: new Date(now.getTime() + 2 * HOUR).toISOString(), noticeUntil: new Date(now.getTime() + 74 * HOUR).toISOString(), changeNote: 'English names',
  }, now);
  assert.ok(again.ok, JSON.stringify(again));
  for (const viewport of [{ width: 1920, height: 1080 }, { width: 1024, height: 768 }]) {
    const context = await ctx.browser.newContext({ viewport, locale: 'en' });
    const page = await context.newPage();
    await page.goto(`${ctx.server.url}/display/events/${ctx.skill.eventId}`);
    await page.getByTestId(`display-skill-${ctx.skill.skillId}`).waitFor();
    const shown = page.locator('.display-slide:not([hidden])');
    assert.match((await shown.locator('tbody td.c-name').allInnerTexts()).join('|'), 'Ayiguli Maimaitiming');
    const clipped = await shown.locator('td.c-name, td.c-org').evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent));
    assert.equal(clipped, [], `${viewport.width}×${viewport.height}: nothing cut`);
    const last = await shown.locator('tbody tr').last().evaluate((row) => row.getBoundingClientRect().bottom);
    assert.ok(last <= viewport.height, `${viewport.width}×${viewport.height}: last row ends at ${last}`);
    if (viewport.width === 1920) await page.screenshot({ path: path.join(screenshotDir, 'display-paging-en.png') });
    await context.close();
  }
});

flow.run();

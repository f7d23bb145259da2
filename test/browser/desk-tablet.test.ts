import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { browserSuite, fitsWidth, judgeSignsIn, screenshot, watchConsole } from '../support/browser.ts';
import { bigSkill, JUDGES, type BigSkill } from '../support/big-skill.ts';
import { notifierOf, roundTopic } from '../../src/live/notifier.ts';

/**
 * The desk of a wide round (10 aspects × 5 judges, 60 codes, J5's sheets unsigned) on a tablet:
 * the matrix scrolls in its frame with the code column frozen on the left and the total and
 * sign-off columns frozen on the right; on a portrait tablet a tapped cell opens as a sheet over
 * the screen with the cell above it, and closes again; the lock says it is not available yet.
 */
const flow = browserSuite<{ skill: BigSkill }>('browser: the desk of a wide round on a tablet', async (ctx) => {
  ctx.skill = await bigSkill(ctx.target.db, { entries: 60, aspects: 10, unsigned: JUDGES });
});

const CHIEF = JUDGES + 1;

async function chiefOpensDesk(page: Page, url: string, skill: BigSkill) {
  await judgeSignsIn(page, url, skill.eventCode, CHIEF, skill.pins.get(CHIEF)!);
  await page.goto(`${url}/desk/rounds/${skill.roundId}`);
  await page.getByTestId('desk-matrix').waitFor();
}

/** Left and right edges of an element, and of the matrix's frame. */
const edges = (page: Page, selector: string) => page.evaluate((s) => {
  const frame = document.querySelector('[data-testid="desk-scroll"]')!.getBoundingClientRect();
  const box = document.querySelector(s)!.getBoundingClientRect();
  return { left: box.left, right: box.right, frameLeft: frame.left, frameRight: frame.right };
}, selector);

flow('at 1280 px the matrix scrolls in its frame; code, total and sign-offs stay in view; the lock waits', async ({ browser, server, skill, target }) => {
  if (!browser) return;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await chiefOpensDesk(page, server.url, skill);
  assert.ok(await fitsWidth(page), 'the page itself never scrolls sideways');
  const frame = page.getByTestId('desk-scroll');
  const [scrollWidth, clientWidth] = await frame.evaluate((el) => [el.scrollWidth, el.clientWidth]);
  assert.ok(scrollWidth > clientWidth * 2, `the matrix is wider than its frame (${scrollWidth} / ${clientWidth})`);

  const code = await page.locator('tr[data-code]').first().getAttribute('data-code');
  const total = `[data-testid="total-${code}"]`;
  const sign = (judge: number) => `[data-testid="sign-${code}-J${judge}"]`;
  // Scrolled to the start, the last columns are at the frame's right edge, side by side.
  let box = await edges(page, sign(JUDGES));
  assert.ok(Math.abs(box.right - box.frameRight) <= 20, `J${JUDGES}'s sign-off at the right edge (${box.right} / ${box.frameRight})`);
  for (let judge = JUDGES; judge > 1; judge--) {
    const [right, left] = [await edges(page, sign(judge - 1)), await edges(page, sign(judge))];
    assert.ok(Math.abs(right.right - left.left) <= 1, `J${judge - 1} and J${judge} side by side`);
  }
  const totalBox = await edges(page, total);
  const firstSign = await edges(page, sign(1));
  assert.ok(totalBox.left >= totalBox.frameLeft && Math.abs(totalBox.right - firstSign.left) <= 1, 'the total just before the sign-offs, in view');
  assert.is(await page.locator(sign(JUDGES)).getAttribute('data-state'), 'unsigned');
  await screenshot(page, 'desk-wide-zh-1280x800');

  // Scrolled to the end, the code column is still at the left edge.
  await frame.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
  box = await edges(page, `tr[data-code="${code}"] th.code-col`);
  assert.ok(Math.abs(box.left - box.frameLeft) <= 2, `the code column at the left edge (${box.left} / ${box.frameLeft})`);

  // J5 has signed nothing: the lock is not available, and says why, judge by judge.
  assert.ok(await page.getByTestId('lock-button').isDisabled(), 'the lock button waits until the round is ready');
  assert.match(await page.getByTestId('desk-progress').innerText(), '尚不能锁定');
  await page.getByText('为什么还不能锁定').click();
  const byJudge = page.getByTestId('reasons-by-judge');
  await byJudge.waitFor();
  assert.match(await byJudge.innerText(), '未签字评分表');
  assert.match(await page.getByTestId(`reasons-J${JUDGES}`).innerText(), String(skill.entries));
  assert.is(await page.getByTestId('reasons-by-aspect').count(), 0, 'every aspect is fully marked');
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'desk-lock-reasons-zh-1280x800');
  // A change to everything (a lock elsewhere, new assignments) re-fetches the matrix: what the chief judge opened stays open.
  const refetched = page.waitForResponse((r) => r.url().includes(`/desk/rounds/${skill.roundId}/matrix`) && r.status() === 200);
  notifierOf(target.db).changed(roundTopic(skill.roundId));
  await refetched;
  await page.waitForTimeout(200);
  assert.ok(await page.getByTestId('lock-reasons').evaluate((d) => (d as HTMLDetailsElement).open), '"why can\'t I lock" is still open');
  assert.equal(problems, []);
  await context.close();
});

flow('on a portrait tablet a tapped cell opens over the screen, the cell above it, and closes with × or Escape', async ({ browser, server, skill }) => {
  if (!browser) return;
  const context = await browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'en', hasTouch: true });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await chiefOpensDesk(page, server.url, skill);
  assert.ok(await fitsWidth(page), 'no sideways scroll at 800 px');
  const panel = page.locator('#desk-panel');
  const hint = await panel.innerText();

  // A cell low in the frame, which a panel below the matrix would have put 1,700 px away.
  const row = page.locator('tr[data-code]').nth(12);
  const cell = row.locator('td.outcome a').first();
  await cell.scrollIntoViewIfNeeded();
  await cell.tap();
  await page.getByTestId('cell-panel').waitFor();
  const placed = await page.evaluate(() => {
    const sheet = document.getElementById('desk-panel')!;
    const box = sheet.getBoundingClientRect();
    return { position: getComputedStyle(sheet).position, top: box.top, bottom: box.bottom, height: window.innerHeight, focused: document.activeElement?.tagName ?? '' };
  });
  assert.is(placed.position, 'fixed', 'an overlay, not a card below the matrix');
  assert.ok(placed.top > placed.height * 0.4 && placed.bottom <= placed.height, `a sheet over the bottom of the screen (${placed.top}–${placed.bottom} of ${placed.height})`);
  assert.is(placed.focused, 'H2', 'focus moves into the panel');
  const cellBox = await cell.boundingBox();
  assert.ok(cellBox && cellBox.y >= 0 && cellBox.y + cellBox.height <= placed.top, `the tapped cell stays in view above the sheet (${cellBox?.y} + ${cellBox?.height} / ${placed.top})`);
  await screenshot(page, 'desk-panel-en-800x1280');

  await page.getByTestId('panel-close').tap();
  assert.is(await page.getByTestId('cell-panel').count(), 0);
  assert.is(await panel.innerText(), hint, 'the hint is back');
  assert.is(await panel.evaluate((el) => getComputedStyle(el).position), 'static');

  await cell.tap();
  await page.getByTestId('cell-panel').waitFor();
  await page.keyboard.press('Escape');
  assert.is(await page.getByTestId('cell-panel').count(), 0, 'Escape closes it too');

  // The desk's index says where the round stands and who still owes it what.
  await page.goto(`${server.url}/desk`);
  assert.is(await page.getByTestId(`round-status-${skill.roundId}`).innerText(), 'Being marked');
  assert.is(await page.getByTestId(`round-${skill.roundId}-J${JUDGES}`).innerText(), `J${JUDGES} ${skill.entries} sheets to sign`);
  assert.is(await page.getByTestId(`round-${skill.roundId}-J2`).innerText(), 'J2 ✓');
  assert.ok(await fitsWidth(page));
  await screenshot(page, 'desk-index-en-800x1280');
  assert.equal(problems, []);
  await context.close();
});

flow('on plain HTTP the judge\'s sheet says to keep the page open; on a secure origin it does not', async ({ browser, server, skill }) => {
  if (!browser) return;
  const context = await browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = watchConsole(page);
  const code = [...skill.codes.values()][3]!;
  const open = async (base: string) => {
    await judgeSignsIn(page, base, skill.eventCode, '2', skill.pins.get(2)!);
    await page.goto(`${base}/judge/rounds/${skill.roundId}/sheets/${code}`);
    await page.locator('[data-online-state]').filter({ hasText: /\S/ }).waitFor();
  };
  // 127.0.0.1 counts as secure (as localhost does): nothing to say.
  await open(server.url);
  assert.ok(await page.getByTestId('keep-open').isHidden());
  // The same server by a name on the network, over plain HTTP, as at most venues.
  await open(server.url.replace('127.0.0.1', 'venue.test'));
  assert.is(await page.evaluate(() => window.isSecureContext), false);
  assert.match(await page.getByTestId('keep-open').innerText(), '评分期间请保持本页打开');
  await screenshot(page, 'judge-keep-open-zh-800x1280');
  // On plain HTTP by a name the browser also says it ignores the Cross-Origin-Opener-Policy header: that is the point here.
  assert.equal(problems.filter((p) => !p.includes('Cross-Origin-Opener-Policy header has been ignored')), []);
  await context.close();
});

flow.run();

import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { saveMarks } from '../../src/judging/commands.ts';
import { browserSuite, judgeSignsIn, screenshot, watchConsole } from '../support/browser.ts';
import { markKey, scored } from '../support/desk.ts';
import { pagedDesk, type PagedDesk } from '../support/desk-paged.ts';

/**
 * The desk at more codes than a page, live: a judge's mark re-fetches exactly the row of its code
 * (and the round's summary), never the matrix, and swaps it in place; the page never scrolls
 * sideways, on a landscape or portrait tablet.
 */
const flow = browserSuite<{ f: PagedDesk }>('browser: the desk, a page of a big round, live', async (ctx) => {
  ctx.f = await pagedDesk(ctx.target.db);
});

async function chiefSignsIn(page: Page, url: string, f: PagedDesk) {
  await judgeSignsIn(page, url, f.eventCode, '3', f.judges[3].pin);
}

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

flow('a judge\'s mark updates exactly its row on an open desk, in a few KB, without a reload', async (ctx) => {
  if (!ctx.browser) return;
  const { server, target, f } = ctx;
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await chiefSignsIn(page, server.url, f);

  const desk = `${server.url}/desk/rounds/${f.roundId}`;
  let streams = 0;
  page.on('request', (request) => { if (request.url() === `${desk}/events`) streams++; });
  const connected = page.waitForResponse((r) => r.url() === `${desk}/events` && r.status() === 200);
  await page.goto(`${desk}?page=3`);
  await connected;
  assert.is(await page.locator('tr[data-code]').count(), f.codes.length - 100);
  assert.ok(await noSidewaysScroll(page), 'no sideways scroll at 1280 px');
  await screenshot(page, 'desk-paged-zh-1280x800');

  // Every row on the page is tagged: a row swapped in is a new element without the tag.
  await page.evaluate(() => {
    (window as unknown as { deskMarker: number }).deskMarker = 7;
    for (const row of document.querySelectorAll('tr[data-code]')) (row as HTMLElement & { tagged?: true }).tagged = true;
  });
  // The same small fetch twice would be a second stream (see desk.js); what matters is that only this row is fetched.
  const fetched: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(desk) && request.url() !== `${desk}/events`) fetched.push(request.url().slice(desk.length));
  });

  // J1 marks a code on this page: its row, and only its row, changes.
  const code = f.codes[105]!;
  const rowsAnswered = page.waitForResponse((r) => r.url().startsWith(`${desk}/rows`));
  const saved = await saveMarks(target.db, f.judges[1], { roundId: f.roundId, deviceId: 'tablet-1', marks: [{ key: markKey(), code, aspectId: f.judgementId, mark: scored(3), baseVersion: 0 }] });
  assert.ok(saved.ok && saved.value[0]!.status === 'saved');
  const rows = await rowsAnswered;
  const bytes = (await rows.request().sizes()).responseBodySize + (await rows.request().sizes()).responseHeadersSize;
  await page.waitForFunction((selector) => document.querySelector(selector)?.textContent === '3', `[data-testid="cell-${code}-P1-J1"]`, { timeout: 5000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="progress-marks"]')?.textContent === '401 / 480', undefined, { timeout: 5000 });
  const swapped = await page.evaluate(() => [...document.querySelectorAll('tr[data-code]')]
    .filter((row) => !(row as HTMLElement & { tagged?: true }).tagged).map((row) => row.getAttribute('data-code')));
  assert.equal(swapped, [code], 'exactly the marked row was replaced');
  assert.is(await page.evaluate(() => (window as unknown as { deskMarker?: number }).deskMarker), 7, 'no reload');
  assert.equal([...new Set(fetched)], [`/rows?codes=${code}`], `the row, not the matrix (${fetched.join(' ')}; ${streams} streams)`);
  assert.ok(bytes < 5_000, `${bytes} bytes for one mark`);

  // A code on another page: only the summary is fetched (no row), and nothing on this page is replaced.
  fetched.length = 0;
  const other = f.codes[95]!;
  const summaryAnswered = page.waitForResponse((r) => r.url().startsWith(`${desk}/rows`));
  const again = await saveMarks(target.db, f.judges[2], { roundId: f.roundId, deviceId: 'tablet-2', marks: [{ key: markKey(), code: other, aspectId: f.deductionId, mark: scored(2), baseVersion: 1 }] });
  assert.ok(again.ok && again.value[0]!.status === 'saved');
  await summaryAnswered;
  assert.equal([...new Set(fetched)], ['/rows?codes='], `the summary alone (${fetched.join(' ')}; ${streams} streams)`);
  const stillTagged = await page.evaluate(() => [...document.querySelectorAll('tr[data-code]')].filter((row) => !(row as HTMLElement & { tagged?: true }).tagged).length);
  assert.is(stillTagged, 1);

  // The row swapped in is live too: its cell opens the panel in place.
  await page.getByTestId(`outcome-${code}-P1`).locator('a').click();
  await page.getByTestId('cell-panel').waitFor();
  assert.is(page.url(), `${desk}?page=3`);
  assert.equal(problems, []);
  await context.close();
});

flow('the desk on a portrait tablet and in English: the matrix scrolls in its own frame, the filter works', async (ctx) => {
  if (!ctx.browser) return;
  const { server, f } = ctx;
  for (const [locale, width, height] of [['zh-CN', 800, 1280], ['en', 1280, 800]] as const) {
    const context = await ctx.browser.newContext({ viewport: { width, height }, locale });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await chiefSignsIn(page, server.url, f);
    await page.goto(`${server.url}/desk/rounds/${f.roundId}`);
    await page.getByTestId('desk-matrix').waitFor();
    assert.ok(await noSidewaysScroll(page), `no sideways scroll at ${width} px (${locale})`);
    const frame = await page.getByTestId('desk-scroll').evaluate((el) => ({ scrolls: el.scrollHeight > el.clientHeight, height: el.clientHeight }));
    assert.ok(frame.scrolls && frame.height <= height, `the matrix scrolls in its frame: ${JSON.stringify(frame)}`);
    await screenshot(page, `desk-paged-${locale}-${width}x${height}`);
    await page.locator('#desk-show').selectOption('flagged');
    await page.locator('.desk-filter button[type=submit]').click();
    await page.waitForURL(/show=flagged/);
    assert.is(await page.locator('tr[data-code]').count(), 1);
    if (locale === 'zh-CN') await screenshot(page, `desk-paged-flagged-${locale}-${width}x${height}`);
    assert.equal(problems, []);
    await context.close();
  }
});

flow.run();

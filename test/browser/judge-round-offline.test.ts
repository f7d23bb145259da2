import type { Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { browserSuite, fitsWidth, judgeSignsIn, listen, screenshot, watchConsole } from '../support/browser.ts';
import { TestClient } from '../support/client.ts';
import { buildJudgingWorld, type JudgingWorld } from '../support/judging.ts';

/**
 * A whole round on one page: the judge opens the round once, the network drops, and he still
 * moves from code to code, marks three sheets, goes back with the browser's back button and
 * signs. His signatures wait with his marks; a wrong PIN typed offline comes back, once the
 * network returns, where he is looking. Nothing of it is a page load.
 */
const round = browserSuite<{ world: JudgingWorld }>('browser: a judge marks a whole round offline', async (ctx) => {
  ctx.world = await buildJudgingWorld(ctx.target.db);
});

const card = (page: Page, code: string) => page.locator(`[data-testid="aspect-${code}"]`);
const realProblems = (problems: string[]) => problems.filter((p) => !/^failed .*\/judge\/(marks|rounds\/\d+\/signatures)$/.test(p));

/** A complete sheet in three taps and a time: level 2, no deductions, 88 minutes. */
async function markSheet(page: Page) {
  await card(page, 'A1').locator('button[data-value="2"]').tap();
  await card(page, 'A2').getByRole('button', { name: '无扣分' }).tap();
  await card(page, 'A3').locator('input[data-number]').fill('88');
  await card(page, 'A3').locator('input[data-number]').press('Enter');
}

round('codes, marks and signatures without network, in one page, sent once it returns', async (ctx) => {
  if (!ctx.browser) return;
  const context = await ctx.browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'zh-CN', hasTouch: true });
  const page = await context.newPage();
  const problems = watchConsole(page);
  const documents: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'document') documents.push(request.url());
  });
  const { neutral } = ctx.world.judges;
  const [first, second, third] = ctx.world.entries.map((e) => e.code);
  await judgeSignsIn(page, ctx.server.url, ctx.world.eventCode, neutral.number, neutral.pin);
  await page.goto(`${ctx.server.url}/judge/rounds/${ctx.world.roundId}`);
  await page.locator('[data-online-state]').filter({ hasText: '分数已全部保存。' }).waitFor();
  const loads = documents.length;

  // The network drops right after the round opened.
  await context.setOffline(true);
  await page.getByTestId(`code-${first}`).tap();
  await page.waitForURL(`${ctx.server.url}/judge/rounds/${ctx.world.roundId}/sheets/${first}`);
  assert.is(await page.locator('.sheet-code').innerText(), first!);
  assert.is(await page.title(), `加密号 ${first} · 匠心`);
  assert.match((await page.getByTestId('lang-en').getAttribute('href'))!, `/sheets/${first}`, 'the language switch stays on this sheet');
  await markSheet(page);
  await page.locator('[data-pending-count]').filter({ hasText: '3' }).waitFor();
  // A wrong PIN, typed offline: the signature waits with the marks, as the sign box and the top bar both say.
  await page.locator('#sign-pin').fill(neutral.pin === '000000' ? '000001' : '000000');
  await page.locator('[data-sign-form] button[type=submit]').tap();
  await page.locator('[data-sign-status]:visible').filter({ hasText: `签字等待发送（${first}）` }).waitFor();
  assert.ok(await page.locator('[data-sign-form]').isHidden(), 'no PIN asked again while it waits');
  assert.is(await page.locator('[data-signatures-count]').innerText(), '1');
  assert.ok(await page.locator('[data-signatures-pending]').isVisible());

  // "Next" is the next code, its sheet empty: not the marks of the one before.
  await page.getByTestId('next-sheet').tap();
  await page.waitForURL(`**/sheets/${second}`);
  assert.is(await page.locator('.sheet-code').innerText(), second!);
  assert.is(await page.locator('[data-running-total]').innerText(), '–');
  assert.equal(await page.locator('section.aspect-card').evaluateAll((cards) => cards.map((c) => (c as HTMLElement).dataset.state)), ['empty', 'empty', 'empty']);
  assert.is(await page.locator('[data-sign-status]:visible').count(), 0, 'the first sheet\'s signature is not this one\'s');
  await markSheet(page);
  await page.locator('[data-pending-count]').filter({ hasText: '6' }).waitFor();
  await page.getByTestId('next-sheet').tap();
  await page.waitForURL(`**/sheets/${third}`);
  await card(page, 'A1').locator('button[data-value="3"]').tap();

  // Back with the browser's button: the second sheet as he left it, marks waiting.
  await page.goBack();
  await page.waitForURL(`**/sheets/${second}`);
  assert.is(await card(page, 'A1').locator('button[data-value="2"]').getAttribute('aria-pressed'), 'true');
  assert.is(await card(page, 'A3').locator('input[data-number]').inputValue(), '88');
  assert.is(await page.locator('.aspect-card.pending').count(), 3);
  assert.is(await page.locator('[data-running-total]').innerText(), '9 + …', '4 + 5 + the time only the server works out');

  // The codes, offline: progress counts the waiting marks; "sign all" offers the complete sheets.
  await page.getByRole('link', { name: '全部加密号' }).tap();
  await page.waitForURL(`${ctx.server.url}/judge/rounds/${ctx.world.roundId}`);
  const progress = async (code: string) => page.getByTestId(`code-${code}`).locator('.code-progress').innerText();
  assert.equal([await progress(first!), await progress(second!), await progress(third!)], ['签字待发送', '已评完', '部分已评']);
  assert.match(await page.getByTestId('sign-all-codes').innerText(), `已评完但未签字的评分表 1 张：${second}。`);
  await screenshot(page, 'judge-round-offline-codes-zh-800x1280');
  await page.locator('#sign-all-pin').fill(neutral.pin);
  await page.getByTestId('sign-all').locator('button[type=submit]').tap();
  await page.getByTestId('sign-all').locator('[data-sign-status]').filter({ hasText: '签字等待发送' }).waitFor();
  assert.is(await page.locator('[data-signatures-count]').innerText(), '2');
  assert.is(documents.length, loads, 'no page was loaded while offline');
  assert.is(await ctx.target.db.mark.count(), 0);

  // Back to the second sheet, then the network returns: marks, then signatures, go.
  await page.getByTestId(`code-${second}`).tap();
  await page.waitForURL(`**/sheets/${second}`);
  await context.setOffline(false);
  await page.locator('[data-judge-sheet][data-read-only="true"]').waitFor();
  assert.ok(await page.locator('[data-signed-notice]').isVisible(), 'signed by "sign all", seen on the sheet');
  // The first sheet's signature, with the wrong PIN, is refused where the judge is: the top bar.
  const notice = page.locator('[data-head-notice]');
  await notice.filter({ hasText: `加密号 ${first} 的签字未被接受` }).waitFor();
  await page.locator('[data-signatures-pending]').waitFor({ state: 'hidden' });
  await page.locator('[data-pending]').waitFor({ state: 'hidden' });
  await screenshot(page, 'judge-round-back-online-zh-800x1280');
  const signedCodes = async () => (await ctx.target.db.sheetSignoff.findMany({ where: { judgeId: neutral.judgeId }, include: { entry: { include: { assignments: true } } } }))
    .map((s) => s.entry.assignments[0]!.code).sort();
  assert.equal(await signedCodes(), [second], 'the wrong PIN signed nothing');

  // He signs what is left from the codes, online now.
  await page.getByRole('link', { name: '全部加密号' }).tap();
  assert.match(await page.getByTestId('sign-all-codes').innerText(), `已评完但未签字的评分表 1 张：${first}。`);
  await page.locator('#sign-all-pin').fill(neutral.pin);
  await page.getByTestId('sign-all').locator('button[type=submit]').tap();
  await page.locator('.notice').filter({ hasText: `已签署 1 张评分表：${first}` }).waitFor();
  assert.equal(await signedCodes(), [first, second].sort(), 'both complete sheets signed, once each');
  const marks = await ctx.target.db.mark.findMany({ where: { judgeId: neutral.judgeId }, orderBy: [{ entryId: 'asc' }, { aspectId: 'asc' }] });
  assert.is(marks.length, 7, 'three sheets: 3 + 3 + 1 marks');
  assert.ok(marks.every((m) => m.version === 1), 'each stored once');

  // On the codes, everything as the server has it.
  assert.equal([await progress(first!), await progress(second!), await progress(third!)], ['已签字', '已签字', '部分已评']);
  assert.is(documents.length, loads, 'still the one page');
  assert.ok(await fitsWidth(page));
  assert.equal(realProblems(problems), []);
  await context.close();
});

round('where a service worker may run (HTTPS, localhost): a reload without network opens the round from the tablet', async (ctx) => {
  if (!ctx.browser) return;
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', hasTouch: true });
  const page = await context.newPage();
  const problems = watchConsole(page);
  const { neutral } = ctx.world.judges;
  const code = ctx.world.entries[3]!.code;
  const earlier = ctx.world.entries[2]!.code; // the third sheet of the test before: one mark, a 3 for A1
  await judgeSignsIn(page, ctx.server.url, ctx.world.eventCode, neutral.number, neutral.pin);
  await page.goto(`${ctx.server.url}/judge/rounds/${ctx.world.roundId}/sheets/${code}`);
  await page.locator('[data-online-state]').filter({ hasText: '分数已全部保存。' }).waitFor();
  assert.ok(await page.getByTestId('keep-open').isHidden(), 'a secure context: no need to keep the page open');
  // The worker keeps the round's page (loaded before it existed) and what the page loads.
  const kept = `/judge/rounds/${ctx.world.roundId}`;
  await page.waitForFunction((key) => caches.match(key).then((hit) => !!hit), kept, { timeout: 15000 });
  await page.waitForFunction(() => caches.match('/static/judge.js').then((hit) => !!hit), undefined, { timeout: 15000 });

  // A mark saved after the page was kept: the copy does not have it, the tablet does.
  await card(page, 'A1').locator('button[data-value="1"]').tap();
  await page.locator('[data-online-state]').filter({ hasText: '分数已全部保存。' }).waitFor();
  await page.locator('.aspect-card.pending').waitFor({ state: 'detached' }).catch(() => {});
  assert.is(await page.locator('.aspect-card.pending').count(), 0);

  // The network goes (the server cannot be reached at all), a mark waits, and the page is reloaded.
  const port = ctx.server.port;
  await ctx.server.close();
  await card(page, 'A2').getByRole('button', { name: '无扣分' }).tap();
  await page.locator('[data-pending-count]').filter({ hasText: '1' }).waitFor();
  await page.waitForTimeout(300); // the round's state is written a moment after an answer
  await page.reload();
  await page.locator('[data-judge-sheet][data-offline-copy="true"]').waitFor();
  await page.locator('[data-online-state]').filter({ hasText: /\S/ }).waitFor();
  assert.is(await page.locator('.sheet-code').innerText(), code);
  assert.is(await card(page, 'A1').locator('button[data-value="1"]').getAttribute('aria-pressed'), 'true', 'the saved mark, from the tablet, not the older copy');
  assert.is(await card(page, 'A1').getAttribute('data-version'), '1');
  assert.is(await card(page, 'A2').getByRole('button', { name: '无扣分' }).getAttribute('aria-pressed'), 'true', 'the waiting mark');
  assert.is(await page.locator('[data-pending-count]').innerText(), '1');
  // And the rest of the round is there: another code, as the server last said.
  await page.getByRole('link', { name: '全部加密号' }).tap();
  await page.getByTestId(`code-${earlier}`).tap();
  await page.waitForURL(`**/sheets/${earlier}`);
  assert.is(await card(page, 'A1').locator('button[data-value="3"]').getAttribute('aria-pressed'), 'true');
  await screenshot(page, 'judge-round-reloaded-offline-zh-1280x800');

  // The server is back: the waiting mark goes, once.
  ctx.server = await listen(ctx.target, port);
  await page.locator('[data-pending]').waitFor({ state: 'hidden', timeout: 40000 });
  const stored = await ctx.target.db.mark.findMany({ where: { judgeId: neutral.judgeId, entryId: ctx.world.entries[3]!.entryId }, orderBy: { aspectId: 'asc' } });
  assert.equal(stored.map((m) => [m.aspectId, m.value, m.version]), [[ctx.world.aspects.judgement, 1, 1], [ctx.world.aspects.deduction, 0, 1]]);
  // Whoever signs in next on this tablet (another judge) starts without this judge's copy.
  await page.goto(`${ctx.server.url}/judge/login`);
  await page.waitForFunction((key) => caches.match(key).then((hit) => !hit), kept, { timeout: 10000 });
  assert.equal(problems.filter((p) => !/^failed .*\/judge\/(marks|rounds\/\d+\/state)$/.test(p) && !/ERR_CONNECTION_REFUSED|Failed to fetch/.test(p)), []);
  await context.close();
});

round('a number being typed stays with its sheet when the judge moves on; "sign all" leaves out a sheet he must look at again', async (ctx) => {
  if (!ctx.browser) return;
  const context = await ctx.browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'zh-CN', hasTouch: true });
  const page = await context.newPage();
  const problems = watchConsole(page);
  const { neutral } = ctx.world.judges;
  const [, , third, fourth] = ctx.world.entries; // after the tests before: both begun, neither complete
  await judgeSignsIn(page, ctx.server.url, ctx.world.eventCode, neutral.number, neutral.pin);
  await page.goto(`${ctx.server.url}/judge/rounds/${ctx.world.roundId}`);
  await page.getByTestId(`code-${fourth!.code}`).tap();
  await card(page, 'A3').locator('input[data-number]').fill('88');
  await card(page, 'A3').locator('input[data-number]').press('Enter');
  await page.locator('[data-pending]').waitFor({ state: 'hidden' });

  // The same judge changes A1 on a laptop; the tablet's next A1 is a conflict, shown on the card.
  const laptop = new TestClient(ctx.target, { 'accept-language': 'zh-CN' });
  await laptop.get('/judge/login');
  await laptop.post('/judge/login', { eventCode: ctx.world.eventCode, number: String(neutral.number), pin: neutral.pin });
  await laptop.get('/judge');
  const changed = await laptop.postJson('/judge/marks', { roundId: ctx.world.roundId, deviceId: 'laptop', marks: [{ key: 'laptop-change-0002', code: fourth!.code, aspectId: ctx.world.aspects.judgement, mark: { state: 'scored', value: 0 }, baseVersion: 1 }] });
  assert.is(changed.status, 200);
  await card(page, 'A1').locator('button[data-value="3"]').tap();
  await card(page, 'A1').locator('[data-mark-error]').filter({ hasText: '该分数已在其他设备上修改为 0' }).waitFor();

  // On the codes the sheet is complete, but not offered to "sign all" until he has looked at it.
  await page.getByRole('link', { name: '全部加密号' }).tap();
  assert.is(await page.getByTestId(`code-${fourth!.code}`).locator('.code-progress').innerText(), '已评完');
  assert.match(await page.getByTestId('sign-all-flagged').innerText(), fourth!.code);
  assert.ok(await page.locator('[data-sign-all-form]').isHidden(), 'nothing else to sign: the form is not offered');

  // Minutes typed on the third sheet, then the back gesture before leaving the field: entered there.
  await page.getByTestId(`code-${third!.code}`).tap();
  await page.waitForURL(`**/sheets/${third!.code}`);
  await card(page, 'A3').locator('input[data-number]').fill('77');
  await page.goBack();
  await page.waitForURL(`${ctx.server.url}/judge/rounds/${ctx.world.roundId}`);
  await page.locator('[data-pending]').waitFor({ state: 'hidden' });
  const time = (entryId: number) => ctx.target.db.mark.findFirst({ where: { judgeId: neutral.judgeId, entryId, aspectId: ctx.world.aspects.time } });
  assert.is((await time(third!.entryId))?.value, 77, 'the typed minutes went to the sheet they were typed on');
  assert.is((await time(fourth!.entryId))?.value, 88, 'and not to another');
  // On a phone, offline: the top bar stays short, the counter's −, count and + on one line.
  await page.setViewportSize({ width: 390, height: 844 });
  await context.setOffline(true);
  await page.getByTestId(`code-${third!.code}`).tap();
  await card(page, 'A2').getByRole('button', { name: '无扣分' }).tap();
  await page.locator('[data-online-state]').filter({ hasText: '已离线' }).waitFor();
  const head = await page.locator('.sheet-head').boundingBox();
  await screenshot(page, 'judge-sheet-offline-zh-390x844');
  assert.ok(head && head.height < 200, `the sticky top bar is ${head?.height} px high`);
  const [minus, plus] = await Promise.all(['-1', '1'].map((step) => card(page, 'A2').locator(`button[data-step="${step}"]`).boundingBox()));
  assert.ok(minus && plus && Math.abs(minus.y - plus.y) < 2, '− and + on one line');
  assert.ok(await fitsWidth(page));
  await screenshot(page, 'judge-sheet-offline-zh-390x844');
  await context.setOffline(false);
  await page.locator('[data-pending]').waitFor({ state: 'hidden' });
  assert.equal(realProblems(problems), []);
  await context.close();
});

round.run();

import Database from 'better-sqlite3';
import type { BrowserContext, Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { sqliteOnly } from '../support/database.ts';
import { browserSuite, fitsWidth, judgeSignsIn, screenshot, watchConsole, type BrowserSuiteContext } from '../support/browser.ts';
import { TestClient } from '../support/client.ts';
import { buildJudgingWorld, type JudgingWorld } from '../support/judging.ts';

type Ctx = BrowserSuiteContext & { world: JudgingWorld };
const judging = browserSuite<{ world: JudgingWorld }>('browser: a judge marks on a tablet, offline and back', async (ctx) => {
  ctx.world = await buildJudgingWorld(ctx.target.db);
});

const card = (page: Page, code: string) => page.locator(`[data-testid="aspect-${code}"]`);

async function judgeTablet(ctx: Ctx, viewport: { width: number; height: number }) {
  const context = await ctx.browser!.newContext({ viewport, locale: 'zh-CN', hasTouch: true });
  const page = await context.newPage();
  const problems = watchConsole(page);
  /** Every key the tablet sent, to check each was stored exactly once. */
  const sentKeys = new Set<string>();
  page.on('request', (request) => {
    if (request.url().endsWith('/judge/marks') && request.method() === 'POST') {
      for (const mark of (JSON.parse(request.postData() ?? '{}') as { marks?: { key: string }[] }).marks ?? []) sentKeys.add(mark.key);
    }
  });
  return { context, page, problems, sentKeys };
}

async function signInAsJudge(page: Page, ctx: Ctx) {
  const { neutral } = ctx.world.judges;
  await judgeSignsIn(page, ctx.server.url, ctx.world.eventCode, neutral.number, neutral.pin);
}

/** The script is running once it has written the state line. */
async function sheetReady(page: Page) {
  await page.locator('[data-online-state]').filter({ hasText: /\S/ }).waitFor();
}

async function waitSaved(page: Page) {
  await page.locator('[data-pending]').waitFor({ state: 'hidden' });
  await page.waitForFunction(() => document.querySelectorAll('.aspect-card.pending').length === 0);
  // The state line is rewritten when the last answer has been handled, a moment after the cards:
  // wait for it (a bounded wait) rather than reading it in between.
  await page.locator('[data-online-state]').filter({ hasText: '分数已全部保存。' }).waitFor({ timeout: 5000 }).catch(() => {});
  assert.is(await page.locator('[data-online-state]').innerText(), '分数已全部保存。');
}

/** From the top: the sticky head would otherwise be drawn half-way down a full-page shot. */
async function shoot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

const total = (page: Page) => page.locator('[data-running-total]').innerText();

/** Marks of one judge on one entry, and every MarkChange of the keys the tablet sent. */
async function stored(ctx: Ctx, entryId: number, sentKeys: Set<string>) {
  const db = ctx.target.db;
  const marks = await db.mark.findMany({ where: { entryId, judgeId: ctx.world.judges.neutral.judgeId }, include: { changes: { orderBy: { id: 'asc' } } } });
  const changes = await db.markChange.findMany({ where: { idempotencyKey: { in: [...sentKeys] } } });
  const perKey = new Map<string, number>();
  for (const change of changes) perKey.set(change.idempotencyKey, (perKey.get(change.idempotencyKey) ?? 0) + 1);
  return { marks, perKey };
}

function assertConsistent(marks: Awaited<ReturnType<typeof stored>>['marks'], perKey: Map<string, number>) {
  for (const mark of marks) {
    assert.is(mark.version, mark.changes.length, 'one change per version');
    const last = mark.changes.at(-1)!;
    assert.equal([last.newState, last.newValue], [mark.state, mark.value], 'the last change is the stored mark');
    for (const change of mark.changes) assert.is(perKey.get(change.idempotencyKey), 1, `key ${change.idempotencyKey} stored once`);
  }
  assert.ok([...perKey.values()].every((n) => n === 1), 'no key stored twice');
}

async function assertTouchTargets(page: Page) {
  const boxes = await page.locator('.aspect-card button, [data-sign-form] button, .sheet-nav .button, .sheet-head .button').evaluateAll((elements) =>
    // What the judge can see and tap; the other view's buttons are hidden.
    elements.filter((e) => e.checkVisibility()).map((e) => {
      const r = e.getBoundingClientRect();
      return { text: (e.textContent ?? '').trim().slice(0, 12), width: r.width, height: r.height };
    }),
  );
  assert.ok(boxes.length >= 9, `found ${boxes.length} buttons`);
  for (const box of boxes) assert.ok(box.width >= 44 && box.height >= 44, `touch target "${box.text}" is ${box.width}×${box.height}`);
  const input = await page.locator('input[data-number]').boundingBox();
  assert.ok(input && input.height >= 44, 'the minutes field is big enough');
}

/** Offline failures of /judge/marks, and its 401 once the session is gone, are the point of this test, not defects. */
const realProblems = (problems: string[]) => problems.filter((p) => !/^(failed|401) .*\/judge\/marks$/.test(p));

/**
 * The judge signs in, opens a code, marks online (levels, counter, minutes) and sees the total;
 * goes offline and keeps marking; the waiting marks survive a reload while the server cannot be
 * reached; back online the queue drains, and every mark is stored exactly once.
 */
async function markOfflineAndBack(ctx: Ctx, viewport: { width: number; height: number }, code: string) {
  const { context, page, problems, sentKeys } = await judgeTablet(ctx, viewport);
  const entry = ctx.world.entries.find((e) => e.code === code)!;
  await signInAsJudge(page, ctx);
  await page.locator(`a[href="/judge/rounds/${ctx.world.roundId}"]`).tap();
  await page.getByTestId(`code-${code}`).tap();
  await page.waitForURL(`${ctx.server.url}/judge/rounds/${ctx.world.roundId}/sheets/${code}`);
  await sheetReady(page);
  // Nothing marked: no total yet, and the deduction counter is not a 0 either; "−" on it does nothing.
  assert.is(await total(page), '–');
  assert.is(await card(page, 'A2').locator('[data-counter]').innerText(), '–');
  await card(page, 'A2').locator('button[data-step="-1"]').tap();
  assert.is(await card(page, 'A2').locator('[data-counter]').innerText(), '–');
  assert.is(await card(page, 'A2').getAttribute('data-state'), 'empty');
  assert.is(await page.locator('[data-sign-hint]').innerText(), '还有 3 项尚未打分。');

  // Online: a level, "no deductions" in one tap, then the counter twice after all, the minutes.
  await card(page, 'A1').locator('button[data-value="2"]').tap();
  assert.is(await card(page, 'A1').locator('button[data-value="2"]').getAttribute('aria-pressed'), 'true');
  assert.is(await total(page), '4', 'a total once something is marked');
  const none = card(page, 'A2').getByRole('button', { name: '无扣分' });
  await none.tap();
  assert.is(await card(page, 'A2').locator('[data-counter]').innerText(), '0');
  assert.is(await none.getAttribute('aria-pressed'), 'true');
  await card(page, 'A2').locator('button[data-step="1"]').tap();
  await card(page, 'A2').locator('button[data-step="1"]').tap();
  assert.is(await card(page, 'A2').locator('[data-counter]').innerText(), '2');
  assert.is(await none.getAttribute('aria-pressed'), 'false');
  await card(page, 'A3').locator('input[data-number]').fill('91.5');
  await card(page, 'A3').locator('input[data-number]').press('Enter');
  await waitSaved(page);
  // 2/3 × 6 = 4; 5 − 2 × 1 = 3; 91.5 min on a 90 min limit is 2 started minutes over: 4 − 2 = 2.
  assert.is(await total(page), '9');
  assert.equal(await page.locator('section.aspect-card').evaluateAll((cards) => cards.map((c) => (c as HTMLElement).dataset.points)), ['4', '3', '2']);
  assert.is(await card(page, 'A1').locator('[data-mark-state]').innerText(), '已保存');
  assert.is(await page.locator('[data-sign-hint]').innerText(), '输入 PIN 码即签字确认，之后评分表为只读。');
  let db = await stored(ctx, entry.entryId, sentKeys);
  assert.equal(db.marks.map((m) => [m.aspectId, m.state, m.value]), [
    [ctx.world.aspects.judgement, 'scored', 2],
    [ctx.world.aspects.deduction, 'scored', 2],
    [ctx.world.aspects.time, 'scored', 91.5],
  ]);
  const versionsOnline = db.marks.map((m) => m.version);

  // Offline: keep marking; the marks wait, visibly.
  await context.setOffline(true);
  await card(page, 'A1').locator('button[data-value="3"]').tap();
  await card(page, 'A2').locator('button[data-step="1"]').tap();
  await card(page, 'A3').locator('[data-not-scored]').tap();
  await page.locator('[data-pending-count]').filter({ hasText: '3' }).waitFor();
  assert.ok(await page.locator('[data-pending]').isVisible());
  assert.is(await page.locator('.aspect-card.pending').count(), 3);
  assert.is(await card(page, 'A1').locator('[data-mark-state]').innerText(), '等待发送');
  assert.is(await card(page, 'A3').locator('[data-not-scored]').getAttribute('aria-pressed'), 'true');
  await page.locator('[data-online-state]').filter({ hasText: '已离线' }).waitFor();
  // While waiting, the total counts what the tablet can work out: 6 + 2 + nothing for "not scored".
  assert.is(await total(page), '8');
  const screenshotName = `judge-sheet-offline-zh-${viewport.width}x${viewport.height}`;
  await shoot(page, screenshotName);

  // The queue is on the tablet, not in the page: reload while the server cannot be reached.
  await page.route('**/judge/marks', (route) => route.abort('internetdisconnected'));
  await context.setOffline(false);
  await page.reload();
  await sheetReady(page);
  await page.locator('[data-pending-count]').filter({ hasText: '3' }).waitFor();
  assert.is(await card(page, 'A1').locator('button[data-value="3"]').getAttribute('aria-pressed'), 'true', 'the queued level is shown again');
  assert.is(await card(page, 'A2').locator('[data-counter]').innerText(), '3');
  assert.is(await card(page, 'A3').locator('[data-not-scored]').getAttribute('aria-pressed'), 'true');
  assert.is(await page.locator('.aspect-card.pending').count(), 3);
  db = await stored(ctx, entry.entryId, sentKeys);
  assert.equal(db.marks.map((m) => m.version), versionsOnline, 'nothing of the offline marks reached the server');
  assert.equal(db.marks.map((m) => m.value), [2, 2, 91.5]);

  // One more change to a mark the tablet has already tried to send: it waits behind it.
  await card(page, 'A1').locator('button[data-value="1"]').tap();
  await page.locator('[data-pending-count]').filter({ hasText: '3' }).waitFor();

  // The connection returns: everything drains.
  await page.unroute('**/judge/marks');
  await context.setOffline(true);
  await context.setOffline(false);
  await waitSaved(page);
  assert.is(await page.locator('[data-mark-error]:visible').count(), 0, 'no conflict with its own earlier mark');
  // 1/3 × 6 = 2; 5 − 3 = 2; not scored counts nothing.
  assert.is(await total(page), '4');
  assert.is(await card(page, 'A3').locator('[data-points-shown]').innerText(), '–');
  assert.is(await card(page, 'A3').locator('[data-mark-state]').innerText(), '已标记为未评分（不等于 0 分）');
  const queued = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('jiangxin-judge');
        open.onsuccess = () => {
          const count = open.result.transaction('marks', 'readonly').objectStore('marks').count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => reject(count.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
  assert.is(queued, 0, 'the queue on the tablet is empty');

  db = await stored(ctx, entry.entryId, sentKeys);
  assert.equal(db.marks.map((m) => [m.aspectId, m.state, m.value]), [
    [ctx.world.aspects.judgement, 'scored', 1],
    [ctx.world.aspects.deduction, 'scored', 3],
    [ctx.world.aspects.time, 'not_scored', null],
  ]);
  assert.equal(db.marks[0]!.changes.map((c) => c.newValue), [2, 3, 1], 'the level went 2 → 3 → 1, each change once');
  assert.equal(db.marks[2]!.changes.map((c) => c.newState), ['scored', 'not_scored']);
  assertConsistent(db.marks, db.perKey);
  assert.is(await ctx.target.db.mark.count({ where: { entryId: entry.entryId } }), 3, 'one mark per aspect');

  await shoot(page, `judge-sheet-zh-${viewport.width}x${viewport.height}`);
  await assertTouchTargets(page);
  assert.ok(await fitsWidth(page), 'nothing sticks out sideways');
  return { context, page, problems, sentKeys, entry };
}

judging('landscape tablet 1280×800: marks offline survive a reload and drain exactly once', async (ctx) => {
  if (!ctx.browser) return;
  const code = ctx.world.entries.filter((e) => e.organizationId === ctx.world.organizations.b)[0]!.code;
  const { context, problems } = await markOfflineAndBack(ctx, { width: 1280, height: 800 }, code);
  assert.equal(realProblems(problems), []);
  await context.close();
});

judging('portrait tablet 800×1280: the same, then signing waits for the queue, and a lost session keeps it', async (ctx) => {
  if (!ctx.browser) return;
  const code = ctx.world.entries.filter((e) => e.organizationId === ctx.world.organizations.b)[1]!.code;
  const { context, page, problems, sentKeys, entry } = await markOfflineAndBack(ctx, { width: 800, height: 1280 }, code);

  // Signing while a mark waits: the sheet is not signed with a mark missing from the server.
  await context.setOffline(true);
  await card(page, 'A2').locator('button[data-step="-1"]').tap();
  await page.locator('#sign-pin').fill(ctx.world.judges.neutral.pin);
  await page.locator('[data-sign-form] button[type=submit]').tap();
  await page.locator('[data-sign-status]:visible').filter({ hasText: `签字等待发送（${code}）` }).waitFor();
  assert.is(await ctx.target.db.sheetSignoff.count(), 0);
  assert.ok(page.url().endsWith(`/sheets/${code}`), 'still on the sheet');

  // The session ends while the mark waits (PIN reset, expiry): the mark stays, a sign-in link shows.
  await ctx.target.db.session.deleteMany({ where: { accountId: ctx.world.judges.neutral.accountId } });
  await context.setOffline(false);
  const link = page.locator('[data-online-state] a[data-sign-in]');
  await link.waitFor();
  assert.is(await page.locator('[data-online-state]').innerText(), '登录已失效。待发送的分数仍保存在本平板上，请重新登录后发送。 重新登录');
  assert.is(await page.locator('[data-pending-count]').innerText(), '1');
  await link.tap();
  await page.waitForURL(/\/judge\/login\?/);
  assert.is(await page.locator('#judge-event').inputValue(), ctx.world.eventCode);
  assert.is(await page.locator('#judge-number').inputValue(), String(ctx.world.judges.neutral.number));
  await page.locator('#judge-pin').fill(ctx.world.judges.neutral.pin);
  await page.getByRole('button', { name: '登录' }).tap();
  await page.waitForURL(`${ctx.server.url}/judge/rounds/${ctx.world.roundId}/sheets/${code}`);
  await sheetReady(page);
  await waitSaved(page);
  assert.is(await card(page, 'A2').locator('[data-counter]').innerText(), '2');
  const deduction = await ctx.target.db.mark.findFirstOrThrow({ where: { entryId: entry.entryId, aspectId: ctx.world.aspects.deduction } });
  assert.is(deduction.value, 2, 'the mark queued before the session ended was sent after signing in again');

  // Now the sheet can be signed, in place: no page load, the sheet turns read-only where the judge is.
  await page.locator('#sign-pin').fill(ctx.world.judges.neutral.pin);
  await page.locator('[data-sign-form] button[type=submit]').tap();
  await page.locator('[data-judge-sheet][data-read-only="true"]').waitFor();
  assert.ok(page.url().endsWith(`/sheets/${code}`), 'still on the sheet');
  assert.ok(await page.locator('[data-signed-notice]').isVisible());
  assert.ok(await page.locator('[data-sign-form]').isHidden(), 'no PIN to type on a signed sheet');
  assert.is(await page.locator('.aspect-card button:not([disabled])').count(), 0, 'a signed sheet has no live buttons');
  assert.is(await ctx.target.db.sheetSignoff.count({ where: { entryId: entry.entryId } }), 1);
  const db = await stored(ctx, entry.entryId, sentKeys);
  assertConsistent(db.marks, db.perKey);
  assert.equal(realProblems(problems), []);
  await context.close();
});

judging('conflicts and refusals: the card shows the server\'s mark and says why', async (ctx) => {
  if (!ctx.browser) return;
  const { context, page, problems } = await judgeTablet(ctx, { width: 1280, height: 800 });
  const entry = ctx.world.entries.filter((e) => e.organizationId === ctx.world.organizations.a)[0]!;
  await signInAsJudge(page, ctx);
  await page.goto(`${ctx.server.url}/judge/rounds/${ctx.world.roundId}/sheets/${entry.code}`);
  await sheetReady(page);
  await card(page, 'A1').locator('button[data-value="2"]').tap();
  await waitSaved(page);
  assert.is(await card(page, 'A1').getAttribute('data-version'), '1');

  // The same judge changes the mark on another device (a laptop) meanwhile.
  const laptop = new TestClient(ctx.target, { 'accept-language': 'zh-CN' });
  await laptop.get('/judge/login');
  const { neutral } = ctx.world.judges;
  await laptop.post('/judge/login', { eventCode: ctx.world.eventCode, number: String(neutral.number), pin: neutral.pin });
  await laptop.get('/judge');
  const cookie = [...laptop.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const changed = await ctx.target.app.request('/judge/marks', {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': laptop.csrfToken() },
    body: JSON.stringify({ roundId: ctx.world.roundId, deviceId: 'laptop', marks: [{ key: 'laptop-change-0001', code: entry.code, aspectId: ctx.world.aspects.judgement, mark: { state: 'scored', value: 0 }, baseVersion: 1 }] }),
  });
  assert.is(changed.status, 200);

  // The tablet, still on version 1, changes it too: a conflict, and the laptop's mark is shown.
  await card(page, 'A1').locator('button[data-value="3"]').tap();
  await card(page, 'A1').locator('[data-mark-error]').filter({ hasText: '该分数已在其他设备上修改为 0。如需修改，请重新输入。' }).waitFor();
  await waitSaved(page);
  assert.is(await card(page, 'A1').locator('button[data-value="0"]').getAttribute('aria-pressed'), 'true');
  assert.is(await card(page, 'A1').locator('button[data-value="3"]').getAttribute('aria-pressed'), 'false');
  assert.is(await card(page, 'A1').getAttribute('data-version'), '2');
  assert.is(await total(page), '0');
  await shoot(page, 'judge-sheet-conflict-zh-1280x800');
  // Having seen it, the judge enters the mark again: now it is saved.
  await card(page, 'A1').locator('button[data-value="3"]').tap();
  await waitSaved(page);
  assert.ok(await card(page, 'A1').locator('[data-mark-error]').isHidden(), 'the message goes with the new mark');
  assert.is(await card(page, 'A1').getAttribute('data-version'), '3');
  assert.is(await total(page), '6');

  // A typo in the minutes is caught on the tablet; nothing is queued.
  await card(page, 'A3').locator('input[data-number]').fill('九十');
  await card(page, 'A3').locator('input[data-number]').press('Enter');
  assert.is(await card(page, 'A3').locator('[data-mark-error]').innerText(), '请输入数字。');
  assert.is(await card(page, 'A3').locator('input[data-number]').getAttribute('aria-invalid'), 'true');
  assert.ok(await page.locator('[data-pending]').isHidden());
  // Full-width digits from a Chinese keyboard are fine; the card shows the time as minutes and seconds.
  await card(page, 'A3').locator('input[data-number]').fill('８８．５');
  await card(page, 'A3').locator('input[data-number]').press('Enter');
  await waitSaved(page);
  assert.is(await card(page, 'A3').locator('input[data-number]').inputValue(), '88');
  assert.is(await card(page, 'A3').locator('input[data-seconds]').inputValue(), '30');
  assert.is(await card(page, 'A3').getAttribute('data-points'), '4');
  // As a stopwatch shows it: 92 min, then 30 s, then on to the next card; one mark, 92.5 minutes.
  const before = await ctx.target.db.markChange.count();
  await card(page, 'A3').locator('input[data-number]').fill('92');
  await card(page, 'A3').locator('input[data-seconds]').focus();
  await card(page, 'A3').locator('input[data-seconds]').fill('30');
  await card(page, 'A1').locator('button[data-value="3"]').focus();
  await waitSaved(page);
  assert.is(await card(page, 'A3').getAttribute('data-value'), '92.5');
  // 92.5 min on a 90 min limit: 3 started minutes over, 4 − 3 = 1.
  assert.is(await card(page, 'A3').getAttribute('data-points'), '1');
  assert.is(await ctx.target.db.markChange.count(), before + 1, 'the minutes on their way to the seconds were not a mark of their own');
  // In and out of the fields without a change is no mark; neither are emptied minutes, which put the time back.
  await card(page, 'A3').locator('input[data-seconds]').focus();
  await card(page, 'A1').locator('button[data-value="3"]').focus();
  await card(page, 'A3').locator('input[data-number]').fill('');
  await card(page, 'A1').locator('button[data-value="3"]').focus();
  assert.is(await card(page, 'A3').locator('input[data-number]').inputValue(), '92');
  assert.is(await card(page, 'A3').locator('input[data-seconds]').inputValue(), '30');
  await waitSaved(page);
  assert.is(await ctx.target.db.markChange.count(), before + 1);
  // Seconds past 59 are not a time, and the judge is told what is wrong with them.
  await card(page, 'A3').locator('input[data-seconds]').fill('75');
  await card(page, 'A3').locator('input[data-seconds]').press('Enter');
  assert.is(await card(page, 'A3').locator('[data-mark-error]').innerText(), '秒数应为 00–59。');

  // The chief judge locks the round: the next mark is refused and the card goes back to what is stored.
  await ctx.target.db.round.update({ where: { id: ctx.world.roundId }, data: { lockedAt: new Date() } });
  await card(page, 'A2').locator('button[data-step="1"]').tap();
  await card(page, 'A2').locator('[data-mark-error]').filter({ hasText: '本环节已锁定。' }).waitFor();
  await waitSaved(page);
  assert.is(await card(page, 'A2').getAttribute('data-state'), 'empty');
  assert.is(await card(page, 'A2').locator('[data-mark-state]').innerText(), '尚未打分');
  assert.is(await ctx.target.db.mark.count({ where: { entryId: entry.entryId, aspectId: ctx.world.aspects.deduction } }), 0);
  await ctx.target.db.round.update({ where: { id: ctx.world.roundId }, data: { lockedAt: null } });

  const marks = await ctx.target.db.mark.findMany({ where: { entryId: entry.entryId }, include: { changes: { orderBy: { id: 'asc' } } } });
  assert.equal(marks.map((m) => [m.aspectId, m.value, m.version, m.changes.map((c) => [c.deviceId === 'laptop' ? 'laptop' : 'tablet', c.newValue])]), [
    [ctx.world.aspects.judgement, 3, 3, [['tablet', 2], ['laptop', 0], ['tablet', 3]]],
    [ctx.world.aspects.time, 92.5, 2, [['tablet', 88.5], ['tablet', 92.5]]],
  ]);
  assert.equal(realProblems(problems), []);
  await context.close();
});

sqliteOnly(judging)('a database locked by another process: the mark waits on the tablet through the 503 and is saved once it is free', async (ctx) => {
  if (!ctx.browser) return;
  const { context, page, problems, sentKeys } = await judgeTablet(ctx, { width: 1280, height: 800 });
  const entry = ctx.world.entries.filter((e) => e.organizationId === ctx.world.organizations.a)[1]!;
  await signInAsJudge(page, ctx);
  await page.goto(`${ctx.server.url}/judge/rounds/${ctx.world.roundId}/sheets/${entry.code}`);
  await sheetReady(page);

  const other = new Database(ctx.target.config.databaseFile, { timeout: 0 });
  other.exec('BEGIN IMMEDIATE');
  const answers: { status: number; retryAfter: string | null }[] = [];
  page.on('response', (response) => {
    if (response.url().endsWith('/judge/marks')) answers.push({ status: response.status(), retryAfter: response.headers()['retry-after'] ?? null });
  });
  try {
    await card(page, 'A1').locator('button[data-value="2"]').tap();
    await page.locator('[data-online-state]').filter({ hasText: /秒后重试/ }).waitFor({ timeout: 15000 });
    assert.equal(answers[0], { status: 503, retryAfter: '5' }, 'the server said "try again", not 500');
    assert.is(await page.locator('[data-pending-count]').innerText(), '1', 'the mark is still queued');
    assert.is(await card(page, 'A1').locator('[data-mark-state]').innerText(), '等待发送');
    assert.is(await ctx.target.db.mark.count({ where: { entryId: entry.entryId } }), 0);
  } finally {
    other.exec('ROLLBACK');
    other.close();
  }
  await waitSaved(page);
  assert.is(answers.at(-1)?.status, 200);
  const marks = await ctx.target.db.mark.findMany({ where: { entryId: entry.entryId }, include: { changes: true } });
  assert.equal(marks.map((m) => [m.aspectId, m.value, m.version, m.changes.length]), [[ctx.world.aspects.judgement, 2, 1, 1]], 'stored once');
  assert.is(sentKeys.size, 1, 'the retry resent the same key');
  assert.equal(realProblems(problems).filter((p) => !/503/.test(p)), []);
  await context.close();
});

judging.run();

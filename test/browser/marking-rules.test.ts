import type { Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { browserSuite, fitsWidth, judgeSignsIn, screenshot, watchConsole, type BrowserSuiteContext } from '../support/browser.ts';
import { buildJudgingWorld, type JudgingWorld } from '../support/judging.ts';

/**
 * A judge on a tablet: 16 typed for a 1.6 mm wall is asked about before it is queued (correct
 * it, or confirm it), then "sign all my completed sheets" signs exactly the complete ones with
 * one PIN. zh-CN, a portrait tablet and a phone.
 */
type Extra = { world: JudgingWorld; wallId: number };
type Ctx = BrowserSuiteContext & Extra;
const rules = browserSuite<Extra>('browser: implausible values and sign all', async (ctx) => {
  ctx.world = await buildJudgingWorld(ctx.target.db);
  const { criterionId } = await ctx.target.db.aspect.findUniqueOrThrow({ where: { id: ctx.world.aspects.judgement } });
  // 1.6 mm ±0.02 → 3, ±0.05 → 1: plausible 1.6 ± 10 × 0.05 = 1.1…2.1.
  ctx.wallId = (await ctx.target.db.aspect.create({
    data: {
      criterionId, code: 'A4', name: '壁厚', type: 'measurement', maxMark: 3, position: 3,
      rule: JSON.stringify({ type: 'measurement', nominal: 1.6, unit: 'mm', step: 0.01, bands: [{ tolerance: 0.02, mark: 3 }, { tolerance: 0.05, mark: 1 }] }),
    },
  })).id;
});

const card = (page: Page, code: string) => page.locator(`[data-testid="aspect-${code}"]`);

async function waitSaved(page: Page) {
  await page.locator('[data-pending]').waitFor({ state: 'hidden' });
  await page.waitForFunction(() => document.querySelectorAll('.aspect-card.pending').length === 0);
}

/** Marks A1–A3 of the open sheet (level 2, one occurrence, 90 minutes). */
async function markTheRest(page: Page) {
  await card(page, 'A1').locator('button[data-value="2"]').tap();
  await card(page, 'A2').locator('button[data-step="1"]').tap();
  await card(page, 'A3').locator('input[data-number]').fill('90');
  await card(page, 'A3').locator('input[data-number]').press('Enter');
}

async function openSheet(ctx: Ctx, page: Page, code: string) {
  await page.goto(`${ctx.server.url}/judge/rounds/${ctx.world.roundId}/sheets/${code}`);
  await page.locator('[data-online-state]').filter({ hasText: /\S/ }).waitFor();
}

rules('16 for 1.6 mm is asked about, corrected or confirmed; then one PIN signs the complete sheets', async (ctx) => {
  if (!ctx.browser) return;
  const { neutral } = ctx.world.judges;
  const context = await ctx.browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'zh-CN', hasTouch: true });
  const page = await context.newPage();
  const problems = watchConsole(page);
  const sent: { aspectId: number; mark: { value?: number }; confirmed?: boolean }[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/judge/marks')) sent.push(...(JSON.parse(request.postData() ?? '{}') as { marks: typeof sent }).marks);
  });
  await judgeSignsIn(page, ctx.server.url, ctx.world.eventCode, neutral.number, neutral.pin);

  const [first, second, third] = ctx.world.entries.map((e) => e.code);
  await openSheet(ctx, page, first!);
  await markTheRest(page);
  const wall = card(page, 'A4');
  const input = wall.locator('input[data-number]');
  await input.fill('16');
  await input.press('Enter');
  const box = wall.locator('[data-confirm-box]');
  await box.waitFor();
  assert.is(await box.locator('[data-confirm-text]').innerText(), '16 mm 与标准值 1.6 mm 相差过大，确定无误吗？');
  await waitSaved(page);
  assert.equal(sent.filter((m) => m.aspectId === ctx.wallId), [], 'nothing queued or sent before the judge answers');
  await screenshot(page, 'judge-implausible-zh-800x1280');
  assert.ok(await fitsWidth(page), 'the question fits the tablet');

  // "No, correct it": the box goes, the field is ready for the right value; 1.62 needs no question.
  await box.locator('[data-correct-value]').tap();
  assert.is(await box.isHidden(), true);
  await input.fill('1.62');
  await input.press('Enter');
  await waitSaved(page);
  assert.is(await wall.locator('[data-points-shown]').innerText(), '3', '|1.62 − 1.6| = 0.02: the tight band');
  // The part really is 16 (the wrong drawing, say): confirmed, it is sent with confirmed: true and scores 0.
  await input.fill('16');
  await input.press('Enter');
  await box.waitFor();
  await box.locator('[data-confirm-value]').tap();
  await waitSaved(page);
  assert.is(await wall.locator('[data-points-shown]').innerText(), '0');
  assert.equal(sent.filter((m) => m.aspectId === ctx.wallId).map((m) => [m.mark.value, m.confirmed ?? false]), [[1.62, false], [16, true]]);
  const entryId = ctx.world.entries[0]!.entryId;
  const stored = await ctx.target.db.mark.findFirstOrThrow({ where: { entryId, aspectId: ctx.wallId, judgeId: neutral.judgeId } });
  assert.is(stored.value, 16);

  // The second sheet complete, the third only begun.
  await openSheet(ctx, page, second!);
  await markTheRest(page);
  await card(page, 'A4').locator('input[data-number]').fill('1.6');
  await card(page, 'A4').locator('input[data-number]').press('Enter');
  await waitSaved(page);
  await openSheet(ctx, page, third!);
  await card(page, 'A1').locator('button[data-value="3"]').tap();
  await waitSaved(page);

  // The round's page: sign all.
  await page.goto(`${ctx.server.url}/judge/rounds/${ctx.world.roundId}`);
  const signAll = page.getByTestId('sign-all');
  assert.is(await signAll.getByTestId('sign-all-codes').innerText(), `已评完但未签字的评分表 2 张：${first}、${second}。输入一次 PIN 码即逐张签字。`);
  assert.match(await signAll.getByTestId('sign-all-incomplete').innerText(), third!);
  await screenshot(page, 'judge-sign-all-zh-800x1280');
  await page.locator('#sign-all-pin').fill('999999' === neutral.pin ? '888888' : '999999');
  await signAll.locator('button[type=submit]').tap();
  await signAll.locator('.notice').filter({ hasText: 'PIN' }).waitFor();
  assert.is(await ctx.target.db.sheetSignoff.count(), 0, 'a wrong PIN signs nothing');
  await page.locator('#sign-all-pin').fill(neutral.pin);
  await page.getByTestId('sign-all').locator('button[type=submit]').tap();
  await page.locator('.notice').filter({ hasText: '已签署 2 张评分表' }).waitFor();
  assert.is(await page.getByTestId(`code-${first}`).locator('.code-progress').innerText(), '已签字');
  assert.is(await page.getByTestId(`code-${second}`).locator('.code-progress').innerText(), '已签字');
  assert.is(await page.getByTestId(`code-${third}`).locator('.code-progress').innerText(), '部分已评');
  assert.is(await ctx.target.db.sheetSignoff.count({ where: { judgeId: neutral.judgeId } }), 2);
  assert.ok(await page.getByTestId('sign-all-none').isVisible(), 'nothing left to sign');

  // The phone: the same page fits.
  await page.setViewportSize({ width: 390, height: 844 });
  assert.ok(await fitsWidth(page), 'the round page fits a phone');
  await screenshot(page, 'judge-sign-all-zh-390x844');
  assert.equal(problems.filter((p) => !/^422 /.test(p)), []);
  await context.close();
});

rules.run();

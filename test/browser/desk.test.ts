import * as assert from 'uvu/assert';
import { createApiToken } from '../../src/api/tokens.ts';
import { browserSuite, judgeSignsIn, screenshot, watchConsole } from '../support/browser.ts';
import { judgingFixture, mark, markAndSignAll, notScored, scored, type JudgingFixture } from '../support/desk.ts';

const flow = browserSuite<{ fixture: JudgingFixture; judgeToken: string }>('browser: the chief judge\'s desk', async (ctx) => {
  ctx.fixture = await judgingFixture(ctx.target.db);
  ctx.judgeToken = (await createApiToken(ctx.target.db, ctx.fixture.judges[2].accountId, 'tablet integration')).token;
  // A disagreement on 张伟's judgement aspect (3, 3, 1) and a "not scored" beside a 0.
  const f = ctx.fixture;
  const zhang = f.codes.张伟;
  await mark(ctx.target.db, f, 1, [{ code: zhang, aspectId: f.judgementId, mark: scored(3) }]);
  await mark(ctx.target.db, f, 3, [{ code: zhang, aspectId: f.judgementId, mark: scored(1) }, { code: zhang, aspectId: f.deductionId, mark: scored(0) }]);
});

flow('a judge\'s mark appears on the open desk without a reload; the chief judge accepts the spread and locks', async (ctx) => {
  if (!ctx.browser) return;
  const { server, target, fixture: f } = ctx;
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = watchConsole(page);

  // The chief judge signs in like any judge: event code, number, PIN.
  await judgeSignsIn(page, server.url, f.eventCode, '4', f.judges[4].pin);

  const connected = page.waitForResponse((r) => r.url().endsWith(`/desk/rounds/${f.roundId}/events`) && r.status() === 200);
  await page.goto(`${server.url}/desk/rounds/${f.roundId}`);
  await connected;
  const matrix = page.getByTestId('desk-matrix');
  await matrix.waitFor();
  const text = await page.locator('main').innerText();
  for (const name of [...f.names, ...f.organizations]) assert.not.match(text, name, `${name} is not on the desk`);
  assert.is(await page.getByTestId(`cell-${f.codes.王芳}-P1-J1`).innerText(), '回避');
  await page.evaluate(() => { (window as unknown as { deskMarker: number }).deskMarker = 42; });

  // J2's tablet integration posts marks through the API; the desk shows them live.
  const li = f.codes.李强;
  const zhang = f.codes.张伟;
  const response = await fetch(`${server.url}/api/v1/judge/marks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ctx.judgeToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      roundId: f.roundId, deviceId: 'J2-tablet',
      marks: [
        { key: 'browser-0001', code: li, aspectId: f.judgementId, mark: { state: 'scored', value: 2 }, baseVersion: 0 },
        { key: 'browser-0002', code: zhang, aspectId: f.judgementId, mark: { state: 'scored', value: 3 }, baseVersion: 0 },
        { key: 'browser-0003', code: zhang, aspectId: f.deductionId, mark: { state: 'not_scored' }, baseVersion: 0 },
      ],
    }),
  });
  assert.is(response.status, 200);
  const cell = `[data-testid="cell-${li}-P1-J2"]`;
  await page.waitForFunction((selector) => document.querySelector(selector)?.textContent === '2', cell, { timeout: 5000 });
  assert.is(await page.locator(`[data-testid="cell-${zhang}-P2-J2"]`).innerText(), '未评分');
  assert.is(await page.evaluate(() => (window as unknown as { deskMarker?: number }).deskMarker), 42, 'no reload');
  assert.is(await page.getByTestId(`outcome-${zhang}-P1`).getAttribute('data-flagged'), 'true');
  assert.match(await page.getByTestId('progress-marks').innerText(), '6 / 16');

  // The flagged cell opens beside the matrix.
  await page.getByTestId(`outcome-${zhang}-P1`).locator('a').click();
  await page.getByTestId('cell-panel').waitFor();
  assert.is(page.url(), `${server.url}/desk/rounds/${f.roundId}`, 'the panel opens in place');
  assert.match(await page.getByTestId('cell-panel').innerText(), '认可分差');
  await screenshot(page, 'desk-zh-1280');

  // A mark saved by the command (the tablet's route) shows up too.
  await mark(target.db, f, 1, [{ code: zhang, aspectId: f.deductionId, mark: notScored }]);
  await page.waitForFunction((selector) => document.querySelector(selector)?.getAttribute('data-state') === 'not_scored', `[data-testid="cell-${zhang}-P2-J1"]`, { timeout: 5000 });

  // Everyone finishes and signs; 张伟 stays 3 / 3 / 1.
  await markAndSignAll(target.db, f, 1, { [zhang]: 3 });
  await markAndSignAll(target.db, f, 2, { [zhang]: 3 });
  await markAndSignAll(target.db, f, 3, { [zhang]: 1 });
  await page.waitForFunction(() => document.querySelector('[data-testid="progress-marks"]')?.textContent === '16 / 16', undefined, { timeout: 5000 });

  // The chief judge accepts the spread with a reason, then locks.
  const panel = page.getByTestId('cell-panel');
  await panel.locator('#accept-reason').fill('两位裁判给 3 级、一位给 1 级，复核照片后认可');
  await panel.getByRole('button', { name: '认可' }).click();
  await page.waitForURL(/done=accepted/);
  await page.getByText('分差已认可。').first().waitFor();
  await page.getByTestId('lock-button').click();
  await page.waitForURL(/done=locked/);
  await page.getByTestId('desk-locked').waitFor();
  assert.match(await page.getByTestId('desk-locked').innerText(), '陈静');
  assert.ok((await target.db.round.findUniqueOrThrow({ where: { id: f.roundId } })).lockedAt);
  await screenshot(page, 'desk-locked-zh-1280');
  assert.equal(problems, []);
  await context.close();
});

flow.run();

import * as assert from 'uvu/assert';
import { browserSuite, fitsWidth, judgeSignsIn, screenshot, watchConsole } from '../support/browser.ts';
import { markedFixture, type ResultsFixture } from '../support/results.ts';

const flow = browserSuite<{ fixture: ResultsFixture }>('browser: recording a disqualification at the desk', async (ctx) => {
  ctx.fixture = await markedFixture(ctx.target.db);
});

flow('the chief judge disqualifies a code with a reason and a confirmation; the row shows it, the history keeps it, no name appears', async (ctx) => {
  if (!ctx.browser) return;
  const { server, target, fixture: f } = ctx;
  const context = await ctx.browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = watchConsole(page);

  await judgeSignsIn(page, server.url, f.eventCode, '4', f.judges[4].pin);
  await page.goto(`${server.url}/desk/rounds/${f.roundId}`);

  const form = page.getByTestId('entry-status-form');
  await form.locator('select[name="action"]').selectOption('disqualify');
  await form.locator('select[name="code"]').selectOption(f.codes.张伟);
  await form.locator('textarea[name="reason"]').fill('违反安全操作规程，未佩戴防护面罩');
  // Without the confirmation nothing is recorded.
  await form.locator('button[type=submit]').click();
  await page.getByText('请勾选确认。').waitFor();
  assert.is((await target.db.entry.findFirstOrThrow({ where: { bib: '001' } })).status, 'registered');

  await page.getByTestId('entry-status-form').locator('input[type=checkbox][name="confirm"]').check();
  await page.getByTestId('entry-status-form').locator('button[type=submit]').click();
  await page.waitForURL(`${server.url}/desk/rounds/${f.roundId}?done=status`);
  assert.is(await page.getByTestId(`status-${f.codes.张伟}`).innerText(), '取消资格');
  const history = await page.getByTestId('status-history').innerText();
  assert.match(history, f.codes.张伟);
  assert.match(history, '违反安全操作规程');
  const text = await page.locator('main').innerText();
  for (const secret of [...f.names, ...f.organizations]) assert.not.match(text, secret, `${secret} is not on the desk`);
  assert.is((await target.db.entry.findFirstOrThrow({ where: { bib: '001' } })).status, 'disqualified');
  assert.ok(await fitsWidth(page), 'no sideways scroll on a tablet');
  await page.getByTestId('entry-status-form').scrollIntoViewIfNeeded();
  await screenshot(page, 'entry-status-desk-zh-800');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('entry-status-form').scrollIntoViewIfNeeded();
  await screenshot(page, 'entry-status-desk-zh-390');
  assert.equal(problems, []);
  await context.close();
});

flow.run();

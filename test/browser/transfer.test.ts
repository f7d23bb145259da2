import * as assert from 'uvu/assert';
import { browserSuite, fitsWidth, screenshot, signIn, watchConsole } from '../support/browser.ts';
import { ORGANIZER } from '../support/desk.ts';
import { lockedFixture, publishWelding } from '../support/results.ts';

const transfer = browserSuite<{ eventId: number }>('browser: an administrator moves an event with its transfer file', async (ctx) => {
  const f = await lockedFixture(ctx.target.db);
  await publishWelding(ctx.target.db, f);
  ctx.eventId = f.eventId;
});

transfer('download the file on the event’s screen, import it on the phone, open the new event', async ({ browser, server, target, eventId }) => {
  if (!browser) return;
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', hasTouch: true, isMobile: true, acceptDownloads: true });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, server.url, ORGANIZER.username, ORGANIZER.password);

  await page.goto(`${server.url}/events/${eventId}`);
  const card = page.getByTestId('transfer');
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, 'transfer-card-zh-390');
  const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: '下载迁移文件（zip）' }).click()]);
  assert.match(download.suggestedFilename(), /赛事迁移.*\.zip$/);
  const file = await download.path();

  await page.goto(`${server.url}/events`);
  await page.getByRole('link', { name: '导入赛事' }).click();
  await page.waitForURL(`${server.url}/transfer`);
  assert.ok(await fitsWidth(page), 'the import page fits a phone');
  await screenshot(page, 'transfer-import-zh-390');
  await page.getByLabel('迁移文件（zip）').setInputFiles(file);
  await page.getByRole('button', { name: '导入赛事' }).click();
  await page.waitForLoadState();
  assert.match(await page.getByTestId('transfer-imported').innerText(), /已导入 2026年定海区职工技能大比武/);
  // The same installation: the original keeps its code, the copy gets a new one.
  assert.match(await page.getByTestId('transfer-new-code').innerText(), /裁判现在用赛事码 \w+ 登录/);
  assert.ok(await fitsWidth(page), 'the summary fits a phone');
  await screenshot(page, 'transfer-imported-zh-390');
  await page.getByTestId('transfer-open').click();
  const copy = (await target.db.event.findFirstOrThrow({ orderBy: { id: 'desc' } })).id;
  await page.waitForURL(`${server.url}/events/${copy}`);
  assert.is.not(copy, eventId);
  assert.equal(problems, [], 'no console errors or CSP violations');
  await context.close();
});

transfer('a file that is not a transfer file is refused in English on a tablet', async ({ browser, server }) => {
  if (!browser) return;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en' });
  const page = await context.newPage();
  await signIn(page, server.url, ORGANIZER.username, ORGANIZER.password);
  await page.goto(`${server.url}/transfer`);
  await page.getByLabel('Transfer file (zip)').setInputFiles({ name: 'scores.zip', mimeType: 'application/zip', buffer: Buffer.from('PK not really') });
  await page.getByRole('button', { name: 'Import the event' }).click();
  await page.waitForLoadState();
  assert.match(await page.getByTestId('transfer-error').innerText(), /cannot be read as a zip file/);
  await screenshot(page, 'transfer-refused-en-1280');
  await context.close();
});

transfer.run();

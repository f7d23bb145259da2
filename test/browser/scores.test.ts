import * as assert from 'uvu/assert';
import { writeCsv } from '../../src/events/scheme-files.ts';
import { browserSuite, fitsWidth, screenshot, signIn, watchConsole } from '../support/browser.ts';
import { ORGANIZER } from '../support/desk.ts';
import { theoryFixture } from '../support/scores.ts';

const flow = browserSuite<{ theoryId: number }>('browser: theory exam scores upload → preview → confirm', async (ctx) => {
  ctx.theoryId = (await theoryFixture(ctx.target.db)).theoryId;
});

flow('the organizer uploads the exam system\'s file, sees its mistakes, then imports the corrected one', async (ctx) => {
  if (!ctx.browser) return;
  const { server, target } = ctx;
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, server.url, ORGANIZER.username, ORGANIZER.password);
  await page.goto(`${server.url}/rounds/${ctx.theoryId}/scores`);

  const header = ['准考证号', '考生姓名', '机考成绩'];
  const broken = [header, ['001', '张伟', '87.5'], ['002', '李强', '120'], ['002', '李强', '92']];
  await page.locator('input[type=file]').setInputFiles({ name: '理论机考成绩.csv', mimeType: 'text/csv', buffer: writeCsv(broken) });
  await page.getByRole('button', { name: '检查文件' }).click();
  await page.getByTestId('scores-errors').waitFor();
  const errors = await page.getByTestId('scores-errors').innerText();
  assert.match(errors, '成绩应在 0 到 100 之间。');
  assert.match(errors, '参赛证号 002 已在第 3 行。');
  assert.match(errors, '参赛证号 003（王芳）在文件中没有成绩。');
  assert.is(await page.getByRole('button', { name: /导入 \d+ 个成绩/ }).count(), 0);
  await screenshot(page, 'scores-errors-zh-1280');
  assert.is(await target.db.roundScore.count(), 0);

  const clean = [header, ['001', '张伟', '87.5'], ['002', '李强', '92'], ['003', '王芳', '66']];
  await page.locator('input[type=file]').setInputFiles({ name: '理论机考成绩.csv', mimeType: 'text/csv', buffer: writeCsv(clean) });
  await page.getByRole('button', { name: '检查文件' }).click();
  await page.getByRole('button', { name: '导入 3 个成绩' }).click();
  await page.waitForURL(/done=imported/);
  assert.match(await page.getByTestId('scores-current').innerText(), '参赛选手 3 名，已有成绩 3 名。');
  assert.match(await page.getByTestId('scores-history').innerText(), '文件 理论机考成绩.csv：3 个成绩');
  assert.equal((await target.db.roundScore.findMany({ orderBy: { id: 'asc' } })).map((s) => s.score), [87.5, 92, 66]);
  await screenshot(page, 'scores-zh-1280');

  // Tablet and phone: nothing sticks out sideways.
  for (const [width, height] of [[800, 1280], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await page.reload();
    assert.ok(await fitsWidth(page), `fits ${width}px`);
    await screenshot(page, `scores-zh-${width}`);
  }
  assert.equal(problems, []);
  await context.close();
});

flow.run();

import * as assert from 'uvu/assert';
import { writeCsv } from '../../src/events/scheme-files.ts';
import { browserSuite, fitsWidth, screenshot, signIn, watchConsole } from '../support/browser.ts';
import { createAccount } from '../support/fixtures.ts';
import { idNumber } from '../support/people.ts';

const flow = browserSuite<{ eventId: number; skillId: number }>('browser: import → check-in → draw', async (ctx) => {
  await createAccount(ctx.target.db, { username: 'organizer', password: 'organizer-password', displayName: '赵敏' });
  const event = await ctx.target.db.event.create({ data: { name: '2026年定海区职工技能大比武', status: 'registration' } });
  ctx.eventId = event.id;
  ctx.skillId = (await ctx.target.db.skill.create({ data: { eventId: event.id, name: '焊工', nameEn: 'Welding', tieBreaks: '[]' } })).id;
});

const list = [
  ['姓名', '性别', '参赛单位', '身份证号', '手机号', '竞赛项目', '现技能等级', '参赛证号'],
  ['张伟', '男', '舟山船舶修造有限公司', idNumber('19900101', 1), '13800138000', '焊工', '高级工', ''],
  ['王芳', '女', '定海机电设备有限公司', idNumber('19880315', 2), '13900139000', '焊工', '中级工', ''],
  ['李强', '男', '舟山船舶修造有限公司', idNumber('19950720', 3), '', '焊工', '无', ''],
];

flow('an organizer imports a list, checks contestants in on a tablet and draws lots', async (ctx) => {
  if (!ctx.browser) return;
  const { server, target } = ctx;
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, server.url, 'organizer', 'organizer-password');

  // Import: a broken file first (nothing written), then the clean one.
  await page.goto(`${server.url}/events/${ctx.eventId}/registration`);
  await page.getByRole('link', { name: '导入选手' }).click();
  const broken = list.map((row) => [...row]);
  broken[2]![3] = broken[2]![3]!.slice(0, 17) + (broken[2]![3]!.endsWith('0') ? '1' : '0');
  await page.locator('input[type=file]').setInputFiles({ name: '名单.csv', mimeType: 'text/csv', buffer: writeCsv(broken) });
  await page.getByRole('button', { name: '检查文件' }).click();
  await page.getByTestId('import-errors').waitFor();
  assert.match(await page.getByTestId('import-errors').innerText(), '身份证号');
  assert.is(await page.getByRole('button', { name: /导入 \d+ 条报名/ }).count(), 0);
  await screenshot(page, 'import-errors-zh-1280');
  assert.is(await target.db.contestant.count(), 0);

  await page.locator('input[type=file]').setInputFiles({ name: '名单.csv', mimeType: 'text/csv', buffer: writeCsv(list) });
  await page.getByRole('button', { name: '检查文件' }).click();
  await page.getByTestId('import-new-organizations').waitFor();
  // The confirm button is above the rows as well as below them: the one at the top, as a tablet user would.
  assert.is(await page.getByRole('button', { name: '导入 3 条报名' }).count(), 2);
  await page.getByRole('button', { name: '导入 3 条报名' }).first().click();
  await page.waitForURL(/\/registration/);
  assert.is(await page.getByTestId('contestants').locator('tbody tr').count(), 3);
  await screenshot(page, 'registration-zh-1280');

  await target.db.event.update({ where: { id: ctx.eventId }, data: { status: 'in_progress' } });

  // Check-in on a tablet held upright.
  const tablet = await ctx.browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'zh-CN', hasTouch: true });
  const desk = await tablet.newPage();
  const deskProblems = watchConsole(desk);
  await signIn(desk, server.url, 'organizer', 'organizer-password');
  await desk.goto(`${server.url}/events/${ctx.eventId}/check-in`);
  await desk.locator('#checkin-q').fill('王');
  await desk.waitForFunction(() => document.querySelectorAll('.checkin-item').length === 1);
  await desk.locator('.checkin-item').getByRole('button', { name: '缺考' }).tap();
  await desk.locator('.checkin-absent').waitFor();
  await desk.locator('#checkin-q').fill('');
  await desk.waitForFunction(() => document.querySelectorAll('.checkin-item').length === 3);
  for (const name of ['张伟', '李强']) {
    const item = desk.locator('.checkin-item', { hasText: name });
    await item.getByRole('button', { name: '到场' }).tap();
    await desk.locator('.checkin-present', { hasText: name }).waitFor();
  }
  assert.match(await desk.getByTestId('checkin-counts').innerText(), '未检录 0');
  const button = await desk.locator('.checkin-item').first().getByRole('button', { name: '到场' }).boundingBox();
  assert.ok(button && button.height >= 44, 'big touch targets');
  assert.ok(await fitsWidth(desk));
  await screenshot(desk, 'checkin-zh-800x1280');
  assert.equal(deskProblems, []);

  // The draw.
  await page.goto(`${server.url}/skills/${ctx.skillId}/draw`);
  await page.getByRole('button', { name: '抽签' }).click();
  await page.getByTestId('seating').waitFor();
  const seating = await page.getByTestId('seating').innerText();
  assert.match(seating, '张伟');
  assert.match(seating, '李强');
  assert.not.match(seating, '王芳', 'the absent get no station');
  const codes = await target.db.drawAssignment.findMany();
  assert.is(codes.length, 2);
  for (const { code } of codes) assert.not.match(await page.content(), `>${code}<`);
  await screenshot(page, 'draw-zh-1280');

  await page.getByRole('link', { name: '打印加密号卡' }).click();
  await page.waitForURL(/code-cards/);
  for (const { code } of codes) assert.match(await page.content(), code);
  await screenshot(page, 'code-cards-zh');

  // After the lock, decryption: the link only asks; the organizer confirms with a button.
  await target.db.round.create({ data: { skillId: ctx.skillId, code: 'practical', name: '实际操作', weight: 100, maxScore: 100, lockedAt: new Date() } });
  await page.goto(`${server.url}/skills/${ctx.skillId}/draw`);
  await page.getByRole('link', { name: '实际操作' }).click();
  await page.getByTestId('decrypt-confirm').waitFor();
  assert.not.match(await page.content(), '张伟', 'the link reveals nothing');
  assert.is(await target.db.auditEntry.count({ where: { action: 'decrypt' } }), 0);
  await page.getByRole('button', { name: '解密并显示姓名' }).click();
  await page.getByTestId('decryption').waitFor();
  assert.match(await page.getByTestId('decryption').innerText(), '张伟');
  assert.is(await target.db.auditEntry.count({ where: { action: 'decrypt' } }), 1);
  assert.equal(problems, []);
  await tablet.close();
  await context.close();
});

flow.run();

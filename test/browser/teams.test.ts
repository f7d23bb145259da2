import * as assert from 'uvu/assert';
import { issueDelegationLink } from '../../src/registration/commands.ts';
import { browserSuite, fitsWidth, screenshot, signIn, watchConsole } from '../support/browser.ts';
import { createAccount } from '../support/fixtures.ts';
import { idNumber } from '../support/people.ts';

const flow = browserSuite<{ eventId: number; skillId: number; organizerId: number; ship: number }>('browser: registering a team', async (ctx) => {
  ctx.organizerId = (await createAccount(ctx.target.db, { username: 'organizer', password: 'organizer-password', displayName: '赵敏' })).id;
  const event = await ctx.target.db.event.create({ data: { name: '2026年定海区职工技能大比武', status: 'registration' } });
  ctx.eventId = event.id;
  ctx.skillId = (await ctx.target.db.skill.create({ data: { eventId: event.id, name: '维修电工', nameEn: 'Maintenance electrician', tieBreaks: '[]' } })).id;
  ctx.ship = (await ctx.target.db.organization.create({ data: { eventId: event.id, name: '舟山船舶修造有限公司', approvedAt: new Date() } })).id;
});

flow('the organizer makes a team skill and registers a member; the delegation leader adds the second on a phone', async (ctx) => {
  if (!ctx.browser) return;
  const { server, target } = ctx;
  const context = await ctx.browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, server.url, 'organizer', 'organizer-password');

  // The team sizes appear once "team skill" is ticked.
  await page.goto(`${server.url}/skills/${ctx.skillId}`);
  const sizes = page.locator('input[name=teamSizeMax]');
  assert.is(await sizes.isVisible(), false, 'an individual skill shows no team settings');
  await page.getByLabel('团体项目：选手以本单位的团队参赛').check();
  assert.is(await sizes.isVisible(), true);
  await sizes.fill('2');
  await page.locator('#settings').getByRole('button', { name: '保存' }).click();
  await page.locator('#settings .notice-success').waitFor();
  await screenshot(page, 'team-settings-zh-800');
  const skill = await target.db.skill.findUniqueOrThrow({ where: { id: ctx.skillId } });
  assert.equal([skill.teamSkill, skill.teamSizeMin, skill.teamSizeMax], [true, 2, 2]);

  // The organizer registers the first member, naming a new team.
  await page.goto(`${server.url}/events/${ctx.eventId}/contestants/new`);
  await page.getByLabel('姓名', { exact: true }).fill('张伟');
  await page.getByLabel('性别').selectOption('male');
  await page.getByLabel('参赛单位').selectOption(String(ctx.ship));
  await page.getByLabel('身份证号').fill(idNumber('19900101', 1));
  await page.getByLabel('维修电工').check();
  await page.getByLabel('团队').fill('船舶一队');
  assert.match(await page.locator('.team-field .hint').innerText(), '每队 2–2 人');
  assert.ok(await fitsWidth(page));
  await screenshot(page, 'team-contestant-form-zh-800');
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/\/registration$/);
  assert.match(await page.getByTestId('contestants').innerText(), '维修电工 · 船舶一队');

  // The leader, on a phone, picks the team (offered with its member count) for the second member.
  const link = await issueDelegationLink(target.db, ctx.ship, new Date(Date.now() + 86_400_000), ctx.organizerId);
  assert.ok(link.ok);
  const phone = await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', hasTouch: true });
  const leader = await phone.newPage();
  const leaderProblems = watchConsole(leader);
  await leader.goto(`${server.url}/d/${link.ok ? link.value : ''}`);
  assert.is(await leader.locator(`datalist#team-${ctx.skillId}-list option[value="船舶一队"]`).count(), 1);
  await leader.getByLabel('姓名', { exact: true }).fill('李强');
  await leader.getByLabel('性别').selectOption('male');
  await leader.getByLabel('身份证号').fill(idNumber('19950720', 3));
  await leader.getByLabel('维修电工').check();
  await leader.getByLabel('团队').fill('船舶一队');
  assert.ok(await fitsWidth(leader), 'no sideways scroll on a phone');
  await screenshot(leader, 'team-delegation-zh-390');
  await leader.getByRole('button', { name: '添加选手' }).click();
  await leader.getByTestId('delegation-contestants').locator('.list-title', { hasText: '李强' }).waitFor();
  assert.match(await leader.getByTestId('delegation-contestants').innerText(), '维修电工 · 船舶一队');

  const team = await target.db.team.findFirstOrThrow({ include: { members: { include: { entry: { include: { contestant: true } } } } } });
  assert.equal([team.name, team.organizationId, team.members.map((m) => m.entry.contestant.name).sort()], ['船舶一队', ctx.ship, ['张伟', '李强'].sort()]);
  assert.equal(problems, []);
  assert.equal(leaderProblems, []);
});

flow.run();

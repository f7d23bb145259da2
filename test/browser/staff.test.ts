import * as assert from 'uvu/assert';
import { browserSuite, fitsWidth, screenshot, signIn, watchConsole } from '../support/browser.ts';
import { createAccount } from '../support/fixtures.ts';

const staff = browserSuite('browser: an administrator invites a colleague, who then sets up an event', async ({ target }) => {
  await createAccount(target.db, { username: 'zhao', password: 'admin-password-1', displayName: '赵敏' });
});

staff('invite on a PC in Chinese, print the slip; the colleague signs in on a phone in English, picks his password, creates an event', async ({ browser, server, target }) => {
  if (!browser) return;
  const pc = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const admin = await pc.newPage();
  const adminProblems = watchConsole(admin);
  await signIn(admin, server.url, 'zhao', 'admin-password-1');
  await admin.getByRole('link', { name: '工作人员账号' }).click();
  await admin.waitForURL(server.url + '/staff');
  await admin.getByLabel('姓名', { exact: true }).fill('孙丽');
  await admin.getByLabel('用户名').fill('sun.li');
  await admin.getByRole('button', { name: '创建账号' }).click();
  await admin.waitForURL(/\/staff\/slips\//);
  const password = (await admin.locator('[data-password]').innerText()).trim();
  assert.match(password, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  assert.match(await admin.getByTestId('initial-password').innerText(), '您的匠心账号已创建');
  await screenshot(admin, 'staff-slip-zh-1280');

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US', isMobile: true, hasTouch: true });
  const colleague = await phone.newPage();
  const colleagueProblems = watchConsole(colleague);
  // The slip's QR code opens the sign-in with the username filled in.
  await colleague.goto(`${server.url}/login?username=sun.li`);
  assert.is(await colleague.getByLabel('Username').inputValue(), 'sun.li');
  await colleague.getByLabel('Password').fill(password);
  await colleague.getByRole('button', { name: 'Sign in' }).click();
  await colleague.waitForURL(server.url + '/account/password');
  assert.match(await colleague.getByTestId('password-pending').innerText(), 'An administrator set this password for you');
  assert.ok(await fitsWidth(colleague), 'fits the phone');
  await screenshot(colleague, 'staff-first-password-en-390');
  await colleague.goto(server.url + '/events');
  assert.is(new URL(colleague.url()).pathname, '/account/password', 'nothing else opens first');

  await colleague.getByLabel('Initial password (from the slip)').fill(password);
  await colleague.getByLabel('New password').fill('sun-li-own-pass-9');
  await colleague.getByLabel('Repeat password').fill('sun-li-own-pass-9');
  await colleague.getByRole('button', { name: 'Change password' }).click();
  await colleague.waitForURL(/changed=1/);
  await colleague.getByRole('link', { name: 'Continue' }).click();
  await colleague.waitForURL(server.url + '/');
  assert.is(await colleague.getByRole('link', { name: 'Staff accounts' }).count(), 0, 'not an administrator');

  await colleague.goto(server.url + '/events/new');
  await colleague.getByLabel('Event name').fill('2026 年定海区焊工技能竞赛');
  await colleague.getByRole('button', { name: 'New event' }).click();
  await colleague.waitForURL(/\/events\/\d+$/);
  assert.match(await colleague.locator('h1').innerText(), '2026 年定海区焊工技能竞赛');
  const event = await target.db.event.findFirstOrThrow();
  assert.is(event.createdById, (await target.db.account.findUniqueOrThrow({ where: { username: 'sun.li' } })).id, 'the event is his');
  // He runs it: its staff page lists him as its organizer, a place only an administrator changes.
  await colleague.getByTestId('staff-link').click();
  await colleague.waitForURL(/\/events\/\d+\/staff$/);
  const own = colleague.getByTestId('event-staff-sun.li');
  assert.match(await own.innerText(), 'Event organizer');
  assert.match(await own.innerText(), 'Only an administrator can change your own role.');
  assert.ok(await fitsWidth(colleague), 'the event\'s staff page fits the phone');
  await screenshot(colleague, 'event-staff-en-390');

  // The administrator's list shows the colleague active, signed in, on a phone as well.
  await admin.goto(server.url + '/staff');
  const row = admin.getByTestId('staff-sun.li');
  assert.match(await row.innerText(), '正常');
  assert.match(await row.innerText(), '最近活动');
  await admin.setViewportSize({ width: 390, height: 844 });
  assert.ok(await fitsWidth(admin), 'the staff page fits a phone');
  await screenshot(admin, 'staff-list-zh-390');

  assert.equal(adminProblems, []);
  assert.equal(colleagueProblems, []);
  await pc.close();
  await phone.close();
});

staff('an administrator makes a colleague registration clerk of one event: on his tablet he sees that event only, and its registration', async ({ browser, server, target }) => {
  if (!browser) return;
  const { db } = target;
  await createAccount(db, { username: 'qian', password: 'colleague-password-1', displayName: '钱进', isAdmin: false });
  const event = await db.event.create({ data: { name: '2026年定海区职工技能大比武', status: 'registration', skills: { create: { name: '焊工' } } } });
  await db.event.create({ data: { name: '2026年普陀区职工技能大赛', status: 'registration' } });

  const pc = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const admin = await pc.newPage();
  const adminProblems = watchConsole(admin);
  await signIn(admin, server.url, 'zhao', 'admin-password-1');
  await admin.goto(`${server.url}/events/${event.id}`);
  await admin.getByTestId('staff-link').click();
  await admin.waitForURL(`${server.url}/events/${event.id}/staff`);
  await admin.getByLabel('同事', { exact: true }).selectOption({ label: '钱进（qian）' });
  await admin.getByLabel('角色', { exact: true }).selectOption({ label: '报名管理员' });
  await admin.getByRole('button', { name: '添加', exact: true }).click();
  await admin.waitForURL(/added=1/);
  assert.match(await admin.getByTestId('event-staff-qian').innerText(), '钱进');
  await screenshot(admin, 'event-staff-zh-1280');

  const tablet = await browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'en-US', hasTouch: true });
  const clerk = await tablet.newPage();
  const clerkProblems = watchConsole(clerk);
  await signIn(clerk, server.url, 'qian', 'colleague-password-1');
  await clerk.goto(server.url + '/events');
  const list = await clerk.locator('main').innerText();
  assert.match(list, '2026年定海区职工技能大比武');
  assert.not.match(list, '普陀区', 'the other event is not his');
  await clerk.getByRole('link', { name: '2026年定海区职工技能大比武' }).first().click();
  await clerk.waitForURL(`${server.url}/events/${event.id}`);
  assert.is(await clerk.getByRole('link', { name: 'Edit' }).count(), 0, 'he does not edit the event');
  assert.is(await clerk.getByTestId('staff-link').count(), 0);
  assert.ok(await fitsWidth(clerk), 'the event page fits the tablet');
  await screenshot(clerk, 'event-clerk-en-800');
  await clerk.getByRole('link', { name: 'Registration', exact: true }).click();
  await clerk.waitForURL(`${server.url}/events/${event.id}/registration`);

  // Back on the PC, the administrator changes his mind: the clerk does the results instead.
  await admin.getByLabel('钱进的角色').selectOption({ label: '成绩管理员' });
  await admin.getByTestId('event-staff-qian').getByRole('button', { name: '更改角色' }).click();
  await admin.waitForURL(/changed=1/);
  const refused = await clerk.goto(`${server.url}/events/${event.id}/registration`);
  assert.is(refused?.status(), 403);
  assert.match(await clerk.locator('main').innerText(), 'Your account has no role in this event that allows this.');

  assert.equal(adminProblems, []);
  assert.equal(clerkProblems, []);
  await pc.close();
  await tablet.close();
});

staff('the city adds a district on a tablet; the district\'s administrator picks his password and runs his own events only', async ({ browser, server, target }) => {
  if (!browser) return;
  await target.db.event.create({ data: { name: '2026年舟山市职工职业技能大赛', status: 'registration' } });
  const tablet = await browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'zh-CN', hasTouch: true });
  const city = await tablet.newPage();
  const cityProblems = watchConsole(city);
  await signIn(city, server.url, 'zhao', 'admin-password-1');
  await city.getByRole('link', { name: '工会组织' }).click();
  await city.waitForURL(server.url + '/federations');
  await city.getByTestId('own-federation').getByLabel('工会名称').fill('舟山市总工会');
  await city.getByTestId('own-federation').getByRole('button', { name: '保存' }).click();
  await city.waitForURL(/renamed=1/);
  const add = city.locator('form[action="/federations"]');
  await add.getByLabel('工会名称').fill('舟山市定海区总工会');
  await add.getByLabel('姓名', { exact: true }).fill('周强');
  await add.getByLabel('用户名').fill('zhou.qiang');
  await add.getByRole('button', { name: '添加工会' }).click();
  await city.waitForURL(/\/staff\/slips\//);
  const password = (await city.locator('[data-password]').innerText()).trim();
  await city.goto(server.url + '/federations');
  assert.match(await city.getByTestId('federations-below').innerText(), '舟山市定海区总工会');
  assert.ok(await fitsWidth(city), 'the federations page fits the tablet');
  await screenshot(city, 'federations-zh-800');

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const district = await phone.newPage();
  const districtProblems = watchConsole(district);
  await district.goto(`${server.url}/login?username=zhou.qiang`);
  await district.getByLabel('密码', { exact: true }).fill(password);
  await district.locator('form[action="/login"] button[type=submit]').click();
  await district.waitForURL(server.url + '/account/password');
  await district.getByLabel('初始密码（见密码单）').fill(password);
  await district.getByLabel('新密码', { exact: true }).fill('zhou-qiang-own-9');
  await district.getByLabel('再次输入密码').fill('zhou-qiang-own-9');
  await district.getByRole('button', { name: '修改密码' }).click();
  await district.waitForURL(/changed=1/);
  await district.goto(server.url + '/events');
  assert.not.match(await district.locator('main').innerText(), '舟山市职工职业技能大赛', 'the city\'s event is not the district\'s');
  await district.goto(server.url + '/events/new');
  await district.getByLabel('赛事名称').fill('2026年定海区电工技能竞赛');
  await district.getByRole('button', { name: '新建赛事' }).click();
  await district.waitForURL(/\/events\/\d+$/);
  const made = await target.db.event.findFirstOrThrow({ where: { name: '2026年定海区电工技能竞赛' } });
  const federation = await target.db.federation.findFirstOrThrow({ where: { name: '舟山市定海区总工会' } });
  assert.is(made.federationId, federation.id, 'the event is the district\'s');
  assert.is(await district.getByRole('link', { name: '备份' }).count(), 0);
  assert.ok(await fitsWidth(district), 'the event page fits the phone');

  assert.equal(cityProblems, []);
  assert.equal(districtProblems, []);
  await tablet.close();
  await phone.close();
});

staff.run();

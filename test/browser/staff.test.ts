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

staff.run();

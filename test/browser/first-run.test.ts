import * as assert from 'uvu/assert';
import { browserSuite, fitsWidth, screenshot, watchConsole } from '../support/browser.ts';

const firstRun = browserSuite('browser: first run');

firstRun('a newcomer creates the organizer account, signs out, signs in and reaches the dashboard', async ({ browser, server }) => {
  if (!browser) return;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = watchConsole(page);

  await page.goto(server.url + '/');
  assert.is(new URL(page.url()).pathname, '/setup');
  assert.is(await page.locator('h1').innerText(), '欢迎使用匠心');
  await screenshot(page, 'setup-zh-1280');
  assert.is(await page.locator('[name="setupCode"]').count(), 0, 'on the server\'s own machine no setup code is asked');

  // A mistake first: the page says what is wrong, in Chinese, next to the field.
  await page.getByLabel('姓名', { exact: true }).fill('王芳');
  await page.getByLabel('用户名').fill('wangfang');
  await page.getByLabel('密码', { exact: true }).fill('short');
  await page.getByLabel('再次输入密码').fill('short');
  await page.getByRole('button', { name: '创建组织方账号' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('#field-password-error').innerText(), '至少 10 个字符');
  assert.is(await page.getByLabel('姓名', { exact: true }).inputValue(), '王芳', 'typed values are kept');

  await page.getByLabel('密码', { exact: true }).fill('a-long-secret');
  await page.getByLabel('再次输入密码').fill('a-long-secret');
  await page.getByRole('button', { name: '创建组织方账号' }).click();
  await page.waitForURL(server.url + '/');
  assert.is(await page.locator('h1').innerText(), '王芳，您好');

  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/login\?signed_out=1$/);
  assert.match(await page.locator('.notice').innerText(), '您已退出登录');

  await page.getByLabel('用户名').fill('wangfang');
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('.notice-error').innerText(), '用户名或密码错误');
  await screenshot(page, 'login-error-zh-1280');

  await page.getByLabel('密码').fill('a-long-secret');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(server.url + '/');
  assert.is(await page.locator('h1').innerText(), '王芳，您好');
  assert.ok(await fitsWidth(page));
  await screenshot(page, 'dashboard-zh-1280');

  // Switch to English: remembered for the next page too.
  await page.getByTestId('lang-en').click();
  await page.waitForURL(server.url + '/');
  assert.is(await page.locator('h1').innerText(), 'Welcome, 王芳');
  await page.reload();
  assert.is(await page.locator('html').getAttribute('lang'), 'en');
  await screenshot(page, 'dashboard-en-1280');

  assert.equal(problems, [], 'no console errors or CSP violations');
  await context.close();
});

firstRun('the sign-in page works on a 360 px phone, in English', async ({ browser, server }) => {
  if (!browser) return;
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    locale: 'en-US',
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await page.goto(server.url + '/login');
  assert.is(await page.locator('h1').innerText(), 'Sign in');
  assert.ok(await fitsWidth(page), 'no sideways scrolling on a phone');
  const button = await page.getByRole('button', { name: 'Sign in' }).boundingBox();
  assert.ok(button && button.height >= 44, 'touch targets are at least 44 px tall');
  await screenshot(page, 'login-en-360');

  await page.getByLabel('Username').fill('wangfang');
  await page.getByLabel('Password').fill('a-long-secret');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(server.url + '/');
  assert.is(await page.locator('h1').innerText(), 'Welcome, 王芳');
  assert.ok(await fitsWidth(page));
  await screenshot(page, 'dashboard-en-360');
  assert.equal(problems, []);
  await context.close();
});

firstRun.run();

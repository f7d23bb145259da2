import * as assert from 'uvu/assert';
import { browserSuite, fitsWidth, screenshot, signIn, watchConsole } from '../support/browser.ts';
import { ORGANIZER } from '../support/desk.ts';
import { lockedFixture, publishWelding, type ResultsFixture } from '../support/results.ts';

const print = browserSuite<{ fixture: ResultsFixture }>('browser: award certificates', async (ctx) => {
  ctx.fixture = await lockedFixture(ctx.target.db);
  await publishWelding(ctx.target.db, ctx.fixture);
});

print('a certificate fills one A4 landscape page, in Chinese and in English', async (ctx) => {
  if (!ctx.browser) return;
  const { server, fixture: f } = ctx;
  const context = await ctx.browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signIn(page, server.url, ORGANIZER.username, ORGANIZER.password);

  for (const lang of ['zh-CN', 'en'] as const) {
    await page.goto(`${server.url}/skills/${f.skillId}/certificates?lang=${lang}`);
    const first = page.getByTestId(`cert-${f.bibs.张伟}`);
    await first.waitFor();
    const box = (await first.boundingBox())!;
    // 297 × 210 mm at 96 dpi.
    assert.ok(Math.abs(box.width - 1122.5) < 2 && Math.abs(box.height - 793.7) < 2, `A4 landscape: ${box.width} × ${box.height}`);
    // Nothing spills out of the frame: the footer (date, seal) sits inside the page.
    const foot = (await first.locator('.cert-foot').boundingBox())!;
    assert.ok(foot.y + foot.height <= box.y + box.height, 'the footer fits the page');
    assert.is(await page.locator('.cert-page').count(), 3, '张伟, 李强 and 王芳 (技术能手) each get one');
    await first.screenshot({ path: await screenshot(page, `certificate-${lang}`).then((file) => file.replace('.png', '-one.png')) });
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.is(pages, 3, `${lang}: one printed page per certificate`);
  }
  assert.match(await page.getByTestId(`cert-${f.bibs.张伟}`).innerText(), 'Second Prize');
  assert.equal(problems, []);
  await context.close();
});

print('a phone scans the certificate\'s QR code: the check page says genuine, with the name masked', async (ctx) => {
  if (!ctx.browser) return;
  const { server, fixture: f } = ctx;
  const desk = await ctx.browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'zh-CN' });
  const organizer = await desk.newPage();
  await signIn(organizer, server.url, ORGANIZER.username, ORGANIZER.password);
  await organizer.goto(`${server.url}/skills/${f.skillId}/certificates`);
  const code = await organizer.getByTestId(`cert-${f.bibs.张伟}`).locator('[data-code]').getAttribute('data-code');
  assert.match(code ?? '', /^[A-Z0-9]{10}$/);
  // The QR code holds the check page's address: what a phone's camera opens.
  const qr = organizer.getByTestId(`cert-${f.bibs.张伟}`).locator('.cert-qr svg');
  assert.ok((await qr.boundingBox())!.width > 80, 'a QR code big enough to scan (24 mm)');

  const phone = await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const visitor = await phone.newPage();
  const problems = watchConsole(visitor);
  await visitor.goto(`${server.url}/verify/${code}`);
  assert.match(await visitor.getByTestId('verify-result').innerText(), '真实有效');
  assert.is(await visitor.getByTestId('verify-name').innerText(), '张*');
  assert.ok(await fitsWidth(visitor), 'the check page fits the phone');
  await screenshot(visitor, 'certificate-check-zh-390');
  // Typed by hand instead, in lower case with a space.
  await visitor.getByLabel('验证码').fill(`${code!.slice(0, 5).toLowerCase()} ${code!.slice(5)}`);
  await visitor.getByRole('button', { name: '查验' }).click();
  await visitor.waitForURL(`${server.url}/verify/${code}`);
  assert.equal(problems, []);
  await desk.close();
  await phone.close();
});

print.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { createAccount } from '../support/fixtures.ts';

const EN = { 'accept-language': 'en' };
const setupForm = {
  displayName: '王芳',
  username: 'WangFang',
  password: 'a-long-secret',
  passwordConfirm: 'a-long-secret',
};

function context() {
  const ctx = { target: undefined as unknown as TestApp };
  return ctx;
}

// ─── first run ────────────────────────────────────────────────────────────────
const firstRun = suite('first run', context());
firstRun.before.each(async (ctx) => { ctx.target = await freshApp(); });
firstRun.after.each(async (ctx) => { await ctx.target.close(); });

firstRun('with no accounts, / and /login lead to the setup page', async ({ target }) => {
  const client = new TestClient(target, EN);
  for (const path of ['/', '/login']) {
    const response = await client.get(path);
    assert.is(response.status, 303, path);
    assert.is(response.headers.get('location'), '/setup', path);
  }
  const setup = await client.get('/setup');
  assert.is(setup.status, 200);
  assert.match(await setup.text(), 'Create organizer account');
});

firstRun('setup names the installation\'s own federation when it is given', async ({ target }) => {
  const client = new TestClient(target, EN);
  await client.get('/setup');
  assert.is((await client.post('/setup', { ...setupForm, federationName: '  舟山市总工会 ' })).status, 303);
  assert.is((await target.db.federation.findUniqueOrThrow({ where: { id: 1 } })).name, '舟山市总工会');
});

firstRun('setup creates one organizer with a hashed password and signs them in', async ({ target }) => {
  const client = new TestClient(target, EN);
  await client.get('/setup');
  const response = await client.post('/setup', setupForm);
  assert.is(response.status, 303);
  assert.is(response.headers.get('location'), '/');

  const accounts = await target.db.account.findMany();
  assert.is(accounts.length, 1);
  assert.is(accounts[0]!.username, 'wangfang', 'usernames are stored in lower case');
  assert.is(accounts[0]!.role, 'organizer');
  assert.match(accounts[0]!.passwordHash, /^scrypt\$/);
  assert.not.match(accounts[0]!.passwordHash, 'a-long-secret');
  assert.equal([accounts[0]!.isAdmin, accounts[0]!.federationId], [true, 1], 'the administrator of the root federation');
  assert.is((await target.db.federation.findUniqueOrThrow({ where: { id: 1 } })).name, '', 'left unnamed: it is named later');

  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('jx_session='));
  assert.ok(cookie, 'a session cookie is set');
  assert.match(cookie!, /HttpOnly/);
  assert.match(cookie!, /SameSite=Lax/);
  const [session] = await target.db.session.findMany();
  assert.ok(session, 'the session is stored server-side');
  assert.is.not(session!.id, client.cookies.get('jx_session'), 'only a hash of the token is stored');

  const dashboard = await client.get('/');
  assert.is(dashboard.status, 200);
  const html = await dashboard.text();
  assert.match(html, 'Welcome, 王芳');
  assert.match(html, 'Your role: Organizer');
});

firstRun('invalid setup input is refused field by field and creates nothing', async ({ target }) => {
  const client = new TestClient(target, EN);
  await client.get('/setup');
  const response = await client.post('/setup', {
    displayName: '  ',
    username: 'x!',
    password: 'short',
    passwordConfirm: 'different',
  });
  assert.is(response.status, 422);
  const html = await response.text();
  assert.match(html, 'This field is required.');
  assert.match(html, 'Use 3–32 letters, digits, dot, dash or underscore.');
  assert.match(html, 'At least 10 characters.');
  assert.match(html, 'value="x!"', 'what the user typed is kept');
  assert.not.match(html, 'value="short"', 'passwords are never echoed back');
  assert.is(await target.db.account.count(), 0);

  const mismatch = await client.post('/setup', { ...setupForm, passwordConfirm: 'a-long-secreT' });
  assert.is(mismatch.status, 422);
  assert.match(await mismatch.text(), 'The passwords do not match.');
  assert.is(await target.db.account.count(), 0);
});

firstRun('setup errors are shown in Chinese to a Chinese browser', async ({ target }) => {
  const client = new TestClient(target, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
  await client.get('/setup');
  const response = await client.post('/setup', { ...setupForm, password: 'short', passwordConfirm: 'short' });
  assert.is(response.status, 422);
  const html = await response.text();
  assert.match(html, '至少 10 个字符。');
  assert.match(html, '请修改标出的内容。');
});

firstRun('once an account exists, setup is closed', async ({ target }) => {
  await createAccount(target.db, { username: 'first', password: 'first-password' });
  const client = new TestClient(target, EN);
  const page = await client.get('/setup');
  assert.is(page.status, 303);
  assert.is(page.headers.get('location'), '/login');
  await client.get('/login');
  const response = await client.post('/setup', setupForm);
  assert.is(response.status, 409);
  assert.match(await response.text(), 'Setup is already complete');
  assert.is(await target.db.account.count(), 1);
});

firstRun('once set up, a setup post is answered before its form is even validated (no hashing)', async ({ target }) => {
  await createAccount(target.db, { username: 'first', password: 'first-password' });
  const client = new TestClient(target, EN, { address: '192.168.1.50' });
  await client.get('/login');
  // Invalid on every field: a 409 rather than a 422 proves the check comes before validation,
  // which comes before the password hash.
  const response = await client.post('/setup', { displayName: '', username: 'x!', password: 'short', passwordConfirm: '' });
  assert.is(response.status, 409);
});

firstRun('organizer passwords that are short, common or the username are refused', async ({ target }) => {
  const client = new TestClient(target, EN);
  await client.get('/setup');
  const cases: [string, string][] = [
    ['12345678', 'At least 10 characters.'],
    ['1234567890', 'This password is too common or too simple to be safe.'],
    ['Password123', 'This password is too common or too simple to be safe.'],
    ['8888888888', 'This password is too common or too simple to be safe.'],
    ['WangFang', 'At least 10 characters.'],
    ['wangfang2026', 'The password must not be your username or name.'],
    // Five characters, ten UTF-16 units: lengths count characters, as the hash does.
    ['😀😁😂🤣😃', 'At least 10 characters.'],
  ];
  for (const [password, message] of cases) {
    const response = await client.post('/setup', { ...setupForm, username: 'wangfang2026', password, passwordConfirm: password });
    assert.is(response.status, 422, password);
    assert.match(await response.text(), message, password);
  }
  assert.is(await target.db.account.count(), 0);
  const zh = new TestClient(target, { 'accept-language': 'zh-CN' });
  await zh.get('/setup');
  const common = await zh.post('/setup', { ...setupForm, password: 'qwertyuiop', passwordConfirm: 'qwertyuiop' });
  assert.match(await common.text(), '这个密码太常见或太简单');
});

firstRun.run();

// ─── first run from another computer on the LAN ───────────────────────────────
const remoteSetup = suite('first run from another address', context());
remoteSetup.before.each(async (ctx) => { ctx.target = await freshApp(); });
remoteSetup.after.each(async (ctx) => { await ctx.target.close(); });

remoteSetup('the machine itself sees no setup code field and needs none', async ({ target }) => {
  for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
    const client = new TestClient(target, EN, { address });
    const page = await client.get('/setup');
    assert.not.match(await page.text(), 'name="setupCode"', address);
  }
  const client = new TestClient(target, EN, { address: '::1' });
  await client.get('/setup');
  assert.is((await client.post('/setup', setupForm)).status, 303);
});

remoteSetup('another address must type the code from the console; without it nothing is created', async ({ target }) => {
  const client = new TestClient(target, EN, { address: '192.168.1.23' });
  const page = await client.get('/setup');
  const html = await page.text();
  assert.match(html, 'name="setupCode"');
  assert.match(html, 'type the setup code it printed when it started');
  assert.not.match(html, target.config.setupCode, 'the page never shows the code');

  const missing = await client.post('/setup', setupForm);
  assert.is(missing.status, 422);
  const wrong = await client.post('/setup', { ...setupForm, setupCode: 'AAAAA-AAAAA' });
  assert.is(wrong.status, 422);
  assert.match(await wrong.text(), 'This is not the setup code.');
  assert.is(await target.db.account.count(), 0);

  const typed = target.config.setupCode.toLowerCase().replace('-', ' ');
  const right = await client.post('/setup', { ...setupForm, setupCode: typed });
  assert.is(right.status, 303, 'case and separators as typed do not matter');
  assert.is(await target.db.account.count(), 1);
});

remoteSetup('a request relayed by a proxy on the machine, or with no socket, counts as remote', async ({ target }) => {
  const relayed = new TestClient(target, { ...EN, 'x-forwarded-for': '203.0.113.9' }, { address: '127.0.0.1' });
  assert.match(await (await relayed.get('/setup')).text(), 'name="setupCode"');
  const noSocket = await target.app.request('/setup', { headers: EN });
  assert.match(await noSocket.text(), 'name="setupCode"');
});

remoteSetup('wrong setup codes are throttled per address, even when the right one comes next', async ({ target }) => {
  const client = new TestClient(target, EN, { address: '192.168.1.66' });
  await client.get('/setup');
  for (let i = 0; i < 5; i++) assert.is((await client.post('/setup', { ...setupForm, setupCode: `WRONG-${i}AAAA` })).status, 422);
  const blocked = await client.post('/setup', { ...setupForm, setupCode: target.config.setupCode });
  assert.is(blocked.status, 429);
  assert.ok(Number(blocked.headers.get('retry-after')) > 0);
  assert.is(await target.db.account.count(), 0);

  const zh = new TestClient(target, { 'accept-language': 'zh-CN' }, { address: '192.168.1.66' });
  await zh.get('/setup');
  assert.is((await zh.post('/setup', { ...setupForm, setupCode: target.config.setupCode })).status, 429);

  const elsewhere = new TestClient(target, EN, { address: '192.168.1.67' });
  await elsewhere.get('/setup');
  assert.is((await elsewhere.post('/setup', { ...setupForm, setupCode: target.config.setupCode })).status, 303, 'another address is not blocked');
});

remoteSetup.run();

// ─── sign in and out ──────────────────────────────────────────────────────────
const login = suite('login', context());
login.before.each(async (ctx) => {
  ctx.target = await freshApp({ throttle: { maxFailuresPerAccount: 3 } });
  await createAccount(ctx.target.db, { username: 'liqiang', password: 'correct-password', displayName: '李强', role: 'chief_judge' });
});
login.after.each(async (ctx) => { await ctx.target.close(); });

login('the right password signs in and opens the dashboard', async ({ target }) => {
  const client = new TestClient(target, EN);
  await client.get('/login');
  const response = await client.post('/login', { username: ' LiQiang ', password: 'correct-password' });
  assert.is(response.status, 303);
  assert.is(response.headers.get('location'), '/');
  const html = await (await client.get('/')).text();
  assert.match(html, 'Welcome, 李强');
  assert.match(html, 'Your role: Chief judge');
});

login('a wrong password or unknown user gets one message and no session', async ({ target }) => {
  const client = new TestClient(target, EN);
  await client.get('/login');
  for (const username of ['liqiang', 'nobody']) {
    const response = await client.post('/login', { username, password: 'wrong-password' });
    assert.is(response.status, 401);
    const html = await response.text();
    assert.match(html, 'Wrong username or password.');
    assert.match(html, `value="${username}"`);
    assert.not.ok(client.cookies.has('jx_session'));
  }
  assert.is(await target.db.session.count(), 0);
  const home = await client.get('/');
  assert.is(home.status, 303);
  assert.is(home.headers.get('location'), '/login');
});

login('repeated failures are rate-limited, even if the right password comes next', async ({ target }) => {
  const client = new TestClient(target, EN);
  await client.get('/login');
  for (let i = 0; i < 3; i++) {
    assert.is((await client.post('/login', { username: 'liqiang', password: `guess-${i}` })).status, 401);
  }
  const blocked = await client.post('/login', { username: 'liqiang', password: 'correct-password' });
  assert.is(blocked.status, 429);
  assert.ok(Number(blocked.headers.get('retry-after')) > 0);
  assert.match(await blocked.text(), 'Too many failed attempts. Try again in 15 min.');
  assert.is(await target.db.session.count(), 0);
});

login('sign out ends the server-side session', async ({ target }) => {
  const client = new TestClient(target, EN);
  await client.get('/login');
  await client.post('/login', { username: 'liqiang', password: 'correct-password' });
  const stolenCookie = client.cookies.get('jx_session');
  await client.get('/');
  const response = await client.post('/logout', {});
  assert.is(response.status, 303);
  assert.is(response.headers.get('location'), '/login?signed_out=1');
  assert.is(await target.db.session.count(), 0);
  assert.match(await (await client.get('/login?signed_out=1')).text(), 'You have signed out.');

  // The old cookie, replayed, opens nothing.
  const replay = await target.app.request('/', { headers: { cookie: `jx_session=${stolenCookie}` } });
  assert.is(replay.status, 303);
  assert.is(replay.headers.get('location'), '/login');
});

login('after sign-in the user returns to the page they asked for, but never off-site', async ({ target }) => {
  const client = new TestClient(target, EN);
  const asked = await client.get('/?tab=events');
  assert.is(asked.headers.get('location'), '/login?next=%2F%3Ftab%3Devents');
  await client.get('/login?next=%2F%3Ftab%3Devents');
  assert.match(client.lastHtml, 'Please sign in to continue.');
  const back = await client.post('/login', { username: 'liqiang', password: 'correct-password', next: '/?tab=events' });
  assert.is(back.headers.get('location'), '/?tab=events');

  const other = new TestClient(target, EN);
  await other.get('/login');
  const offsite = await other.post('/login', { username: 'liqiang', password: 'correct-password', next: '//evil.example/x' });
  assert.is(offsite.headers.get('location'), '/');
});

login('no next parameter leads off-site or breaks the redirect, however it is encoded', async ({ target }) => {
  // Each as a browser would send it in the form; browsers drop tabs and newlines from URLs.
  const vectors = ['/\t/evil.example/', '/\n/evil.example/', '/\r\nSet-Cookie: x=1', '/\\evil.example', '//evil.example',
    '/%09/evil.example/', '/%0d%0a/evil.example/', '/%2F%2Fevil.example', '/%5Cevil.example', '/%252F%252Fevil.example', '/张伟'];
  for (const next of vectors) {
    const client = new TestClient(target, EN);
    const page = await client.get(`/login?next=${encodeURIComponent(next)}`);
    assert.is(page.status, 200, JSON.stringify(next));
    assert.not.match(await page.text(), 'name="next"', 'the login form does not carry it');
    const response = await client.post('/login', { username: 'liqiang', password: 'correct-password', next });
    assert.is(response.status, 303, JSON.stringify(next));
    assert.is(response.headers.get('location'), '/', JSON.stringify(next));
  }
});

login('a judge\'s sign-in takes the same rule for next', async ({ target }) => {
  const client = new TestClient(target, EN);
  const page = await client.get(`/judge/login?next=${encodeURIComponent('/judge/\r\nSet-Cookie: x=1')}`);
  assert.is(page.status, 200);
  assert.not.match(await page.text(), 'name="next"');
});

login('an expired session is refused and its cookie cleared', async ({ target }) => {
  const client = new TestClient(target, EN);
  await client.get('/login');
  await client.post('/login', { username: 'liqiang', password: 'correct-password' });
  await target.db.session.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
  const response = await client.get('/');
  assert.is(response.status, 303);
  assert.not.ok(client.cookies.has('jx_session'));
  assert.is(await target.db.session.count(), 0);
});

login.run();

// ─── CSRF ─────────────────────────────────────────────────────────────────────
const csrf = suite('csrf', context());
csrf.before.each(async (ctx) => {
  ctx.target = await freshApp();
  await createAccount(ctx.target.db, { username: 'liqiang', password: 'correct-password' });
});
csrf.after.each(async (ctx) => { await ctx.target.close(); });

csrf('a form post without the token is rejected with a translated page and changes nothing', async ({ target }) => {
  const client = new TestClient(target, EN);
  await client.get('/login');
  const response = await client.post('/login', { username: 'liqiang', password: 'correct-password', _csrf: '' });
  assert.is(response.status, 403);
  assert.match(await response.text(), 'The form has expired');
  assert.is(await target.db.session.count(), 0);

  const zh = new TestClient(target, { 'accept-language': 'zh-CN' });
  await zh.get('/login');
  const rejected = await zh.post('/login', { username: 'liqiang', password: 'correct-password', _csrf: 'x'.repeat(43) });
  assert.is(rejected.status, 403);
  assert.match(await rejected.text(), '表单已失效');
  assert.is(await target.db.session.count(), 0);
});

csrf('a token taken from another browser does not work with this browser\'s cookie', async ({ target }) => {
  const attacker = new TestClient(target, EN);
  await attacker.get('/login');
  const victim = new TestClient(target, EN);
  await victim.get('/login');
  const response = await victim.post('/login', {
    username: 'liqiang',
    password: 'correct-password',
    _csrf: attacker.csrfToken(),
  });
  assert.is(response.status, 403);
  assert.is(await target.db.session.count(), 0);
});

csrf('a post from a browser with no CSRF cookie at all is rejected', async ({ target }) => {
  const response = await target.app.request('/logout', { method: 'POST' });
  assert.is(response.status, 403);
  const setup = await target.app.request('/setup', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'displayName=x&username=intruder&password=12345678&passwordConfirm=12345678',
  });
  assert.is(setup.status, 403);
  assert.is(await target.db.account.count(), 1);
});

csrf('the token is also accepted as an X-CSRF-Token header, as htmx sends it', async ({ target }) => {
  const client = new TestClient(target, EN);
  await client.get('/login');
  const response = await client.post(
    '/login',
    { username: 'liqiang', password: 'correct-password', _csrf: '' },
    { 'x-csrf-token': client.csrfToken() },
  );
  assert.is(response.status, 303);
});

csrf.run();

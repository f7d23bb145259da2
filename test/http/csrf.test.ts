import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { createAccount } from '../support/fixtures.ts';

/**
 * The CSRF token is bound to the session: a cookie planted from another port of the venue
 * laptop (cookies ignore ports) can neither choose the token nor lend one session's token to
 * another. Anonymous forms carry a pre-session token, replaced at sign-in.
 */
const EN = { 'accept-language': 'en' };
const X = 'x'.repeat(43);

interface Context { target: TestApp }
const csrf = suite<Context>('csrf bound to the session', {} as Context);
csrf.before.each(async (ctx) => {
  ctx.target = await freshApp();
  await createAccount(ctx.target.db, { username: 'liqiang', password: 'correct-password' });
});
csrf.after.each(async (ctx) => { await ctx.target.close(); });

async function signedIn(target: TestApp): Promise<TestClient> {
  const client = new TestClient(target, EN);
  await client.get('/login');
  assert.is((await client.post('/login', { username: 'liqiang', password: 'correct-password' })).status, 303);
  await client.get('/settings/api-tokens');
  return client;
}

const cookieHeader = (cookies: Map<string, string>) => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
const post = (target: TestApp, cookie: string, path: string, fields: Record<string, string>) => target.app.request(path, {
  method: 'POST',
  headers: { ...EN, cookie, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

csrf('a planted CSRF cookie cannot choose the token, anonymous or signed in', async ({ target }) => {
  // Anonymous: the attacker's page posts the sign-in form with the value it planted.
  const planted = await post(target, `jx_csrf=${X}`, '/login', { _csrf: X, username: 'liqiang', password: 'correct-password' });
  assert.is(planted.status, 403);
  assert.is(await target.db.session.count(), 0);

  // Signed in: the victim's own session cookie, the planted CSRF cookie, the planted value.
  const victim = await signedIn(target);
  const cookies = new Map(victim.cookies).set('jx_csrf', X);
  const forged = await post(target, cookieHeader(cookies), '/settings/api-tokens', { _csrf: X, name: 'forged' });
  assert.is(forged.status, 403);
  assert.is(await target.db.apiToken.count(), 0);
  // The page never shows the cookie's value as the token.
  assert.is.not(victim.csrfToken(), victim.cookies.get('jx_csrf'));
});

csrf('a CSRF cookie and token pair from another session is refused', async ({ target }) => {
  const attacker = await signedIn(target);
  const victim = await signedIn(target);
  assert.is.not(attacker.csrfToken(), victim.csrfToken(), 'each session has its own token');
  const cookies = new Map(victim.cookies).set('jx_csrf', attacker.cookies.get('jx_csrf')!);
  const forged = await post(target, cookieHeader(cookies), '/settings/api-tokens', { _csrf: attacker.csrfToken(), name: 'forged' });
  assert.is(forged.status, 403);
  assert.is(await target.db.apiToken.count(), 0);
  // The victim's own token works.
  const own = await victim.post('/settings/api-tokens', { name: 'genuine' });
  assert.is(own.status, 201);
});

csrf('the pre-session token is replaced at sign-in and stops working', async ({ target }) => {
  const client = new TestClient(target, EN);
  await client.get('/login');
  const anonymous = client.csrfToken();
  assert.match(anonymous, /^[\w-]{43}$/);
  await client.post('/login', { username: 'liqiang', password: 'correct-password' });
  await client.get('/settings/api-tokens');
  assert.is.not(client.csrfToken(), anonymous);
  const stale = await client.post('/settings/api-tokens', { name: 'stale', _csrf: anonymous });
  assert.is(stale.status, 403);
  // After signing out, forms work again with a new anonymous token.
  assert.is((await client.post('/logout', {})).status, 303);
  await client.get('/login');
  assert.is.not(client.csrfToken(), anonymous);
  assert.is((await client.post('/login', { username: 'liqiang', password: 'correct-password' })).status, 303);
});

csrf('a tablet whose session ended still gets through to the "signed out" answer', async ({ target }) => {
  // The sheet's token belongs to the session; once the session is gone the queue must hear 401, not a CSRF 403.
  const client = await signedIn(target);
  const token = client.csrfToken();
  await target.db.session.deleteMany();
  const response = await target.app.request('/judge/marks', {
    method: 'POST',
    headers: { ...EN, cookie: cookieHeader(client.cookies), 'content-type': 'application/json', 'x-csrf-token': token },
    body: JSON.stringify({ roundId: 1, marks: [] }),
  });
  assert.is(response.status, 401);
});

csrf.run();

const secure = suite<Context>('csrf and session cookies when secure', {} as Context);
secure.before.each(async (ctx) => {
  ctx.target = await freshApp({ config: { secureCookies: true } });
  await createAccount(ctx.target.db, { username: 'liqiang', password: 'correct-password' });
});
secure.after.each(async (ctx) => { await ctx.target.close(); });

secure('cookies carry the __Host- prefix: Secure, Path=/, no Domain, so no other origin of the host can set them', async ({ target }) => {
  const client = new TestClient(target, EN);
  const page = await client.get('/login');
  const [csrfCookie] = page.headers.getSetCookie().filter((c) => c.startsWith('__Host-jx_csrf='));
  assert.ok(csrfCookie, page.headers.getSetCookie().join('\n'));
  assert.match(csrfCookie!, /; Path=\//);
  assert.match(csrfCookie!, /; Secure/);
  assert.match(csrfCookie!, /; HttpOnly/);
  assert.not.match(csrfCookie!, /Domain=/i);
  const signIn = await client.post('/login', { username: 'liqiang', password: 'correct-password' });
  assert.is(signIn.status, 303);
  const [sessionCookie] = signIn.headers.getSetCookie().filter((c) => c.startsWith('__Host-jx_session='));
  assert.ok(sessionCookie);
  assert.match(sessionCookie!, /; Path=\/.*; Secure/);
  assert.is((await client.get('/')).status, 200, 'the prefixed session cookie signs in');
  // A cookie without the prefix, as another port could set it, is not read.
  const plain = await post(target, `jx_csrf=${X}`, '/login', { _csrf: X, username: 'liqiang', password: 'correct-password' });
  assert.is(plain.status, 403);
});

secure.run();

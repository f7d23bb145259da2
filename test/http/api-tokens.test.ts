import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createApiToken } from '../../src/api/tokens.ts';
import type { Role } from '../../src/auth/roles.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { createAccount } from '../support/fixtures.ts';

const PAGE = '/settings/api-tokens';
const TOKEN = /jx_[\w-]{43}/g;

async function signedIn(target: TestApp, username: string, role: Role, language = 'en'): Promise<TestClient> {
  await createAccount(target.db, { username, password: 'correct-password', role });
  const client = new TestClient(target, { 'accept-language': language });
  await client.get('/login');
  const response = await client.post('/login', { username, password: 'correct-password' });
  assert.is(response.status, 303, `${username} signs in`);
  await client.get('/'); // the page after sign-in carries the session's CSRF token
  return client;
}

async function apiStatus(target: TestApp, token: string): Promise<number> {
  return (await target.app.request('/api/v1/events', { headers: { authorization: `Bearer ${token}` } })).status;
}

const tokens = suite('api tokens page', { target: undefined as unknown as TestApp });
tokens.before.each(async (ctx) => { ctx.target = await freshApp(); });
tokens.after.each(async (ctx) => { await ctx.target.close(); });

tokens('an organizer creates a token, sees it once, uses it, and revokes it', async ({ target }) => {
  const client = await signedIn(target, 'wangfang', 'organizer');
  const empty = await client.get(PAGE);
  assert.is(empty.status, 200);
  const emptyHtml = await empty.text();
  assert.match(emptyHtml, '<h1>API tokens</h1>');
  assert.match(emptyHtml, 'No tokens yet.');
  assert.match(emptyHtml, 'name="_csrf"');

  const created = await client.post(PAGE, { name: '市总工会平台' });
  assert.is(created.status, 201);
  assert.is(created.headers.get('cache-control'), 'no-store');
  const html = await created.text();
  const shown = html.match(TOKEN) ?? [];
  assert.is(shown.length, 1, 'the full token appears exactly once');
  const token = shown[0]!;
  assert.match(html, 'Token “市总工会平台” created.');
  assert.match(html, 'Copy it now and keep it safe: it will not be shown again.');

  const [row] = await target.db.apiToken.findMany();
  assert.is(row!.name, '市总工会平台');
  assert.is(row!.prefix, token.slice(0, 9));
  assert.match(row!.tokenHash, /^[0-9a-f]{64}$/);
  assert.not.match(row!.tokenHash, token.slice(3), 'only a hash is stored');

  const later = await (await client.get(PAGE)).text();
  assert.is(later.match(TOKEN), null, 'the token is never shown again');
  assert.match(later, `${token.slice(0, 9)}…`);
  assert.match(later, 'Never used');

  assert.is(await apiStatus(target, token), 200);
  assert.match(await (await client.get(PAGE)).text(), 'Last used ');

  const revoked = await client.post(`${PAGE}/${row!.id}/revoke`, {});
  assert.is(revoked.status, 303);
  assert.is(revoked.headers.get('location'), `${PAGE}?revoked=1`);
  const after = await (await client.get(`${PAGE}?revoked=1`)).text();
  assert.match(after, 'The token has been revoked.');
  assert.match(after, 'Revoked ');
  assert.not.match(after, `/settings/api-tokens/${row!.id}/revoke`, 'a revoked token has no revoke button');
  assert.ok((await target.db.apiToken.findUniqueOrThrow({ where: { id: row!.id } })).revokedAt);
  assert.is(await apiStatus(target, token), 401);
});

tokens('the page speaks Chinese to a Chinese browser', async ({ target }) => {
  const client = await signedIn(target, 'wangfang', 'organizer', 'zh-CN');
  const created = await client.post(PAGE, { name: '平台' });
  const html = await created.text();
  assert.match(html, '<h1>API 令牌</h1>');
  assert.match(html, '已创建令牌“平台”。');
  assert.match(html, '请立即复制并妥善保存：此令牌不会再次显示。');
});

tokens('a token needs a name', async ({ target }) => {
  const client = await signedIn(target, 'wangfang', 'organizer');
  await client.get(PAGE);
  const refused = await client.post(PAGE, { name: '   ' });
  assert.is(refused.status, 422);
  const html = await refused.text();
  assert.match(html, 'This field is required.');
  assert.is(html.match(TOKEN), null);
  assert.is(await target.db.apiToken.count(), 0);

  const tooLong = await client.post(PAGE, { name: 'x'.repeat(61) });
  assert.is(tooLong.status, 422);
  assert.match(await tooLong.text(), 'At most 60 characters.');
  assert.is(await target.db.apiToken.count(), 0);
});

tokens('organizers see and revoke only their own tokens', async ({ target }) => {
  const other = await createAccount(target.db, { username: 'liqiang', password: 'correct-password' });
  const { token, row } = await createApiToken(target.db, other.id, '别人的令牌');
  const client = await signedIn(target, 'wangfang', 'organizer');
  const page = await (await client.get(PAGE)).text();
  assert.not.match(page, '别人的令牌');
  const attempt = await client.post(`${PAGE}/${row.id}/revoke`, {});
  assert.is(attempt.status, 303);
  assert.is(attempt.headers.get('location'), PAGE);
  assert.is((await target.db.apiToken.findUniqueOrThrow({ where: { id: row.id } })).revokedAt, null);
  assert.is(await apiStatus(target, token), 200);
});

tokens('judges get 403 and anonymous visitors are sent to sign in', async ({ target }) => {
  for (const role of ['judge', 'chief_judge'] as const) {
    const client = await signedIn(target, role, role);
    assert.is((await client.get(PAGE)).status, 403, role);
    const post = await client.post(PAGE, { name: 'sneaky' });
    assert.is(post.status, 403, role);
  }
  assert.is(await target.db.apiToken.count(), 0);

  const anonymous = await target.app.request(PAGE);
  assert.is(anonymous.status, 303);
  assert.is(anonymous.headers.get('location'), '/login?next=%2Fsettings%2Fapi-tokens');
});

tokens('the create and revoke forms need the CSRF token', async ({ target }) => {
  const client = await signedIn(target, 'wangfang', 'organizer');
  await client.get(PAGE);
  const forgedCreate = await client.post(PAGE, { name: 'forged', _csrf: '' });
  assert.is(forgedCreate.status, 403);
  assert.match(await forgedCreate.text(), 'The form has expired');
  assert.is(await target.db.apiToken.count(), 0);

  await client.post(PAGE, { name: 'real' });
  const [row] = await target.db.apiToken.findMany();
  await client.get(PAGE);
  const forgedRevoke = await client.post(`${PAGE}/${row!.id}/revoke`, { _csrf: 'x'.repeat(43) });
  assert.is(forgedRevoke.status, 403);
  assert.is((await target.db.apiToken.findUniqueOrThrow({ where: { id: row!.id } })).revokedAt, null);
});

tokens.run();

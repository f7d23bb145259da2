import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createApiToken } from '../../src/api/tokens.ts';
import { setStaffDisabled, updateStaff } from '../../src/staff/commands.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { passwordClient, TestClient } from '../support/client.ts';
import { byTestId, textOf } from '../support/desk.ts';
import { createAccount } from '../support/fixtures.ts';

/**
 * Staff accounts: an administrator invites a colleague with an initial password shown once; the
 * colleague must replace it before anything else; administrators reset passwords, disable and
 * enable accounts, every action audited; colleagues who are not administrators see none of it.
 */
interface Ctx { target: TestApp; adminId: number }
const staff = suite<Ctx>('staff accounts', {} as Ctx);

const ADMIN = { username: 'zhao', password: 'admin-password-1', displayName: '赵敏' };
const COLLEAGUE = { username: 'qian', password: 'colleague-password-1', displayName: '钱进' };

staff.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.adminId = (await createAccount(ctx.target.db, ADMIN)).id;
});
staff.after.each(async (ctx) => { await ctx.target.close(); });

const admin = (target: TestApp, language = 'en') => passwordClient(target, ADMIN.username, ADMIN.password, language);

/** Invites on /staff and reads the slip the redirect leads to: its address and the initial password. */
async function invite(client: TestClient, fields: { displayName: string; username: string; isAdmin?: boolean }) {
  await client.get('/staff');
  const response = await client.post('/staff', { displayName: fields.displayName, username: fields.username, isAdmin: fields.isAdmin ? ['false', 'true'] : 'false' });
  assert.is(response.status, 303, `${fields.username} invited`);
  const slip = response.headers.get('location')!;
  assert.match(slip, /^\/staff\/slips\/[A-Za-z0-9_-]{22}$/);
  const page = await client.get(slip);
  assert.is(page.status, 200);
  assert.is(page.headers.get('cache-control'), 'no-store');
  const html = await page.text();
  const password = /data-password[^>]*>([^<]+)</.exec(html)?.[1] ?? '';
  assert.match(password, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/, 'the slip shows the initial password');
  return { slip, password, html };
}

staff('an administrator invites a colleague: the slip shows the initial password once, to him; the account waits for its own password', async ({ target }) => {
  const client = await admin(target);
  assert.match(client.lastHtml, 'href="/staff"', 'the dashboard leads to the staff page');
  const { slip, password, html } = await invite(client, { displayName: '孙丽', username: ' Sun.Li ' });
  assert.match(textOf(html), 'sun.li', 'the username, folded to lower case');
  assert.match(html, 'http://localhost/login', 'the sign-in address');
  assert.match(html, '<svg', 'a QR code of it');
  assert.is((await client.get(slip)).status, 200, 'a reload shows the same slip');
  const other = await passwordClient(target, ADMIN.username, ADMIN.password);
  assert.is((await other.get(slip)).status, 200, 'the same administrator on another device');
  await createAccount(target.db, { username: 'li', password: 'another-admin-1' });
  const colleague = await passwordClient(target, 'li', 'another-admin-1');
  assert.is((await colleague.get(slip)).status, 410, 'another administrator does not see it');

  const account = await target.db.account.findUniqueOrThrow({ where: { username: 'sun.li' } });
  assert.is(account.role, 'organizer');
  assert.is(account.isAdmin, false);
  const days = (account.initialPasswordUntil!.getTime() - Date.now()) / 86_400_000;
  assert.ok(days > 6.9 && days <= 7, `valid for 7 days (${days})`);
  assert.not.match(account.passwordHash, password, 'stored hashed');
  const audit = await target.db.auditEntry.findFirstOrThrow({ where: { action: 'staff.invite' } });
  assert.is(audit.accountId, (await target.db.account.findUniqueOrThrow({ where: { username: ADMIN.username } })).id);
  assert.is(audit.subject, 'sun.li');
  assert.not.match(audit.details, password, 'the audit log never holds the password');

  await client.get('/staff');
  const list = textOf(byTestId(client.lastHtml, 'staff-sun.li'));
  assert.match(list, '孙丽');
  assert.match(list, 'Organizer');
  assert.match(list, 'Initial password, valid until');
});

staff('the invited colleague signs in with the initial password and sees only the page that replaces it, until he has', async ({ target }) => {
  const { password } = await invite(await admin(target), { displayName: '孙丽', username: 'sun.li' });
  const colleague = new TestClient(target, { 'accept-language': 'zh-CN' });
  await colleague.get('/login?username=sun.li');
  assert.match(colleague.lastHtml, 'value="sun.li"', 'the slip\'s QR code fills the username in');
  const signIn = await colleague.post('/login', { username: 'sun.li', password, next: '/events' });
  assert.is(signIn.status, 303);
  assert.is(signIn.headers.get('location'), '/account/password');
  const page = await colleague.get('/account/password');
  assert.match(textOf(byTestId(await page.text(), 'password-pending')), '此密码由管理员为您设置');
  assert.match(colleague.lastHtml, '初始密码（见密码单）');
  for (const path of ['/', '/events', '/events/new', '/settings/api-tokens', '/desk']) {
    const response = await colleague.get(path);
    assert.is(response.status, 303, path);
    assert.is(response.headers.get('location'), '/account/password', path);
  }
  const post = await colleague.post('/events', { name: '第二届焊工大赛' });
  assert.is(post.status, 303);
  assert.is(post.headers.get('location'), '/account/password', 'a form post is sent there too, and changes nothing');
  assert.is(await target.db.event.count(), 0);

  await colleague.get('/account/password');
  const changed = await colleague.post('/account/password', { current: password, password: 'sun-li-own-pass-9', passwordConfirm: 'sun-li-own-pass-9' });
  assert.is(changed.status, 303);
  assert.is((await colleague.get('/events')).status, 200, 'now every page opens');
  const account = await target.db.account.findUniqueOrThrow({ where: { username: 'sun.li' } });
  assert.is(account.initialPasswordUntil, null);
  assert.is((await colleague.get('/staff')).status, 403, 'not an administrator');
  assert.is((await colleague.get('/settings/backups')).status, 403, 'backups are the administrators\'');
  await colleague.get('/');
  assert.not.match(colleague.lastHtml, 'href="/staff"');
  assert.not.match(colleague.lastHtml, 'href="/settings/backups"');
  assert.match(colleague.lastHtml, 'href="/settings/api-tokens"');
  const again = await passwordClient(target, 'sun.li', 'sun-li-own-pass-9');
  assert.is((await again.get('/events')).status, 200, 'the own password signs in');
});

staff('an initial password expires: the sign-in says so, an open session ends', async ({ target }) => {
  const { password } = await invite(await admin(target), { displayName: '孙丽', username: 'sun.li' });
  const early = await passwordClient(target, 'sun.li', password);
  await target.db.account.update({ where: { username: 'sun.li' }, data: { initialPasswordUntil: new Date(Date.now() - 1000) } });
  const late = new TestClient(target, { 'accept-language': 'en' });
  await late.get('/login');
  const refused = await late.post('/login', { username: 'sun.li', password });
  assert.is(refused.status, 401);
  assert.match(textOf(await refused.text()), 'This initial password has expired. Ask an administrator for a new one.');
  const wrong = await late.post('/login', { username: 'sun.li', password: 'not-the-password' });
  assert.match(textOf(await wrong.text()), 'Wrong username or password.', 'only whoever knows the password learns it expired');
  const session = await early.get('/account/password');
  assert.is(session.status, 303, 'the session opened before has ended');
  assert.match(session.headers.get('location')!, /^\/login/);
  const list = await (await admin(target)).get('/staff');
  assert.match(textOf(byTestId(await list.text(), 'staff-sun.li')), 'Initial password expired');
});

staff('a bad invitation is refused with every reason, translated, and creates nothing', async ({ target }) => {
  await createAccount(target.db, { username: 'judge7', password: 'judge-password-7', role: 'judge' });
  const client = await admin(target);
  await client.get('/staff');
  const bad = await client.post('/staff', { displayName: '', username: 'A!', isAdmin: 'false' });
  assert.is(bad.status, 422);
  const text = textOf(await bad.text());
  assert.match(text, 'Please correct the marked fields.');
  assert.match(text, 'This field is required.');
  assert.match(text, 'Use 3–32 letters, digits', 'the username rule');
  const taken = await client.post('/staff', { displayName: '周七', username: 'judge7', isAdmin: 'false' });
  assert.is(taken.status, 422, 'one sign-in namespace with the judges');
  assert.match(textOf(await taken.text()), 'This username is taken.');
  const zh = await admin(target, 'zh-CN');
  await zh.get('/staff');
  assert.match(textOf(await (await zh.post('/staff', { displayName: '周七', username: ADMIN.username, isAdmin: 'false' })).text()), '该用户名已被使用。');
  assert.is(await target.db.account.count(), 2);
  assert.is(await target.db.auditEntry.count({ where: { action: 'staff.invite' } }), 0);
});

staff('a new initial password: the old password stops, every session of the colleague ends; not for oneself', async ({ target }) => {
  const colleagueId = (await createAccount(target.db, { ...COLLEAGUE, isAdmin: false })).id;
  const laptop = await passwordClient(target, COLLEAGUE.username, COLLEAGUE.password);
  const client = await admin(target);
  await client.get(`/staff/${colleagueId}`);
  const reset = await client.post(`/staff/${colleagueId}/password`, {});
  assert.is(reset.status, 303);
  const html = await (await client.get(reset.headers.get('location')!)).text();
  assert.match(textOf(html), 'Your Jiangxin password has been reset.');
  const password = /data-password[^>]*>([^<]+)</.exec(html)![1]!;
  assert.is((await laptop.get('/events')).status, 303, 'signed out');
  const old = new TestClient(target);
  await old.get('/login');
  assert.is((await old.post('/login', { username: COLLEAGUE.username, password: COLLEAGUE.password })).status, 401);
  const fresh = await passwordClient(target, COLLEAGUE.username, password);
  assert.match(fresh.lastHtml, 'data-testid="password-pending"');
  const audit = await target.db.auditEntry.findFirstOrThrow({ where: { action: 'staff.resetPassword' } });
  assert.is(audit.subject, COLLEAGUE.username);
  assert.equal(JSON.parse(audit.details), { endedSessions: 1 });

  await client.get(`/staff/${(await target.db.account.findUniqueOrThrow({ where: { username: ADMIN.username } })).id}`);
  assert.match(client.lastHtml, 'This is your own account.');
  const own = await client.post(`/staff/${(await target.db.account.findUniqueOrThrow({ where: { username: ADMIN.username } })).id}/password`, {});
  assert.is(own.status, 409);
  assert.match(textOf(await own.text()), 'Change your own password on your account page.');
});

staff('disabling ends the colleague\'s sessions, stops his API tokens and his sign-in; enabling lets him in again', async ({ target }) => {
  const colleagueId = (await createAccount(target.db, { ...COLLEAGUE, isAdmin: false })).id;
  const laptop = await passwordClient(target, COLLEAGUE.username, COLLEAGUE.password);
  const { token } = await createApiToken(target.db, colleagueId, 'script');
  const api = (t: string) => target.app.request('/api/v1/events', { headers: { authorization: `Bearer ${t}` } });
  assert.is((await api(token)).status, 200);
  const client = await admin(target, 'zh-CN');
  await client.get(`/staff/${colleagueId}`);
  const disabled = await client.post(`/staff/${colleagueId}/disable`, {});
  assert.is(disabled.status, 303);
  assert.match(textOf(byTestId(await (await client.get(disabled.headers.get('location')!)).text(), 'staff-notice')), '账号已停用');
  assert.is((await laptop.get('/events')).status, 303, 'signed out');
  assert.is((await api(token)).status, 401, 'the token stops');
  const login = new TestClient(target);
  await login.get('/login');
  assert.is((await login.post('/login', { username: COLLEAGUE.username, password: COLLEAGUE.password })).status, 401);
  assert.match(textOf(byTestId(await (await client.get('/staff')).text(), `staff-${COLLEAGUE.username}`)), '已于');

  await client.get(`/staff/${colleagueId}`);
  assert.is((await client.post(`/staff/${colleagueId}/enable`, {})).status, 303);
  assert.is((await api(token)).status, 200, 'the token works again');
  await passwordClient(target, COLLEAGUE.username, COLLEAGUE.password);
  assert.equal((await target.db.auditEntry.findMany({ where: { action: { startsWith: 'staff.' } }, orderBy: { id: 'asc' } })).map((a) => a.action), ['staff.disable', 'staff.enable']);
});

staff('nobody disables himself or drops his own administrator role; the last enabled administrator stays', async ({ target, adminId }) => {
  const client = await admin(target);
  await client.get(`/staff/${adminId}`);
  const self = await client.post(`/staff/${adminId}/disable`, {});
  assert.is(self.status, 409);
  assert.match(textOf(await self.text()), 'You cannot disable your own account.');
  const demote = await client.post(`/staff/${adminId}`, { displayName: ADMIN.displayName, isAdmin: 'false' });
  assert.is(demote.status, 409);
  assert.match(textOf(await demote.text()), 'You cannot remove your own administrator role');
  const rename = await client.post(`/staff/${adminId}`, { displayName: '赵敏（市总）', isAdmin: 'true' });
  assert.is(rename.status, 303, 'a rename of oneself is fine');
  // A colleague who is no administrator cannot reach these commands through any route; the commands still never leave none.
  const colleagueId = (await createAccount(target.db, { ...COLLEAGUE, isAdmin: false })).id;
  const last = await setStaffDisabled(target.db, adminId, true, { id: colleagueId, federationId: 1 });
  assert.equal(last.ok ? null : last.problems[0]!.key, 'staff.error.lastAdministrator');
  const lastDemoted = await updateStaff(target.db, adminId, { displayName: 'x', isAdmin: false }, { id: colleagueId, federationId: 1 });
  assert.equal(lastDemoted.ok ? null : lastDemoted.problems[0]!.key, 'staff.error.lastAdministrator');
  const account = await target.db.account.findUniqueOrThrow({ where: { id: adminId } });
  assert.is(account.isAdmin, true);
  assert.is(account.disabledAt, null);
  assert.is(account.displayName, '赵敏（市总）');
});

staff('an administrator makes a colleague an administrator, who may then manage staff; renames are audited', async ({ target }) => {
  const colleagueId = (await createAccount(target.db, { ...COLLEAGUE, isAdmin: false })).id;
  const colleague = await passwordClient(target, COLLEAGUE.username, COLLEAGUE.password);
  assert.is((await colleague.get('/staff')).status, 403);
  const client = await admin(target);
  await client.get(`/staff/${colleagueId}`);
  const bad = await client.post(`/staff/${colleagueId}`, { displayName: '', isAdmin: 'true' });
  assert.is(bad.status, 422);
  assert.is((await client.post(`/staff/${colleagueId}`, { displayName: '钱进（定海）', isAdmin: 'true' })).status, 303);
  assert.is((await colleague.get('/staff')).status, 200, 'at once, in the open session');
  const audit = await target.db.auditEntry.findFirstOrThrow({ where: { action: 'staff.update' } });
  assert.equal(JSON.parse(audit.details), { before: { displayName: '钱进', isAdmin: false }, after: { displayName: '钱进（定海）', isAdmin: true } });
});

staff('judges\' accounts are not staff: their pages are 404, and nothing is done to them', async ({ target }) => {
  const judge = await createAccount(target.db, { username: 'judge7', password: 'judge-password-7', role: 'judge' });
  const client = await admin(target);
  assert.is((await client.get(`/staff/${judge.id}`)).status, 404);
  await client.get('/staff');
  assert.is((await client.post(`/staff/${judge.id}/disable`, {})).status, 404);
  assert.is((await client.post(`/staff/${judge.id}/password`, {})).status, 404);
  assert.not.match(client.lastHtml, 'judge7');
  assert.is((await target.db.account.findUniqueOrThrow({ where: { id: judge.id } })).disabledAt, null);
});

staff('the API: an administrator\'s token lists, invites (the initial password in the answer only), resets, disables; a colleague\'s token gets 403', async ({ target, adminId }) => {
  const colleagueId = (await createAccount(target.db, { ...COLLEAGUE, isAdmin: false })).id;
  const { token } = await createApiToken(target.db, adminId, 'hr');
  const { token: colleagueToken } = await createApiToken(target.db, colleagueId, 'mine');
  const call = (method: string, path: string, body?: unknown, bearer = token) => target.app.request(`/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', 'accept-language': 'en' }, ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const list = await call('GET', '/staff');
  assert.is(list.status, 200);
  assert.equal((await list.json()).map((m: { username: string }) => m.username), [ADMIN.username, COLLEAGUE.username]);
  const refused = await call('GET', '/staff', undefined, colleagueToken);
  assert.is(refused.status, 403);
  assert.match((await refused.json()).error.message, 'administrator');

  const invalid = await call('POST', '/staff', { username: 'x', displayName: '' });
  assert.is(invalid.status, 422);
  assert.equal((await invalid.json()).error.problems.map((p: { field: string }) => p.field).sort(), ['displayName', 'username']);
  const created = await call('POST', '/staff', { username: 'sun.li', displayName: '孙丽', isAdmin: true });
  assert.is(created.status, 201);
  assert.is(created.headers.get('cache-control'), 'no-store');
  const issued = await created.json();
  assert.is(issued.member.state, 'invited');
  assert.is(issued.member.isAdmin, true);
  const signIn = new TestClient(target);
  await signIn.get('/login');
  const response = await signIn.post('/login', { username: 'sun.li', password: issued.initialPassword });
  assert.is(response.headers.get('location'), '/account/password', 'the initial password works, for its one page');

  const reset = await call('POST', `/staff/${colleagueId}/password`);
  assert.is(reset.status, 200);
  assert.match((await reset.json()).initialPassword, /^[a-z2-9]{4}-/);
  const own = await call('POST', `/staff/${adminId}/disable`);
  assert.is(own.status, 409);
  const disabled = await call('POST', `/staff/${colleagueId}/disable`);
  assert.is((await disabled.json()).state, 'disabled');
  assert.is((await call('GET', '/events', undefined, colleagueToken)).status, 401, 'the disabled colleague\'s token stops');
  const renamed = await call('PUT', `/staff/${issued.member.id}`, { displayName: '孙丽（普陀）', isAdmin: false });
  assert.is((await renamed.json()).displayName, '孙丽（普陀）');
  assert.is((await call('GET', '/staff/2147483000')).status, 404);
});

staff.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freshApp, type TestApp } from '../support/app.ts';
import { passwordClient, TestClient } from '../support/client.ts';
import { byTestId, textOf } from '../support/desk.ts';
import { createAccount } from '../support/fixtures.ts';

/** An organizer changes his own password: the current one first, the setup's policy, other sessions end. */
const account = suite<{ target: TestApp }>('changing one\'s own password', {} as { target: TestApp });
account.before.each(async (ctx) => {
  ctx.target = await freshApp({ throttle: { maxFailuresPerAccount: 3 } });
  await createAccount(ctx.target.db, { username: 'zhao', password: 'old-password-1', displayName: '赵敏' });
  await createAccount(ctx.target.db, { username: 'judge', password: 'judge-password', role: 'judge' });
});
account.after.each(async (ctx) => { await ctx.target.close(); });

const signedIn = passwordClient;

const PAGE = '/account/password';

account('a wrong current password, a weak or mismatched new one: 422 with every reason, nothing changed', async ({ target }) => {
  const client = await signedIn(target, 'zhao', 'old-password-1');
  assert.match(client.lastHtml, `href="${PAGE}"`, 'the name in the top bar leads here');
  await client.get(PAGE);
  const before = (await target.db.account.findUniqueOrThrow({ where: { username: 'zhao' } })).passwordHash;
  const wrong = await client.post(PAGE, { current: 'not-it', password: 'short', passwordConfirm: 'other' });
  assert.is(wrong.status, 422);
  const text = textOf(await wrong.text());
  assert.match(text, 'This is not your current password.');
  assert.match(text, 'At least 10 characters.');
  assert.match(text, 'The passwords do not match.');
  const same = await client.post(PAGE, { current: 'old-password-1', password: 'old-password-1', passwordConfirm: 'old-password-1' });
  assert.is(same.status, 422);
  assert.match(textOf(await same.text()), 'The new password is the one you have now.');
  const common = await client.post(PAGE, { current: 'old-password-1', password: 'password123', passwordConfirm: 'password123' }, {});
  assert.is(common.status, 422);
  const zh = await signedIn(target, 'zhao', 'old-password-1', 'zh-CN');
  await zh.get(PAGE);
  assert.match(textOf(await (await zh.post(PAGE, { current: 'x', password: 'a-new-password-2', passwordConfirm: 'a-new-password-2' })).text()), '当前密码不正确。');
  assert.is((await target.db.account.findUniqueOrThrow({ where: { username: 'zhao' } })).passwordHash, before);
  assert.is(await target.db.auditEntry.count({ where: { action: 'account.password' } }), 0);
});

account('the new password signs in, the old one not; other sessions end, this one stays; audited', async ({ target }) => {
  const laptop = await signedIn(target, 'zhao', 'old-password-1');
  const office = await signedIn(target, 'zhao', 'old-password-1');
  await laptop.get(PAGE);
  const changed = await laptop.post(PAGE, { current: 'old-password-1', password: 'a-new-password-2', passwordConfirm: 'a-new-password-2' });
  assert.is(changed.status, 303);
  const after = await laptop.get(changed.headers.get('location')!);
  assert.is(after.status, 200, 'this session stays');
  assert.match(textOf(byTestId(await after.text(), 'password-changed')), 'Other devices have been signed out.');
  assert.is((await office.get('/events')).status, 303, 'the other session ended');
  const old = new TestClient(target);
  await old.get('/login');
  assert.is((await old.post('/login', { username: 'zhao', password: 'old-password-1' })).status, 401);
  await signedIn(target, 'zhao', 'a-new-password-2');
  const audit = await target.db.auditEntry.findFirstOrThrow({ where: { action: 'account.password' } });
  assert.equal([audit.subject, JSON.parse(audit.details)], ['zhao', { endedSessions: 1 }]);
  assert.not.match(audit.details, 'password-2', 'no password in the log');
});

account('guessing the current password is throttled like sign-in; judges have no such page', async ({ target }) => {
  const client = await signedIn(target, 'zhao', 'old-password-1');
  await client.get(PAGE);
  for (let i = 0; i < 3; i++) assert.is((await client.post(PAGE, { current: `guess-${i}`, password: 'a-new-password-2', passwordConfirm: 'a-new-password-2' })).status, 422);
  const blocked = await client.post(PAGE, { current: 'old-password-1', password: 'a-new-password-2', passwordConfirm: 'a-new-password-2' });
  assert.is(blocked.status, 429);
  assert.ok(blocked.headers.get('retry-after'));
  assert.is(await target.db.auditEntry.count({ where: { action: 'account.password' } }), 0);
  const judge = await signedIn(target, 'judge', 'judge-password');
  assert.is((await judge.get(PAGE)).status, 403);
});

account.run();

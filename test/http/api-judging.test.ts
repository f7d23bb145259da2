import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createApiToken } from '../../src/api/tokens.ts';
import { call } from '../support/api.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { judgeClient, judgingFixture, markAndSignAll, organizerClient, type JudgingFixture } from '../support/desk.ts';

interface Context {
  target: TestApp;
  fixture: JudgingFixture;
  /** Tokens by judge number, and the organizer's. */
  tokens: Record<1 | 2 | 3 | 4 | 5, string> & { organizer: string };
}

const api = suite<Context>('api judging', {} as Context);
api.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.fixture = await judgingFixture(ctx.target.db);
  const tokenOf = async (accountId: number) => (await createApiToken(ctx.target.db, accountId, 'integration')).token;
  const f = ctx.fixture;
  ctx.tokens = {
    1: await tokenOf(f.judges[1].accountId), 2: await tokenOf(f.judges[2].accountId), 3: await tokenOf(f.judges[3].accountId),
    4: await tokenOf(f.judges[4].accountId), 5: await tokenOf(f.judges[5].accountId), organizer: await tokenOf(f.organizerId),
  };
});
api.after.each(async (ctx) => { await ctx.target.close(); });

const batch = (f: JudgingFixture, marks: { key: string; code: string; aspectId: number; mark: unknown; baseVersion: number }[]) => ({ roundId: f.roundId, deviceId: 'integration-7', marks });

api('one key twice in a batch, the second time with a code nobody has: the first is saved, the second refused, nothing crashes', async ({ target, fixture: f, tokens }) => {
  const answer = await call(target, tokens[1], 'POST', '/api/v1/judge/marks', batch(f, [
    { key: 'twice-in-one-batch', code: f.codes.李强, aspectId: f.judgementId, mark: { state: 'scored', value: 2 }, baseVersion: 0 },
    { key: 'twice-in-one-batch', code: 'NO-SUCH-CODE', aspectId: f.judgementId, mark: { state: 'scored', value: 2 }, baseVersion: 0 },
  ]));
  assert.is(answer.status, 200);
  assert.equal(answer.json.results.map((r: { status: string; error?: string }) => [r.status, r.error]), [['saved', undefined], ['refused', 'judging.error.keyReused']]);
  assert.is(await target.db.mark.count(), 1);
});

api('idempotency keys are per judge, and a key reused for another mark is refused', async ({ target, fixture: f, tokens }) => {
  const li = f.codes.李强;
  const mark = (value: number) => batch(f, [{ key: 'shared-key-0001', code: li, aspectId: f.judgementId, mark: { state: 'scored', value }, baseVersion: 0 }]);
  assert.equal((await call(target, tokens[1], 'POST', '/api/v1/judge/marks', mark(2))).json.results.map((r: { status: string }) => r.status), ['saved']);
  const other = await call(target, tokens[2], 'POST', '/api/v1/judge/marks', mark(3));
  assert.equal(other.json.results, [{ key: 'shared-key-0001', aspectId: f.judgementId, status: 'saved', version: 1, mark: { state: 'scored', value: 3 }, points: 30 }]);
  const reused = await call(target, tokens[2], 'POST', '/api/v1/judge/marks', mark(1), 'zh-CN');
  assert.equal(reused.json.results, [{
    key: 'shared-key-0001', aspectId: f.judgementId, status: 'refused', error: 'judging.error.keyReused',
    message: '这个分数的幂等键已用于另一个分数，未保存；请用新的键重新发送。',
  }]);
  assert.equal((await target.db.mark.findMany({ orderBy: { judgeId: 'asc' } })).map((m) => m.value), [2, 3]);
});

api('marks through a judge\'s token: saved, replayed once, unchanged, conflicting, refused', async ({ target, fixture: f, tokens }) => {
  const li = f.codes.李强;
  const first = batch(f, [
    { key: 'api-key-0001', code: li, aspectId: f.judgementId, mark: { state: 'scored', value: 2 }, baseVersion: 0 },
    { key: 'api-key-0002', code: li, aspectId: f.deductionId, mark: { state: 'not_scored' }, baseVersion: 0 },
  ]);
  const saved = await call(target, tokens[2], 'POST', '/api/v1/judge/marks', first);
  assert.is(saved.status, 200);
  assert.equal(saved.json.results, [
    { key: 'api-key-0001', aspectId: f.judgementId, status: 'saved', version: 1, mark: { state: 'scored', value: 2 }, points: 20 },
    { key: 'api-key-0002', aspectId: f.deductionId, status: 'saved', version: 1, mark: { state: 'not_scored' }, points: null },
  ]);
  const change = await target.db.markChange.findFirstOrThrow({ where: { idempotencyKey: 'api-key-0001' } });
  assert.equal([change.deviceId, change.accountId], ['integration-7', f.judges[2].accountId]);

  // The same batch again (a dropped response): stored once.
  const replay = await call(target, tokens[2], 'POST', '/api/v1/judge/marks', first);
  assert.equal(replay.json.results.map((r: { status: string }) => r.status), ['duplicate', 'duplicate']);
  assert.is(await target.db.markChange.count(), 2);

  const again = await call(target, tokens[2], 'POST', '/api/v1/judge/marks', batch(f, [
    { key: 'api-key-0003', code: li, aspectId: f.judgementId, mark: { state: 'scored', value: 2 }, baseVersion: 0 },
    { key: 'api-key-0004', code: li, aspectId: f.deductionId, mark: { state: 'scored', value: 1 }, baseVersion: 0 },
    { key: 'api-key-0005', code: li, aspectId: f.judgementId, mark: { state: 'scored', value: 4 }, baseVersion: 1 },
    { key: 'api-key-0006', code: f.codes.王芳, aspectId: f.judgementId, mark: { state: 'scored', value: 2 }, baseVersion: 0 },
  ]), 'zh-CN');
  assert.is(again.status, 200);
  assert.equal(again.json.results, [
    { key: 'api-key-0003', aspectId: f.judgementId, status: 'unchanged', version: 1, mark: { state: 'scored', value: 2 }, points: 20 },
    { key: 'api-key-0004', aspectId: f.deductionId, status: 'conflict', version: 1, mark: { state: 'not_scored' }, points: null },
    { key: 'api-key-0005', aspectId: f.judgementId, status: 'refused', error: 'mark.error.judgementLevel', message: again.json.results[2].message },
    { key: 'api-key-0006', aspectId: f.judgementId, status: 'saved', version: 1, mark: { state: 'scored', value: 2 }, points: 20 },
  ]);
  assert.match(again.json.results[2].message, /[\u4e00-\u9fff]/, 'refusals in the request\'s language');

  // J1 comes from 王芳's organization.
  const recused = await call(target, tokens[1], 'POST', '/api/v1/judge/marks', batch(f, [
    { key: 'api-key-0007', code: f.codes.王芳, aspectId: f.judgementId, mark: { state: 'scored', value: 1 }, baseVersion: 0 },
  ]));
  assert.equal(recused.json.results[0].error, 'judging.error.recused');
  const sheets = await call(target, tokens[1], 'GET', `/api/v1/judge/rounds/${f.roundId}`);
  assert.is(sheets.status, 200);
  assert.equal(sheets.json.sheets.map((s: { code: string }) => s.code), [f.codes.张伟, f.codes.李强].sort());
  assert.equal(sheets.json.aspects.map((a: { code: string }) => a.code), ['P1', 'P2']);
  assert.not.match(sheets.text, '张伟');

  // Malformed and unknown.
  assert.is((await call(target, tokens[2], 'POST', '/api/v1/judge/marks', '{"roundId":')).status, 400);
  const invalid = await call(target, tokens[2], 'POST', '/api/v1/judge/marks', { roundId: f.roundId, marks: [] });
  assert.is(invalid.status, 422);
  assert.equal(invalid.json.error.problems.map((p: { field: string }) => p.field), ['marks']);
  assert.is((await call(target, tokens[2], 'POST', '/api/v1/judge/marks', { ...first, roundId: 999 })).status, 404);
  const notAssigned = await call(target, tokens[5], 'POST', '/api/v1/judge/marks', first);
  assert.is(notAssigned.status, 409);
  assert.is(notAssigned.json.error.problems[0].code, 'judging.error.notAssigned');
});

api('sign-off with the PIN through the API', async ({ target, fixture: f, tokens }) => {
  const zhang = f.codes.张伟;
  const incomplete = await call(target, tokens[2], 'POST', '/api/v1/judge/signoffs', { roundId: f.roundId, code: zhang, pin: f.judges[2].pin });
  assert.is(incomplete.status, 409);
  assert.equal(incomplete.json.error.problems.map((p: { code: string }) => p.code), ['judging.error.incomplete']);
  await call(target, tokens[2], 'POST', '/api/v1/judge/marks', batch(f, [
    { key: 'sign-key-001', code: zhang, aspectId: f.judgementId, mark: { state: 'scored', value: 3 }, baseVersion: 0 },
    { key: 'sign-key-002', code: zhang, aspectId: f.deductionId, mark: { state: 'scored', value: 0 }, baseVersion: 0 },
  ]));
  const wrong = await call(target, tokens[2], 'POST', '/api/v1/judge/signoffs', { roundId: f.roundId, code: zhang, pin: '000000' === f.judges[2].pin ? '111111' : '000000' });
  assert.is(wrong.status, 422);
  assert.equal(wrong.json.error.problems, [{ field: 'pin', code: 'judging.error.pin', message: 'Wrong PIN.' }]);
  const signed = await call(target, tokens[2], 'POST', '/api/v1/judge/signoffs', { roundId: f.roundId, code: zhang, pin: f.judges[2].pin });
  assert.is(signed.status, 200);
  assert.equal(signed.json, { roundId: f.roundId, code: zhang, signed: true });
  assert.is(await target.db.sheetSignoff.count({ where: { judgeId: f.judges[2].judgeId, revokedAt: null } }), 1);
  const sheets = await call(target, tokens[2], 'GET', `/api/v1/judge/rounds/${f.roundId}`);
  assert.is(sheets.json.sheets.find((s: { code: string }) => s.code === zhang).signed, true);
  const afterSigning = await call(target, tokens[2], 'POST', '/api/v1/judge/marks', batch(f, [
    { key: 'sign-key-003', code: zhang, aspectId: f.judgementId, mark: { state: 'scored', value: 2 }, baseVersion: 1 },
  ]));
  assert.is(afterSigning.json.results[0].error, 'judging.error.signed');
  const unknown = await call(target, tokens[2], 'POST', '/api/v1/judge/signoffs', { roundId: f.roundId, code: '1', pin: f.judges[2].pin });
  assert.is(unknown.status, 404);

  // Wrong PINs are throttled like sign-in (5 per account in the test app's window).
  for (let i = 0; i < 5; i++) await call(target, tokens[3], 'POST', '/api/v1/judge/signoffs', { roundId: f.roundId, code: zhang, pin: 'wrong' });
  const throttled = await call(target, tokens[3], 'POST', '/api/v1/judge/signoffs', { roundId: f.roundId, code: zhang, pin: f.judges[3].pin });
  assert.is(throttled.status, 429);
  assert.ok(throttled.headers.get('retry-after'));
});

api('the lock through the API: refused with what is missing, then done by the chief judge', async ({ target, fixture: f, tokens }) => {
  const url = `/api/v1/rounds/${f.roundId}/lock`;
  // Only this skill's chief judge, or an organizer.
  for (const token of [tokens[2], tokens[5]]) {
    const denied = await call(target, token, 'POST', url);
    assert.is(denied.status, 403);
    assert.is(denied.json.error.message, 'Only an organizer or the chief judge of this skill may do this.');
  }
  await markAndSignAll(target.db, f, 1);
  await markAndSignAll(target.db, f, 2);
  const refused = await call(target, tokens.organizer, 'POST', url);
  assert.is(refused.status, 409);
  const codes = f.sortedCodes;
  assert.equal(refused.json.error.problems, [
    { field: '', code: 'desk.lock.refused', message: 'The round cannot be locked yet: 6 marks missing, 0 spreads flagged, 3 sheets unsigned, 0 aspects without a judge.' },
    ...codes.flatMap((code) => ['P1', 'P2'].map((aspect) => ({ field: 'missing', code: 'desk.lock.missing', message: `Code ${code}, aspect ${aspect}: judge J3 has not marked.` }))),
    ...codes.map((code) => ({ field: 'unsigned', code: 'desk.lock.unsigned', message: `Code ${code}: judge J3 has not signed the sheet.` })),
  ]);
  assert.is(refused.json.error.message, refused.json.error.problems[0].message);

  await markAndSignAll(target.db, f, 3);
  const locked = await call(target, tokens[4], 'POST', url);
  assert.is(locked.status, 200);
  assert.is(locked.json.roundId, f.roundId);
  assert.is(locked.json.lockedBy, '陈静');
  assert.ok(Date.parse(locked.json.lockedAt) > 0);
  assert.is((await call(target, tokens[4], 'POST', url)).json.error.problems[0].code, 'desk.error.alreadyLocked');
  // The organizer may decrypt now.
  assert.is((await call(target, tokens.organizer, 'GET', `/api/v1/rounds/${f.roundId}/decryption`)).status, 200);
  // Judges' writes are refused from now on.
  const late = await call(target, tokens[2], 'POST', '/api/v1/judge/marks', batch(f, [
    { key: 'late-key-001', code: f.codes.李强, aspectId: f.judgementId, mark: { state: 'scored', value: 3 }, baseVersion: 1 },
  ]));
  assert.is(late.json.results[0].error, 'judging.error.locked');
});

api('organizer tokens are refused on /judge/*, judges\' tokens on organizer endpoints', async ({ target, fixture: f, tokens }) => {
  for (const [method, path] of [['GET', `/api/v1/judge/rounds/${f.roundId}`], ['POST', '/api/v1/judge/marks'], ['POST', '/api/v1/judge/signoffs']] as const) {
    const response = await call(target, tokens.organizer, method, path, method === 'POST' ? {} : undefined);
    assert.is(response.status, 403, `${method} ${path}`);
    assert.is(response.json.error.message, 'Only judges\' own API tokens may use the /api/v1/judge/ endpoints.');
  }
  for (const token of [tokens[2], tokens[4]]) {
    for (const [method, path, body] of [
      ['GET', '/api/v1/events', undefined],
      ['GET', `/api/v1/skills/${f.skillId}`, undefined],
      ['POST', `/api/v1/skills/${f.skillId}/draw`, { roundId: null, reason: 'x' }],
      ['GET', `/api/v1/rounds/${f.roundId}/decryption`, undefined],
      ['GET', `/api/v1/events/${f.eventId}/contestants`, undefined],
    ] as const) {
      const response = await call(target, token, method, path, body);
      assert.is(response.status, 403, `${method} ${path}`);
      assert.is(response.json.error.message, 'The account of this API token may not do this: only organizers may use these endpoints.');
    }
  }
  assert.is((await call(target, null, 'POST', '/api/v1/judge/marks', {})).status, 401);
  assert.is(await target.db.draw.count(), 1);
});

api('a judge creates a token for a tablet integration at /judge/api-token, shown once', async ({ target, fixture: f }) => {
  const judge = await judgeClient(target, f, 3);
  const page = await judge.get('/judge/api-token');
  assert.is(page.status, 200);
  const blank = await judge.post('/judge/api-token', { name: '' });
  assert.is(blank.status, 422);
  const created = await judge.post('/judge/api-token', { name: '3号工位平板' });
  assert.is(created.status, 201);
  assert.is(created.headers.get('cache-control'), 'no-store');
  const token = /<code class="token">(jx_[\w-]+)<\/code>/.exec(await created.text())?.[1];
  assert.ok(token, 'shown once');
  const sheets = await call(target, token!, 'GET', `/api/v1/judge/rounds/${f.roundId}`);
  assert.is(sheets.status, 200);
  assert.not.match((await (await judge.get('/judge/api-token')).text()), token!, 'never shown again');
  // A forged post without the CSRF token changes nothing; an organizer has no judge token page.
  const forged = await target.app.request('/judge/api-token', { method: 'POST', headers: { cookie: [...judge.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=evil' });
  assert.is(forged.status, 403);
  assert.is(await target.db.apiToken.count({ where: { accountId: f.judges[3].accountId } }), 2);
  const organizer = await organizerClient(target);
  assert.is((await organizer.get('/judge/api-token')).status, 403);
  // Revoking it closes the API to it.
  const row = await target.db.apiToken.findFirstOrThrow({ where: { accountId: f.judges[3].accountId, name: '3号工位平板' } });
  await judge.get('/judge/api-token');
  assert.is((await judge.post(`/judge/api-token/${row.id}/revoke`, {})).status, 303);
  assert.is((await call(target, token!, 'GET', `/api/v1/judge/rounds/${f.roundId}`)).status, 401);
});

api('the OpenAPI document describes the judging endpoints', async ({ target }) => {
  const doc = await call(target, null, 'GET', '/api/openapi.json');
  assert.is(doc.status, 200);
  for (const path of ['/api/v1/judge/marks', '/api/v1/judge/signoffs', '/api/v1/judge/rounds/{id}', '/api/v1/rounds/{id}/lock']) {
    assert.ok(doc.json.paths[path], path);
  }
  assert.ok(doc.json.components.schemas.MarkBatchInput);
  assert.ok(doc.json.components.schemas.SignoffInput);
  assert.equal(Object.keys(doc.json.paths['/api/v1/rounds/{id}/lock'].post.responses).sort(), ['200', '400', '401', '403', '404', '409']);
});

api.run();

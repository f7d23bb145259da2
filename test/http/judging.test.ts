import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freshApp, type TestApp } from '../support/app.ts';
import { refuseInserts } from '../support/failing-writes.ts';
import { TestClient } from '../support/client.ts';
import { buildJudgingWorld, type JudgingWorld, type WorldJudge } from '../support/judging.ts';

const EN = { 'accept-language': 'en' };

interface Context {
  target: TestApp;
  world: JudgingWorld;
}

type MarkBody = { key: string; code: string; aspectId: number; mark: { state: 'scored'; value: number } | { state: 'not_scored' }; baseVersion: number };
interface MarkResult { key: string; aspectId: number; status: string; version?: number; mark?: { state: string; value?: number }; points?: number | null; message?: string; error?: string }

let keySeq = 0;
const newKey = (label = 'mark') => `${label}-${String(++keySeq).padStart(6, '0')}-${Math.random().toString(36).slice(2, 10)}`;
const scored = (value: number) => ({ state: 'scored' as const, value });

/** A tablet signed in as one judge (event code + number + PIN), holding the session and CSRF cookies. */
async function signInJudge(target: TestApp, world: JudgingWorld, judge: WorldJudge): Promise<TestClient> {
  const client = new TestClient(target, EN);
  await client.get('/judge/login');
  const response = await client.post('/judge/login', { eventCode: world.eventCode, number: String(judge.number), pin: judge.pin });
  assert.is(response.status, 303, 'the judge signs in');
  await client.get('/judge'); // the session's CSRF token, as the tablet's next page carries it
  return client;
}

/** What static/judge.js sends: JSON, the page's CSRF token in X-CSRF-Token, the cookies of the session. */
async function postMarks(target: TestApp, client: TestClient | null, body: unknown, options: { csrf?: string | null } = {}) {
  const cookie = client ? [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ') : '';
  const csrf = options.csrf === undefined ? client?.csrfToken() || null : options.csrf;
  return target.app.request('/judge/marks', {
    method: 'POST',
    headers: {
      ...EN,
      'content-type': 'application/json',
      ...(cookie ? { cookie } : {}),
      ...(csrf ? { 'x-csrf-token': csrf } : {}),
    },
    body: JSON.stringify(body),
  });
}

async function send(ctx: Context, client: TestClient, marks: MarkBody[], deviceId = 'tablet-1'): Promise<MarkResult[]> {
  const response = await postMarks(ctx.target, client, { roundId: ctx.world.roundId, deviceId, marks });
  assert.is(response.status, 200, await response.clone().text());
  return ((await response.json()) as { results: MarkResult[] }).results;
}

const codeOf = (world: JudgingWorld, organization: 'a' | 'b', index = 0) =>
  world.entries.filter((e) => e.organizationId === world.organizations[organization])[index]!;

const judging = suite<Context>('judging over HTTP', {} as Context);
judging.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.world = await buildJudgingWorld(ctx.target.db);
});
judging.after.each(async (ctx) => {
  await ctx.target.close();
});

// ─── sign-in ──────────────────────────────────────────────────────────────────────────────

judging('a judge signs in with event code, number and PIN; a wrong PIN is 401', async (ctx) => {
  const { neutral } = ctx.world.judges;
  const tablet = new TestClient(ctx.target, EN);
  await tablet.get('/judge/login');
  const wrongPin = neutral.pin === '000000' ? '000001' : '000000';
  const wrong = await tablet.post('/judge/login', { eventCode: ctx.world.eventCode, number: String(neutral.number), pin: wrongPin });
  assert.is(wrong.status, 401);
  assert.match(await wrong.text(), 'The event code, judge number or PIN is wrong.');
  assert.is(tablet.cookies.get('jx_session'), undefined);
  const wrongEvent = await tablet.post('/judge/login', { eventCode: 'ZZZZZZ', number: String(neutral.number), pin: neutral.pin });
  assert.is(wrongEvent.status, 401);

  const ok = await tablet.post('/judge/login', { eventCode: ctx.world.eventCode.toLowerCase(), number: `J${neutral.number}`, pin: neutral.pin });
  assert.is(ok.status, 303);
  assert.is(ok.headers.get('location'), '/judge');
  const home = await tablet.get('/judge');
  assert.is(home.status, 200);
  assert.match(await home.text(), `href="/judge/rounds/${ctx.world.roundId}"`);
});

judging('sign-in is rate limited: after 5 wrong PINs even the right one waits', async (ctx) => {
  const { neutral } = ctx.world.judges;
  const tablet = new TestClient(ctx.target, EN);
  await tablet.get('/judge/login');
  const wrongPin = neutral.pin === '000000' ? '000001' : '000000';
  for (let i = 0; i < 5; i++) {
    const attempt = await tablet.post('/judge/login', { eventCode: ctx.world.eventCode, number: String(neutral.number), pin: wrongPin });
    assert.is(attempt.status, 401, `attempt ${i + 1}`);
  }
  const blocked = await tablet.post('/judge/login', { eventCode: ctx.world.eventCode, number: String(neutral.number), pin: neutral.pin });
  assert.is(blocked.status, 429);
  assert.match(await blocked.text(), 'Too many');
  assert.is(tablet.cookies.get('jx_session'), undefined, 'no session while blocked');
  // Another judge at the same venue is not locked out by it.
  const other = new TestClient(ctx.target, EN);
  await other.get('/judge/login');
  const fine = await other.post('/judge/login', { eventCode: ctx.world.eventCode, number: String(ctx.world.judges.partial.number), pin: ctx.world.judges.partial.pin });
  assert.is(fine.status, 303);
});

judging('signing in again comes back to the sheet the tablet was on, never to another site', async (ctx) => {
  const { neutral } = ctx.world.judges;
  const sheet = `/judge/rounds/${ctx.world.roundId}/sheets/${codeOf(ctx.world, 'a').code}`;
  for (const [next, expected] of [[sheet, sheet], ['https://evil.example/', '/judge'], ['//evil.example', '/judge'], ['/events', '/judge']] as const) {
    const tablet = new TestClient(ctx.target, EN);
    const form = await tablet.get(`/judge/login?event=${ctx.world.eventCode}&number=${neutral.number}&next=${encodeURIComponent(next)}`);
    const html = await form.text();
    if (expected === sheet) assert.match(html, `name="next" value="${sheet}"`);
    else assert.not.match(html, 'name="next"');
    const response = await tablet.post('/judge/login', { eventCode: ctx.world.eventCode, number: String(neutral.number), pin: neutral.pin, next });
    assert.is(response.status, 303);
    assert.is(response.headers.get('location'), expected, next);
  }
});

// ─── what a judge may mark ──────────────────────────────────────────────────────────────

judging('the sheet carries what the tablet script needs: ids, versions, translated strings', async (ctx) => {
  const { neutral } = ctx.world.judges;
  const tablet = await signInJudge(ctx.target, ctx.world, neutral);
  const { code } = codeOf(ctx.world, 'b');
  await send(ctx, tablet, [{ key: newKey(), code, aspectId: ctx.world.aspects.judgement, mark: scored(2), baseVersion: 0 }]);
  const page = await tablet.get(`/judge/rounds/${ctx.world.roundId}/sheets/${code}`, { 'accept-language': 'zh-CN' });
  assert.is(page.status, 200);
  const html = await page.text();
  assert.match(html, `data-round-id="${ctx.world.roundId}"`);
  assert.match(html, `data-code="${code}"`);
  assert.match(html, `data-judge-id="${neutral.judgeId}"`);
  assert.match(html, `data-csrf="${tablet.csrfToken()}"`);
  assert.match(html, 'data-read-only="false"');
  assert.match(html, `data-login-url="/judge/login?event=${ctx.world.eventCode}&amp;number=${neutral.number}&amp;next=%2Fjudge%2Frounds%2F${ctx.world.roundId}%2Fsheets%2F${code}"`);
  const messages = JSON.parse(/data-messages="([^"]+)"/.exec(html)![1]!.replaceAll('&quot;', '"').replaceAll('&amp;', '&')) as Record<string, string>;
  assert.is(messages.waiting, '等待发送');
  assert.is(messages.conflict, '该分数已在其他设备上修改为 {value}。如需修改，请重新输入。');
  assert.is(messages.offline, '已离线：分数（保存在本平板上）和签字正在等待，网络恢复后自动发送。');
  assert.is(messages.online, '分数已全部保存。');
  assert.is(messages.signIn, '重新登录');
  assert.match(html, /<section class="aspect-card mark-levels" data-aspect-id="\d+" data-kind="levels" data-max="6" data-version="1" data-state="scored" data-value="2" data-points="4"/);
  assert.match(html, /data-kind="counter" data-max="5" data-per="1" data-cap="5" data-version="0" data-state="empty" data-value="" data-points=""/);
  assert.match(html, /<script src="\/static\/judge\.js" defer(="")?><\/script>/);
  const script = await ctx.target.app.request('/static/judge.js');
  assert.is(script.status, 200);
  assert.match(script.headers.get('content-type') ?? '', 'javascript');
});

judging('a judge cannot mark an aspect they are not assigned to', async (ctx) => {
  const { partial } = ctx.world.judges;
  const tablet = await signInJudge(ctx.target, ctx.world, partial);
  const { code } = codeOf(ctx.world, 'b');
  const sheet = await (await tablet.get(`/judge/rounds/${ctx.world.roundId}/sheets/${code}`)).text();
  assert.equal([...sheet.matchAll(/data-aspect-id="(\d+)"/g)].map((m) => Number(m[1])), [ctx.world.aspects.judgement], 'only the assigned aspect is on the sheet');
  const results = await send(ctx, tablet, [
    { key: newKey(), code, aspectId: ctx.world.aspects.deduction, mark: scored(1), baseVersion: 0 },
    { key: newKey(), code, aspectId: ctx.world.aspects.judgement, mark: scored(3), baseVersion: 0 },
  ]);
  assert.equal(results.map((r) => [r.status, r.message ?? null]), [
    ['refused', 'You are not assigned to mark this.'],
    ['saved', null],
  ]);
  const marks = await ctx.target.db.mark.findMany({ where: { judgeId: partial.judgeId } });
  assert.equal(marks.map((m) => [m.aspectId, m.value]), [[ctx.world.aspects.judgement, 3]]);
});

judging('a judge with nothing to mark in the round is refused as a whole', async (ctx) => {
  await ctx.target.db.judgeAssignment.deleteMany({ where: { judgeId: ctx.world.judges.partial.judgeId } });
  const tablet = await signInJudge(ctx.target, ctx.world, ctx.world.judges.partial);
  const response = await postMarks(ctx.target, tablet, {
    roundId: ctx.world.roundId, deviceId: 'x', marks: [{ key: newKey(), code: codeOf(ctx.world, 'b').code, aspectId: ctx.world.aspects.judgement, mark: scored(1), baseVersion: 0 }],
  });
  assert.is(response.status, 409);
  assert.equal(await response.json(), { error: 'You are not assigned to mark this.' });
  assert.is(await ctx.target.db.mark.count(), 0);
});

judging('recusal: a judge from the entry\'s organization never sees its code and cannot mark it', async (ctx) => {
  const { fromA } = ctx.world.judges;
  const tablet = await signInJudge(ctx.target, ctx.world, fromA);
  const own = ctx.world.entries.filter((e) => e.organizationId === ctx.world.organizations.a);
  const others = ctx.world.entries.filter((e) => e.organizationId === ctx.world.organizations.b);
  const round = await (await tablet.get(`/judge/rounds/${ctx.world.roundId}`)).text();
  assert.equal([...round.matchAll(/data-testid="code-([^"]+)"/g)].map((m) => m[1]), others.map((e) => e.code), 'only the other organization\'s codes are listed');
  assert.is((await tablet.get(`/judge/rounds/${ctx.world.roundId}/sheets/${own[0]!.code}`)).status, 404);

  const results = await send(ctx, tablet, [
    { key: newKey(), code: own[0]!.code, aspectId: ctx.world.aspects.judgement, mark: scored(3), baseVersion: 0 },
    { key: newKey(), code: others[0]!.code, aspectId: ctx.world.aspects.judgement, mark: scored(1), baseVersion: 0 },
  ]);
  assert.equal(results.map((r) => [r.status, r.message ?? null]), [
    ['refused', 'You may not mark a contestant from your own organization.'],
    ['saved', null],
  ]);
  assert.is(await ctx.target.db.mark.count({ where: { entryId: own[0]!.entryId } }), 0);

  // The neutral judge sees every code.
  const neutral = await signInJudge(ctx.target, ctx.world, ctx.world.judges.neutral);
  const all = await (await neutral.get(`/judge/rounds/${ctx.world.roundId}`)).text();
  assert.is([...all.matchAll(/data-testid="code-/g)].length, 4);
});

judging('bad values and unknown codes are refused one by one with a translated message', async (ctx) => {
  const tablet = await signInJudge(ctx.target, ctx.world, ctx.world.judges.neutral);
  const { code } = codeOf(ctx.world, 'b');
  const results = await send(ctx, tablet, [
    { key: newKey(), code, aspectId: ctx.world.aspects.judgement, mark: scored(4), baseVersion: 0 },
    { key: newKey(), code, aspectId: ctx.world.aspects.deduction, mark: scored(1.5), baseVersion: 0 },
    { key: newKey(), code, aspectId: ctx.world.aspects.time, mark: scored(95.123), baseVersion: 0 },
    { key: newKey(), code: 'NOPE', aspectId: ctx.world.aspects.judgement, mark: scored(1), baseVersion: 0 },
    { key: newKey(), code, aspectId: ctx.world.aspects.time, mark: scored(92.5), baseVersion: 0 },
  ]);
  assert.equal(results.map((r) => [r.status, r.message ?? r.points]), [
    ['refused', 'Choose a level from 0 to 3.'],
    ['refused', 'Enter the number of occurrences: a whole number from 0 to 999.'],
    ['refused', 'Enter the minutes taken: 0 to 1440, at most two decimals.'],
    ['refused', 'There is no such code in this round.'],
    ['saved', 1],
  ]);
  assert.is(await ctx.target.db.mark.count(), 1);
  const malformed = await postMarks(ctx.target, tablet, { roundId: ctx.world.roundId, marks: [{ key: 'short', code, aspectId: 1, mark: { state: 'scored' }, baseVersion: 0 }] });
  assert.is(malformed.status, 422);
});

// ─── idempotency, transactions, conflicts, concurrency ───────────────────────────────────

judging('a replayed mark (same key) is stored once and answered "duplicate"', async (ctx) => {
  const tablet = await signInJudge(ctx.target, ctx.world, ctx.world.judges.neutral);
  const { code, entryId } = codeOf(ctx.world, 'b');
  const mark: MarkBody = { key: newKey('replay'), code, aspectId: ctx.world.aspects.judgement, mark: scored(2), baseVersion: 0 };
  const first = await send(ctx, tablet, [mark]);
  const second = await send(ctx, tablet, [mark]);
  assert.equal(first, [{ key: mark.key, aspectId: mark.aspectId, status: 'saved', version: 1, mark: { state: 'scored', value: 2 }, points: 4 }]);
  assert.equal(second, [{ key: mark.key, aspectId: mark.aspectId, status: 'duplicate', version: 1, mark: { state: 'scored', value: 2 }, points: 4 }]);
  // The same key twice inside one batch, too.
  const again = { ...mark, key: newKey('replay'), mark: scored(3), baseVersion: 1 };
  const both = await send(ctx, tablet, [again, again]);
  assert.equal(both.map((r) => [r.status, r.version]), [['saved', 2], ['duplicate', 2]]);

  assert.is(await ctx.target.db.mark.count(), 1);
  const changes = await ctx.target.db.markChange.findMany({ orderBy: { id: 'asc' } });
  assert.equal(changes.map((c) => [c.idempotencyKey, c.oldValue, c.newValue, c.deviceId]), [
    [mark.key, null, 2, 'tablet-1'],
    [again.key, 2, 3, 'tablet-1'],
  ]);
  const stored = await ctx.target.db.mark.findFirstOrThrow({ where: { entryId } });
  assert.equal([stored.value, stored.version], [3, 2]);
});

judging('idempotency keys belong to one judge: another judge\'s same key is their own new mark', async (ctx) => {
  const neutral = await signInJudge(ctx.target, ctx.world, ctx.world.judges.neutral);
  const partial = await signInJudge(ctx.target, ctx.world, ctx.world.judges.partial);
  const { code } = codeOf(ctx.world, 'b');
  const key = newKey('shared');
  const first = await send(ctx, neutral, [{ key, code, aspectId: ctx.world.aspects.judgement, mark: scored(2), baseVersion: 0 }]);
  assert.equal(first.map((r) => [r.status, r.mark]), [['saved', { state: 'scored', value: 2 }]]);
  // Two tablets may well make the same key (a counter, a clock); the second judge's mark is theirs.
  const second = await send(ctx, partial, [{ key, code, aspectId: ctx.world.aspects.judgement, mark: scored(3), baseVersion: 0 }]);
  assert.equal(second.map((r) => [r.status, r.mark, r.version]), [['saved', { state: 'scored', value: 3 }, 1]]);
  const marks = await ctx.target.db.mark.findMany({ orderBy: { judgeId: 'asc' }, select: { judgeId: true, value: true } });
  assert.equal(marks, [
    { judgeId: ctx.world.judges.neutral.judgeId, value: 2 },
    { judgeId: ctx.world.judges.partial.judgeId, value: 3 },
  ].sort((a, b) => a.judgeId - b.judgeId));
  assert.is(await ctx.target.db.markChange.count({ where: { idempotencyKey: key } }), 2);
  // Each judge's replay is still a duplicate of their own mark.
  const replay = await send(ctx, partial, [{ key, code, aspectId: ctx.world.aspects.judgement, mark: scored(3), baseVersion: 0 }]);
  assert.equal(replay.map((r) => [r.status, r.mark]), [['duplicate', { state: 'scored', value: 3 }]]);
});

judging('a key reused for a different mark is refused with a message, never taken for a replay', async (ctx) => {
  const tablet = await signInJudge(ctx.target, ctx.world, ctx.world.judges.neutral);
  const { code } = codeOf(ctx.world, 'b');
  const other = codeOf(ctx.world, 'a');
  const key = newKey('reused');
  await send(ctx, tablet, [{ key, code, aspectId: ctx.world.aspects.judgement, mark: scored(2), baseVersion: 0 }]);
  const reused = await send(ctx, tablet, [
    { key, code, aspectId: ctx.world.aspects.judgement, mark: scored(3), baseVersion: 1 },
    { key, code, aspectId: ctx.world.aspects.deduction, mark: scored(2), baseVersion: 0 },
    { key, code: other.code, aspectId: ctx.world.aspects.judgement, mark: scored(2), baseVersion: 0 },
    { key, code, aspectId: ctx.world.aspects.judgement, mark: { state: 'not_scored' }, baseVersion: 1 },
  ]);
  const message = 'This mark\'s key was already used for a different mark. Nothing was saved; the tablet must send it with a new key.';
  assert.equal(reused.map((r) => [r.status, r.error, r.message]), Array(4).fill(['refused', 'judging.error.keyReused', message]));
  assert.is(await ctx.target.db.markChange.count(), 1);
  assert.equal((await ctx.target.db.mark.findFirstOrThrow()).value, 2);
});

judging('a batch of many marks is saved in one request, all in one transaction', async (ctx) => {
  const tablet = await signInJudge(ctx.target, ctx.world, ctx.world.judges.neutral);
  const { judgement, deduction, time } = ctx.world.aspects;
  const batch: MarkBody[] = ctx.world.entries.flatMap((entry, i) => [
    { key: newKey('batch'), code: entry.code, aspectId: judgement, mark: scored(i % 4), baseVersion: 0 },
    { key: newKey('batch'), code: entry.code, aspectId: deduction, mark: scored(i), baseVersion: 0 },
    { key: newKey('batch'), code: entry.code, aspectId: time, mark: i === 3 ? { state: 'not_scored' } : scored(80 + i), baseVersion: 0 },
  ]);
  const results = await send(ctx, tablet, batch);
  assert.equal(results.map((r) => r.status), Array(12).fill('saved'));
  assert.equal(results.map((r) => r.key), batch.map((m) => m.key), 'answers in the order sent');
  assert.is(await ctx.target.db.mark.count(), 12);
  assert.is(await ctx.target.db.markChange.count(), 12);

  // A failure late in the next batch leaves nothing of that batch behind.
  await refuseInserts(ctx.target.db, 'MarkChange', 'idempotencyKey', 'fail-on-purpose-key', 'on purpose');
  const next: MarkBody[] = batch.map((m) => ({ ...m, key: newKey('second'), mark: { state: 'not_scored' }, baseVersion: 1 }));
  // The eleventh of twelve: ten marks are written in the transaction before it fails.
  next[10]!.key = 'fail-on-purpose-key';
  const quiet = console.error;
  console.error = () => {};
  let failed: Response;
  try {
    failed = await postMarks(ctx.target, tablet, { roundId: ctx.world.roundId, deviceId: 'tablet-1', marks: next });
  } finally {
    console.error = quiet;
  }
  assert.is(failed.status, 500);
  assert.is(await ctx.target.db.markChange.count(), 12, 'no change of the failed batch was kept');
  assert.is(await ctx.target.db.mark.count({ where: { state: 'not_scored' } }), 1, 'only the mark from the first batch is "not scored"');
  assert.is(await ctx.target.db.mark.count({ where: { version: 1 } }), 12, 'no mark was updated');
});

judging('a mark changed on two devices from the same version: the second is a conflict, the first stays', async (ctx) => {
  const tablet = await signInJudge(ctx.target, ctx.world, ctx.world.judges.neutral);
  const laptop = await signInJudge(ctx.target, ctx.world, ctx.world.judges.neutral);
  const { code, entryId } = codeOf(ctx.world, 'b', 1);
  const aspectId = ctx.world.aspects.judgement;
  await send(ctx, tablet, [{ key: newKey(), code, aspectId, mark: scored(1), baseVersion: 0 }], 'tablet');
  const onTablet = await send(ctx, tablet, [{ key: newKey(), code, aspectId, mark: scored(2), baseVersion: 1 }], 'tablet');
  const onLaptop = await send(ctx, laptop, [{ key: newKey(), code, aspectId, mark: scored(3), baseVersion: 1 }], 'laptop');
  assert.equal(onTablet.map((r) => [r.status, r.version, r.mark]), [['saved', 2, { state: 'scored', value: 2 }]]);
  assert.equal(onLaptop.map((r) => [r.status, r.version, r.mark, r.points]), [['conflict', 2, { state: 'scored', value: 2 }, 4]]);
  // The same value from a stale version is no conflict: nothing would change.
  const same = await send(ctx, laptop, [{ key: newKey(), code, aspectId, mark: scored(2), baseVersion: 1 }], 'laptop');
  assert.equal(same.map((r) => [r.status, r.version]), [['unchanged', 2]]);

  const stored = await ctx.target.db.mark.findFirstOrThrow({ where: { entryId, aspectId } });
  assert.equal([stored.value, stored.version], [2, 2]);
  const changes = await ctx.target.db.markChange.findMany({ orderBy: { id: 'asc' } });
  assert.equal(changes.map((c) => [c.deviceId, c.newValue]), [['tablet', 1], ['tablet', 2]]);
});

judging('concurrent requests end consistent: one mark, one change per saved write, no key twice', async (ctx) => {
  const tablets = await Promise.all([0, 1, 2].map(() => signInJudge(ctx.target, ctx.world, ctx.world.judges.neutral)));
  const { code, entryId } = codeOf(ctx.world, 'b');
  const aspectId = ctx.world.aspects.deduction;
  const replayed: MarkBody = { key: newKey('same'), code, aspectId, mark: scored(9), baseVersion: 0 };
  const requests: MarkBody[][] = [
    [replayed],
    [replayed],
    ...[1, 2, 3, 4, 5].map((value) => [{ key: newKey('race'), code, aspectId, mark: scored(value), baseVersion: 0 }]),
    [replayed],
  ];
  const answers = await Promise.all(requests.map((marks, i) => send(ctx, tablets[i % 3]!, marks, `device-${i}`)));
  const results = answers.flat();
  assert.is(results.length, 8);
  const saved = results.filter((r) => r.status === 'saved');
  assert.is(saved.length, 1, 'exactly one write from version 0 wins');
  assert.ok(results.every((r) => ['saved', 'duplicate', 'conflict'].includes(r.status)), JSON.stringify(results));

  const marks = await ctx.target.db.mark.findMany({ where: { entryId, aspectId } });
  assert.is(marks.length, 1);
  const changes = await ctx.target.db.markChange.findMany({ where: { markId: marks[0]!.id } });
  assert.is(changes.length, 1);
  assert.is(changes[0]!.idempotencyKey, saved[0]!.key);
  assert.is(marks[0]!.version, 1);
  assert.is(marks[0]!.value, changes[0]!.newValue);
  // Everyone was told what is stored now.
  for (const r of results) assert.equal([r.version, r.mark], [1, { state: 'scored', value: marks[0]!.value! }], r.key);
  // Replays of the stored key are duplicates; if the replayed key lost the race, it is a conflict each time.
  const replays = results.filter((r) => r.key === replayed.key).map((r) => r.status).sort();
  assert.equal(replays, saved[0]!.key === replayed.key ? ['duplicate', 'duplicate', 'saved'] : ['conflict', 'conflict', 'conflict']);
});

// ─── signing, locking ────────────────────────────────────────────────────────────────────

judging('signing needs a complete sheet and the right PIN; a signed sheet is read-only', async (ctx) => {
  const { neutral } = ctx.world.judges;
  const tablet = await signInJudge(ctx.target, ctx.world, neutral);
  const { code, entryId } = codeOf(ctx.world, 'b');
  const sheetUrl = `/judge/rounds/${ctx.world.roundId}/sheets/${code}`;
  const { judgement, deduction, time } = ctx.world.aspects;
  await send(ctx, tablet, [{ key: newKey(), code, aspectId: judgement, mark: scored(3), baseVersion: 0 }]);

  await tablet.get(sheetUrl);
  const incomplete = await tablet.post(`${sheetUrl}/sign`, { pin: neutral.pin });
  assert.is(incomplete.status, 409);
  assert.match(await incomplete.text(), 'Aspects still without a mark: 2.');

  await send(ctx, tablet, [
    { key: newKey(), code, aspectId: deduction, mark: scored(2), baseVersion: 0 },
    { key: newKey(), code, aspectId: time, mark: { state: 'not_scored' }, baseVersion: 0 },
  ]);
  const wrongPin = await tablet.post(`${sheetUrl}/sign`, { pin: neutral.pin === '000000' ? '000001' : '000000' });
  assert.is(wrongPin.status, 422);
  const refused = await wrongPin.text();
  assert.match(refused, 'Wrong PIN.');
  // Where the judge is looking: the answer opens at the sign box with the PIN field focused and tied to the message.
  assert.match(refused, /<input id="sign-pin"[^>]*autofocus[^>]*aria-invalid="true"[^>]*aria-describedby="sign-error"/);
  assert.is(await ctx.target.db.sheetSignoff.count(), 0);

  const signed = await tablet.post(`${sheetUrl}/sign`, { pin: neutral.pin });
  assert.is(signed.status, 303);
  assert.is(signed.headers.get('location'), `${sheetUrl}?signed=1`);
  const signoffs = await ctx.target.db.sheetSignoff.findMany();
  assert.equal(signoffs.map((s) => [s.judgeId, s.entryId, s.roundId, s.revokedAt]), [[neutral.judgeId, entryId, ctx.world.roundId, null]]);

  const page = await (await tablet.get(sheetUrl)).text();
  assert.match(page, 'data-read-only="true"');
  assert.match(page, /<form [^>]*data-sign-form[^>]* hidden=""/, 'no PIN to type on a signed sheet');
  assert.match(page, 'You have signed this sheet. It is read-only now.');
  const after = await send(ctx, tablet, [{ key: newKey(), code, aspectId: judgement, mark: scored(1), baseVersion: 1 }]);
  assert.equal(after.map((r) => [r.status, r.message]), [['refused', 'You have signed this sheet; ask the chief judge to send it back.']]);
  assert.is((await ctx.target.db.mark.findFirstOrThrow({ where: { entryId, aspectId: judgement, judgeId: neutral.judgeId } })).value, 3);
  const round = await (await tablet.get(`/judge/rounds/${ctx.world.roundId}`)).text();
  assert.match(round, new RegExp(`class="code-tile progress-signed" href="[^"]+" data-testid="code-${code}"`));
});

judging('a locked round takes no marks and no signatures', async (ctx) => {
  const { neutral } = ctx.world.judges;
  const tablet = await signInJudge(ctx.target, ctx.world, neutral);
  const { code } = codeOf(ctx.world, 'b');
  await ctx.target.db.round.update({ where: { id: ctx.world.roundId }, data: { lockedAt: new Date() } });
  const results = await send(ctx, tablet, [{ key: newKey(), code, aspectId: ctx.world.aspects.judgement, mark: scored(2), baseVersion: 0 }]);
  assert.equal(results.map((r) => [r.status, r.message]), [['refused', 'This round is locked.']]);
  assert.is(await ctx.target.db.mark.count(), 0);
  const sheetUrl = `/judge/rounds/${ctx.world.roundId}/sheets/${code}`;
  const page = await (await tablet.get(sheetUrl)).text();
  assert.match(page, 'data-read-only="true"');
  assert.match(page, 'The chief judge has locked this round');
  const sign = await tablet.post(`${sheetUrl}/sign`, { pin: neutral.pin });
  assert.is(sign.status, 409);
  assert.match(await sign.text(), 'This round is locked.');
});

// ─── who may post marks at all ───────────────────────────────────────────────────────────

judging('only a signed-in judge may post marks: anonymous 401, organizer 403, as JSON', async (ctx) => {
  const body = { roundId: ctx.world.roundId, deviceId: 'x', marks: [{ key: newKey(), code: codeOf(ctx.world, 'b').code, aspectId: ctx.world.aspects.judgement, mark: scored(1), baseVersion: 0 }] };
  const anonymous = new TestClient(ctx.target, EN);
  await anonymous.get('/judge/login');
  const noSession = await postMarks(ctx.target, anonymous, body);
  assert.is(noSession.status, 401);
  assert.equal(await noSession.json(), { error: 'You are signed out. The waiting marks stay on this tablet: sign in again to send them.' });

  const organizer = new TestClient(ctx.target, EN);
  await organizer.get('/login');
  assert.is((await organizer.post('/login', { username: 'organizer', password: 'organizer-password' })).status, 303);
  await organizer.get('/');
  const forbidden = await postMarks(ctx.target, organizer, body);
  assert.is(forbidden.status, 403);
  assert.match(forbidden.headers.get('content-type') ?? '', 'application/json');

  // A session that has ended (revoked, expired) is a 401 too, so the tablet keeps its queue.
  const tablet = await signInJudge(ctx.target, ctx.world, ctx.world.judges.neutral);
  await ctx.target.db.session.deleteMany({ where: { accountId: ctx.world.judges.neutral.accountId } });
  assert.is((await postMarks(ctx.target, tablet, body)).status, 401);
  assert.is(await ctx.target.db.mark.count(), 0);
});

judging('CSRF: without the X-CSRF-Token header, or with a wrong one, nothing is saved', async (ctx) => {
  const tablet = await signInJudge(ctx.target, ctx.world, ctx.world.judges.neutral);
  const body = { roundId: ctx.world.roundId, deviceId: 'x', marks: [{ key: newKey(), code: codeOf(ctx.world, 'b').code, aspectId: ctx.world.aspects.judgement, mark: scored(1), baseVersion: 0 }] };
  assert.is((await postMarks(ctx.target, tablet, body, { csrf: null })).status, 403);
  assert.is((await postMarks(ctx.target, tablet, body, { csrf: 'x'.repeat(43) })).status, 403);
  assert.is(await ctx.target.db.mark.count(), 0);
  assert.is((await postMarks(ctx.target, tablet, body)).status, 200, 'the same request with the token passes');
  assert.is(await ctx.target.db.mark.count(), 1);
});

judging.run();

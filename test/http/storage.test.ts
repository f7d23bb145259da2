import Database from 'better-sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createApiToken } from '../../src/api/tokens.ts';
import { storageFailure } from '../../src/db/errors.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { sqliteOnly } from '../support/database.ts';
import { TestClient } from '../support/client.ts';
import { buildJudgingWorld, type JudgingWorld } from '../support/judging.ts';

/**
 * A database another process has locked, or a full disk: every write is answered "try again"
 * (503 with Retry-After, translated), the tablet's queue keeps its marks, and /healthz says the
 * write path fails. The app waits 50 ms for the lock here instead of 5 s.
 */

interface Context {
  target: TestApp;
  world: JudgingWorld;
  tablet: TestClient;
  token: string;
  /** A second connection, as another process would hold it. */
  other: Database.Database;
}

/** Another process holding the SQLite file's lock; PostgreSQL's failures are in the unit suite below. */
const storage = sqliteOnly(suite<Context>('storage that cannot take writes', {} as Context));
storage.before.each(async (ctx) => {
  ctx.target = await freshApp({ busyTimeoutMs: 50 });
  ctx.world = await buildJudgingWorld(ctx.target.db);
  const judge = ctx.world.judges.neutral;
  ctx.token = (await createApiToken(ctx.target.db, judge.accountId, 'scoring system')).token;
  ctx.tablet = new TestClient(ctx.target, { 'accept-language': 'en' });
  await ctx.tablet.get('/judge/login');
  const signIn = await ctx.tablet.post('/judge/login', { eventCode: ctx.world.eventCode, number: String(judge.number), pin: judge.pin });
  assert.is(signIn.status, 303);
  await ctx.tablet.get('/judge'); // the page carries the session's CSRF token
  ctx.other = new Database(ctx.target.config.databaseFile, { timeout: 0 });
});
storage.after.each(async (ctx) => {
  if (ctx.other.inTransaction) ctx.other.exec('ROLLBACK');
  ctx.other.close();
  await ctx.target.close();
});

let keySeq = 0;
const marks = (ctx: Context, value: number) => ({
  roundId: ctx.world.roundId,
  deviceId: 'tablet-1',
  marks: [{ key: `storage-${++keySeq}-${Math.random().toString(36).slice(2)}`, code: ctx.world.entries[0]!.code, aspectId: ctx.world.aspects.judgement, mark: { state: 'scored', value }, baseVersion: 0 }],
});

/** What static/judge.js sends. */
function postFromTablet(ctx: Context, body: unknown, language = 'en') {
  const cookie = [...ctx.tablet.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  return ctx.target.app.request('/judge/marks', {
    method: 'POST',
    headers: { 'accept-language': language, accept: 'application/json', 'content-type': 'application/json', cookie, 'x-csrf-token': ctx.tablet.csrfToken() },
    body: JSON.stringify(body),
  });
}

function postFromApi(ctx: Context, body: unknown, language = 'en') {
  return ctx.target.app.request('/api/v1/judge/marks', {
    method: 'POST',
    headers: { 'accept-language': language, authorization: `Bearer ${ctx.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const storedMarks = (ctx: Context) => ctx.other.prepare('SELECT COUNT(*) AS n FROM MarkChange').get() as { n: number };

/** Console noise from the expected failures stays out of the test output. */
async function quietly<T>(work: () => T | Promise<T>): Promise<T> {
  const original = console.error;
  console.error = () => {};
  try {
    return await work();
  } finally {
    console.error = original;
  }
}

storage('a database locked by another process: the tablet and the API get a translated 503 with Retry-After, and nothing is half-saved', async (ctx) => {
  ctx.other.exec('BEGIN IMMEDIATE');
  const tablet = await quietly(() => postFromTablet(ctx, marks(ctx, 2)));
  assert.is(tablet.status, 503, 'the tablet is told to try again, not 500');
  assert.is(tablet.headers.get('retry-after'), '5');
  const tabletBody = (await tablet.json()) as { error: string };
  assert.match(tabletBody.error, 'database is busy or its disk is full', 'in the judge\'s language');
  assert.match(tabletBody.error, 'try again in 5 seconds');

  const api = await quietly(() => postFromApi(ctx, marks(ctx, 2), 'zh-CN'));
  assert.is(api.status, 503);
  assert.is(api.headers.get('retry-after'), '5');
  const apiBody = (await api.json()) as { error: { status: number; message: string; problems: { code: string; message: string }[] } };
  assert.is(apiBody.error.status, 503);
  assert.is(apiBody.error.message, '服务器暂时无法保存，未做任何更改。请按 Retry-After 给出的秒数等待后重试。');
  assert.is(apiBody.error.problems[0]?.code, 'error.unavailable.body');
  assert.match(apiBody.error.problems[0]!.message, '5 秒后重试');

  ctx.other.exec('ROLLBACK');
  assert.is(storedMarks(ctx).n, 0, 'nothing was stored while locked');
  const body = marks(ctx, 2);
  const retried = await postFromTablet(ctx, body);
  assert.is(retried.status, 200, 'the same batch goes through once the lock is gone');
  const results = ((await retried.json()) as { results: { status: string }[] }).results;
  assert.is(results[0]?.status, 'saved');
  assert.is(storedMarks(ctx).n, 1);
});

storage('a locked database: a form post gets the translated "try again" page with Retry-After', async (ctx) => {
  ctx.other.exec('BEGIN IMMEDIATE');
  const judge = ctx.world.judges.neutral;
  // Signing in writes a session.
  const response = await quietly(() =>
    ctx.tablet.post('/judge/login', { eventCode: ctx.world.eventCode, number: String(judge.number), pin: judge.pin }, { 'accept-language': 'zh-CN' }),
  );
  assert.is(response.status, 503);
  assert.is(response.headers.get('retry-after'), '5');
  assert.match(response.headers.get('content-type') ?? '', 'text/html');
  const html = await response.text();
  assert.match(html, '请稍后重试');
  assert.match(html, '请在 5 秒后重试');
  assert.not.match(html, '参考编号', 'not the generic server error');
});

storage('/healthz reports a failing write path while the database is locked, and runs its probe at most once in a while', async (ctx) => {
  const fine = await ctx.target.app.request('/healthz');
  assert.is(fine.status, 200);
  const fineBody = (await fine.json()) as { status: string; writes: { status: string } };
  assert.is(fineBody.status, 'ok');
  assert.is(fineBody.writes.status, 'ok');

  // A flood of checks costs no further write: the probe's row is not written again.
  const written = ctx.other.prepare('SELECT checkedAt FROM HealthProbe WHERE id = 1').get();
  const changes = async () => Number(((await ctx.target.db.$queryRawUnsafe('SELECT total_changes() AS n')) as { n: bigint | number }[])[0]!.n);
  const before = await changes();
  await Promise.all(Array.from({ length: 50 }, () => ctx.target.app.request('/healthz')));
  assert.is(await changes(), before, 'fifty checks, no new write');
  assert.equal(ctx.other.prepare('SELECT checkedAt FROM HealthProbe WHERE id = 1').get(), written);

  const locked = await freshLockedHealth(ctx);
  assert.is(locked.status, 503);
  const body = (await locked.json()) as { status: string; database: { status: string }; writes: { status: string; code: string } };
  assert.is(body.status, 'error');
  assert.is(body.database.status, 'ok', 'reads still work');
  assert.is(body.writes.status, 'failing');
  assert.is(body.writes.code, 'SQLITE_BUSY');
});

/** The probe of the app under test ran a moment ago; a second app on the same file probes anew. */
async function freshLockedHealth(ctx: Context) {
  const { createApp } = await import('../../src/app.ts');
  const { openDatabase } = await import('../../src/db/client.ts');
  const db = await openDatabase(ctx.target.config.databaseFile, { busyTimeoutMs: 50 });
  try {
    ctx.other.exec('BEGIN IMMEDIATE');
    return await quietly(() => createApp({ db, config: ctx.target.config }).request('/healthz'));
  } finally {
    await db.$disconnect();
  }
}

storage('a full disk (max_page_count reached): marks get a 503 with Retry-After, and the tablet keeps them', async (ctx) => {
  const db = ctx.target.db;
  const [{ page_count: pages }] = (await db.$queryRawUnsafe('PRAGMA page_count')) as [{ page_count: bigint | number }];
  // The app's own connection may not grow the file by a single page any more.
  await db.$queryRawUnsafe(`PRAGMA max_page_count = ${Number(pages)}`);
  const slots = ctx.world.entries.flatMap((entry) => [ctx.world.aspects.judgement, ctx.world.aspects.deduction].map((aspectId) => ({ code: entry.code, aspectId })));
  const versions = new Map<string, number>();
  let refused: Response | null = null;
  let saved = 0;
  for (let attempt = 0; attempt < 400 && !refused; attempt++) {
    const slot = slots[attempt % slots.length]!;
    const id = `${slot.code}|${slot.aspectId}`;
    const baseVersion = versions.get(id) ?? 0;
    const response = await quietly(() =>
      postFromTablet(ctx, { roundId: ctx.world.roundId, deviceId: 'x'.repeat(100), marks: [{ key: `full-${attempt}-${'k'.repeat(80)}`, code: slot.code, aspectId: slot.aspectId, mark: { state: 'scored', value: baseVersion % 2 }, baseVersion }] }),
    );
    if (response.status === 200) {
      const [result] = ((await response.json()) as { results: { status: string; version: number }[] }).results;
      assert.is(result?.status, 'saved');
      versions.set(id, result!.version);
      saved += 1;
    } else {
      refused = response;
    }
  }
  assert.ok(refused, 'the file filled up');
  assert.ok(saved > 0, 'marks were saved until then');
  assert.is(refused!.status, 503, 'a full disk is "try again", not 500');
  assert.is(refused!.headers.get('retry-after'), '30');
  assert.match(((await refused!.json()) as { error: string }).error, 'disk is full');
  assert.is(storedMarks(ctx).n, saved, 'the refused mark left nothing behind');
});

storage('every commit is synced to disk (synchronous = FULL, WAL), so an acknowledged mark survives a power cut', async (ctx) => {
  const pragma = async (name: string) => Object.values(((await ctx.target.db.$queryRawUnsafe(`PRAGMA ${name}`)) as Record<string, unknown>[])[0]!)[0];
  assert.is(await pragma('journal_mode'), 'wal');
  assert.is(Number(await pragma('synchronous')), 2, '2 is FULL; NORMAL (1) may lose the last commits on a power cut');
});

storage.run();

const unit = suite('storageFailure: SQLite and PostgreSQL codes in Prisma errors');
unit('finds the code wherever Prisma puts it, and ignores everything else', () => {
  const wrapped = (originalCode: string) => ({ code: 'P2039', meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { originalCode, kind: 'sqlite' } } } });
  assert.equal(storageFailure(wrapped('SQLITE_BUSY')), { kind: 'busy', code: 'SQLITE_BUSY' });
  assert.equal(storageFailure(wrapped('SQLITE_LOCKED_SHAREDCACHE')), { kind: 'busy', code: 'SQLITE_LOCKED_SHAREDCACHE' });
  assert.equal(storageFailure(wrapped('SQLITE_FULL')), { kind: 'full', code: 'SQLITE_FULL' });
  assert.equal(storageFailure(wrapped('SQLITE_IOERR_WRITE')), { kind: 'io', code: 'SQLITE_IOERR_WRITE' });
  assert.equal(storageFailure(wrapped('UNKNOWN_SQLITE_ERROR_3338')), { kind: 'io', code: 'UNKNOWN_SQLITE_ERROR_3338' }, 'SQLITE_IOERR_FSYNC by number');
  assert.equal(storageFailure({ name: 'DriverAdapterError', cause: { originalCode: 'SQLITE_BUSY_SNAPSHOT' } }), { kind: 'busy', code: 'SQLITE_BUSY_SNAPSHOT' });
  assert.equal(storageFailure(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })), { kind: 'busy', code: 'SQLITE_BUSY' });
  assert.equal(storageFailure({ code: 'P2028', message: 'Unable to start a transaction in the given time.' }), { kind: 'busy', code: 'P2028' });
  assert.is(storageFailure(wrapped('SQLITE_CONSTRAINT_UNIQUE')), null);
  assert.is(storageFailure(wrapped('SQLITE_IOERRX')), null);
  assert.is(storageFailure(new Error('SQLITE_BUSY in a message is not a code')), null);
  assert.is(storageFailure(null), null);
  const loop: { cause?: unknown } = {};
  loop.cause = loop;
  assert.is(storageFailure(loop), null, 'a cause cycle ends');
});
unit('PostgreSQL: a lost server, a transaction it gave up, a full disk; not a broken rule', () => {
  const wrapped = (cause: Record<string, string>) => ({ code: 'P2010', meta: { driverAdapterError: { name: 'DriverAdapterError', cause } } });
  assert.equal(storageFailure(wrapped({ originalCode: '40001', kind: 'TransactionWriteConflict' })), { kind: 'busy', code: '40001' });
  assert.equal(storageFailure(wrapped({ originalCode: '57P01', kind: 'postgres' })), { kind: 'busy', code: '57P01' }, 'the server is shutting down');
  assert.equal(storageFailure(wrapped({ originalCode: '53300', kind: 'TooManyConnections' })), { kind: 'busy', code: '53300' });
  assert.equal(storageFailure(wrapped({ kind: 'DatabaseNotReachable' })), { kind: 'busy', code: 'DatabaseNotReachable' });
  assert.equal(storageFailure(wrapped({ originalCode: '53100', kind: 'postgres' })), { kind: 'full', code: '53100' });
  assert.equal(storageFailure({ code: 'P2034' }), { kind: 'busy', code: 'P2034' }, 'Prisma: a write conflict or deadlock');
  assert.equal(storageFailure({ code: 'P1001' }), { kind: 'busy', code: 'P1001' }, "Prisma: can't reach the server");
  assert.equal(storageFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })), { kind: 'busy', code: 'ECONNREFUSED' });
  assert.is(storageFailure(wrapped({ originalCode: '23505', kind: 'UniqueConstraintViolation' })), null);
  assert.is(storageFailure(wrapped({ originalCode: '23001', kind: 'RestrictViolation' })), null, "a trigger's refusal is no outage");
});
unit.run();

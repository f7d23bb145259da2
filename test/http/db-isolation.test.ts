import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freshApp, type TestApp } from '../support/app.ts';
import { sqliteOnly } from '../support/database.ts';

/**
 * The app has one SQLite connection. While one request's interactive transaction awaits (a mark
 * batch, an import chunk), another request's plain write or read must not run inside it: a
 * write that joined it would vanish when it rolls back, after its own request had been told
 * "saved", and a read would see rows that are then rolled back.
 */

/** The one SQLite connection and its turns; PostgreSQL gives each transaction a connection of the pool. */
const isolation = sqliteOnly(suite<{ target: TestApp }>('one connection, isolated requests', {} as { target: TestApp }));
isolation.before.each(async (ctx) => { ctx.target = await freshApp(); });
isolation.after.each(async (ctx) => { await ctx.target.close(); });

/** Lets the other request's promise run while this transaction is open. */
const turns = async (n: number) => { for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve)); };

isolation('a write made while another transaction is open survives that transaction rolling back', async ({ target }) => {
  const { db } = target;
  let outsideSaved = false;
  const outside = (async () => {
    await turns(1);
    await db.event.create({ data: { name: '外部写入 outside write' } });
    outsideSaved = true;
  })();
  const inside = db.$transaction(async (tx) => {
    await tx.event.create({ data: { name: '回滚 rolled back' } });
    await turns(10);
    throw new Error('refused batch');
  }).catch((error: Error) => error.message);

  assert.is(await inside, 'refused batch');
  await outside;
  assert.ok(outsideSaved);
  const names = (await db.event.findMany({ select: { name: true } })).map((e) => e.name);
  assert.equal(names, ['外部写入 outside write'], 'the outside write is kept, the rolled-back one is gone');
});

isolation('a read made while another transaction is open does not see its uncommitted rows', async ({ target }) => {
  const { db } = target;
  const seen = (async () => {
    await turns(1);
    return db.event.count();
  })();
  await db.$transaction(async (tx) => {
    await tx.event.create({ data: { name: '未提交 uncommitted' } });
    await turns(10);
    throw new Error('rolled back');
  }).catch(() => undefined);
  assert.is(await seen, 0);
  assert.is(await db.event.count(), 0);
});

isolation('plain writes still run side by side with no transaction open', async ({ target }) => {
  const { db } = target;
  await Promise.all(Array.from({ length: 20 }, (_, i) => db.event.create({ data: { name: `赛事 ${i}` } })));
  assert.is(await db.event.count(), 20);
});

isolation('a transaction that queries through the client instead of its own handle ends, and the connection goes on', async ({ target }) => {
  const { db } = target;
  const outcome = await db.$transaction(async (tx) => {
    await tx.event.create({ data: { name: '自锁 waits for itself' } });
    await db.event.count(); // waits for this very transaction: Prisma's timeout ends it
  }, { timeout: 300 }).then(() => 'committed', () => 'refused');
  assert.is(outcome, 'refused');
  assert.is(await db.event.count(), 0);
  await db.event.create({ data: { name: '之后 afterwards' } });
  assert.is(await db.event.count(), 1);
});

isolation.run();

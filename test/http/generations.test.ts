import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { native } from '../../src/db/native.ts';
import { freshApp } from '../support/app.ts';
import { sqliteOnly } from '../support/database.ts';

const account = (username: string) => ({ username, displayName: username, passwordHash: 'x', role: 'organizer' });

test('writes through Prisma change the key of their tables; reads do not', async () => {
  const { db, close } = await freshApp();
  try {
    const { generations } = native(db);
    const key = () => generations.key(['Account']);
    const other = () => generations.key(['Mark']);
    const start = key();
    const otherStart = other();
    await db.account.findMany();
    assert.is(key(), start);
    const created = await db.account.create({ data: account('a') });
    const afterCreate = key();
    assert.is.not(afterCreate, start);
    assert.is(other(), otherStart, 'an insert into Account leaves Mark alone');
    await db.account.updateMany({ where: { id: created.id }, data: { displayName: 'b' } });
    assert.is.not(key(), afterCreate);
    // A delete writes its table and what its foreign keys' actions reach, read from the schema.
    const sessions = () => generations.key(['Session']);
    const beforeSignOut = { mark: other(), account: key(), session: sessions() };
    await db.session.create({ data: { id: 'session-1', accountId: created.id, expiresAt: new Date(Date.now() + 60_000) } });
    const signedIn = sessions();
    await db.session.deleteMany({});
    assert.is.not(sessions(), signedIn);
    assert.is(other(), beforeSignOut.mark, 'signing out leaves every other cache alone');
    assert.is(key(), beforeSignOut.account);
    const beforeAccountDelete = sessions();
    await db.account.delete({ where: { id: created.id } });
    assert.is.not(sessions(), beforeAccountDelete, 'deleting an account deletes its sessions (ON DELETE CASCADE)');
    assert.is(other(), beforeSignOut.mark);
  } finally {
    await close();
  }
});

test('inside a transaction the key changes at commit, before the caller hears it; a rollback changes nothing', async () => {
  const { db, close } = await freshApp();
  try {
    const { generations } = native(db);
    const start = generations.key(['Account']);
    let during = '';
    await db.$transaction(async (tx) => {
      await tx.account.create({ data: account('c') });
      during = generations.key(['Account']);
    });
    assert.is(during, start, 'not committed yet: cached reads are still right');
    const committed = generations.key(['Account']);
    assert.is.not(committed, start);
    await db.$transaction(async (tx) => {
      await tx.account.create({ data: account('d') });
      throw new Error('undo');
    }).catch(() => undefined);
    assert.is(generations.key(['Account']), committed);
    assert.is(await db.account.count({ where: { username: 'd' } }), 0);
  } finally {
    await close();
  }
});

sqliteOnly(test)('inTurn runs raw work on the same connection, never inside an open Prisma transaction', async () => {
  const { db, close } = await freshApp();
  try {
    const connection = native(db);
    if (connection.dialect !== 'sqlite') throw new Error('a SQLite connection');
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const transaction = db.$transaction(async (tx) => {
      await tx.account.create({ data: account('e') });
      await held;
    });
    // Let the transaction begin and write (it then waits on `held`).
    await new Promise((resolve) => setTimeout(resolve, 50));
    const seen = connection.inTurn((sqlite) => ({
      inTransaction: sqlite.inTransaction,
      count: (connection.statement("SELECT count(*) AS n FROM Account WHERE username = 'e'").get() as { n: number }).n,
    }));
    release();
    await transaction;
    assert.equal(await seen, { inTransaction: false, count: 1 }, 'ran after the commit, outside the transaction');
    // With the turn free it runs at once, on the connection Prisma uses (the row is visible).
    assert.is(await connection.inTurn(() => (connection.statement('SELECT count(*) AS n FROM Account').get() as { n: number }).n), await db.account.count());
  } finally {
    await close();
  }
});

test.run();

import { test as everywhere } from 'uvu';
import * as assert from 'uvu/assert';
import pg from 'pg';
import { openDatabase } from '../../src/db/client.ts';
import { native } from '../../src/db/native.ts';
import { postgresqlNode } from '../../src/db/postgresql.ts';
import { notifierOf, type Change } from '../../src/live/notifier.ts';
import { freshPostgresql, postgresqlOnly } from '../support/database.ts';

/**
 * The connection a node listens on can be lost (a server restart, a failover, an idle connection
 * a firewall forgot). While it is down the node must not serve what it cached (another node's
 * writes go unheard), and once it listens again every open desk and big screen must redraw.
 */
const test = postgresqlOnly(everywhere);

const waitFor = async (what: string, ok: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

test('a node whose listener is cut off caches nothing meanwhile, hears again after it reconnects, and tells its screens', async () => {
  const database = await freshPostgresql();
  const a = await openDatabase(database.url);
  const b = await openDatabase(database.url);
  try {
    const generations = native(b).generations;
    const heard: Change[] = [];
    const unsubscribe = notifierOf(b).subscribe('round:1', (change) => heard.push(change));
    const key = () => generations.key(['Account']);
    assert.is(key(), key(), 'listening: keys repeat, caches serve');

    // The server ends the listening connection (as a restart or an administrator would).
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const { rowCount } = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [`${postgresqlNode(b)!.name} listener`]);
    await admin.end();
    assert.is(rowCount, 1, 'one listener per node');
    await waitFor('the node notices', () => key() !== key());

    // A write by the other node while nobody listens on B…
    await a.account.create({ data: { username: 'while-down', displayName: 'x', passwordHash: 'x', role: 'organizer' } });
    // …then B listens again (it retries after a second): caches serve again, the screens redraw.
    await waitFor('B listens again', () => key() === key());
    await waitFor('open screens are told to redraw', () => heard.some((change) => change.entryIds === undefined));
    const before = key();
    await a.account.create({ data: { username: 'after', displayName: 'x', passwordHash: 'x', role: 'organizer' } });
    await waitFor('a later write of the other node is heard', () => key() !== before);
    unsubscribe();
  } finally {
    await a.$disconnect();
    await b.$disconnect();
    await database.drop();
  }
});

test.run();

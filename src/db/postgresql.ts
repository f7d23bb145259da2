import { randomBytes } from 'node:crypto';
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type pg from 'pg';
import type { Db } from './client.ts';
import { Cascades, WriteGenerations, type ForeignKey } from './generations.ts';
import { registerNative, type PostgresqlConnection, type PostgresqlQueries } from './native.ts';
import { bound, recordingAdapter } from './recording.ts';
import { notifierOf, type Change, type Notifier } from '../live/notifier.ts';

/**
 * The channels every node listens on. jiangxin_wrote: a trigger on every table announces each
 * committed write as "<table> <application_name>" (prisma/migrations-postgresql, the init
 * migration). jiangxin_live: the live notifier's changes (src/live/notifier.ts), as JSON.
 */
export const WROTE_CHANNEL = 'jiangxin_wrote';
export const LIVE_CHANNEL = 'jiangxin_live';

/** How many connections one node keeps to the server at most, unless told (PG_POOL_SIZE, src/config.ts). */
const DEFAULT_POOL_SIZE = 10;

/**
 * A timestamp without time zone (Prisma's DateTime) holds UTC; pg would read it as local time.
 * count(*) and sums are bigint, which pg returns as text: numbers are what the callers expect.
 */
const typesOf = (driver: typeof pg): pg.CustomTypesConfig => ({
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === driver.types.builtins.TIMESTAMP) return (value: string) => new Date(`${value.replace(' ', 'T')}Z`);
    if (oid === driver.types.builtins.INT8) return (value: string) => Number(value);
    return driver.types.getTypeParser(oid, format);
  },
}) as pg.CustomTypesConfig;

/** Converts `?` placeholders to PostgreSQL's $1, $2… (the native SQL is written once for both). */
const numbered = new Map<string, string>();
function postgresqlText(sql: string): string {
  let text = numbered.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, text);
  }
  return text;
}

function queriesOn(client: pg.Pool | pg.PoolClient): PostgresqlQueries {
  const all = async <T>(sql: string, params: readonly unknown[]) => (await client.query({ text: postgresqlText(sql), values: [...params] })).rows as T[];
  return {
    all,
    get: async <T>(sql: string, params: readonly unknown[]) => (await all<T>(sql, params))[0],
    value: async <T>(sql: string, params: readonly unknown[]) => {
      const result = await client.query({ text: postgresqlText(sql), values: [...params], rowMode: 'array' });
      return (result.rows[0] as unknown[] | undefined)?.[0] as T | undefined;
    },
  };
}

async function inTransaction<T>(pool: pg.Pool, begin: string, run: (queries: PostgresqlQueries & { client: pg.PoolClient }) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const value = await run({ ...queriesOn(client), client });
    await client.query('COMMIT');
    return value;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackFailed: Error) => {
      broken = rollbackFailed;
    });
    throw error;
  } finally {
    // A client whose rollback failed is not handed out again.
    client.release(broken);
  }
}

/** The schema's foreign keys as generations.ts reads them, from PostgreSQL's catalog. */
async function cascadesOf(pool: pg.Pool): Promise<Cascades> {
  const action: Record<string, string> = { c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT', r: 'RESTRICT', a: 'NO ACTION' };
  const { rows } = await pool.query<{ child: string; from: string; parent: string; to: string; onUpdate: string; onDelete: string }>(`
    SELECT child.relname AS child, fa.attname AS "from", parent.relname AS parent, ta.attname AS "to",
           k.confupdtype AS "onUpdate", k.confdeltype AS "onDelete"
      FROM pg_constraint k
      JOIN pg_class child ON child.oid = k.conrelid
      JOIN pg_class parent ON parent.oid = k.confrelid
      JOIN LATERAL unnest(k.conkey, k.confkey) AS cols(fromNumber, toNumber) ON true
      JOIN pg_attribute fa ON fa.attrelid = k.conrelid AND fa.attnum = cols.fromNumber
      JOIN pg_attribute ta ON ta.attrelid = k.confrelid AND ta.attnum = cols.toNumber
     WHERE k.contype = 'f' AND child.relnamespace = current_schema()::regnamespace`);
  return new Cascades(rows.map((r): ForeignKey => ({ ...r, onUpdate: action[r.onUpdate] ?? r.onUpdate, onDelete: action[r.onDelete] ?? r.onDelete })));
}

/**
 * Text sorts as the database's collation says. SQLite compares bytes, and so do the lists the
 * app orders in the database (bibs, codes, names): with a language's collation (en_US, zh_CN)
 * they would come out in another order than on a venue's laptop. Said at start, not refused.
 */
async function warnOfCollation(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ collation: string }>('SELECT datcollate AS collation FROM pg_database WHERE datname = current_database()');
  const collation = rows[0]?.collation ?? '';
  if (!/^(C|POSIX|C\.UTF-?8)$/i.test(collation)) {
    console.warn(`The database sorts text by "${collation}", not byte by byte as SQLite does: lists may come out in another order. Create it with LOCALE 'C.UTF-8' (README: deployment).`);
  }
}

/** What another node's notifications mean here. */
export interface Listeners {
  /** A table another node wrote. */
  wrote(table: string): void;
  /** Listening again after a start or a lost connection: whatever was written meanwhile went unheard. */
  missed(): void;
  /** The connection is lost: until missed(), nothing another node writes is heard. */
  down(): void;
  /** A live change another node announced (the payload as sent). */
  live(payload: string): void;
}

/** How often the listening connection proves it is alive, and how long it may take to answer. */
const HEARTBEAT_MS = 15_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;

/**
 * One connection that LISTENs on both channels and passes on what other nodes announce; lost,
 * it reconnects after a second and reports that notifications may have been missed meanwhile.
 * A connection can die without a word (a NAT or a failover forgets it): TCP keep-alive and a
 * query every 15 s find out, and `down` reports the time in between, when nothing is heard.
 */
function listen(driver: typeof pg, config: pg.ClientConfig, node: string, listeners: Listeners): { ready: Promise<void>; stop(): Promise<void> } {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  const retryLater = () => {
    if (!stopped) retry = setTimeout(() => void connect().catch(() => {}), 1000);
  };
  const connect = async (): Promise<void> => {
    const next = new driver.Client({ ...config, application_name: `${node} listener`, keepAlive: true });
    next.on('notification', ({ channel, payload = '' }) => {
      if (channel === WROTE_CHANNEL) {
        const space = payload.indexOf(' ');
        if (payload.slice(space + 1) !== node) listeners.wrote(payload.slice(0, space));
      } else if (channel === LIVE_CHANNEL) listeners.live(payload);
    });
    // Once per client, whichever of its error, its end or a failed start comes first.
    const lost = () => {
      if (client !== next) return;
      client = null;
      clearInterval(heartbeat);
      listeners.down();
      void next.end().catch(() => {});
      retryLater();
    };
    next.on('error', lost);
    next.on('end', lost);
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${WROTE_CHANNEL}; LISTEN ${LIVE_CHANNEL}`);
    } catch (error) {
      lost();
      throw error;
    }
    heartbeat = setInterval(() => {
      const late = setTimeout(lost, HEARTBEAT_TIMEOUT_MS);
      next.query('SELECT 1').then(() => clearTimeout(late), () => { clearTimeout(late); lost(); });
    }, HEARTBEAT_MS);
    heartbeat.unref();
    // Whatever was written while nobody listened.
    listeners.missed();
  };
  return {
    ready: connect(),
    async stop() {
      stopped = true;
      clearTimeout(retry);
      clearInterval(heartbeat);
      const last = client;
      client = null;
      await last?.end().catch(() => {});
    },
  };
}

/** What openPostgresql() opened besides the client. */
export interface PostgresqlNode {
  /**
   * A small pool at READ COMMITTED for rate-limiter-flexible's counters (src/auth/login-throttle.ts):
   * its upsert is one atomic statement, which serializable isolation would make fail when two
   * guesses at one account arrive together.
   */
  counters: pg.Pool;
  /** application_name of this node's connections: how its own notifications are recognised. */
  name: string;
  /** DATABASE_URL, which every node has and no dump of the database holds (a key is derived from it: src/http/one-time.ts). */
  url: string;
  connection: PostgresqlConnection;
  /** Sends a live change to every node (this one hears it directly). */
  announce(payload: string): Promise<void>;
  /** Receives live changes from the other nodes; set by the notifier. */
  onLive: ((payload: string) => void) | null;
  /** Told when changes may have gone unheard (the listener was down); set by the notifier. */
  onMissed: (() => void) | null;
}

const nodes = new WeakMap<Db, PostgresqlNode>();
/** This client's node, when it talks to PostgreSQL. */
export const postgresqlNode = (db: Db): PostgresqlNode | undefined => nodes.get(db);

/**
 * Opens PostgreSQL at `url` through @prisma/adapter-pg on a pool shared with the native hot paths
 * (src/db/native.ts), and listens for what the other nodes write. The pool and the listener end
 * when the client disconnects. The drivers load only here: the SQLite default never loads them.
 */
export async function openPostgresql(url: string, options: { poolSize?: number } = {}): Promise<Db> {
  const { default: driver } = await import('pg');
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const { PrismaClient } = await import('./generated-pg/client.ts');
  const name = `jiangxin ${randomBytes(6).toString('hex')}`;
  const config: pg.PoolConfig = {
    connectionString: url,
    application_name: name,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    types: typesOf(driver),
    // A request waits this long for a connection, then is answered "try again" (src/db/errors.ts).
    connectionTimeoutMillis: 10_000,
    // What SQLite gives every transaction, and what the commands were written for: a read and
    // the write it decides are one step, on any node. Two that cannot be ordered: one is rolled
    // back with 40001, which the mark store runs again and other writes answer "try again" (503).
    options: '-c default_transaction_isolation=serializable',
  };
  const pool = new driver.Pool(config);
  const counters = new driver.Pool({ connectionString: url, application_name: `${name} counters`, max: 3, types: config.types });
  // An idle client that loses its server is dropped by the pool; its error must not end the process.
  pool.on('error', () => {});
  counters.on('error', () => {});
  const generations = new WriteGenerations();
  const node: PostgresqlNode = {
    name,
    url,
    counters,
    connection: {
      dialect: 'postgresql',
      pool,
      generations,
      ...queriesOn(pool),
      snapshot: (run) => inTransaction(pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', run),
      transaction: (run) => inTransaction(pool, 'BEGIN', run),
    },
    announce: async (payload) => {
      await pool.query('SELECT pg_notify($1, $2)', [LIVE_CHANNEL, payload]);
    },
    onLive: null,
    onMissed: null,
  };
  const listener = listen(driver, { connectionString: url }, name, {
    wrote: (table) => generations.wrote([table]),
    // Caches hold nothing while nobody listens; open screens redraw once it listens again.
    down: () => generations.unheard(true),
    missed: () => {
      generations.unheard(false);
      generations.wroteAll();
      node.onMissed?.();
    },
    live: (payload) => node.onLive?.(payload),
  });
  const release = async () => {
    await listener.stop();
    await pool.end();
    await counters.end();
  };
  try {
    await listener.ready;
    await warnOfCollation(pool);
    return await clientOn(pool, generations, node, release, PrismaPg, PrismaClient);
  } catch (error) {
    await release();
    throw error;
  }
}

/** The Prisma client over the pool, its writes recorded; disconnecting it ends the node's connections. */
async function clientOn(
  pool: pg.Pool, generations: WriteGenerations, node: PostgresqlNode, release: () => Promise<void>,
  PrismaPg: typeof import('@prisma/adapter-pg').PrismaPg, PrismaClient: typeof import('./generated-pg/client.ts').PrismaClient,
): Promise<Db> {
  const inner = new PrismaPg(pool);
  const factory: SqlDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = await recordingAdapter(await inner.connect(), generations, () => cascadesOf(pool));
      return new Proxy(adapter, {
        get(target, property) {
          if (property !== 'dispose') return bound(target, property);
          return async () => {
            await target.dispose();
            await release();
          };
        },
      });
    },
  };
  const db = new PrismaClient({ adapter: factory }) as unknown as Db;
  await db.$connect();
  registerNative(db, node.connection);
  nodes.set(db, node);
  relayLive(notifierOf(db), node);
  return db;
}

/** How many times an interactive transaction that could not be serialized runs before its error reaches the caller (503, "try again"). */
const TRANSACTION_ATTEMPTS = 4;

/** PostgreSQL rolled the transaction back so that the others stay serializable (40001, a deadlock 40P01): it may simply run again. */
export function notSerializable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue = [error];
  while (queue.length > 0) {
    const item = queue.shift() as { code?: unknown; originalCode?: unknown; kind?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } } | null;
    if (!item || typeof item !== 'object' || seen.has(item)) continue;
    seen.add(item);
    if (item.code === 'P2034' || item.kind === 'TransactionWriteConflict' || ['40001', '40P01'].includes(String(item.originalCode ?? item.code))) return true;
    queue.push(item.cause, item.meta?.driverAdapterError);
  }
  return false;
}

/**
 * An interactive transaction that runs again when PostgreSQL could not serialize it: what
 * SQLite, one writer at a time, never has to. Two taps on "sign" at once then both succeed, the
 * second finding the first's signature. Only for a callback that decides everything from what it
 * reads in the transaction and changes nothing outside it (run twice, it must not count twice);
 * any other transaction that collides answers 503 "try again" (src/db/errors.ts). On SQLite it is
 * db.$transaction itself.
 */
export async function retriedTransaction<T>(db: Db, run: (tx: Parameters<Parameters<Db['$transaction']>[0]>[0]) => Promise<T>): Promise<T> {
  if (!nodes.has(db)) return db.$transaction(run);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(run);
    } catch (error) {
      if (attempt >= TRANSACTION_ATTEMPTS || !notSerializable(error)) throw error;
      // A moment apart, so that the two that collided do not collide again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/** A NOTIFY payload must stay under 8,000 bytes: a change naming more entries than fit says "everything". */
const PAYLOAD_LIMIT = 7900;

/**
 * The live notifier across nodes: each change made here is sent on jiangxin_live as
 * {"o": node, "t": topic, "e": entry ids}; what another node sent reaches this node's listeners.
 * Sent after the write committed, on the connection that also brings the write's own
 * jiangxin_wrote: a desk refetching on the change finds this node's caches already told.
 */
function relayLive(notifier: Notifier, node: PostgresqlNode): void {
  let warned = false;
  // Every open desk and big screen redraws: what it missed cannot be told change by change.
  node.onMissed = () => {
    for (const topic of notifier.eventNames()) notifier.received(String(topic), {});
  };
  notifier.relay = (topic, change) => {
    let payload = JSON.stringify({ o: node.name, t: topic, e: change.entryIds });
    if (payload.length > PAYLOAD_LIMIT) payload = JSON.stringify({ o: node.name, t: topic });
    node.announce(payload).catch((error: unknown) => {
      // The change is this node's already; the others see the next one (or reconnect and redraw).
      if (!warned) console.error('Could not pass a live change on to the other nodes:', error);
      warned = true;
    });
  };
  node.onLive = (payload) => {
    try {
      const { o, t, e } = JSON.parse(payload) as { o: string; t: string; e?: number[] };
      if (o === node.name || typeof t !== 'string') return;
      const change: Change = Array.isArray(e) ? { entryIds: e.filter(Number.isSafeInteger) } : {};
      notifier.received(t, change);
    } catch {
      // Not ours: something else on the channel.
    }
  };
}

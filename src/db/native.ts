import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { Db } from './client.ts';
import type { WriteGenerations } from './generations.ts';
import type { SerializedBetterSqlite3 } from './serialized-adapter.ts';

/**
 * The driver under Prisma, for the few hot paths where Prisma's per-query cost is what the time
 * goes to (a mark write, loading a skill's marks, the guard's access check). Everything else
 * stays on Prisma. Two kinds, one per provider; a hot path asks which it has (`dialect`) and
 * runs the same SQL where the two agree: identifiers quoted ("Mark"."entryId"), `?` for values.
 */
export type NativeConnection = SqliteConnection | PostgresqlConnection;

/**
 * SQLite: the better-sqlite3 connection under Prisma, so WAL, synchronous = FULL and foreign
 * keys hold, and the same turn, so raw work never lands inside another request's open transaction.
 */
export interface SqliteConnection {
  dialect: 'sqlite';
  /**
   * Runs `run` synchronously when no Prisma transaction is open (at once if none is). Prisma's
   * adapter opens the driver with defaultSafeIntegers(true): integers come back as BigInt unless
   * the statement is made with statement() below.
   */
  inTurn<T>(run: (sqlite: Database.Database) => T): Promise<T>;
  /**
   * Runs `run` holding the turn until its promise settles: for work that awaits between
   * statements (only values already there, never I/O: everything else waits meanwhile).
   */
  exclusive<T>(run: (sqlite: Database.Database) => Promise<T>): Promise<T>;
  /**
   * A prepared statement, made once per connection and SQL text, that returns integers as numbers.
   * Use inside inTurn() or exclusive(). pluck() and raw() change it for every user of the same text.
   */
  statement(sql: string): Database.Statement;
  /** The database's write generations: a raw writer calls wrote(tables) after it commits. */
  generations: WriteGenerations;
}

/** Rows of one statement, as objects or (`rowMode: 'array'`) as arrays. */
export interface PostgresqlQueries {
  all<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
  get<T>(sql: string, params: readonly unknown[]): Promise<T | undefined>;
  /** The first column of the first row. */
  value<T>(sql: string, params: readonly unknown[]): Promise<T | undefined>;
}

/** PostgreSQL: the pool under Prisma (src/db/postgresql.ts). */
export interface PostgresqlConnection extends PostgresqlQueries {
  dialect: 'postgresql';
  pool: pg.Pool;
  generations: WriteGenerations;
  /** Several reads that see one snapshot (a REPEATABLE READ, READ ONLY transaction). */
  snapshot<T>(run: (queries: PostgresqlQueries & { client: pg.PoolClient }) => Promise<T>): Promise<T>;
  /** A writing transaction on one client of the pool; rolled back if `run` throws. */
  transaction<T>(run: (queries: PostgresqlQueries & { client: pg.PoolClient }) => Promise<T>): Promise<T>;
}

const connections = new WeakMap<Db, SerializedBetterSqlite3 | PostgresqlConnection>();
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function prepared(sqlite: Database.Database, sql: string): Database.Statement {
  let cache = statements.get(sqlite);
  if (!cache) statements.set(sqlite, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) {
    statement = sqlite.prepare(sql);
    if (statement.reader) statement.safeIntegers(false);
    cache.set(sql, statement);
  }
  return statement;
}

/** Called by openDatabase() once Prisma has connected. */
export function registerNative(db: Db, connection: SerializedBetterSqlite3 | PostgresqlConnection): void {
  connections.set(db, connection);
}

export function native(db: Db): NativeConnection {
  const adapter = connections.get(db);
  if (adapter && 'dialect' in adapter) return adapter;
  if (!adapter?.connection) throw new Error('native(): this client was not opened by openDatabase()');
  const { generations } = adapter;
  return {
    dialect: 'sqlite',
    generations,
    statement: (sql) => prepared(adapter.connection!.sqlite, sql),
    inTurn<T>(run: (sqlite: Database.Database) => T): Promise<T> {
      // Looked up at each call: a reconnect after $disconnect() opens a new driver connection.
      const connection = adapter.connection!;
      // better-sqlite3 is synchronous: with the turn free nothing can interleave with `run`.
      if (!connection.turn.isLocked()) {
        try {
          return Promise.resolve(run(connection.sqlite));
        } catch (error) {
          return Promise.reject(error);
        }
      }
      return connection.turn.runExclusive(() => run(adapter.connection!.sqlite));
    },
    exclusive: (run) => adapter.connection!.turn.runExclusive(() => run(adapter.connection!.sqlite)),
  };
}

/** Which database the client talks to. */
export const dialectOf = (db: Db): NativeConnection['dialect'] => native(db).dialect;

/**
 * A DateTime as a raw read returns it: a Date from PostgreSQL; from SQLite as Prisma wrote it
 * (ISO 8601 with an offset), as a column default wrote it (CURRENT_TIMESTAMP: "YYYY-MM-DD
 * HH:MM:SS", UTC) or as milliseconds. Read the way Prisma reads them.
 */
export function storedDate(value: Date | string | number | bigint): Date {
  if (value instanceof Date) return value;
  if (typeof value !== 'string') return new Date(Number(value));
  return new Date(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(value) && !/(Z|[+-]\d{2}:?\d{2})$/.test(value) ? `${value.replace(' ', 'T')}Z` : value);
}

import type Database from 'better-sqlite3';
import type { Db } from './client.ts';
import type { WriteGenerations } from './generations.ts';
import type { SerializedBetterSqlite3 } from './serialized-adapter.ts';

/**
 * The better-sqlite3 connection under Prisma, for the few hot paths where Prisma's per-query
 * cost is what the time goes to (a mark write, loading a skill's marks): the same connection, so
 * WAL, synchronous = FULL and foreign keys hold, and the same turn, so raw work never lands
 * inside another request's open transaction. Everything else stays on Prisma.
 */
export interface NativeConnection {
  /**
   * Runs `run` synchronously when no Prisma transaction is open (at once if none is). Prisma's
   * adapter opens the driver with defaultSafeIntegers(true): integers come back as BigInt unless
   * the statement is made with statement() below.
   */
  inTurn<T>(run: (sqlite: Database.Database) => T): Promise<T>;
  /** A prepared statement, made once per connection and SQL text, that returns integers as numbers. Use inside inTurn(). */
  statement(sql: string): Database.Statement;
  /** The database's write generations: a raw writer calls wrote(tables) after it commits. */
  generations: WriteGenerations;
}

const connections = new WeakMap<Db, SerializedBetterSqlite3>();
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
export function registerNative(db: Db, adapter: SerializedBetterSqlite3): void {
  connections.set(db, adapter);
}

export function native(db: Db): NativeConnection {
  const adapter = connections.get(db);
  if (!adapter?.connection) throw new Error('native(): this client was not opened by openDatabase()');
  const { generations } = adapter;
  return {
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
  };
}

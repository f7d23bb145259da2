// Offline access to Prisma's schema engine (the part of Prisma Migrate that diffs schemas and
// applies migrations). The Prisma CLI wants to download a native engine binary, which this
// project cannot do, so we drive the WebAssembly build (@prisma/schema-engine-wasm) directly,
// talking to SQLite through the better-sqlite3 driver adapter, or to PostgreSQL through pg's.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { PrismaPg } from '@prisma/adapter-pg';
import { isPostgresqlUrl } from './location.ts';
// Not a direct dependency: it is installed (hoisted) as a dependency of the adapter above,
// which is the only place the migration-aware binding helper is exported from.
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorRegistry,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
// The package's main entry does `import * as wasm from "./schema_engine_bg.wasm"`, which
// Node 20 rejects, so we import the JS glue only and instantiate the .wasm file ourselves.
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm/schema_engine_bg';

export type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';

/** No externally managed tables/enums: the engine owns the whole database. */
export const NO_SCHEMA_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

export interface SchemaEngineOptions {
  /** Prisma schema files handed to the engine at construction, as [path, content] pairs. */
  datamodels?: Array<[path: string, content: string]>;
  /**
   * Receives every log line from the engine (JSON text with a `level` field).
   * Default: ERROR lines go to stderr, everything else is dropped, so callers stay quiet.
   */
  log?: (line: string) => void;
}

let wasmReady: Promise<void> | undefined;

/**
 * Compiles and starts the wasm module once per process (~30 ms for the 5 MB module);
 * later calls reuse it. Each engine created afterwards is cheap.
 */
function loadSchemaEngineWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(join(dirname(gluePath), 'schema_engine_bg.wasm'));
    // The wasm module imports its host functions from the glue module under this name.
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  // Allow a retry if loading failed (e.g. a transient read error) instead of caching the failure.
  wasmReady.catch(() => {
    wasmReady = undefined;
  });
  return wasmReady;
}

function defaultLog(line: string): void {
  try {
    const entry = JSON.parse(line) as { level?: string };
    if (entry.level === 'ERROR') console.error(`[schema-engine] ${line}`);
  } catch {
    console.error(`[schema-engine] ${line}`);
  }
}

/** Accepts `file:./x.db`, `./x.db`, `/abs/x.db` or `:memory:`; returns what better-sqlite3 opens. */
export function sqlitePathFrom(databaseUrlOrFile: string): string {
  const path = databaseUrlOrFile.replace(/^file:/, '');
  return path === ':memory:' ? path : resolve(path);
}

/**
 * Wraps the adapter factory so we know every connection the engine opened (the main database,
 * plus an in-memory shadow database for commands that use one) and can close them afterwards:
 * freeing the engine does not dispose its adapters (checked with 7.10.0), and an open handle
 * would keep the DB file open (and possibly locked) for the rest of the process.
 */
function trackingFactory(inner: SqlMigrationAwareDriverAdapterFactory): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  disposeAll: () => Promise<void>;
} {
  const opened: SqlDriverAdapter[] = [];
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      opened.push(adapter);
      return adapter;
    },
    async connectToShadowDb() {
      const adapter = await inner.connectToShadowDb();
      opened.push(adapter);
      return adapter;
    },
  };
  const disposeAll = async (): Promise<void> => {
    for (const adapter of opened.splice(0)) {
      // Already closed or never fully opened: nothing left to release.
      await adapter.dispose().catch(() => {});
    }
  };
  return { factory, disposeAll };
}

/**
 * @prisma/adapter-pg runs a script as the pieces between its semicolons (7.10.0), which cuts a
 * function's body ($$ … $$) apart. PostgreSQL takes a whole script as one simple query, run as
 * one implicit transaction: a migration applies entirely or not at all.
 */
function wholeScripts(inner: PrismaPg): SqlMigrationAwareDriverAdapterFactory {
  const whole = async (adapter: Awaited<ReturnType<PrismaPg['connect']>>) => {
    adapter.executeScript = async (script: string) => {
      await adapter.underlyingDriver().query(script);
    };
    return adapter;
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => whole(await inner.connect()),
    connectToShadowDb: async () => whole(await inner.connectToShadowDb()),
  };
}

/**
 * JS exceptions thrown inside the adapter (as opposed to SQLite errors it classifies) reach the
 * engine only as a number, and its message then says just "External error id#3". Put the
 * original message next to it so failures are understandable.
 */
function withExternalErrors(error: unknown, registry: ErrorRegistry): unknown {
  if (!(error instanceof Error)) return error;
  error.message = error.message.replace(/External error id#(\d+)/g, (text, id: string) => {
    const cause = registry.consumeError(Number(id))?.error;
    return cause === undefined ? text : `${text}: ${cause instanceof Error ? cause.message : String(cause)}`;
  });
  return error;
}

/**
 * Prefixes an engine error's message with what we were doing. Mutates and returns the original
 * error rather than wrapping it, so its class and Prisma error `code` (e.g. P3009, "failed
 * migrations in the target database") stay available to callers.
 */
export function withContext(error: unknown, context: string): unknown {
  if (error instanceof Error) {
    error.message = `${context}: ${error.message}`;
    return error;
  }
  return new Error(`${context}: ${String(error)}`);
}

/**
 * Opens a schema engine on the given database: a `postgresql://` URL, else a SQLite file (created on first connection if missing),
 * runs `fn`, then frees the engine and closes its connections, also when `fn` throws.
 * The engine's own errors are thrown as JS `Error`s whose message explains the problem.
 */
export async function withSchemaEngine<T>(
  databaseUrlOrFile: string,
  fn: (engine: SchemaEngine) => Promise<T>,
  options: SchemaEngineOptions = {},
): Promise<T> {
  await loadSchemaEngineWasm();
  const { factory, disposeAll } = trackingFactory(
    isPostgresqlUrl(databaseUrlOrFile)
      ? wholeScripts(new (await import('@prisma/adapter-pg')).PrismaPg({ connectionString: databaseUrlOrFile }))
      : new PrismaBetterSqlite3({ url: sqlitePathFrom(databaseUrlOrFile) }),
  );
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  let engine: SchemaEngine | undefined;
  try {
    engine = await glue.SchemaEngine.new({ datamodels: options.datamodels }, options.log ?? defaultLog, bound);
    return await fn(engine);
  } catch (error) {
    throw withExternalErrors(error, bound.errorRegistry);
  } finally {
    engine?.free();
    await disposeAll();
  }
}

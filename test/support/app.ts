import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app.ts';
import { backupsOf } from '../../src/backups/index.ts';
import { limiterFactoryFor, LoginThrottle, type ThrottleLimits } from '../../src/auth/login-throttle.ts';
import { loadConfig, type AppConfig } from '../../src/config.ts';
import { openDatabase, type Db } from '../../src/db/client.ts';
import { applyPendingMigrations } from '../../src/db/migrate.ts';
import { StreamSlots, type StreamLimits } from '../../src/live/stream-slots.ts';
import { freshPostgresql, usingPostgresql } from './database.ts';

/** Migrating once per process and copying the file keeps each test's fresh database cheap. */
let template: Promise<string> | undefined;
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jiangxin-template-'));
    const file = path.join(dir, 'template.db');
    await applyPendingMigrations(file);
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return file;
  })();
  return template;
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: Db;
  config: AppConfig;
  dataDir: string;
  close(): Promise<void>;
}

/** A fresh app on its own temporary database (migrations applied), for one test: a SQLite file, or a PostgreSQL database (test/support/database.ts). */
export async function freshApp(
  options: {
    throttle?: Partial<ThrottleLimits>; busyTimeoutMs?: number; config?: Partial<AppConfig>; streams?: StreamLimits;
    /** A SQLite file even when the suite runs on PostgreSQL: a venue laptop beside the platform. */
    sqlite?: boolean;
  } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jiangxin-test-'));
  const postgresql = usingPostgresql && !options.sqlite ? await freshPostgresql() : null;
  const config = { ...loadConfig({ DATA_DIR: dataDir, PORT: '0', ...(postgresql ? { DATABASE_URL: postgresql.url } : {}) }), ...options.config };
  if (!postgresql) copyFileSync(await migratedTemplate(), config.databaseFile);
  const db = await openDatabase(config.database, { busyTimeoutMs: options.busyTimeoutMs });
  const loginThrottle = new LoginThrottle(
    {
      windowMs: 15 * 60 * 1000,
      maxFailuresPerAccount: 5,
      maxFailuresPerAddress: 50,
      maxFailuresPerAccountEverywhere: 20,
      ...options.throttle,
    },
    limiterFactoryFor(db),
  );
  const app = createApp({ db, config, loginThrottle, streams: new StreamSlots(options.streams) });
  return {
    app,
    db,
    config,
    dataDir,
    async close() {
      // A lock's or publication's snapshot is written after its answer: not into a removed folder.
      await backupsOf(db)?.settled();
      await db.$disconnect();
      await postgresql?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

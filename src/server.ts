import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { backupsOf, startPeriodicSnapshots } from './backups/index.ts';
import { purgeExpiredSessions } from './auth/sessions.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { lockDataDir } from './db/data-lock.ts';
import { applyPendingMigrations } from './db/migrate.ts';
import { discardUnfinishedImports } from './registration/commands.ts';

const config = loadConfig();
// Before anything touches the database: a second server on this folder stops here.
const lock = lockDataDir(config.dataDir);
if (!lock.ok) {
  console.error(lock.message);
  process.exit(1);
}
const applied = await applyPendingMigrations(config.databaseFile);
if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
const db = await openDatabase(config.databaseFile);
await purgeExpiredSessions(db);
// A leftover that can no longer be removed (something refers to it) must not keep the server down.
const discarded = await discardUnfinishedImports(db).catch((error: unknown) => {
  console.error('Could not remove the rows of a registration import that a stop cut short; they stay marked with their batch', error);
  return 0;
});
if (discarded > 0) console.log(`Removed ${discarded} entries of a registration import that a stop cut short`);

const app = createApp({ db, config });
startPeriodicSnapshots(backupsOf(db)!, config.backupIntervalMinutes);

const server = serve({ fetch: app.fetch, port: config.port }, async (info) => {
  console.log(`Jiangxin is running at http://localhost:${info.port} (data: ${config.dataDir})`);
  if ((await db.account.count()) === 0) {
    console.log(`First run: open http://localhost:${info.port}/setup on this machine, or type this setup code`);
    console.log(`from another computer (首次设置码，在其他电脑上设置时需要): ${config.setupCode}`);
  }
});

// Close the HTTP server first so no request is cut mid-write, then finish the snapshots a lock
// or publication asked for (within the 5 s), then the database.
function shutdown(signal: string) {
  console.log(`${signal} received, shutting down`);
  server.close(async () => {
    await backupsOf(db)?.settled();
    await db.$disconnect();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));

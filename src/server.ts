import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createSecureContext } from 'node:tls';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { backupsOf, startPeriodicSnapshots } from './backups/index.ts';
import { purgeExpiredSessions } from './auth/sessions.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { lockDataDir } from './db/data-lock.ts';
import { isPostgresqlUrl } from './db/location.ts';
import { applyPendingMigrations } from './db/migrate.ts';
import { discardUnfinishedImports } from './registration/commands.ts';

const config = loadConfig();
// HTTPS when a certificate is configured (README: "HTTPS at the venue"), else plain HTTP. Read
// first: a missing file or a key that is not the certificate's stops the start with a message.
const tls = config.tls && readTls(config.tls);
function readTls(files: { certFile: string; keyFile: string }) {
  try {
    const serverOptions = { cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) };
    createSecureContext(serverOptions);
    return { createServer: createHttpsServer, serverOptions };
  } catch (error) {
    console.error(`TLS_CERT_FILE (${files.certFile}) and TLS_KEY_FILE (${files.keyFile}) must be a PEM certificate and its key: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
// Before anything touches the embedded database: a second server on this folder stops here. On
// PostgreSQL any number of servers (nodes) share the database; nothing of theirs is in DATA_DIR.
const postgresql = isPostgresqlUrl(config.database);
const lock = postgresql ? null : lockDataDir(config.dataDir);
if (lock && !lock.ok) {
  console.error(lock.message);
  process.exit(1);
}
const applied = await applyPendingMigrations(config.database);
if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
const db = await openDatabase(config.database, { poolSize: config.postgresqlPoolSize });
await purgeExpiredSessions(db);
// A leftover that can no longer be removed (something refers to it) must not keep the server down.
const IMPORT_GRACE_MS = 60 * 60_000;
const discarded = await discardUnfinishedImports(db, postgresql ? new Date(Date.now() - IMPORT_GRACE_MS) : undefined).catch((error: unknown) => {
  console.error('Could not remove the rows of a registration import that a stop cut short; they stay marked with their batch', error);
  return 0;
});
if (discarded > 0) console.log(`Removed ${discarded} entries of a registration import that a stop cut short`);

const app = createApp({ db, config });
// PostgreSQL's backups are the database server's (README: deployment).
const backups = backupsOf(db);
if (backups) startPeriodicSnapshots(backups, config.backupIntervalMinutes);

const scheme = tls ? 'https' : 'http';
const server = serve({ fetch: app.fetch, port: config.port, ...tls }, async (info) => {
  console.log(`Jiangxin is running at ${scheme}://localhost:${info.port} (data: ${postgresql ? 'PostgreSQL' : config.dataDir})`);
  if ((await db.account.count()) === 0) {
    console.log(`First run: open ${scheme}://localhost:${info.port}/setup on this machine, or type this setup code`);
    console.log(`from another computer (首次设置码，在其他电脑上设置时需要): ${config.setupCode}`);
  }
});

// Stop taking requests and let those under way finish; live streams (desks, the big screen)
// never end by themselves, so after a moment every connection still open is closed (the pages
// reconnect to the next server). Meanwhile the snapshots a lock or publication asked for are
// finished, then the database is closed. At most 5 s in all.
const STREAMS_GRACE_MS = 1000;
function shutdown(signal: string) {
  console.log(`${signal} received, shutting down`);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // serve() starts a node:http or node:https server (both have closeAllConnections; no HTTP/2).
  setTimeout(() => (server as import('node:http').Server).closeAllConnections(), STREAMS_GRACE_MS).unref();
  void Promise.all([closed, backupsOf(db)?.settled()]).then(async () => {
    await db.$disconnect();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));

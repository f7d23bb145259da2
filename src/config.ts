import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RETENTION, type RetentionPolicy } from './domain/backups.ts';
import { newSetupCode } from './auth/setup-code.ts';
import { hashCost } from './auth/password.ts';
import { isPostgresqlUrl } from './db/location.ts';

/** Repository root, resolved from this file so the app works from any working directory. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface AppConfig {
  port: number;
  dataDir: string;
  /** The embedded SQLite file (DATA_DIR/jiangxin.db): the database unless DATABASE_URL names PostgreSQL. */
  databaseFile: string;
  /**
   * Where the data lives: DATABASE_URL (postgresql://user:password@host:5432/name) when set, else
   * databaseFile. What openDatabase() and applyPendingMigrations() take.
   */
  database: string;
  /** With PostgreSQL: connections each node keeps at most (PG_POOL_SIZE, 1–200). */
  postgresqlPoolSize: number;
  /** Mark cookies Secure; on by default in production (behind HTTPS) and when the app serves HTTPS itself. */
  secureCookies: boolean;
  /**
   * HTTPS served by the app itself (TLS_CERT_FILE and TLS_KEY_FILE, PEM): on a venue's own network
   * the tablets then get a secure context, which a service worker and the camera need. Null: plain HTTP.
   */
  tls: { certFile: string; keyFile: string } | null;
  /**
   * The reverse proxies in front of the app (TRUSTED_PROXIES, comma-separated addresses): from
   * them, the client is the address they name in X-Forwarded-For (src/http/client-address.ts).
   */
  trustedProxies: string[];
  /** How long an organizer's session lives without activity. */
  sessionTtlMs: number;
  /** Minutes between snapshots while a round is being marked (0: none); see src/backups. */
  backupIntervalMinutes: number;
  backupRetention: RetentionPolicy;
  /** New at every start; printed on the console while no account exists (src/auth/setup-code.ts). */
  setupCode: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dataDir = path.resolve(env.DATA_DIR ?? path.join(repoRoot, 'data'));
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  }
  const whole = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0, got "${env[name]}"`);
    return value;
  };
  // Read by the hashing itself; checked here so that a wrong value stops the start, not a sign-in.
  hashCost(env);
  if (Boolean(env.TLS_CERT_FILE) !== Boolean(env.TLS_KEY_FILE)) {
    throw new Error('TLS_CERT_FILE and TLS_KEY_FILE go together: give both (PEM files) to serve HTTPS, or neither for plain HTTP');
  }
  const trustedProxies = (env.TRUSTED_PROXIES ?? '').split(',').map((a) => a.trim()).filter(Boolean);
  const notAddress = trustedProxies.find((a) => isIP(a) === 0);
  if (notAddress !== undefined) throw new Error(`TRUSTED_PROXIES must list IP addresses, comma-separated (the reverse proxies in front of the app), got "${notAddress}"`);
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  const poolSize = whole('PG_POOL_SIZE', 10);
  if (poolSize < 1 || poolSize > 200) throw new Error(`PG_POOL_SIZE must be between 1 and 200 connections, got "${env.PG_POOL_SIZE}"`);
  if (databaseUrl !== null && !isPostgresqlUrl(databaseUrl)) {
    throw new Error('DATABASE_URL must be a PostgreSQL URL (postgresql://user:password@host:5432/name); leave it unset for the embedded SQLite file in DATA_DIR');
  }
  const tls = env.TLS_CERT_FILE && env.TLS_KEY_FILE ? { certFile: path.resolve(env.TLS_CERT_FILE), keyFile: path.resolve(env.TLS_KEY_FILE) } : null;
  return {
    port,
    dataDir,
    databaseFile: path.join(dataDir, 'jiangxin.db'),
    database: databaseUrl ?? path.join(dataDir, 'jiangxin.db'),
    postgresqlPoolSize: poolSize,
    secureCookies: env.COOKIE_SECURE ? env.COOKIE_SECURE === 'true' : env.NODE_ENV === 'production' || tls !== null,
    tls,
    trustedProxies,
    sessionTtlMs: 12 * 60 * 60 * 1000,
    backupIntervalMinutes: whole('BACKUP_INTERVAL_MINUTES', 10),
    backupRetention: {
      keepAllHours: whole('BACKUP_KEEP_ALL_HOURS', DEFAULT_RETENTION.keepAllHours),
      keepDailyDays: whole('BACKUP_KEEP_DAILY_DAYS', DEFAULT_RETENTION.keepDailyDays),
    },
    setupCode: newSetupCode(),
  };
}

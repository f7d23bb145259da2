import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, resolved from this file so the app works from any working directory. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface AppConfig {
  port: number;
  dataDir: string;
  databaseFile: string;
  /** Mark cookies Secure; on by default in production, where the app sits behind HTTPS. */
  secureCookies: boolean;
  /** How long an organizer's session lives without activity. */
  sessionTtlMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dataDir = path.resolve(env.DATA_DIR ?? path.join(repoRoot, 'data'));
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  }
  return {
    port,
    dataDir,
    databaseFile: path.join(dataDir, 'jiangxin.db'),
    secureCookies: env.COOKIE_SECURE ? env.COOKIE_SECURE === 'true' : env.NODE_ENV === 'production',
    sessionTtlMs: 12 * 60 * 60 * 1000,
  };
}

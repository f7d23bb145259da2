import { Hono } from 'hono';
import { anyone } from '../auth/guards.ts';
import type { AppEnv } from '../http/env.ts';
import { checkWrites } from './probe.ts';

export const healthRoutes = new Hono<AppEnv>();

/**
 * For monitoring at the venue: 200 when the database answers and takes writes, 503 otherwise
 * (a locked database or a full disk still answers reads, but every mark would fail).
 */
healthRoutes.get('/healthz', anyone, async (c) => {
  const started = performance.now();
  try {
    await c.get('db').$queryRawUnsafe('SELECT 1');
  } catch (error) {
    console.error('healthz: database check failed', error);
    return c.json({ status: 'error', database: { status: 'unavailable' } }, 503);
  }
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;
  const writes = await checkWrites(c.get('db'));
  const ok = writes.status === 'ok';
  return c.json({ status: ok ? 'ok' : 'error', database: { status: 'ok', latencyMs }, writes }, ok ? 200 : 503);
});

import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';

export const healthRoutes = new Hono<AppEnv>();

/** For monitoring at the venue: 200 when the database answers, 503 otherwise. */
healthRoutes.get('/healthz', async (c) => {
  const started = performance.now();
  try {
    await c.var.db.$queryRawUnsafe('SELECT 1');
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    return c.json({ status: 'ok', database: { status: 'ok', latencyMs } });
  } catch (error) {
    console.error('healthz: database check failed', error);
    return c.json({ status: 'error', database: { status: 'unavailable' } }, 503);
  }
});

/**
 * The baseline server: a minimal Hono route on @hono/node-server, started as its own process like
 * the app (PORT from the environment), with /healthz so the bench waits for it the same way.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/', (c) => c.text('Hello Hono!'));
app.get('/healthz', (c) => c.json({ ok: true }));
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) });

import { createRequire } from 'node:module';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { anyone } from '../auth/guards.ts';
import { repoRoot } from '../config.ts';

// htmx and ECharts come from the installed npm packages, never a CDN: venues often have no internet.
const htmxDist = path.dirname(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'));
/** ECharts' common build (bar, line, pie…): the charts of the annual figures. */
const echartsFile = createRequire(import.meta.url).resolve('echarts/dist/echarts.common.min.js');

/** Assets: ours from static/, vendor files from node_modules. No session or database work. */
export const staticRoutes = new Hono();

staticRoutes.use('/static/vendor/*', async (c, next) => {
  await next();
  c.header('Cache-Control', 'public, max-age=86400');
});
staticRoutes.get(
  '/static/vendor/htmx.min.js',
  anyone,
  serveStatic({ path: path.join(htmxDist, 'htmx.min.js') }),
);
staticRoutes.get(
  '/static/vendor/echarts.min.js',
  anyone,
  serveStatic({ path: echartsFile }),
);
staticRoutes.get(
  '/static/vendor/ext/:file{[\\w.-]+\\.js}',
  anyone,
  serveStatic({ root: path.join(htmxDist, 'ext'), rewriteRequestPath: (p) => p.replace('/static/vendor/ext', '') }),
);
staticRoutes.get(
  '/static/*',
  anyone,
  serveStatic({ root: path.join(repoRoot, 'static'), rewriteRequestPath: (p) => p.replace(/^\/static/, '') }),
);

/**
 * The tablet's service worker (static/judge-sw.js) lives under /judge/ so that its scope is the
 * judge's pages; no-cache, so a new version is picked up at the next load.
 */
staticRoutes.get(
  '/judge/sw.js',
  anyone,
  async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-cache');
  },
  serveStatic({ path: path.join(repoRoot, 'static', 'judge-sw.js') }),
);

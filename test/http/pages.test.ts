import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createApp } from '../../src/app.ts';
import type { Db } from '../../src/db/client.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';

const pages = suite('pages', { target: undefined as unknown as TestApp });
pages.before.each(async (ctx) => { ctx.target = await freshApp(); });
pages.after.each(async (ctx) => { await ctx.target.close(); });

const htmlLang = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];

pages('the language follows Accept-Language, with Chinese as the fallback', async ({ target }) => {
  const cases: [string | undefined, string, string][] = [
    ['en-US,en;q=0.9', 'en', 'Welcome to Jiangxin'],
    ['zh-CN,zh;q=0.9', 'zh-CN', '欢迎使用匠心'],
    ['zh-TW', 'zh-CN', '欢迎使用匠心'],
    ['fr-FR', 'zh-CN', '欢迎使用匠心'],
    [undefined, 'zh-CN', '欢迎使用匠心'],
  ];
  for (const [header, lang, heading] of cases) {
    const response = await target.app.request('/setup', { headers: header ? { 'accept-language': header } : {} });
    const html = await response.text();
    assert.is(htmlLang(html), lang, String(header));
    assert.match(html, heading, String(header));
    assert.is(response.headers.get('content-language'), lang);
  }
});

pages('choosing a language is remembered over the browser\'s preference', async ({ target }) => {
  const client = new TestClient(target, { 'accept-language': 'zh-CN' });
  const page = await client.get('/setup');
  assert.match(await page.text(), 'href="/setup?lang=en"');
  const switched = await client.get('/setup?lang=en');
  assert.is(switched.status, 303);
  assert.is(switched.headers.get('location'), '/setup', 'the URL is cleaned after the choice');
  assert.is(client.cookies.get('lang'), 'en');
  const after = await client.get('/setup');
  assert.is(htmlLang(await after.text()), 'en');

  await client.get('/setup?lang=zh-CN');
  assert.is(htmlLang(await (await client.get('/setup')).text()), 'zh-CN');

  const bogus = await client.get('/setup?lang=xx');
  assert.is(bogus.status, 303);
  assert.is(client.cookies.get('lang'), 'zh-CN', 'an unknown language changes nothing');
});

pages('the language switch never links or redirects off-site, whatever the path', async ({ target }) => {
  const client = new TestClient(target, { 'accept-language': 'zh-CN' });
  for (const path of ['//evil.example/x', '/\\evil.example/x', '/%2F%2Fevil.example/x']) {
    const notFound = await client.get(path);
    assert.is(notFound.status, 404, path);
    const html = await notFound.text();
    assert.not.match(html, 'evil.example', path);
    assert.match(html, /href="\/\?lang=(en|zh-CN)"/, `${path}: the switch goes home instead`);
    const switched = await client.get(`${path}?lang=en`);
    assert.is(switched.status, 303, path);
    assert.is(switched.headers.get('location'), '/', path);
  }
});

pages('an unknown page gets a translated 404', async ({ target }) => {
  const en = await target.app.request('/no/such/page', { headers: { 'accept-language': 'en' } });
  assert.is(en.status, 404);
  assert.match(await en.text(), 'Page not found');
  const zh = await target.app.request('/no/such/page', { headers: { 'accept-language': 'zh-CN' } });
  assert.is(zh.status, 404);
  assert.match(await zh.text(), '页面不存在');
});

pages('a server error shows a translated page with a reference, never the stack', async ({ target }) => {
  target.app.get('/explode', () => {
    throw new Error('secret internals at /home/app/src/db.ts:42');
  });
  const original = console.error;
  const logged: unknown[][] = [];
  console.error = (...args: unknown[]) => logged.push(args);
  try {
    const response = await target.app.request('/explode', { headers: { 'accept-language': 'zh-CN' } });
    assert.is(response.status, 500);
    const html = await response.text();
    assert.match(html, '出错了');
    assert.not.match(html, 'secret internals');
    assert.not.match(html, 'db.ts');
    const ref = /参考编号：([0-9a-f]{8})/.exec(html)?.[1];
    assert.ok(ref, 'the page shows a reference');
    assert.ok(String(logged[0]?.[0]).includes(ref!), 'the log line carries the same reference');
  } finally {
    console.error = original;
  }
});

pages('/healthz reports the database as ok', async ({ target }) => {
  const response = await target.app.request('/healthz');
  assert.is(response.status, 200);
  const body = (await response.json()) as { status: string; database: { status: string } };
  assert.is(body.status, 'ok');
  assert.is(body.database.status, 'ok');
});

pages('/healthz answers 503 when the database does not', async ({ target }) => {
  const broken = {
    $queryRawUnsafe: () => Promise.reject(new Error('SQLITE_CANTOPEN')),
  } as unknown as Db;
  const app = createApp({ db: broken, config: target.config });
  const original = console.error;
  console.error = () => {};
  try {
    const response = await app.request('/healthz');
    assert.is(response.status, 503);
    assert.equal(await response.json(), { status: 'error', database: { status: 'unavailable' } });
  } finally {
    console.error = original;
  }
});

pages('pages carry security headers and a strict content security policy', async ({ target }) => {
  const response = await target.app.request('/setup');
  const csp = response.headers.get('content-security-policy') ?? '';
  assert.match(csp, "script-src 'self'");
  assert.match(csp, "frame-ancestors 'none'");
  assert.is(response.headers.get('x-content-type-options'), 'nosniff');
  assert.is(response.headers.get('x-frame-options'), 'SAMEORIGIN');
  const html = await response.text();
  assert.ok(html.startsWith('<!DOCTYPE html>'), 'standards mode, not quirks');
  assert.not.match(html, /<script>(?!<\/script>)/, 'no inline script');
  assert.not.match(html, /style="/, 'no inline style');
});

pages('htmx and the stylesheet are served locally, never from a CDN', async ({ target }) => {
  const html = await (await target.app.request('/setup')).text();
  assert.match(html, 'src="/static/vendor/htmx.min.js"');
  assert.not.match(html, /(src|href)="(https?:)?\/\//);
  const htmx = await target.app.request('/static/vendor/htmx.min.js');
  assert.is(htmx.status, 200);
  assert.match(htmx.headers.get('content-type') ?? '', 'javascript');
  assert.match(await htmx.text(), 'htmx');
  const css = await target.app.request('/static/app.css');
  assert.is(css.status, 200);
  assert.match(css.headers.get('content-type') ?? '', 'text/css');
  assert.is((await target.app.request('/static/../package.json')).status, 404);
});

pages.run();

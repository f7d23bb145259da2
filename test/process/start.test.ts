import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { build } from '../../scripts/build.mjs';
import { startServer } from '../support/server-process.ts';
import packageJson from '../../package.json' with { type: 'json' };

/**
 * `npm start` runs the compiled bundle (dist/server.js, scripts/build.mjs), not the TypeScript the
 * other tests run: what it reads by path (migrations, static files, htmx and the wasm engines from
 * node_modules, translations) must resolve from there too.
 */

const START = packageJson.scripts.start.replace(/^node /, '').split(' ');

test('npm start builds once, then runs the bundle: migrations, static files, htmx and both languages resolve from dist/', async () => {
  await build();
  assert.is(await build(), false, 'nothing changed since: no second build');
  assert.equal(START.at(-1), 'scripts/start.mjs', 'the start script this test runs');

  const dataDir = mkdtempSync(path.join(tmpdir(), 'jiangxin-start-'));
  try {
    const first = startServer(dataDir, {}, START);
    try {
      const url = await first.ready;
      assert.match(first.output(), /Applied migrations: 2026/, 'a new database gets the history, through the wasm engine');
      assert.is((await fetch(`${url}/healthz`)).status, 200);
      for (const file of ['/static/app.css', '/static/vendor/htmx.min.js']) {
        const response = await fetch(url + file);
        assert.is(response.status, 200, file);
        assert.ok((await response.text()).length > 1000, file);
      }
      // No account yet: the first page is the setup page.
      const english = await (await fetch(`${url}/setup`, { headers: { 'accept-language': 'en' } })).text();
      assert.match(english, 'Create organizer account');
      const chinese = await (await fetch(`${url}/setup`, { headers: { 'accept-language': 'zh-CN' } })).text();
      assert.match(chinese, '创建组织方账号');
    } finally {
      await first.kill();
    }

    const again = startServer(dataDir, {}, START);
    try {
      const url = await again.ready;
      assert.is((await fetch(`${url}/healthz`)).status, 200);
      assert.not.match(again.output(), 'Applied migrations', 'an up-to-date database applies nothing');
    } finally {
      await again.kill();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test.run();

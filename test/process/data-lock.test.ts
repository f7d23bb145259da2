import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lockDataDir } from '../../src/db/data-lock.ts';
import { startServer } from '../support/server-process.ts';

/** One server per data folder: a second one exits at once, a killed one does not block a restart. */

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'jiangxin-lock-'));

test('a second server on the same data folder exits non-zero, naming the holder; after SIGKILL a new one starts', async () => {
  const dataDir = tempDir();
  const first = startServer(dataDir);
  try {
    const url = await first.ready;
    const second = startServer(dataDir);
    const code = await second.exited;
    assert.is(code, 1, 'the second server exits with 1');
    assert.match(second.output(), `Another Jiangxin server is already using the data folder ${dataDir}`);
    assert.match(second.output(), `pid ${first.child.pid}`, 'the message names the holder');
    assert.match(second.output(), /running since \d{4}-\d\d-\d\dT/, 'and since when');
    assert.not.match(second.output(), /running at http/, 'it never listened');
    assert.is((await fetch(`${url}/healthz`)).status, 200, 'the first one still serves');

    assert.is(await first.kill('SIGKILL'), 'SIGKILL');
    const third = startServer(dataDir);
    try {
      const thirdUrl = await third.ready;
      assert.is((await fetch(`${thirdUrl}/healthz`)).status, 200, 'a stale lock from a killed server blocks nothing');
    } finally {
      await third.kill();
    }
  } finally {
    await first.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the lock is held until released, whatever the holder file says', () => {
  const dataDir = tempDir();
  try {
    // A holder file left by a server that lost power names a process that no longer exists.
    writeFileSync(path.join(dataDir, 'jiangxin.lock.json'), JSON.stringify({ pid: 999999, since: '2026-01-01T00:00:00.000Z', host: 'old' }));
    const lock = lockDataDir(dataDir);
    assert.ok(lock.ok, 'a leftover holder file does not block');
    const refused = lockDataDir(dataDir);
    assert.not.ok(refused.ok, 'a second lock on the same folder is refused');
    if (!refused.ok) {
      assert.is(refused.holder?.pid, process.pid, 'the holder file now names this process');
      assert.match(refused.message, `pid ${process.pid}`);
    }
    if (lock.ok) lock.release();
    const again = lockDataDir(dataDir);
    assert.ok(again.ok, 'released, it can be taken again');
    if (again.ok) again.release();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test.run();

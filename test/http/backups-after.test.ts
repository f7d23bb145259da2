import { test as everywhere } from 'uvu';
import * as assert from 'uvu/assert';
import { backupsOf } from '../../src/backups/index.ts';
import type { Snapshots } from '../../src/backups/snapshots.ts';
import { freshApp } from '../support/app.ts';
import { organizerClient, textOf } from '../support/desk.ts';
import { lockWelding, markedFixture, publishWelding } from '../support/results.ts';
import { sqliteOnly } from '../support/database.ts';

/** Snapshots and restores copy the SQLite file: on PostgreSQL the database server makes the backups. */
const test = sqliteOnly(everywhere);

/**
 * A lock's and a publication's snapshot (src/backups/index.ts, snapshotAfter) is written after
 * the command has answered: what it copies is committed and durable already, and copying the
 * database of a province-wide final takes a second. The copies still follow in the order asked,
 * one at a time, and one that fails is logged and shown on the backups screen.
 */

/** Holds every snapshot write of `snapshots` until released; counts how many run at once. */
function holdWrites(snapshots: Snapshots) {
  const inner = snapshots as unknown as { write: (...args: unknown[]) => Promise<unknown> };
  const write = inner.write.bind(snapshots);
  let release!: () => void;
  const released = new Promise<void>((resolve) => { release = resolve; });
  const seen = { running: 0, most: 0, started: [] as string[] };
  inner.write = async (...args: unknown[]) => {
    seen.running += 1;
    seen.most = Math.max(seen.most, seen.running);
    seen.started.push(JSON.stringify(args[0]));
    try {
      await released;
      return await write(...args);
    } finally {
      seen.running -= 1;
    }
  };
  return { release, seen };
}

/** The command's answer, or a failure if it waits for longer than a snapshot that never ends. */
async function answered<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} waited for its snapshot`)), 5_000); });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

test('a lock and a publication answer before their snapshots, which follow in order, one at a time', async () => {
  const target = await freshApp();
  const backups = backupsOf(target.db)!;
  const f = await markedFixture(target.db);
  const held = holdWrites(backups.snapshots);
  try {
    await answered(lockWelding(target.db, f), 'the lock');
    const version = await answered(publishWelding(target.db, f), 'the publication');
    assert.equal(backups.pending, [{ kind: 'after-lock', roundId: f.roundId }, { kind: 'after-publication', skillId: f.skillId, version }]);

    const organizer = await organizerClient(target);
    const page = await organizer.get('/settings/backups');
    const waiting = textOf(await page.text());
    assert.match(waiting, `after-lock-round-${f.roundId}`, 'the screen says what is being written');
    assert.match(waiting, `after-publication-skill-${f.skillId}-v1`);

    held.release();
    await backups.settled();
    assert.equal(backups.pending, []);
    assert.is(held.seen.most, 1, 'never two copies at once');
    const names = (await backups.snapshots.list()).map((s) => s.name);
    assert.ok(names.some((n) => n.endsWith(`-after-lock-round-${f.roundId}.db`)), 'the lock’s snapshot is written');
    assert.ok(names.some((n) => n.endsWith(`-after-publication-skill-${f.skillId}-v1.db`)), 'the publication’s snapshot is written');
    const lockAt = held.seen.started.findIndex((r) => r.includes('after-lock'));
    const publicationAt = held.seen.started.findIndex((r) => r.includes('after-publication'));
    assert.ok(lockAt >= 0 && lockAt < publicationAt, 'in the order asked');
    assert.is.not(textOf(await (await organizer.get('/settings/backups')).text()).includes('Being written'), true, 'nothing is pending any more');
    assert.equal(backups.failures, []);
  } finally {
    held.release();
    await target.close();
  }
});

test('a snapshot that fails after a publication is logged and shown on the backups screen; the publication stands', async () => {
  const target = await freshApp();
  const backups = backupsOf(target.db)!;
  const logged: string[] = [];
  const error = console.error;
  try {
    const f = await markedFixture(target.db);
    await lockWelding(target.db, f);
    await backups.settled();
    backups.snapshots.take = () => Promise.reject(new Error('No space left on device'));
    console.error = (...args: unknown[]) => { logged.push(args.map(String).join(' ')); };
    const version = await publishWelding(target.db, f);
    await backups.settled();
    console.error = error;
    assert.is(version, 1);
    assert.ok(await target.db.publication.findFirst({ where: { skillId: f.skillId, version: 1 } }), 'the publication stands');
    assert.ok(logged.some((line) => line.includes(`after-publication-skill-${f.skillId}-v1`) && line.includes('No space left on device')), 'logged');
    assert.is(backups.failures.length, 1);

    const en = textOf(await (await (await organizerClient(target)).get('/settings/backups')).text());
    assert.match(en, `The automatic snapshot “After a publication” (after-publication-skill-${f.skillId}-v1)`);
    assert.match(en, 'No space left on device');
    const zh = textOf(await (await (await organizerClient(target, 'zh-CN')).get('/settings/backups')).text());
    assert.match(zh, `自动备份“成绩公示后”（after-publication-skill-${f.skillId}-v1）未能写入`);
  } finally {
    console.error = error;
    await target.close();
  }
});

test.run();

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test as everywhere } from 'uvu';
import * as assert from 'uvu/assert';
import { backupsOf } from '../../src/backups/index.ts';
import { DEMO_ORGANIZER, seedDemo, type DemoSummary } from '../../src/demo/demo.ts';
import { drawLots } from '../../src/draw/commands.ts';
import { notifierOf, roundTopic } from '../../src/live/notifier.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { auditActions, tableDump } from '../support/backups.ts';
import { TestClient } from '../support/client.ts';
import { createAccount } from '../support/fixtures.ts';
import { sqliteOnly } from '../support/database.ts';

/** Snapshots and restores copy the SQLite file: on PostgreSQL the database server makes the backups. */
const test = sqliteOnly(everywhere);

/** The demo event (a whole contest, ~20 s to build here), built once and shared by the tests in order. */
let demo: Promise<{ target: TestApp; summary: DemoSummary }> | undefined;
function demoApp(): Promise<{ target: TestApp; summary: DemoSummary }> {
  demo ??= (async () => {
    const target = await freshApp();
    const seeded = await seedDemo(target.db, { today: new Date('2026-05-20T02:00:00Z') });
    assert.ok(seeded.ok, 'demo seeded');
    return { target, summary: (seeded as { summary: DemoSummary }).summary };
  })();
  return demo;
}
test.after(async () => {
  if (demo) await (await demo).target.close();
});

async function signIn(target: TestApp, username: string, password: string, language = 'en'): Promise<TestClient> {
  const client = new TestClient(target, { 'accept-language': language });
  await client.get('/login');
  const response = await client.post('/login', { username, password });
  assert.is(response.status, 303, `${username} signs in`);
  return client;
}

const takenName = (response: Response) => new URL(response.headers.get('location')!, 'http://x').searchParams.get('taken')!;

test('draws, locks and publications take snapshots by themselves, named by when and why', async () => {
  const { target, summary } = await demoApp();
  // A lock's or a publication's snapshot is written after its answer.
  await backupsOf(target.db)!.settled();
  const names = (await backupsOf(target.db)!.snapshots.list()).map((s) => s.name);
  const welding = summary.skills[0]!;
  for (const skill of summary.skills) {
    assert.ok(names.some((n) => n.endsWith(`-before-draw-skill-${skill.id}.db`)), `before the draw of ${skill.name}`);
  }
  for (const round of summary.skills.flatMap((s) => s.rounds).filter((r) => r.locked)) {
    assert.ok(names.some((n) => n.endsWith(`-after-lock-round-${round.id}.db`)), `after locking round ${round.id}`);
  }
  assert.ok(names.some((n) => n.endsWith(`-after-publication-skill-${welding.id}-v1.db`)), 'after publishing welding');
  for (const name of names) assert.match(name, /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-[a-z0-9-]+(\.\d+)?\.db$/);
});

test('restoring a snapshot from the screen brings back every mark, its history, draws and publications, and can be undone', async () => {
  const { target, summary } = await demoApp();
  const { db } = target;
  const client = await signIn(target, DEMO_ORGANIZER.username, DEMO_ORGANIZER.password);
  await client.get('/settings/backups');
  const taken = await client.post('/settings/backups', {});
  assert.is(taken.status, 303);
  const name = takenName(taken);
  assert.match(name, /-manual\.db$/);
  const atSnapshot = await tableDump(db);
  // Its own audit entry (backup.snapshot) is written just after the snapshot, so not in it.
  const auditAtSnapshot = (await auditActions(db)).filter((a) => a.action !== 'backup.snapshot');
  assert.ok(atSnapshot.MarkChange!.length > 500 && atSnapshot.Publication!.length === 1, 'a full event');

  // Things change: a mark is changed, the live skill's lots are drawn again, a name edited, an appeal filed.
  const building = summary.skills[2]!;
  const mark = await db.mark.findFirstOrThrow({ where: { entry: { skillId: building.id }, state: 'scored' } });
  await db.mark.update({ where: { id: mark.id }, data: { value: 0, version: mark.version + 1 } });
  await db.markChange.create({ data: { markId: mark.id, accountId: 1, newState: 'scored', newValue: 0, oldState: 'scored', oldValue: mark.value, idempotencyKey: 'after-snapshot' } });
  const redo = await drawLots(db, building.id, { roundId: null, reason: 'printer jammed' }, 1);
  assert.ok(redo.ok, 'lots drawn again');
  const contestant = await db.contestant.findFirstOrThrow();
  await db.contestant.update({ where: { id: contestant.id }, data: { name: '改名' } });
  const publication = await db.publication.findFirstOrThrow();
  const organization = await db.organization.findFirstOrThrow();
  await db.appeal.create({ data: { publicationId: publication.id, organizationId: organization.id, entryBib: '1001', text: 'Please check P3.' } });
  const changed = await tableDump(db);
  assert.not.equal(changed, atSnapshot);

  // The screen lists it with a restore form; a restore needs a reason.
  const page = await client.get('/settings/backups');
  const html = await page.text();
  assert.ok(html.includes(`action="/settings/backups/${name}/restore"`), 'restore form');
  assert.ok(html.includes('before-draw-skill-'), 'automatic snapshots listed');
  const refused = await client.post(`/settings/backups/${name}/restore`, { reason: ' ' });
  assert.is(refused.status, 422);
  assert.equal(await tableDump(db), changed, 'nothing restored without a reason');

  const practical = building.rounds[building.rounds.length - 1]!;
  const told: string[] = [];
  const unsubscribe = notifierOf(db).subscribe(roundTopic(practical.id), () => told.push('desk'));
  const restored = await client.post(`/settings/backups/${name}/restore`, { reason: 'The draw was redone by mistake' });
  unsubscribe();
  assert.is(restored.status, 303);
  assert.equal(told, ['desk'], 'open desks are told to refresh');
  const before = new URL(restored.headers.get('location')!, 'http://x').searchParams.get('before')!;
  assert.match(before, /-before-restore\.db$/);

  assert.equal(await tableDump(db), atSnapshot, 'everything as it was at the snapshot');
  const audit = await auditActions(db);
  assert.equal(audit.slice(0, auditAtSnapshot.length), auditAtSnapshot, 'the audit log as it was');
  const entry = audit[audit.length - 1]!;
  assert.is(entry.action, 'backup.restore');
  assert.is(entry.subject, name);
  assert.equal(JSON.parse(entry.details).reason, 'The draw was redone by mistake');
  assert.equal(JSON.parse(entry.details).before, before);

  // The organizer who restored is still signed in and sees the result.
  const after = await client.get(`/settings/backups?restored=${name}&before=${before}`);
  assert.is(after.status, 200);
  assert.ok((await after.text()).includes(before), 'the undo snapshot is named');

  // Undo: the before-restore snapshot holds the changed state.
  await client.get('/settings/backups');
  const undo = await client.post(`/settings/backups/${before}/restore`, { reason: 'Undo the restore' });
  assert.is(undo.status, 303);
  assert.equal(await tableDump(db), changed, 'back to the state before the restore');
});

test('the backups screen is for organizers only; downloads are audited and only of listed snapshots', async () => {
  const target = await freshApp();
  try {
    await createAccount(target.db, { username: 'zhao', password: 'organizer-password' });
    await createAccount(target.db, { username: 'chief', password: 'chief-password', role: 'chief_judge' });
    const anonymous = await target.app.request('/settings/backups');
    assert.is(anonymous.status, 303);
    assert.match(anonymous.headers.get('location') ?? '', /^\/login/);
    const chief = await signIn(target, 'chief', 'chief-password');
    assert.is((await chief.get('/settings/backups')).status, 403);
    assert.is((await chief.post('/settings/backups', {})).status, 403);

    const zh = await signIn(target, 'zhao', 'organizer-password', 'zh-CN');
    const empty = await zh.get('/settings/backups');
    assert.is(empty.status, 200);
    assert.ok((await empty.text()).includes('尚无快照'), 'in Chinese');
    const taken = await zh.post('/settings/backups', {});
    const name = takenName(taken);
    assert.is((await chief.get(`/settings/backups/${name}`)).status, 403, 'no download for a chief judge');

    const download = await zh.get(`/settings/backups/${name}`);
    assert.is(download.status, 200);
    assert.match(download.headers.get('content-disposition') ?? '', /attachment/);
    const bytes = Buffer.from(await download.arrayBuffer());
    assert.is(bytes.subarray(0, 15).toString('latin1'), 'SQLite format 3');
    assert.equal(bytes, readFileSync(path.join(target.dataDir, 'backups', name)));
    const actions = (await auditActions(target.db)).map((a) => `${a.action} ${a.subject}`);
    assert.ok(actions.includes(`backup.snapshot ${name}`) && actions.includes(`backup.download ${name}`), actions.join(', '));

    for (const bad of ['jiangxin.db', '..%2Fjiangxin.db', '2026-01-01T00-00-00Z-manual.db', `${name.slice(0, -3)}.txt`]) {
      assert.is((await zh.get(`/settings/backups/${bad}`)).status, 404, bad);
    }
  } finally {
    await target.close();
  }
});

test('while a restore runs every other request is answered 503 with Retry-After', async () => {
  const target = await freshApp();
  try {
    await createAccount(target.db, { username: 'zhao', password: 'organizer-password' });
    const backups = backupsOf(target.db)!;
    let during: Response | undefined;
    await backups.gate.exclusive(0, async () => {
      during = await target.app.request('/login', { headers: { 'accept-language': 'zh-CN' } });
    });
    assert.is(during!.status, 503);
    assert.is(during!.headers.get('retry-after'), '10');
    assert.ok((await during!.text()).includes('正在恢复备份'));
    assert.is((await target.app.request('/login')).status, 200, 'served again afterwards');
  } finally {
    await target.close();
  }
});

test('regular snapshots: only while a round is being marked, and only when something changed', async () => {
  const { target, summary } = await demoApp();
  const { db } = target;
  const backups = backupsOf(db)!;
  await backups.take({ kind: 'manual' });
  assert.is(await backups.periodic(), null, 'nothing changed since the last snapshot');
  const building = summary.skills[2]!;
  const mark = await db.mark.findFirstOrThrow({ where: { entry: { skillId: building.id } } });
  await db.markChange.create({ data: { markId: mark.id, accountId: 1, newState: 'not_scored', oldState: mark.state, oldValue: mark.value, idempotencyKey: 'periodic-1' } });
  const taken = await backups.periodic();
  assert.ok(taken && taken.kind === 'periodic', 'a mark changed during marking');
  assert.is(await backups.periodic(), null, 'and then nothing changed');
  // What a manual snapshot or a download records changes no data: no periodic snapshot for it.
  await db.auditEntry.create({ data: { accountId: 1, action: 'backup.snapshot', subject: 'manual' } });
  await db.auditEntry.create({ data: { accountId: 1, action: 'backup.download', subject: 'x.db' } });
  assert.is(await backups.periodic(), null, 'read-only audit entries are not changes');
  await db.auditEntry.create({ data: { accountId: 1, action: 'mark.correct', subject: 'A1' } });
  assert.ok(await backups.periodic(), 'an audited change is');

  await db.round.updateMany({ where: { lockedAt: null }, data: { lockedAt: new Date() } });
  await db.markChange.create({ data: { markId: mark.id, accountId: 1, newState: 'not_scored', oldState: 'not_scored', idempotencyKey: 'periodic-2' } });
  assert.is(await backups.periodic(), null, 'no round is being marked');
});

test.run();

import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileAppeal, decideAppeal } from '../../src/results/commands.ts';
import { photoStoreOf } from '../../src/registration/photo-store.ts';
import { buildTransferFile, tableBytes } from '../../src/transfer/export.ts';
import { TRANSFER_LIMITS } from '../../src/transfer/import.ts';
import type { Db } from '../../src/db/client.ts';
import { dialectOf } from '../../src/db/native.ts';
import { postgresqlOnly } from '../support/database.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { ORGANIZER, byTestId, judgeClient, organizerClient, textOf, type JudgingFixture } from '../support/desk.ts';
import { createAccount } from '../support/fixtures.ts';
import { delegationToken, lockedFixture, publishWelding } from '../support/results.ts';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 1, 2, 3, 4]);

/** A locked, published (twice), appealed and decided welding event with a photo, a delegation link and a second staff member. */
async function fullEvent(source: TestApp): Promise<JudgingFixture> {
  const { db } = source;
  const f = await lockedFixture(db);
  await publishWelding(db, f);
  await publishWelding(db, f, { changeNote: 'Second version' });
  const organization = await db.organization.findFirstOrThrow({ where: { eventId: f.eventId, name: '舟山船舶修造有限公司' } });
  const bib = (await db.entry.findFirstOrThrow({ where: { skillId: f.skillId, contestant: { organizationId: organization.id } } })).bib;
  const appeal = await fileAppeal(db, organization, { bib, text: 'The second weld was measured twice' });
  assert.ok(appeal.ok, JSON.stringify(appeal));
  if (appeal.ok) assert.ok((await decideAppeal(db, { accountId: f.organizerId }, f.skillId, appeal.value.id, { decision: 'rejected', reason: 'Measured once' })).ok);
  await delegationToken(db, f, '定海机电设备有限公司');
  const registrar = await createAccount(db, { username: 'registrar', password: 'registrar-password', displayName: '钱进', isAdmin: false });
  await db.eventStaff.create({ data: { eventId: f.eventId, accountId: registrar.id, role: 'registration', addedById: f.organizerId } });
  const contestant = await db.contestant.findFirstOrThrow({ where: { eventId: f.eventId } });
  await photoStoreOf(source.db, source.dataDir).write('photo-1.png', PNG);
  await db.contestant.update({ where: { id: contestant.id }, data: { photoPath: 'photo-1.png' } });
  return f;
}

async function download(target: TestApp, eventId: number): Promise<Uint8Array> {
  const organizer = await organizerClient(target);
  await organizer.get(`/events/${eventId}`);
  const response = await organizer.post(`/events/${eventId}/transfer`, {});
  assert.is(response.status, 200);
  assert.is(response.headers.get('content-type'), 'application/zip');
  return new Uint8Array(await response.arrayBuffer());
}

async function upload(client: TestClient, bytes: Uint8Array): Promise<Response> {
  await client.get('/transfer');
  const form = new FormData();
  form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], 'event.zip', { type: 'application/zip' }));
  return client.postMultipart('/transfer', form);
}

const newestEvent = async (db: Db) => (await db.event.findFirstOrThrow({ orderBy: { id: 'desc' } })).id;

/** What one event holds, with nothing that depends on its ids: to compare an event with its copy. */
async function contents(db: Db, eventId: number) {
  const marks = await db.mark.findMany({
    where: { entry: { eventId } },
    select: { state: true, value: true, version: true, entry: { select: { bib: true } }, aspect: { select: { code: true } }, judge: { select: { number: true } }, changes: { select: { newValue: true, reason: true, idempotencyKey: true }, orderBy: { id: 'asc' } } },
  });
  return {
    marks: marks.map((m) => `${m.entry.bib} ${m.aspect.code} J${m.judge.number} ${m.state} ${m.value} v${m.version} ${JSON.stringify(m.changes)}`).sort(),
    publications: (await db.publication.findMany({ where: { skill: { eventId } }, orderBy: { version: 'asc' } }))
      .map((p) => ({ version: p.version, snapshot: p.snapshot, superseded: p.supersededAt?.toISOString() ?? null, note: p.changeNote })),
    appeals: (await db.appeal.findMany({ where: { publication: { skill: { eventId } } }, select: { entryBib: true, text: true, decision: true, decisionReason: true, decidedBy: { select: { username: true } } } })),
    signoffs: await db.sheetSignoff.count({ where: { round: { skill: { eventId } } } }),
    draws: (await db.draw.findMany({ where: { skill: { eventId } }, select: { seed: true, assignments: { select: { code: true, station: true }, orderBy: { station: 'asc' } } } })),
    contestants: (await db.contestant.findMany({ where: { eventId }, select: { idNumber: true, name: true, organization: { select: { name: true } } }, orderBy: { idNumber: 'asc' } })),
    locked: (await db.round.findMany({ where: { skill: { eventId } }, select: { code: true, lockedAt: true }, orderBy: { id: 'asc' } })).map((r) => `${r.code} ${r.lockedAt?.toISOString() ?? '-'}`),
  };
}

/** The venue's event into the platform and back, checked record for record on each side. */
async function movesAndBack(source: TestApp, target: TestApp) {
  try {
    const f = await fullEvent(source);
    const before = await contents(source.db, f.eventId);
    const bytes = await download(source, f.eventId);
    assert.ok(await source.db.auditEntry.findFirst({ where: { eventId: f.eventId, action: 'event.transfer.export' } }), 'the download is audited');

    // The platform: its own administrator of the same username, and an event that already uses the judges' code.
    await createAccount(target.db, { ...ORGANIZER, role: 'organizer' });
    await target.db.event.create({ data: { name: 'Another event', judgeCode: f.eventCode } });
    const admin = await organizerClient(target);
    const response = await upload(admin, bytes);
    assert.is(response.status, 201, textOf(await response.clone().text()).slice(0, 300));
    const html = await response.text();
    const eventId = await newestEvent(target.db);
    assert.match(textOf(byTestId(html, 'transfer-imported')), /2026年定海区职工技能大比武 was imported: \d+ records, 1 photos/);
    const code = textOf(byTestId(html, 'transfer-new-code')).match(/event code (\w+)/)![1]!;
    assert.is.not(code, f.eventCode);
    assert.match(textOf(byTestId(html, 'transfer-accounts')), /1 organizer accounts .*: registrar\b/);

    // The same event, record for record.
    assert.equal(await contents(target.db, eventId), before);
    const event = await target.db.event.findUniqueOrThrow({ where: { id: eventId } });
    assert.is(event.federationId, 1);
    assert.is(event.judgeCode, code);
    const registrar = await target.db.account.findUniqueOrThrow({ where: { username: 'registrar' } });
    assert.ok(registrar.disabledAt, 'a name the platform had no account of: a disabled account');
    assert.is(registrar.isAdmin, false);
    const staff = await target.db.eventStaff.findMany({ where: { eventId }, select: { role: true, account: { select: { username: true } } } });
    assert.equal(staff, [{ role: 'registration', account: { username: 'registrar' } }]);
    const copy = await target.db.contestant.findFirstOrThrow({ where: { eventId, photoPath: { not: null } } });
    assert.equal(await photoStoreOf(target.db, target.dataDir).read(copy.photoPath!), PNG);
    assert.ok(await target.db.auditEntry.findFirst({ where: { eventId, action: 'event.transfer.import' } }), 'the import is audited');
    assert.ok(await target.db.auditEntry.findFirst({ where: { eventId, action: 'round.lock' } }), 'the event’s audit log came along');

    // Its judges sign in there with the new code and their PINs, and see their sheets.
    const judge = await judgeClient(target, { ...f, eventCode: code }, 1);
    assert.is((await judge.get('/judge')).status, 200);
    // The public results read the same as at the venue.
    const [here, there] = await Promise.all([
      new TestClient(source).get(`/public/events/${f.eventId}/skills/${f.skillId}`).then((r) => r.text()),
      new TestClient(target).get(`/public/events/${eventId}/skills/${(await target.db.skill.findFirstOrThrow({ where: { eventId, name: '焊工' } })).id}`).then((r) => r.text()),
    ]);
    assert.is(textOf(there).replace(/\/events\/\d+/g, ''), textOf(here).replace(/\/events\/\d+/g, ''));

    // And back to the venue, where the original still is: a second copy, with the platform's code and without the link the original has.
    const back = await upload(await organizerClient(source), await download(target, eventId));
    assert.is(back.status, 201, textOf(await back.clone().text()).slice(0, 400));
    const backHtml = await back.text();
    assert.match(textOf(backHtml), /1 delegation links could not be kept/);
    const returned = await newestEvent(source.db);
    assert.equal(await contents(source.db, returned), before);
    assert.is((await source.db.event.findUniqueOrThrow({ where: { id: returned } })).judgeCode, code);
    assert.is((await source.db.event.findUniqueOrThrow({ where: { id: f.eventId } })).judgeCode, f.eventCode, 'the original keeps its code');
  } finally {
    await source.close();
    await target.close();
  }
}

test('an event moves whole into another installation and back: every record, its own ids, judges sign in with their PINs', async () => {
  await movesAndBack(await freshApp(), await freshApp());
});

postgresqlOnly(test)('an event moves from a venue laptop’s SQLite file into the platform’s PostgreSQL and back', async () => {
  const venue = await freshApp({ sqlite: true });
  assert.is(dialectOf(venue.db), 'sqlite');
  const platform = await freshApp();
  assert.is(dialectOf(platform.db), 'postgresql');
  await movesAndBack(venue, platform);
});

/** The file with one table's rows changed and the manifest's checksums made to match (as a forger would). */
function forged(bytes: Uint8Array, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(bytes);
  change(files);
  const manifest = JSON.parse(strFromU8(files['manifest.json']!));
  manifest.files = Object.keys(files).filter((n) => n !== 'manifest.json').map((name) => ({
    ...manifest.files.find((m: { name: string }) => m.name === name), name, bytes: files[name]!.length, sha256: createHash('sha256').update(files[name]!).digest('hex'),
  }));
  files['manifest.json'] = strToU8(JSON.stringify(manifest));
  return zipSync(files);
}

/** A table file changed and written back as export.ts writes it: the columns, then one row a line. */
function editTable(files: Record<string, Uint8Array>, table: string, edit: (t: { columns: string[]; rows: unknown[][] }) => void) {
  const parsed = JSON.parse(strFromU8(files[`tables/${table}.json`]!));
  edit(parsed);
  files[`tables/${table}.json`] = tableBytes(parsed.columns, parsed.rows.map((r: unknown[]) => JSON.stringify(r)));
}

const column = (t: { columns: string[] }, name: string) => t.columns.indexOf(name);

test('a file that is not sound is refused with a clear message, and nothing is written', async () => {
  const target = await freshApp();
  try {
    const f = await fullEvent(target);
    const file = await buildTransferFile(target.db, photoStoreOf(target.db, target.dataDir), f.eventId);
    const bytes = file!.bytes;
    const admin = await organizerClient(target);
    const photos = photoStoreOf(target.db, target.dataDir);
    const count = async () => [await target.db.event.count(), await target.db.account.count(), await target.db.mark.count(), (await photos.list()).length];
    const before = await count();
    const refused = async (upload_: Uint8Array, pattern: RegExp, what: string, limits: Partial<typeof TRANSFER_LIMITS> = {}) => {
      const saved = { ...TRANSFER_LIMITS };
      Object.assign(TRANSFER_LIMITS, limits);
      const response = await upload(admin, upload_).finally(() => Object.assign(TRANSFER_LIMITS, saved));
      assert.is(response.status, 422, what);
      assert.match(textOf(byTestId(await response.text(), 'transfer-error')), pattern, what);
      assert.equal(await count(), before, `${what}: nothing written`);
    };

    await refused(strToU8('not a zip at all'), /cannot be read as a zip/, 'not a zip');
    const tampered = unzipSync(bytes);
    editTable(tampered, 'Mark', (t) => { t.rows[0]![column(t, 'value')] = 99; });
    await refused(zipSync(tampered), /damaged: its contents do not match its checksums/, 'a changed mark, checksums not redone');
    await refused(forged(bytes, (files) => { files['tables/Session.json'] = strToU8('{}'); }), /holds “tables\/Session.json”/, 'an unknown file');
    await refused(forged(bytes, (files) => { files['../../etc/passwd'] = strToU8('x'); }), /cannot be read as a zip/, 'a path out of the folder (yauzl refuses the zip)');
    await refused(forged(bytes, (files) => editTable(files, 'Mark', (t) => { t.rows[0]![column(t, 'entryId')] = 999_999; })),
      /refers to a record it does not hold \(Mark 1 entryId\)/, 'a mark of an entry that is not in the file');
    await refused(forged(bytes, (files) => editTable(files, 'Mark', (t) => { t.rows[0]![column(t, 'value')] = '12'; })),
      /value that is not allowed \(Mark 1 value\)/, 'a mark that is text');
    await refused(forged(bytes, (files) => editTable(files, 'Entry', (t) => { t.rows[0]![column(t, 'status')] = null; })),
      /value that is not allowed \(Entry 1 status\)/, 'a required value missing');
    await refused(forged(bytes, (files) => editTable(files, 'Event', (t) => { t.rows[0]![column(t, 'status')] = 'finished'; })),
      /value that is not allowed \(Event 1 status\)/, 'a status the code does not know');
    await refused(forged(bytes, (files) => editTable(files, 'Account', (t) => {
      const judgeRow = t.rows.findIndex((r) => typeof r[column(t, 'passwordHash')] === 'string');
      t.rows[judgeRow]![column(t, 'passwordHash')] = `scrypt$1073741824$8$1$${'A'.repeat(22)}==$${'B'.repeat(43)}=`;
    })), /value that is not allowed \(Account \d+ passwordHash\)/, 'a PIN hash whose cost would take gigabytes at each sign-in');
    await refused(forged(bytes, (files) => editTable(files, 'Entry', (t) => { t.columns[column(t, 'attendance')] = 'present'; })),
      /another version of Jiangxin \(table Entry differs\)/, 'a column this version does not have');
    await refused(forged(bytes, (files) => editTable(files, 'Publication', (t) => { t.rows[1]![column(t, 'version')] = 3; })),
      /database refused the contents/, 'publication versions out of order (the triggers), after the photo was stored');
    await refused(forged(bytes, (files) => editTable(files, 'Publication', (t) => { t.rows[0]![column(t, 'snapshot')] = '{}'; })),
      /value that is not allowed \(Publication 1 snapshot\)/, 'a snapshot the talent pool and the figures could not read');
    await refused(forged(bytes, (files) => editTable(files, 'Aspect', (t) => { t.rows[0]![column(t, 'rule')] = '{"type":"deduction"}'; })),
      /value that is not allowed \(Aspect 1 rule\)/, 'an aspect rule the marking screens could not read');
    await refused(forged(bytes, (files) => editTable(files, 'Mark', (t) => { t.rows[0]![column(t, 'version')] = 2 ** 40; })),
      /value that is not allowed \(Mark 1 version\)/, 'an integer beyond 32 bits');
    await refused(forged(bytes, (files) => editTable(files, 'Draw', (t) => { t.rows.push([...t.rows[0]!].map((v, i) => (i === column(t, 'id') ? 999 : v))); })),
      /value that is not allowed \(Draw 2 supersededAt\)/, 'two draws in force for one round');
    await refused(forged(bytes, (files) => { files['tables/Mark.json'] = strToU8('null'); }), /damaged/, 'a table file that is not one');
    await refused(forged(bytes, (files) => editTable(files, 'Mark', (t) => { for (let i = 0; i < 5; i++) t.rows.push(...t.rows); })), /unpacks to more than/,
      'more rows than an event holds (the limit lowered to 100)', { maxRows: 100 });

    // Unpacked sizes are bounded (yauzl also refuses a file longer than the zip declares).
    await refused(forged(bytes, (files) => { files['photos/big.png'] = new Uint8Array(2 * 1024 * 1024 + 1); }), /unpacks to more than/, 'a photo over 2 MB');
    await refused(bytes, /unpacks to more than/, 'a table file over the limit (lowered to 1 KB)', { maxFileBytes: 1024 });

    // The event's own certificates are already here: importing the file again would duplicate them.
    const publication = await target.db.publication.findFirstOrThrow({ where: { skillId: f.skillId, supersededAt: null } });
    await target.db.certificate.create({ data: { code: 'ABCDEFGHJK', publicationId: publication.id, bib: '001', number: '2026-001' } });
    const withCertificate = (await buildTransferFile(target.db, photoStoreOf(target.db, target.dataDir), f.eventId))!.bytes;
    const refusedCertificates = await upload(admin, withCertificate);
    assert.is(refusedCertificates.status, 422);
    assert.match(textOf(await refusedCertificates.text()), /certificates of this event are already here, in “2026年定海区职工技能大比武”/);

    // A sound file still goes in (the refusals above left nothing half-written that would stop it).
    assert.is((await upload(admin, bytes)).status, 201);
  } finally {
    await target.close();
  }
});

test('only an administrator imports; an event organizer downloads; the import page says whose the event will be', async () => {
  const target = await freshApp();
  try {
    const f = await lockedFixture(target.db);
    await createAccount(target.db, { username: 'helper', password: 'helper-password', isAdmin: false });
    await target.db.eventStaff.create({ data: { eventId: f.eventId, accountId: (await target.db.account.findUniqueOrThrow({ where: { username: 'helper' } })).id, role: 'organizer' } });
    const helper = new TestClient(target);
    await helper.get('/login');
    assert.is((await helper.post('/login', { username: 'helper', password: 'helper-password' })).status, 303);
    await helper.get('/events');
    assert.is.not((await helper.get('/transfer')).status, 200, 'not an administrator: no import page');
    const download = await helper.post(`/events/${f.eventId}/transfer`, {});
    assert.is(download.status, 200, 'the event’s organizer downloads its transfer file');

    const admin = await organizerClient(target, 'zh-CN');
    const page = await admin.get('/transfer');
    assert.is(page.status, 200);
    assert.match(textOf(await page.text()), /导入赛事/);
    const events = await admin.get('/events');
    assert.ok(byTestId(await events.text(), 'transfer-import-link'), 'the events list offers the import to an administrator');
  } finally {
    await target.close();
  }
});

test.run();

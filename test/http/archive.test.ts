import { createHash } from 'node:crypto';
import { unzipSync, strFromU8 } from 'fflate';
import { parse } from 'csv-parse/sync';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildEventArchive } from '../../src/archive/build.ts';
import { correctMark } from '../../src/desk/commands.ts';
import { freshApp } from '../support/app.ts';
import { judgeClient, organizerClient } from '../support/desk.ts';
import { lockedFixture, publishWelding } from '../support/results.ts';

const rowsOf = (files: Record<string, Uint8Array>, name: string): Record<string, string>[] =>
  parse(strFromU8(files[name]!).replace(/^\ufeff/, ''), { columns: true });

test('the contest archive holds every mark change, sign-off, draw and publication, with checksums, and is reproducible', async () => {
  const target = await freshApp();
  const { db } = target;
  try {
    const f = await lockedFixture(db);
    await publishWelding(db, f);
    // A correction after the lock, then a second version of the results.
    const mark = await db.mark.findFirstOrThrow({ where: { entry: { skillId: f.skillId }, aspectId: f.judgementId } });
    const code = (await db.drawAssignment.findFirstOrThrow({ where: { entryId: mark.entryId } })).code;
    const judge = (await db.eventJudge.findUniqueOrThrow({ where: { id: mark.judgeId } })).number;
    const corrected = await correctMark(db, { accountId: f.judges[4].accountId }, f.roundId, {
      code, aspectId: mark.aspectId, judge, mark: { state: 'scored', value: 0 }, reason: 'Wrong level typed', baseVersion: mark.version,
    });
    assert.ok(corrected.ok, JSON.stringify(corrected));
    await publishWelding(db, f, { changeNote: 'Correction of one mark' });

    const organizer = await organizerClient(target);
    await organizer.get(`/events/${f.eventId}`);
    const response = await organizer.post(`/events/${f.eventId}/archive`, {});
    assert.is(response.status, 200);
    assert.is(response.headers.get('content-type'), 'application/zip');
    assert.match(response.headers.get('content-disposition') ?? '', /attachment; .*\.zip/);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));

    // Every file is listed in the manifest with its checksum.
    const manifest = JSON.parse(strFromU8(files['manifest.json']!));
    assert.equal(Object.keys(files).sort(), ['README.txt', 'manifest.json', ...manifest.files.map((m: { name: string }) => m.name)].sort());
    for (const listed of manifest.files) {
      assert.is(createHash('sha256').update(files[listed.name]!).digest('hex'), listed.sha256, listed.name);
    }
    assert.ok(strFromU8(files['README.txt']!).includes('ID numbers'), 'the README says it holds personal data');

    // Every mark change of the event, in order, with the correction's reason.
    const changes = await db.markChange.findMany({ where: { mark: { entry: { eventId: f.eventId } } }, orderBy: { id: 'asc' } });
    const archived = rowsOf(files, 'mark-changes.csv');
    assert.equal(archived.map((r) => Number(r.change_id)), changes.map((c) => c.id));
    assert.ok(archived.some((r) => r.reason === 'Wrong level typed' && r.new_value === '0'), 'the correction');
    assert.is(rowsOf(files, 'marks.csv').length, await db.mark.count({ where: { entry: { eventId: f.eventId } } }));
    assert.is(rowsOf(files, 'signoffs.csv').length, await db.sheetSignoff.count({ where: { round: { skill: { eventId: f.eventId } } } }));

    // Both publications, exactly as published.
    const publications = JSON.parse(strFromU8(files['publications.json']!));
    const stored = await db.publication.findMany({ orderBy: { id: 'asc' } });
    assert.equal(publications.map((p: { version: number }) => p.version), [1, 2]);
    assert.equal(publications.map((p: { results: unknown }) => p.results), stored.map((p) => JSON.parse(p.snapshot)));
    assert.is(publications[1].changeNote, 'Correction of one mark');

    // Full registration, the draw with its revealed seed, the round lock, the audit log.
    const idNumbers = rowsOf(files, 'contestants.csv').map((r) => r.id_number).sort();
    assert.equal(idNumbers, f.idNumbers.slice().sort());
    const draw = await db.draw.findFirstOrThrow({ where: { skillId: f.skillId } });
    assert.ok(rowsOf(files, 'draws.csv').some((r) => r.seed === draw.seed), 'the seed of the locked round');
    assert.ok(rowsOf(files, 'round-locks.csv').some((r) => Number(r.round_id) === f.roundId && r.locked_at !== ''));
    const actions = rowsOf(files, 'audit-log.csv').map((r) => r.action);
    for (const action of ['draw', 'round.lock', 'results.publish']) assert.ok(actions.includes(action), action);

    // Reproducible: the same data, the same bytes; the download itself is audited (and in the next archive).
    const first = await buildEventArchive(db, f.eventId);
    const second = await buildEventArchive(db, f.eventId);
    assert.equal(first!.bytes, second!.bytes);
    const downloads = await db.auditEntry.findMany({ where: { action: 'event.archive', eventId: f.eventId } });
    assert.is(downloads.length, 1);
    const next = unzipSync(first!.bytes);
    assert.ok(rowsOf(next, 'audit-log.csv').some((r) => r.action === 'event.archive'));
  } finally {
    await target.close();
  }
});

test('only organizers download the archive, and only by a form post', async () => {
  const target = await freshApp();
  try {
    const f = await lockedFixture(target.db);
    const chief = await judgeClient(target, f, 4);
    assert.is((await chief.post(`/events/${f.eventId}/archive`, {})).status, 403);
    const anonymous = await target.app.request(`/events/${f.eventId}/archive`, { method: 'POST' });
    assert.ok([303, 403].includes(anonymous.status), `anonymous: ${anonymous.status}`);
    const organizer = await organizerClient(target);
    assert.is((await organizer.get(`/events/${f.eventId}/archive`)).status, 404, 'no GET');
    await organizer.get(`/events/${f.eventId}`);
    assert.is((await organizer.post(`/events/999999/archive`, {})).status, 404);
    assert.is(await target.db.auditEntry.count({ where: { action: 'event.archive' } }), 0);
  } finally {
    await target.close();
  }
});

test.run();

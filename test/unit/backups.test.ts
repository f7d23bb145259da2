import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  checkMigrations, parseSnapshotName, snapshotName, snapshotsToDelete, type SnapshotInfo,
} from '../../src/domain/backups.ts';

const at = (iso: string) => new Date(iso);

test('a snapshot is named by when and why, and the name reads back', () => {
  const when = at('2026-12-01T10:15:00.789Z');
  assert.is(snapshotName(when, { kind: 'after-lock', roundId: 12 }), '2026-12-01T10-15-00Z-after-lock-round-12.db');
  assert.is(snapshotName(when, { kind: 'before-draw', skillId: 3 }), '2026-12-01T10-15-00Z-before-draw-skill-3.db');
  assert.is(snapshotName(when, { kind: 'after-publication', skillId: 3, version: 2 }), '2026-12-01T10-15-00Z-after-publication-skill-3-v2.db');
  assert.is(snapshotName(when, { kind: 'manual' }, 2), '2026-12-01T10-15-00Z-manual.2.db');
  const info = parseSnapshotName('2026-12-01T10-15-00Z-after-publication-skill-3-v2.db')!;
  assert.equal(info, { name: info.name, at: at('2026-12-01T10:15:00Z'), kind: 'after-publication', label: 'after-publication-skill-3-v2', sequence: 1 });
  assert.is(parseSnapshotName('2026-12-01T10-15-00Z-manual.2.db')!.sequence, 2);
  assert.is(parseSnapshotName('2026-12-01T10-15-00Z-before-restore.db')!.kind, 'before-restore');
});

test('anything else is not a snapshot name', () => {
  for (const name of ['jiangxin.db', '../jiangxin.db', '2026-12-01T10-15-00Z-manual.txt', '2026-12-01T10-15-00Z-other.db',
    '2026-13-01T10-15-00Z-manual.db', '2026-12-01T10-15-00Z-manual.db/../x.db', '.2026-12-01T10-15-00Z-manual.db.partial',
    '2026-12-01T10-15-00Z-MANUAL.db', '2026-12-01 10-15-00Z-manual.db']) {
    assert.is(parseSnapshotName(name), null, name);
  }
});

const snapshot = (iso: string, label: string): SnapshotInfo => parseSnapshotName(`${iso.slice(0, 19).replaceAll(':', '-')}Z-${label}.db`)!;
const policy = { keepAllHours: 24, keepDailyDays: 30 };
const names = (list: SnapshotInfo[]) => list.map((s) => s.name).sort();

test('retention keeps everything from the last 24 hours', () => {
  const now = at('2026-12-10T12:00:00Z');
  const recent = ['2026-12-10T11:50:00Z', '2026-12-10T11:40:00Z', '2026-12-09T12:00:00Z'].map((t) => snapshot(t, 'periodic'));
  assert.equal(snapshotsToDelete(recent, now, policy), []);
});

test('retention keeps the newest of each older day for 30 days, then nothing but the newest of each kind', () => {
  const now = at('2026-12-31T12:00:00Z');
  const list = [
    snapshot('2026-12-20T18:00:00Z', 'periodic'), snapshot('2026-12-20T09:00:00Z', 'periodic'), snapshot('2026-12-20T08:00:00Z', 'periodic'),
    snapshot('2026-12-19T23:59:59Z', 'periodic'), snapshot('2026-12-19T01:00:00Z', 'periodic'),
    snapshot('2026-11-01T10:00:00Z', 'periodic'), snapshot('2026-10-01T10:00:00Z', 'periodic'),
    snapshot('2026-12-31T11:00:00Z', 'periodic'),
  ];
  assert.equal(names(snapshotsToDelete(list, now, policy)), names([
    snapshot('2026-12-20T09:00:00Z', 'periodic'), snapshot('2026-12-20T08:00:00Z', 'periodic'), snapshot('2026-12-19T01:00:00Z', 'periodic'),
    snapshot('2026-11-01T10:00:00Z', 'periodic'), snapshot('2026-10-01T10:00:00Z', 'periodic'),
  ]));
});

test('the newest snapshot of each kind is never deleted, however old', () => {
  const now = at('2027-06-01T00:00:00Z');
  const list = [
    snapshot('2026-05-01T10:00:00Z', 'before-draw-skill-1'), snapshot('2026-05-01T09:00:00Z', 'before-draw-skill-2'),
    snapshot('2026-05-02T10:00:00Z', 'after-lock-round-4'), snapshot('2026-01-01T10:00:00Z', 'before-restore'),
    snapshot('2027-05-31T23:00:00Z', 'periodic'), snapshot('2026-05-02T11:00:00Z', 'periodic'),
  ];
  assert.equal(names(snapshotsToDelete(list, now, policy)), names([snapshot('2026-05-01T09:00:00Z', 'before-draw-skill-2'), snapshot('2026-05-02T11:00:00Z', 'periodic')]));
  assert.equal(names(snapshotsToDelete(list, now, { keepAllHours: 0, keepDailyDays: 0 })).length, 2, 'the same with nothing else kept');
});

test('retention is configurable: keep all for 2 hours, daily for 3 days', () => {
  const now = at('2026-12-10T12:00:00Z');
  const list = [
    snapshot('2026-12-10T11:00:00Z', 'periodic'), snapshot('2026-12-10T09:00:00Z', 'periodic'), snapshot('2026-12-08T09:00:00Z', 'periodic'),
    snapshot('2026-12-06T09:00:00Z', 'periodic'),
  ];
  assert.equal(names(snapshotsToDelete(list, now, { keepAllHours: 2, keepDailyDays: 3 })), names([snapshot('2026-12-10T09:00:00Z', 'periodic'), snapshot('2026-12-06T09:00:00Z', 'periodic')]));
});

const code = [{ name: '1_init', checksum: 'a' }, { name: '2_events', checksum: 'b' }, { name: '3_marks', checksum: 'c' }];
const applied = (...list: [string, string][]) => list.map(([name, checksum]) => ({ name, checksum, finished: true, rolledBack: false }));

test('a database whose migrations are the first of ours can be restored, and the rest are pending', () => {
  assert.equal(checkMigrations(applied(['1_init', 'a'], ['2_events', 'b'], ['3_marks', 'c']), code), { ok: true, pending: [] });
  assert.equal(checkMigrations(applied(['2_events', 'b'], ['1_init', 'a']), code), { ok: true, pending: ['3_marks'] });
  const rolledBack = [...applied(['1_init', 'a']), { name: '2_events', checksum: 'x', finished: false, rolledBack: true }];
  assert.equal(checkMigrations(rolledBack, code), { ok: true, pending: ['2_events', '3_marks'] }, 'a rolled-back attempt does not count');
});

test('newer, different, failed or missing migration histories are refused', () => {
  assert.equal(checkMigrations([], code), { ok: false, reason: 'none' });
  assert.equal(checkMigrations(applied(['1_init', 'a'], ['2_events', 'b'], ['3_marks', 'c'], ['4_next', 'd']), code), { ok: false, reason: 'newer', migration: '4_next' });
  assert.equal(checkMigrations(applied(['1_init', 'a'], ['2_events', 'changed']), code), { ok: false, reason: 'different', migration: '2_events' });
  assert.equal(checkMigrations(applied(['1_init', 'a'], ['2_other', 'b']), code), { ok: false, reason: 'different', migration: '2_other' });
  assert.equal(checkMigrations(applied(['2_events', 'b']), code), { ok: false, reason: 'different', migration: '2_events' }, 'a gap');
  assert.equal(checkMigrations([{ name: '1_init', checksum: 'a', finished: false, rolledBack: false }], code), { ok: false, reason: 'failed', migration: '1_init' });
});

test.run();

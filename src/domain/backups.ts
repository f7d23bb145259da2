/**
 * Snapshots of the database (备份): how they are named and which ones are kept.
 *
 * A snapshot's file name says when (UTC, to the second) and why it was taken, so an operator
 * can pick the right one from a plain directory listing:
 *
 *   2026-12-01T10-15-00Z-after-lock-round-12.db
 *   2026-12-01T10-15-00Z-after-lock-round-12.2.db   (a second one in the same second)
 *
 * Retention, applied after every snapshot (both numbers are settings):
 *  1. every snapshot of the last `keepAllHours` hours is kept [24];
 *  2. beyond that, the newest snapshot of each UTC day is kept for `keepDailyDays` days [30];
 *  3. the newest snapshot of each kind (before-draw, after-lock, …) is never deleted, however old,
 *     so the state before the last draw or restore can always be got back;
 *  everything else is deleted.
 */

export const SNAPSHOT_KINDS = ['before-draw', 'after-lock', 'after-publication', 'periodic', 'manual', 'before-restore'] as const;
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number];

/** Why a snapshot is taken: a kind, and the skill, round or publication version it concerns. */
export type SnapshotReason =
  | { kind: 'before-draw'; skillId: number }
  | { kind: 'after-lock'; roundId: number }
  | { kind: 'after-publication'; skillId: number; version: number }
  | { kind: 'periodic' | 'manual' | 'before-restore' };

export function reasonLabel(reason: SnapshotReason): string {
  switch (reason.kind) {
    case 'before-draw':
      return `before-draw-skill-${reason.skillId}`;
    case 'after-lock':
      return `after-lock-round-${reason.roundId}`;
    case 'after-publication':
      return `after-publication-skill-${reason.skillId}-v${reason.version}`;
    default:
      return reason.kind;
  }
}

/** `2026-12-01T10:15:00.123Z` → `2026-12-01T10-15-00Z`: no colons (Windows, zip tools), whole seconds. */
function stamp(at: Date): string {
  return at.toISOString().slice(0, 19).replaceAll(':', '-') + 'Z';
}

export function snapshotName(at: Date, reason: SnapshotReason, sequence = 1): string {
  return `${stamp(at)}-${reasonLabel(reason)}${sequence > 1 ? `.${sequence}` : ''}.db`;
}

export interface SnapshotInfo {
  name: string;
  at: Date;
  kind: SnapshotKind;
  /** The label after the time, e.g. `after-lock-round-12`. */
  label: string;
  sequence: number;
}

const NAME = /^(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)Z-([a-z0-9-]+?)(?:\.(\d+))?\.db$/;

/** Reads a snapshot's file name back; null for anything else (so no other file is ever served or deleted). */
export function parseSnapshotName(name: string): SnapshotInfo | null {
  const match = NAME.exec(name);
  if (!match) return null;
  const [, day, hh, mm, ss, label, sequence] = match as unknown as [string, string, string, string, string, string, string | undefined];
  const at = new Date(`${day}T${hh}:${mm}:${ss}Z`);
  if (Number.isNaN(at.getTime())) return null;
  const kind = SNAPSHOT_KINDS.find((k) => label === k || label.startsWith(`${k}-`));
  if (!kind) return null;
  return { name, at, kind, label, sequence: sequence ? Number(sequence) : 1 };
}

/** Newest first: by time, then by sequence within the same second. */
export function newestFirst(a: SnapshotInfo, b: SnapshotInfo): number {
  return b.at.getTime() - a.at.getTime() || b.sequence - a.sequence;
}

export interface RetentionPolicy {
  keepAllHours: number;
  keepDailyDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { keepAllHours: 24, keepDailyDays: 30 };

/** The snapshots that retention deletes (see the rules at the top of this file). */
export function snapshotsToDelete(snapshots: SnapshotInfo[], now: Date, policy: RetentionPolicy): SnapshotInfo[] {
  const sorted = [...snapshots].sort(newestFirst);
  const keep = new Set<string>();
  const keepAllSince = now.getTime() - policy.keepAllHours * 3_600_000;
  const dailySince = now.getTime() - policy.keepDailyDays * 86_400_000;
  const daysSeen = new Set<string>();
  const kindsSeen = new Set<SnapshotKind>();
  for (const s of sorted) {
    const day = s.at.toISOString().slice(0, 10);
    if (s.at.getTime() >= keepAllSince) keep.add(s.name);
    if (s.at.getTime() >= dailySince && !daysSeen.has(day)) keep.add(s.name);
    if (!kindsSeen.has(s.kind)) keep.add(s.name);
    daysSeen.add(day);
    kindsSeen.add(s.kind);
  }
  return sorted.filter((s) => !keep.has(s.name));
}

/**
 * Whether a database's applied migrations (from its `_prisma_migrations`, in the order applied)
 * can be brought up to this code's: they must be the first ones of this code's list, with the same
 * names and checksums. Answers the ones still to apply, or why not.
 */
export type MigrationCheck =
  | { ok: true; pending: string[] }
  | { ok: false; reason: 'none' | 'failed' | 'newer' | 'different'; migration?: string };

export interface MigrationRecord {
  name: string;
  checksum: string;
  finished: boolean;
  rolledBack: boolean;
}

export function checkMigrations(applied: MigrationRecord[], code: { name: string; checksum: string }[]): MigrationCheck {
  const live = applied.filter((m) => !m.rolledBack);
  const failed = live.find((m) => !m.finished);
  if (failed) return { ok: false, reason: 'failed', migration: failed.name };
  if (live.length === 0) return { ok: false, reason: 'none' };
  const names = [...live].sort((a, b) => a.name.localeCompare(b.name));
  for (const [i, m] of names.entries()) {
    const ours = code[i];
    if (!ours) return { ok: false, reason: 'newer', migration: m.name };
    if (ours.name !== m.name || ours.checksum !== m.checksum) return { ok: false, reason: 'different', migration: m.name };
  }
  return { ok: true, pending: code.slice(names.length).map((m) => m.name) };
}

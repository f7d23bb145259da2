import type { Db } from '../db/client.ts';
import { storageFailure } from '../db/errors.ts';

/**
 * Whether the database takes writes: a read (SELECT 1) answers even when another process holds
 * the write lock or the disk is full, so /healthz also rewrites the one row of HealthProbe.
 * At most one probe per database every PROBE_INTERVAL_MS, shared by every caller in between,
 * so a flood of /healthz requests costs one tiny write.
 */

export const PROBE_INTERVAL_MS = 5000;

export type WriteCheck =
  | { status: 'ok'; checkedAt: string }
  | { status: 'failing'; code: string; checkedAt: string };

const latest = new WeakMap<Db, { at: number; check: Promise<WriteCheck> }>();

export function checkWrites(db: Db, now = Date.now()): Promise<WriteCheck> {
  const last = latest.get(db);
  if (last && now - last.at < PROBE_INTERVAL_MS) return last.check;
  const checkedAt = new Date(now);
  const check = db.healthProbe
    .upsert({ where: { id: 1 }, create: { id: 1, checkedAt }, update: { checkedAt } })
    .then(
      (): WriteCheck => ({ status: 'ok', checkedAt: checkedAt.toISOString() }),
      (error: unknown): WriteCheck => {
        const code = storageFailure(error)?.code ?? 'unknown';
        console.error(`healthz: the write probe failed (${code})`, code === 'unknown' ? error : '');
        return { status: 'failing', code, checkedAt: checkedAt.toISOString() };
      },
    );
  latest.set(db, { at: now, check });
  return check;
}

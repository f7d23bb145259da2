import type { Db } from '../db/client.ts';
import { storedMark, type Mark } from '../domain/judging.ts';
import type { SheetCell } from '../domain/sheet-header.ts';
import { currentDraw } from '../draw/queries.ts';
import type { Translate } from '../i18n/index.ts';

/**
 * Every change of every mark of a skill (MarkChange is append-only): when, who, on which
 * device, code, aspect, judge number, old → new, why. Codes only, never names: the log is read
 * by chief judges and arbitration and its exports travel; whoever needs names joins it with the
 * organizer's decryption sheet of a locked round.
 */

export const MARK_LOG_PAGE_SIZE = 50;

export interface MarkLogRow {
  id: number;
  at: Date;
  roundId: number;
  roundName: string;
  code: string;
  aspectCode: string;
  aspectName: string;
  judgeNumber: number;
  old: Mark | null;
  mark: Mark;
  reason: string;
  by: string;
  device: string;
}

export interface MarkLogPage {
  skill: { id: number; name: string; eventName: string };
  rounds: { id: number; name: string }[];
  roundId: number | null;
  rows: MarkLogRow[];
  total: number;
  page: number;
  pages: number;
}

/** One page of the log (page ≥ 1), or every row when `page` is null (exports); null when there is no such skill. */
export async function markLog(db: Db, skillId: number, filter: { roundId: number | null; page: number | null }): Promise<MarkLogPage | null> {
  const skill = await db.skill.findUnique({
    where: { id: skillId },
    select: { id: true, name: true, event: { select: { name: true } }, rounds: { orderBy: [{ position: 'asc' }, { id: 'asc' }], select: { id: true, name: true } } },
  });
  if (!skill) return null;
  const roundId = filter.roundId !== null && skill.rounds.some((r) => r.id === filter.roundId) ? filter.roundId : null;
  const where = { mark: { aspect: { criterion: { round: roundId === null ? { skillId } : { id: roundId } } } } };
  const total = await db.markChange.count({ where });
  const pages = Math.max(1, Math.ceil(total / MARK_LOG_PAGE_SIZE));
  const page = filter.page === null ? null : Math.min(Math.max(1, filter.page), pages);
  const changes = await db.markChange.findMany({
    where,
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    ...(page === null ? {} : { skip: (page - 1) * MARK_LOG_PAGE_SIZE, take: MARK_LOG_PAGE_SIZE }),
    include: {
      account: { select: { displayName: true } },
      mark: {
        select: {
          entryId: true,
          judge: { select: { number: true } },
          aspect: { select: { code: true, name: true, criterion: { select: { roundId: true } } } },
        },
      },
    },
  });

  // Codes from the draw in force for each round (a round may have its own draw).
  const codes = new Map<string, string>();
  for (const round of skill.rounds) {
    if (!changes.some((c) => c.mark.aspect.criterion.roundId === round.id)) continue;
    const draw = await currentDraw(db, skillId, round.id);
    if (!draw) continue;
    const rows = await db.drawAssignment.findMany({ where: { drawId: draw.id }, select: { entryId: true, code: true } });
    for (const row of rows) codes.set(`${round.id}:${row.entryId}`, row.code);
  }
  const roundName = new Map(skill.rounds.map((r) => [r.id, r.name]));
  const rows: MarkLogRow[] = changes.map((c) => {
    const rid = c.mark.aspect.criterion.roundId;
    return {
      id: c.id,
      at: c.at,
      roundId: rid,
      roundName: roundName.get(rid) ?? '',
      code: codes.get(`${rid}:${c.mark.entryId}`) ?? '?',
      aspectCode: c.mark.aspect.code,
      aspectName: c.mark.aspect.name,
      judgeNumber: c.mark.judge.number,
      old: c.oldState === null ? null : storedMark({ state: c.oldState, value: c.oldValue }),
      mark: storedMark({ state: c.newState, value: c.newValue }),
      reason: c.reason,
      by: c.account.displayName,
      device: c.deviceId,
    };
  });
  return {
    skill: { id: skill.id, name: skill.name, eventName: skill.event.name },
    rounds: skill.rounds,
    roundId,
    rows,
    total,
    page: page ?? 1,
    pages,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Local time of the server (the venue's), as spreadsheets show it: 2026-05-12 09:30:05. */
export const localTimestamp = (d: Date) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

const markCell = (t: Translate, mark: Mark | null): SheetCell => (mark === null ? '' : mark.state === 'scored' ? mark.value : t('desk.cell.notScored'));

/** The log as spreadsheet rows, header first. */
export function markLogSheet(rows: MarkLogRow[], t: Translate): SheetCell[][] {
  return [
    [
      t('marklog.col.at'), t('marklog.col.round'), t('marklog.col.code'), t('marklog.col.aspect'), t('marklog.col.aspectName'),
      t('marklog.col.judge'), t('marklog.col.old'), t('marklog.col.new'), t('marklog.col.reason'), t('marklog.col.by'), t('marklog.col.device'),
    ],
    ...rows.map((r) => [
      localTimestamp(r.at), r.roundName, r.code, r.aspectCode, r.aspectName, `J${r.judgeNumber}`,
      markCell(t, r.old), markCell(t, r.mark), r.reason, r.by, r.device,
    ]),
  ];
}

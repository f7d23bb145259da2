import type { Db } from '../../src/db/client.ts';

/** Every table that makes up an event's record; AuditEntry is compared separately (a restore appends to it). */
export const EVENT_TABLES = [
  'Account', 'Event', 'Organization', 'Contestant', 'Entry', 'Skill', 'Round', 'Criterion', 'Aspect', 'EventJudge', 'JudgeAssignment',
  'Draw', 'DrawAssignment', 'Mark', 'MarkChange', 'SheetSignoff', 'AspectReview', 'Publication', 'Appeal', 'DisplaySetting',
] as const;

/** The whole content of those tables, row by row, for deep comparison. */
export async function tableDump(db: Db): Promise<Record<string, unknown[]>> {
  const dump: Record<string, unknown[]> = {};
  for (const table of EVENT_TABLES) {
    const order = table === 'DisplaySetting' ? '"eventId"' : 'id';
    dump[table] = await db.$queryRawUnsafe(`SELECT * FROM "${table}" ORDER BY ${order}`);
  }
  return dump;
}

export async function auditActions(db: Db, afterId = 0): Promise<{ id: number; action: string; subject: string; details: string }[]> {
  return db.auditEntry.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' }, select: { id: true, action: true, subject: true, details: true } });
}

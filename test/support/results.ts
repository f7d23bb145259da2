import * as assert from 'uvu/assert';
import type { Db } from '../../src/db/client.ts';
import { lockRound } from '../../src/desk/commands.ts';
import { issueDelegationLink } from '../../src/registration/commands.ts';
import { publishResults } from '../../src/results/commands.ts';
import { localInput } from '../../src/results/routes.tsx';
import { blankTitleRule, TECHNICAL_EXPERT } from '../../src/domain/title-rules.ts';
import { judgingFixture, markAndSignAll, type JudgingFixture } from './desk.ts';

/**
 * The welding skill of test/support/desk.ts, fully marked and signed: every judge gives 张伟
 * level 3, 李强 level 2 and 王芳 level 1 on P1 and no deduction on P2, so the totals are 100,
 * 75 and 50 out of 100. 张伟 holds 高级工 (senior), so his title comes with a promotion to 技师.
 * Every contestant has a phone number, to prove that none reaches a publication.
 */
export interface ResultsFixture extends JudgingFixture {
  bibs: { 张伟: string; 李强: string; 王芳: string };
  /** Every contestant's ID and phone number: none may appear in a snapshot. */
  idNumbers: string[];
  phones: string[];
}

export const HOUR = 60 * 60 * 1000;

/** The skill's column data for the default rule with another N: the top N get 技术能手 and one grade up. */
export function topNTitles(n: number): { titleRules: string } {
  return { titleRules: JSON.stringify([{ ...blankTitleRule, rankTo: n, title: TECHNICAL_EXPERT, promotion: 'step' }]) };
}

export async function markedFixture(db: Db): Promise<ResultsFixture> {
  const f = await judgingFixture(db);
  const levels = { [f.codes.张伟]: 3, [f.codes.李强]: 2, [f.codes.王芳]: 1 };
  for (const judge of [1, 2, 3] as const) await markAndSignAll(db, f, judge, levels);
  const contestants = await db.contestant.findMany({ orderBy: { id: 'asc' } });
  for (const [index, c] of contestants.entries()) {
    await db.contestant.update({ where: { id: c.id }, data: { phone: `1380013800${index}`, skillLevel: c.name === '张伟' ? 'senior' : '' } });
  }
  return {
    ...f,
    bibs: { 张伟: '001', 李强: '002', 王芳: '003' },
    idNumbers: contestants.map((c) => c.idNumber),
    phones: contestants.map((_, index) => `1380013800${index}`),
  };
}

/** The chief judge (J4) locks the welding round. */
export async function lockWelding(db: Db, f: JudgingFixture): Promise<void> {
  const locked = await lockRound(db, { accountId: f.judges[4].accountId }, f.roundId);
  assert.ok(locked.ok, `round locked: ${JSON.stringify(locked)}`);
}

export async function lockedFixture(db: Db): Promise<ResultsFixture> {
  const f = await markedFixture(db);
  await lockWelding(db, f);
  return f;
}

/** The publish form's fields for windows counted from `now`. */
export function windows(now: Date, appealHours = 2, noticeHours = 72): { appealUntil: string; noticeUntil: string } {
  return { appealUntil: localInput(new Date(now.getTime() + appealHours * HOUR)), noticeUntil: localInput(new Date(now.getTime() + noticeHours * HOUR)) };
}

/** Publishes the welding results through the command, as if at `now`; returns the version. */
export async function publishWelding(db: Db, f: JudgingFixture, options: { now?: Date; appealUntil?: Date; changeNote?: string } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const appealUntil = options.appealUntil ?? new Date(now.getTime() + 2 * HOUR);
  const outcome = await publishResults(db, { accountId: f.organizerId }, f.skillId, {
    appealUntil: appealUntil.toISOString(), noticeUntil: new Date(appealUntil.getTime() + 72 * HOUR).toISOString(), changeNote: options.changeNote ?? '',
  }, now);
  assert.ok(outcome.ok, `published: ${JSON.stringify(outcome)}`);
  return outcome.ok ? outcome.value.version : 0;
}

/** A private delegation link for one of the fixture's organizations (by name). */
export async function delegationToken(db: Db, f: JudgingFixture, organizationName: string): Promise<string> {
  const organization = await db.organization.findFirstOrThrow({ where: { eventId: f.eventId, name: organizationName } });
  const link = await issueDelegationLink(db, organization.id, new Date(Date.now() + 7 * 24 * HOUR), f.organizerId);
  assert.ok(link.ok, 'link issued');
  return link.ok ? link.value : '';
}

/** Resolves when the promise rejects with a message matching `pattern`; fails the test otherwise. */
export async function refused(promise: Promise<unknown>, pattern: RegExp, what: string): Promise<void> {
  let error: unknown = null;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  assert.ok(error, `${what}: expected the database to refuse`);
  // Prisma reports a trigger's RAISE as a foreign key violation; SQLite's own message is in meta.
  const meta = (error as { meta?: unknown }).meta;
  assert.match(`${String(error)} ${JSON.stringify(meta ?? null)}`, pattern, what);
}

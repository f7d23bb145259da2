import * as assert from 'uvu/assert';
import type { Db } from '../../src/db/client.ts';
import { lockRound } from '../../src/desk/commands.ts';
import { drawLots } from '../../src/draw/commands.ts';
import { publishResults } from '../../src/results/commands.ts';
import type { ResultsFixture } from './results.ts';
import { HOUR } from './results.ts';
import { idNumber } from './people.ts';

/**
 * Publishes the fixture's second skill (CNC turning) with one entry, 赵六 (bib 101), who withdrew
 * after the draw: a publication with nobody ranked, enough to prove that a second skill reaches
 * the public pages and the big screen. Returns 赵六's ID and phone number (never shown publicly).
 */
export async function publishOtherSkill(db: Db, f: ResultsFixture): Promise<{ idNumber: string; phone: string }> {
  const org = await db.organization.findFirstOrThrow({ where: { eventId: f.eventId }, orderBy: { id: 'asc' } });
  const id = idNumber('19920202', 5);
  const phone = '13900139000';
  const contestant = await db.contestant.create({ data: { eventId: f.eventId, organizationId: org.id, name: '赵六', gender: 'male', idNumber: id, birthDate: '1992-02-02', phone } });
  const entry = await db.entry.create({ data: { contestantId: contestant.id, skillId: f.otherSkillId, eventId: f.eventId, bib: '101', attendance: 'present', checkedInAt: new Date() } });
  const drawn = await drawLots(db, f.otherSkillId, { roundId: null, reason: '' }, f.organizerId);
  assert.ok(drawn.ok, 'CNC lots drawn');
  await db.entry.update({ where: { id: entry.id }, data: { status: 'withdrawn' } });
  const locked = await lockRound(db, { accountId: f.judges[5].accountId }, f.otherRoundId);
  assert.ok(locked.ok, 'CNC round locked');
  const now = new Date();
  const published = await publishResults(db, { accountId: f.organizerId }, f.otherSkillId, {
    appealUntil: new Date(now.getTime() + 2 * HOUR).toISOString(), noticeUntil: new Date(now.getTime() + 74 * HOUR).toISOString(),
  });
  assert.ok(published.ok, `CNC published: ${JSON.stringify(published)}`);
  return { idNumber: id, phone };
}

import type { Db } from '../../src/db/client.ts';
import type { ResultsFixture } from './results.ts';

const pick = (c: { name: string; gender: string; idNumber: string; birthDate: string; skillLevel: string }) =>
  ({ name: c.name, gender: c.gender, idNumber: c.idNumber, birthDate: c.birthDate, skillLevel: c.skillLevel });

/**
 * A contest of 2025 before the welding fixture's (published first): its own event, skill and
 * publication, with 张伟 (the same ID number, another organization) alone in it and the first
 * prize (under another ID number, as if mistyped, with `idNumber`). The snapshot is the fixture's,
 * renamed and cut down to him.
 */
export async function earlierContest(db: Db, f: ResultsFixture, zhangId: number, options: { idNumber?: string } = {}): Promise<{ earlierEventId: number; earlierZhangId: number }> {
  const first = await db.publication.findFirstOrThrow({ where: { skillId: f.skillId } });
  const zhang = await db.contestant.findUniqueOrThrow({ where: { id: zhangId } });
  const event = await db.event.create({ data: { name: '2025年舟山市焊工技能竞赛', status: 'published', startsOn: new Date('2025-06-01T00:00:00Z') } });
  const organization = await db.organization.create({ data: { eventId: event.id, name: '舟山海洋工程有限公司', approvedAt: new Date() } });
  const skill = await db.skill.create({ data: { eventId: event.id, name: '焊工（气焊）', tieBreaks: '[]' } });
  const contestant = await db.contestant.create({ data: { ...pick(zhang), ...(options.idNumber ? { idNumber: options.idNumber } : {}), eventId: event.id, organizationId: organization.id, phone: '13900139000' } });
  await db.entry.create({ data: { contestantId: contestant.id, skillId: skill.id, eventId: event.id, bib: '101', status: 'competed' } });
  const snapshot = JSON.parse(first.snapshot);
  const entry = { ...snapshot.entries.find((e: { bib: string }) => e.bib === '001'), bib: '101', rank: 1, prize: 1, titles: [], promotion: null, organizationName: '舟山海洋工程有限公司' };
  await db.publication.create({
    data: {
      skillId: skill.id, version: 1, publishedById: f.organizerId, noticeUntil: new Date(), appealUntil: new Date(), publishedAt: new Date('2025-06-03T08:00:00Z'),
      snapshot: JSON.stringify({ ...snapshot, event: { ...snapshot.event, name: event.name }, skill: { ...snapshot.skill, name: skill.name }, entries: [entry] }),
    },
  });
  return { earlierEventId: event.id, earlierZhangId: contestant.id };
}

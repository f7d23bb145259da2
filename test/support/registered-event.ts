import type { Db } from '../../src/db/client.ts';
import { DEMO_ORGANIZATIONS, FEMALE_GIVEN, MALE_GIVEN, MOBILE_PREFIXES, SURNAMES } from '../../src/demo/data.ts';
import { seeded } from '../../src/demo/random.ts';
import { idNumber } from './people.ts';

/**
 * An event at the size the organizer's screens must hold: `contestants` people (300 by default)
 * from `organizations` organizations (31; long names like real trade unions'), entered in two
 * skills with bibs 001…, ID and phone numbers valid and distinct. Organizations are approved,
 * submitted or pending in turn (0, 1, 2 mod 3). Written with createMany: a few hundred
 * requests would take the test's time, and the registration commands have their own tests.
 */
export interface RegisteredEvent {
  eventId: number;
  skillIds: [number, number];
  organizations: { id: number; name: string }[];
  contestants: { id: number; name: string; idNumber: string; phone: string; organizationId: number; bib: string; skillId: number }[];
}

export async function registeredEvent(db: Db, size: { contestants?: number; organizations?: number; status?: string } = {}): Promise<RegisteredEvent> {
  const count = size.contestants ?? 300;
  const random = seeded(`registered-${count}`);
  const event = await db.event.create({ data: { name: '2026年舟山市职工职业技能大赛', status: size.status ?? 'registration' } });
  const skillIds = [
    (await db.skill.create({ data: { eventId: event.id, name: '焊工', nameEn: 'Welding', tieBreaks: '[]' } })).id,
    (await db.skill.create({ data: { eventId: event.id, name: '数控车工', nameEn: 'CNC turning', tieBreaks: '[]', position: 1 } })).id,
  ] as [number, number];
  const organizations: RegisteredEvent['organizations'] = [];
  for (let i = 0; i < (size.organizations ?? 31); i++) {
    const base = DEMO_ORGANIZATIONS[i % DEMO_ORGANIZATIONS.length]!.name;
    // Distinct, and some as long as a real 工会's full name.
    const name = i < DEMO_ORGANIZATIONS.length ? base : `${base.replace('工会', '')}第${i + 1}分公司联合工会委员会`;
    const review = i % 3 === 0 ? { approvedAt: new Date(), submittedAt: new Date() } : i % 3 === 1 ? { submittedAt: new Date() } : {};
    organizations.push({ id: (await db.organization.create({ data: { eventId: event.id, name, ...review } })).id, name });
  }
  const people = Array.from({ length: count }, (_, i) => {
    const male = random.chance(0.7);
    const name = random.pick(SURNAMES) + random.pick(male ? MALE_GIVEN : FEMALE_GIVEN);
    const birth = `19${70 + (i % 30)}0${1 + (i % 9)}1${i % 10}`;
    // Sequence: odd for men, even for women (GB 11643). People i and i + 90 share a birth date
    // (its parts repeat every 30, 9 and 10), so the sequence counts those: distinct up to 44,910.
    const sequence = (Math.floor(i / 90) % 499) * 2 + (male ? 1 : 2);
    return {
      eventId: event.id, organizationId: organizations[i % organizations.length]!.id, name, gender: male ? 'male' : 'female',
      idNumber: idNumber(birth, sequence), birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`,
      phone: `${random.pick(MOBILE_PREFIXES)}${String(10_000_000 + i * 7919).slice(-8)}`,
    };
  });
  await db.contestant.createMany({ data: people });
  const stored = await db.contestant.findMany({ where: { eventId: event.id }, orderBy: { id: 'asc' } });
  const entries = stored.map((c, i) => ({ contestantId: c.id, eventId: event.id, skillId: skillIds[i % 2]!, bib: String(i + 1).padStart(3, '0') }));
  await db.entry.createMany({ data: entries });
  return {
    eventId: event.id, skillIds, organizations,
    contestants: stored.map((c, i) => ({ id: c.id, name: c.name, idNumber: c.idNumber, phone: c.phone, organizationId: c.organizationId, bib: entries[i]!.bib, skillId: entries[i]!.skillId })),
  };
}

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freshApp } from '../support/app.ts';
import { DEMO_EVENT, DEMO_ORGANIZER, seedDemo, type DemoSummary } from '../../src/demo/demo.ts';
import { findSkill } from '../../src/events/queries.ts';
import { validateIdNumber } from '../../src/domain/id-number.ts';
import { validateSkill } from '../../src/domain/marking-scheme.ts';
import type { Db } from '../../src/db/client.ts';
import { TestClient } from '../support/client.ts';
import { createAccount } from '../support/fixtures.ts';

/** What must not change from run to run: people and their marks, keyed by bib, aspect and judge number (not by the drawn codes). */
async function fingerprint(db: Db) {
  const people = await db.entry.findMany({
    orderBy: { bib: 'asc' },
    select: { bib: true, attendance: true, contestant: { select: { name: true, idNumber: true, phone: true, skillLevel: true, organization: { select: { name: true } } } } },
  });
  const marks = await db.mark.findMany({ select: { state: true, value: true, entry: { select: { bib: true } }, aspect: { select: { code: true, criterion: { select: { round: { select: { code: true } } } } } }, judge: { select: { number: true } } } });
  return {
    people,
    marks: marks.map((m) => `${m.entry.bib} ${m.aspect.criterion.round.code}.${m.aspect.code} J${m.judge.number} ${m.state} ${m.value}`).sort(),
  };
}

test('the demo loads a complete, valid event with one skill published, refuses to load twice, and can be signed into', async () => {
  const target = await freshApp();
  const { db } = target;
  try {
    const result = await seedDemo(db, { today: new Date('2026-05-20T02:00:00Z') });
    assert.ok(result.ok, 'seeded');
    const summary = (result as { summary: DemoSummary }).summary;

    const event = await db.event.findUniqueOrThrow({ where: { id: summary.eventId } });
    assert.is(event.name, DEMO_EVENT.name);
    assert.is(event.status, 'in_progress');
    assert.is(event.venue, '定海区职业技能实训基地');
    assert.is(event.hostOrganization, '定海区总工会');
    assert.is(event.startsOn?.toISOString().slice(0, 10), '2026-05-19');
    assert.is(event.endsOn?.toISOString().slice(0, 10), '2026-05-21');
    assert.is(summary.judgeCode, event.judgeCode);

    // Counts.
    const skills = await db.skill.findMany({ where: { eventId: event.id }, include: { rounds: true }, orderBy: { position: 'asc' } });
    assert.equal(skills.map((s) => s.name), ['焊工', '数控车工', '智能楼宇管理员']);
    assert.is(await db.organization.count({ where: { eventId: event.id } }), 8);
    const contestants = await db.contestant.findMany({ where: { eventId: event.id } });
    assert.ok(contestants.length >= 55 && contestants.length <= 65, `${contestants.length} contestants`);
    for (const c of contestants) {
      const checked = validateIdNumber(c.idNumber, new Date());
      assert.ok(checked.ok && checked.gender === c.gender, `${c.name}'s ID number ${c.idNumber}`);
      assert.ok(/^33090[23]|^330921/.test(c.idNumber), 'issued in Zhoushan');
      const year = Number(c.birthDate.slice(0, 4));
      assert.ok(year >= 1970 && year <= 2002, `born ${c.birthDate}`);
    }
    assert.is(new Set(contestants.map((c) => c.name)).size, contestants.length, 'names are unique');

    // Every scheme validates, and uses every kind of aspect.
    for (const skill of skills) {
      const detail = (await findSkill(db, skill.id))!;
      assert.equal(validateSkill(detail), [], `${skill.name} validates`);
      assert.equal(detail.rounds.map((r) => [r.code, r.weight]), [['theory', 30], ['practical', 70]]);
      const types = new Set(detail.rounds[1]!.criteria.flatMap((c) => c.aspects.map((a) => a.rule.type)));
      assert.equal([...types].sort(), ['deduction', 'judgement', 'measurement', 'time'], `${skill.name} aspect types`);
    }
    const cnc = (await findSkill(db, skills[1]!.id))!;
    assert.ok(cnc.rounds[1]!.criteria.flatMap((c) => c.aspects).some((a) => a.rule.type === 'measurement' && a.rule.bands.length > 0), 'CNC has tolerance bands');

    // Absentees: one or two per skill.
    for (const skill of skills) {
      const absent = await db.entry.count({ where: { skillId: skill.id, attendance: 'absent' } });
      assert.ok(absent >= 1 && absent <= 2, `${skill.name}: ${absent} absent`);
      assert.is(await db.entry.count({ where: { skillId: skill.id, attendance: null } }), 0, 'everybody checked in');
      assert.is(await db.draw.count({ where: { skillId: skill.id } }), 1, 'lots drawn once');
    }

    // Two skills wholly locked, the third still being marked.
    const locked = skills.filter((s) => s.rounds.every((r) => r.lockedAt !== null));
    assert.equal(locked.map((s) => s.name), ['焊工', '数控车工']);
    const live = skills[2]!;
    assert.ok(live.rounds.every((r) => r.lockedAt === null), 'building management not locked');
    const liveMarks = await db.mark.count({ where: { entry: { skillId: live.id } } });
    const lockedMarks = await db.mark.count({ where: { entry: { skillId: skills[0]!.id } } });
    assert.ok(liveMarks > 0 && liveMarks < lockedMarks, 'some of the live skill marked');

    // The first skill's results are published.
    assert.equal(summary.published, [{ skillId: skills[0]!.id, version: 1 }]);
    assert.is(await db.publication.count({ where: { skillId: skills[0]!.id } }), 1);

    // Recusal: a judge from an organization with entries in the judge's own skill.
    const judges = await db.eventJudge.findMany({ where: { eventId: event.id, organizationId: { not: null } }, include: { assignments: { include: { round: true } } } });
    const recused = [];
    for (const judge of judges) {
      const skillIds = new Set(judge.assignments.map((a) => a.round.skillId));
      const own = await db.entry.count({ where: { skillId: { in: [...skillIds] }, contestant: { organizationId: judge.organizationId! } } });
      if (own > 0) recused.push(judge.number);
    }
    assert.is(recused.length, 3, 'one recused judge per skill');
    assert.is(summary.judges.length, 12);
    assert.ok(summary.judges.every((j) => /^\d{6}$/.test(j.pin)), 'PINs printed');
    assert.is(summary.organizer.password, DEMO_ORGANIZER.password);

    // A second run refuses and changes nothing.
    const again = await seedDemo(db);
    assert.equal(again, { ok: false, reason: 'exists', eventId: event.id });
    assert.is(await db.event.count(), 1);
    assert.is(await db.contestant.count(), contestants.length);

    // The organizer signs in and the pages render.
    const client = new TestClient(target, { 'accept-language': 'zh-CN' });
    await client.get('/login');
    const login = await client.post('/login', { username: DEMO_ORGANIZER.username, password: DEMO_ORGANIZER.password });
    assert.is(login.status, 303, 'organizer signs in');
    const registration = await client.get(`/events/${event.id}/registration`);
    assert.is(registration.status, 200);
    assert.match(await registration.text(), `共 ${contestants.length} 名选手`, 'registration lists the contestants');
    const found = await client.get(`/events/${event.id}/registration?q=${encodeURIComponent(contestants[0]!.name)}`);
    assert.match(await found.text(), contestants[0]!.name, 'and finds each of them');
    const practical = live.rounds.find((r) => r.code === 'practical')!;
    const desk = await client.get(`/desk/rounds/${practical.id}`);
    assert.is(desk.status, 200, 'live desk renders');

    // Same seed, same people and marks (the drawn codes differ); an existing organizer is reused.
    const other = await freshApp();
    try {
      await createAccount(other.db, { username: 'zhao', password: 'organizer-password' });
      const second = await seedDemo(other.db);
      assert.ok(second.ok);
      const secondSummary = (second as { summary: DemoSummary }).summary;
      assert.equal(secondSummary.organizer, { username: 'zhao', password: null, created: false });
      assert.is(await other.db.account.count({ where: { role: 'organizer' } }), 1, 'no second organizer');
      assert.equal(await fingerprint(other.db), await fingerprint(db));
    } finally {
      await other.close();
    }
  } finally {
    await target.close();
  }
});

test.run();

/**
 * Demo data: one realistic district competition, taken through every stage the app has so far
 * (set-up, registration, check-in, draw, marking, sign-off, lock, publication), so a newcomer can open each
 * screen and see it in use. Everything goes through the same commands the screens and the API
 * call, so the data obeys the same rules; the only shortcut is the judges' signature, see
 * signAsJudge().
 *
 * Pseudo-random choices (names, ID numbers, marks) come from a fixed seed and are keyed by the
 * contestant, so screenshots stay the same from run to run. The draw of lots is the real,
 * cryptographically random one: codes and stations differ each run, the marks do not.
 */
import { hashPassword } from '../auth/password.ts';
import { changeEventStatus, addSkill, replaceScheme, saveEvent, saveSkillSettings } from '../events/commands.ts';
import { findSkill, type StoredAspect, type StoredRound } from '../events/queries.ts';
import { recordAttendance } from '../checkin/commands.ts';
import type { Db } from '../db/client.ts';
import { acceptSpread, lockRound, sendBack } from '../desk/commands.ts';
import { checkCharacter } from '../domain/id-number.ts';
import { isRecused, type Mark } from '../domain/judging.ts';
import { defaultRounds, validateSkill, type Aspect } from '../domain/marking-scheme.ts';
import type { SkillLevel } from '../domain/contestant-sheet.ts';
import { drawLots } from '../draw/commands.ts';
import { addJudges, saveAssignments, type AssignmentInput } from '../judges/commands.ts';
import { missingOnSheet, saveMarks, type JudgeActor } from '../judging/commands.ts';
import { roundContext, type RoundContext } from '../judging/queries.ts';
import type { Outcome } from '../outcome.ts';
import { saveContestant, saveOrganization } from '../registration/commands.ts';
import { DEFAULT_APPEAL_HOURS, DEFAULT_NOTICE_DAYS, publishResults } from '../results/commands.ts';
import {
  AREA_CODES, DEMO_EVENT, eventDates, DEMO_ORGANIZATIONS, DEMO_ORGANIZER, DEMO_SKILLS, FEMALE_GIVEN, MALE_GIVEN, MOBILE_PREFIXES, SPREAD_REASON, SURNAMES,
  type DemoSkill,
} from './data.ts';
import { seeded, type Random } from './random.ts';

export { DEMO_EVENT, DEMO_ORGANIZER } from './data.ts';

export interface SeedOptions {
  /** Seed of every pseudo-random choice; change it for a different (but again stable) crowd. */
  seed?: string;
  /** The event runs from the day before this to the day after; default: now. */
  today?: Date;
  /** Progress lines (the command prints them; tests stay quiet). */
  log?: (line: string) => void;
}

export interface DemoJudge {
  number: number;
  name: string;
  pin: string;
  skill: string;
  chief: boolean;
  organization: string | null;
}

export interface DemoSkillSummary {
  id: number;
  name: string;
  rounds: { id: number; name: string; locked: boolean }[];
  drawId: number;
}

export interface DemoSummary {
  eventId: number;
  eventName: string;
  judgeCode: string;
  /** password is null when an existing organizer account was reused (its password is not ours to print). */
  organizer: { username: string; password: string | null; created: boolean };
  judges: DemoJudge[];
  skills: DemoSkillSummary[];
  counts: { organizations: number; contestants: number; entries: number; absent: number; marks: number; signoffs: number };
  /** Milliseconds per stage, for the command's closing line. */
  timings: { stage: string; ms: number }[];
  /** Skills whose results were published, with the version. */
  published: { skillId: number; version: number }[];
}

export type SeedResult =
  | { ok: true; summary: DemoSummary }
  | { ok: false; reason: 'exists'; eventId: number };

const DEFAULT_SEED = 'jiangxin-demo-2026';

/** Fails loudly: the demo data is ours, so a refusal is a bug in it (or in a command). */
function must<T>(outcome: Outcome<T>, what: string): T {
  if (outcome.ok) return outcome.value;
  throw new Error(`demo: ${what} was refused (${outcome.status}): ${JSON.stringify(outcome.problems)}`);
}

// ─── people ──────────────────────────────────────────────────────────────────

interface Person {
  skill: DemoSkill;
  /** 0-based, in bib order within the skill. */
  position: number;
  bib: string;
  organizationKey: string;
  name: string;
  gender: 'male' | 'female';
  idNumber: string;
  phone: string;
  skillLevel: SkillLevel;
  /** 0.3–1: how well this contestant does; all their marks lean on it. */
  ability: number;
  absent: boolean;
}

function skillLevelFor(birthYear: number, rng: Random): SkillLevel {
  const r = rng.next();
  if (birthYear <= 1980) return r < 0.1 ? 'senior_technician' : r < 0.5 ? 'technician' : 'senior';
  if (birthYear <= 1992) return r < 0.2 ? 'technician' : r < 0.7 ? 'senior' : 'intermediate';
  return r < 0.3 ? 'senior' : r < 0.8 ? 'intermediate' : 'junior';
}

function makePeople(seed: string, takenNames: Set<string>): Person[] {
  const ids = new Set<string>();
  const people: Person[] = [];
  for (const skill of DEMO_SKILLS) {
    let position = 0;
    for (const [organizationKey, count] of Object.entries(skill.entries)) {
      for (let i = 0; i < count; i++, position++) {
        const rng = seeded(`${seed}:person:${skill.key}:${position}`);
        const gender = rng.chance(skill.male) ? 'male' : 'female';
        let name = '';
        do {
          name = rng.pick(SURNAMES) + rng.pick(gender === 'male' ? MALE_GIVEN : FEMALE_GIVEN);
        } while (takenNames.has(name));
        takenNames.add(name);
        const year = rng.int(1970, 2002);
        let idNumber = '';
        do {
          const birth = `${year}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
          // The sequence's last digit is odd for men and even for women.
          const sequence = String(rng.int(0, 49) * 10 + rng.int(0, 4) * 2 + (gender === 'male' ? 1 : 0)).padStart(3, '0');
          const first17 = rng.pick(AREA_CODES) + birth + sequence;
          idNumber = first17 + checkCharacter(first17);
        } while (ids.has(idNumber));
        ids.add(idNumber);
        people.push({
          skill, position, organizationKey, name, gender, idNumber,
          bib: String(skill.firstBib + position),
          phone: rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0'),
          skillLevel: skillLevelFor(year, rng),
          ability: 0.3 + 0.7 * rng.next() ** 0.6,
          absent: skill.absent.includes(position),
        });
      }
    }
  }
  return people;
}

// ─── marks ───────────────────────────────────────────────────────────────────

const decimalsOf = (step: number) => (String(step).split('.')[1] ?? '').length;
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * What judge `judgeIndex` (0–2) enters for this person and aspect: judgement levels mostly 2–3
 * and within one point of each other, wrong answers and deductions that follow the person's
 * ability, measured values scattered around the nominal, times around the limit.
 */
function markFor(seed: string, person: Person, aspect: Aspect, judgeIndex: number): Mark {
  const own = seeded(`${seed}:aspect:${person.skill.key}:${person.position}:${aspect.code}`);
  const a = person.ability;
  const { rule } = aspect;
  switch (rule.type) {
    case 'judgement': {
      // Judges agree on the level to within rounding: base ± 0.5 rounds to values at most 1 apart.
      const base = 1.2 + 1.75 * a + (own.next() - 0.5) * 0.6;
      const noise = seeded(`${seed}:judge:${person.skill.key}:${person.position}:${aspect.code}:${judgeIndex}`).next() - 0.5;
      return { state: 'scored', value: clamp(Math.round(base + noise), 0, 3) };
    }
    case 'deduction': {
      if (aspect.code.startsWith('T')) {
        // Theory: wrong answers out of maxMark / perOccurrence questions.
        const questions = aspect.maxMark / rule.perOccurrence;
        const wrong = Math.round(questions * ((1 - a) * 0.32 + own.next() * 0.12));
        return { state: 'scored', value: clamp(wrong, 0, questions) };
      }
      if (aspect.code === 'C1' && person.skill.key === 'building') {
        // Faults left unresolved, out of four.
        return { state: 'scored', value: clamp(Math.round((1 - a) * 3.5 + own.next() - 0.4), 0, 4) };
      }
      const r = own.next();
      return { state: 'scored', value: r < 0.68 ? 0 : r < 0.88 ? 1 : r < 0.96 ? 2 : 3 };
    }
    case 'measurement': {
      if (rule.bands.length === 0) return { state: 'scored', value: own.chance(0.6 + 0.36 * a) ? 1 : 0 };
      // A bell-shaped deviation, wider for weaker contestants: most inside the first band.
      const u = (own.next() + own.next() + own.next()) / 3 - 0.5;
      const deviation = u * 2 * rule.bands[0]!.tolerance * (0.8 + 1.8 * (1 - a));
      const value = Math.round((rule.nominal! + deviation) / rule.step) * rule.step;
      return { state: 'scored', value: Number(value.toFixed(decimalsOf(rule.step))) };
    }
    case 'time': {
      const minutes = rule.limitMinutes * (0.87 + 0.22 * (1 - a) + (own.next() - 0.5) * 0.14);
      return { state: 'scored', value: Number(minutes.toFixed(2)) };
    }
  }
}

/** One deliberate disagreement per skill (a judge two levels off), for the desk to show. */
interface Disagreement { position: number; aspectCode: string }
const DISAGREEMENTS: Record<DemoSkill['key'], Disagreement> = {
  welding: { position: 2, aspectCode: 'A1' },
  cnc: { position: 8, aspectCode: 'B2' },
  building: { position: 1, aspectCode: 'A1' },
};

/** A contestant of CNC turning who did not get to the thread: "not scored", not 0. */
const NOT_ATTEMPTED = { skill: 'cnc', position: 5, aspectCode: 'A5' } as const;

// ─── the seed ────────────────────────────────────────────────────────────────

interface SeedJudge extends JudgeActor {
  number: number;
  name: string;
  pin: string;
}

/**
 * The judge's signature on a complete sheet, as signSheet() records it. signSheet() also checks
 * the judge's PIN, an scrypt verification of ~0.1 s that would cost 20 s for the demo's ~200
 * sheets; the seed is the judges, so it skips that one step and keeps the rest.
 */
async function signAsJudge(db: Db, judge: SeedJudge, context: RoundContext, entryId: number): Promise<void> {
  const missing = await missingOnSheet(db, judge.judgeId, context, entryId);
  if (missing.length > 0) throw new Error(`demo: J${judge.number} cannot sign an incomplete sheet`);
  const already = await db.sheetSignoff.findFirst({ where: { judgeId: judge.judgeId, entryId, roundId: context.round.id, revokedAt: null } });
  if (!already) await db.sheetSignoff.create({ data: { judgeId: judge.judgeId, entryId, roundId: context.round.id } });
}

/** Which aspects of a practical round a judge marks: judgement by all three; objective ones by one neutral judge each. */
function practicalAspects(round: StoredRound, judgeIndex: number): StoredAspect[] {
  const aspects = round.criteria.flatMap((c) => c.aspects);
  return aspects.filter((a) => {
    if (a.rule.type === 'judgement') return true;
    if (a.rule.type === 'measurement') return judgeIndex === 0;
    return judgeIndex === 1; // deductions and times
  });
}

export async function seedDemo(db: Db, options: SeedOptions = {}): Promise<SeedResult> {
  const seed = options.seed ?? DEFAULT_SEED;
  const log = options.log ?? (() => {});
  const timings: DemoSummary['timings'] = [];
  let stageStart = performance.now();
  const stage = (name: string) => {
    const now = performance.now();
    timings.push({ stage: name, ms: Math.round(now - stageStart) });
    stageStart = now;
  };

  const existing = await db.event.findFirst({ where: { name: DEMO_EVENT.name }, select: { id: true } });
  if (existing) return { ok: false, reason: 'exists', eventId: existing.id };

  // ── organizer ──
  let organizer = await db.account.findFirst({ where: { role: 'organizer', disabledAt: null }, orderBy: { id: 'asc' } });
  const created = organizer === null;
  if (!organizer) {
    if (await db.account.findUnique({ where: { username: DEMO_ORGANIZER.username } })) {
      throw new Error(`demo: the username "${DEMO_ORGANIZER.username}" is taken by a non-organizer account`);
    }
    organizer = await db.account.create({
      data: { username: DEMO_ORGANIZER.username, displayName: DEMO_ORGANIZER.displayName, role: 'organizer', isAdmin: true, passwordHash: await hashPassword(DEMO_ORGANIZER.password) },
    });
  }
  const accountId = organizer.id;
  const actor = { kind: 'organizer' as const, accountId };

  // ── event, skills, schemes ──
  log(`赛事 / event: ${DEMO_EVENT.name}`);
  const eventId = must(await saveEvent(db, null, { ...DEMO_EVENT, ...eventDates(options.today ?? new Date()) }, organizer), 'the event');
  const skillIds = new Map<DemoSkill['key'], number>();
  for (const skill of DEMO_SKILLS) {
    const issues = validateSkill({ settings: skill.settings, rounds: skill.rounds });
    if (issues.length > 0) throw new Error(`demo: the ${skill.nameEn} scheme does not validate: ${JSON.stringify(issues)}`);
    const id = must(await addSkill(db, eventId, { name: skill.name, nameEn: skill.nameEn }, defaultRounds({ theory: '理论知识', practical: '实际操作' })), `skill ${skill.nameEn}`);
    must(await replaceScheme(db, id, skill.rounds), `the ${skill.nameEn} scheme`);
    must(await saveSkillSettings(db, id, skill.settings), `the ${skill.nameEn} settings`);
    skillIds.set(skill.key, id);
  }
  must(await changeEventStatus(db, eventId, 'registration'), 'opening registration');
  stage('event and marking schemes');

  // ── registration ──
  const organizationIds = new Map<string, number>();
  for (const org of DEMO_ORGANIZATIONS) {
    organizationIds.set(org.key, must(await saveOrganization(db, eventId, null, { name: org.name, nameEn: org.nameEn, contactName: org.contactName, contactPhone: org.contactPhone }), org.name));
  }
  const takenNames = new Set([...DEMO_SKILLS.flatMap((s) => [s.chief, s.judges[0], s.judges[1], s.judges[2].name]), ...DEMO_ORGANIZATIONS.map((o) => o.contactName)]);
  const people = makePeople(seed, takenNames);
  const personOfEntry = new Map<number, Person>();
  for (const person of people) {
    const skillId = skillIds.get(person.skill.key)!;
    const contestantId = must(await saveContestant(db, eventId, null, {
      name: person.name, gender: person.gender, organizationId: organizationIds.get(person.organizationKey)!,
      idNumber: person.idNumber, phone: person.phone, skillLevel: person.skillLevel, entries: [{ skillId, bib: person.bib }],
    }, actor), `contestant ${person.name}`);
    const entry = await db.entry.findFirstOrThrow({ where: { contestantId, skillId }, select: { id: true } });
    personOfEntry.set(entry.id, person);
  }
  log(`报名 / registration: ${DEMO_ORGANIZATIONS.length} organizations, ${people.length} contestants`);
  stage('registration');

  // ── judges ── (one call, so the PINs are hashed concurrently inside addJudges)
  const judgeLines = DEMO_SKILLS.flatMap((s) => {
    const org = DEMO_ORGANIZATIONS.find((o) => o.key === s.judges[2].organization)!;
    return [s.judges[0], s.judges[1], `${s.judges[2].name}, ${org.name}`, `${s.chief}, , 裁判长`];
  });
  const pins = must(await addJudges(db, eventId, judgeLines.join('\n'), accountId), 'the judges');
  const judgeRows = await db.eventJudge.findMany({ where: { eventId } });
  const judgeByName = new Map<string, SeedJudge>(pins.map((p) => {
    const row = judgeRows.find((j) => j.id === p.judgeId)!;
    return [p.name, { accountId: row.accountId, judgeId: row.id, organizationId: row.organizationId, number: p.number, name: p.name, pin: p.pin }];
  }));
  const skillJudges = new Map<DemoSkill['key'], { markers: SeedJudge[]; chief: SeedJudge }>();
  const schemes = new Map<DemoSkill['key'], StoredRound[]>();
  for (const skill of DEMO_SKILLS) {
    const skillId = skillIds.get(skill.key)!;
    const rounds = (await findSkill(db, skillId))!.rounds;
    schemes.set(skill.key, rounds);
    const markers = [skill.judges[0], skill.judges[1], skill.judges[2].name].map((name) => judgeByName.get(name)!);
    const chief = judgeByName.get(skill.chief)!;
    skillJudges.set(skill.key, { markers, chief });
    const [theory, practical] = rounds as [StoredRound, StoredRound];
    const assignments: AssignmentInput[] = [
      { judgeId: markers[0]!.judgeId, roundId: theory.id, aspectIds: null },
      ...markers.map((judge, index) => ({ judgeId: judge.judgeId, roundId: practical.id, aspectIds: practicalAspects(practical, index).map((a) => a.id) })),
    ];
    must(await saveAssignments(db, skillId, chief.judgeId, assignments, accountId), `${skill.nameEn} judge assignments`);
  }
  const judgeCode = (await db.event.findUniqueOrThrow({ where: { id: eventId } })).judgeCode!;
  log(`裁判 / judges: ${pins.length}, event code ${judgeCode}`);
  stage('judges (PINs hashed concurrently)');

  // ── competition day: start, check-in, draw ──
  must(await changeEventStatus(db, eventId, 'in_progress'), 'starting the competition');
  for (const [entryId, person] of personOfEntry) {
    must(await recordAttendance(db, entryId, person.absent ? 'absent' : 'present', accountId), `check-in of ${person.name}`);
  }
  const drawIds = new Map<DemoSkill['key'], number>();
  for (const skill of DEMO_SKILLS) {
    drawIds.set(skill.key, must(await drawLots(db, skillIds.get(skill.key)!, { roundId: null, reason: '' }, accountId), `the ${skill.nameEn} draw`));
  }
  log(`检录与抽签 / check-in and draw: ${people.filter((p) => p.absent).length} absent`);
  stage('check-in and draw');

  // ── marking ──
  let keyCount = 0;
  const key = (judge: SeedJudge) => `demo-${eventId}-${judge.number}-${++keyCount}`;

  /** One judge enters marks for the given people (recused entries left out) and signs the first `sign` sheets. */
  async function markRound(context: RoundContext, judge: SeedJudge, judgeIndex: number, aspects: StoredAspect[], forPeople: (p: Person) => boolean, signCount = Infinity) {
    const entries = context.entries
      .map((e) => ({ ...e, person: personOfEntry.get(e.entryId)! }))
      .filter((e) => forPeople(e.person) && !isRecused(judge, e))
      .sort((x, y) => x.person.position - y.person.position);
    if (entries.length === 0) return;
    const marks = entries.flatMap((e) => aspects.map((aspect) => {
      let mark = markFor(seed, e.person, aspect, judgeIndex);
      const disagreement = DISAGREEMENTS[e.person.skill.key];
      if (judgeIndex === 0 && disagreement.position === e.person.position && disagreement.aspectCode === aspect.code && mark.state === 'scored') {
        // Judge 1 sees it two levels apart from judge 2.
        const other = markFor(seed, e.person, aspect, 1) as { value: number };
        mark = { state: 'scored', value: other.value >= 2 ? other.value - 2 : other.value + 2 };
      }
      if (e.person.skill.key === NOT_ATTEMPTED.skill && e.person.position === NOT_ATTEMPTED.position && aspect.code === NOT_ATTEMPTED.aspectCode) {
        mark = { state: 'not_scored' };
      }
      return { key: key(judge), code: e.code, aspectId: aspect.id, mark, baseVersion: 0 };
    }));
    for (let i = 0; i < marks.length; i += 500) {
      const results = must(await saveMarks(db, judge, { roundId: context.round.id, deviceId: `demo-tablet-${judge.number}`, marks: marks.slice(i, i + 500) }), `marks of J${judge.number}`);
      const refused = results.filter((r) => r.status !== 'saved');
      if (refused.length > 0) throw new Error(`demo: marks of J${judge.number} refused: ${JSON.stringify(refused.slice(0, 3))}`);
    }
    for (const e of entries.slice(0, signCount)) await signAsJudge(db, judge, context, e.entryId);
  }

  for (const skill of DEMO_SKILLS) {
    const { markers, chief } = skillJudges.get(skill.key)!;
    const [theory, practical] = schemes.get(skill.key)! as [StoredRound, StoredRound];
    const live = skill.key === 'building';
    const chair = { accountId: chief.accountId };

    const theoryContext = (await roundContext(db, theory.id))!;
    await markRound(theoryContext, markers[0]!, 0, theory.criteria.flatMap((c) => c.aspects), () => true);

    const practicalContext = (await roundContext(db, practical.id))!;
    if (!live) {
      for (const [index, judge] of markers.entries()) await markRound(practicalContext, judge, index, practicalAspects(practical, index), () => true);
    } else {
      // Still being marked: judge 1 is done; judge 2 is part-way; judge 3 has marked a few and signed fewer.
      await markRound(practicalContext, markers[0]!, 0, practicalAspects(practical, 0), () => true);
      await markRound(practicalContext, markers[1]!, 1, practicalAspects(practical, 1), (p) => p.position < 12, 10);
      await markRound(practicalContext, markers[2]!, 2, practicalAspects(practical, 2), (p) => p.position < 8, 5);
    }

    // The deliberate disagreement: welding sends it back and judge 1 corrects it; CNC accepts it with a reason.
    const disagreement = DISAGREEMENTS[skill.key];
    const flaggedEntry = practicalContext.entries.find((e) => personOfEntry.get(e.entryId)!.position === disagreement.position)!;
    const flaggedAspect = practical.criteria.flatMap((c) => c.aspects).find((a) => a.code === disagreement.aspectCode)!;
    const cell = { code: flaggedEntry.code, aspectId: flaggedAspect.id };
    if (skill.key === 'welding') {
      must(await sendBack(db, chair, practical.id, { ...cell, reason: `请${markers[0]!.number}号裁判复核“${flaggedAspect.name}”评分（与其他裁判相差2档）` }), 'sending back');
      const person = personOfEntry.get(flaggedEntry.entryId)!;
      const current = await db.mark.findFirstOrThrow({ where: { entryId: flaggedEntry.entryId, aspectId: flaggedAspect.id, judgeId: markers[0]!.judgeId } });
      const corrected = markFor(seed, person, flaggedAspect, 0);
      const saved = must(await saveMarks(db, markers[0]!, {
        roundId: practical.id, deviceId: `demo-tablet-${markers[0]!.number}`,
        marks: [{ key: key(markers[0]!), code: flaggedEntry.code, aspectId: flaggedAspect.id, mark: corrected, baseVersion: current.version }],
      }), 're-marking');
      if (saved[0]?.status !== 'saved') throw new Error(`demo: re-marking refused: ${JSON.stringify(saved)}`);
      for (const judge of markers) {
        if (!isRecused(judge, flaggedEntry)) await signAsJudge(db, judge, practicalContext, flaggedEntry.entryId);
      }
    } else if (skill.key === 'cnc') {
      must(await acceptSpread(db, chair, practical.id, { ...cell, reason: SPREAD_REASON }), 'accepting a spread');
    }

    if (!live) {
      must(await lockRound(db, chair, theory.id), `locking ${skill.nameEn} theory`);
      must(await lockRound(db, chair, practical.id), `locking ${skill.nameEn} practical`);
    }
    log(`评分 / marking: ${skill.name} ${live ? 'in progress (marks missing, one spread flagged)' : 'marked, signed and locked'}`);
  }
  stage('marking, sign-off and locks');

  // ── publication of the first skill (成绩公示): appeals open for 2 hours, the notice for 3 days ──
  const publishedAt = new Date();
  const first = DEMO_SKILLS[0]!;
  const published = must(await publishResults(db, { accountId }, skillIds.get(first.key)!, {
    appealUntil: new Date(publishedAt.getTime() + DEFAULT_APPEAL_HOURS * 3_600_000).toISOString(),
    noticeUntil: new Date(publishedAt.getTime() + DEFAULT_NOTICE_DAYS * 86_400_000).toISOString(),
  }, publishedAt), `publishing ${first.nameEn}`);
  log(`成绩公示 / publication: ${first.name} version ${published.version}`);
  stage('publication');

  const [organizations, contestants, entries, absent, marks, signoffs, rounds] = await Promise.all([
    db.organization.count({ where: { eventId } }),
    db.contestant.count({ where: { eventId } }),
    db.entry.count({ where: { eventId } }),
    db.entry.count({ where: { eventId, attendance: 'absent' } }),
    db.mark.count({ where: { entry: { eventId } } }),
    db.sheetSignoff.count({ where: { entry: { eventId }, revokedAt: null } }),
    db.round.findMany({ where: { skill: { eventId } }, select: { id: true, name: true, skillId: true, lockedAt: true }, orderBy: [{ skillId: 'asc' }, { position: 'asc' }] }),
  ]);
  const pinOf = new Map(pins.map((p) => [p.number, p]));
  const organizationNames = new Map(DEMO_ORGANIZATIONS.map((o) => [organizationIds.get(o.key)!, o.name]));
  return {
    ok: true,
    summary: {
      eventId,
      eventName: DEMO_EVENT.name,
      judgeCode,
      organizer: { username: organizer.username, password: created ? DEMO_ORGANIZER.password : null, created },
      judges: DEMO_SKILLS.flatMap((skill) => {
        const { markers, chief } = skillJudges.get(skill.key)!;
        return [...markers, chief].map((judge) => ({
          number: judge.number,
          name: judge.name,
          pin: pinOf.get(judge.number)!.pin,
          skill: skill.name,
          chief: judge === chief,
          organization: judge.organizationId === null ? null : organizationNames.get(judge.organizationId)!,
        }));
      }),
      skills: DEMO_SKILLS.map((skill) => {
        const id = skillIds.get(skill.key)!;
        return {
          id, name: skill.name, drawId: drawIds.get(skill.key)!,
          rounds: rounds.filter((r) => r.skillId === id).map((r) => ({ id: r.id, name: r.name, locked: r.lockedAt !== null })),
        };
      }),
      counts: { organizations, contestants, entries, absent, marks, signoffs },
      timings,
      published: [{ skillId: skillIds.get(first.key)!, version: published.version }],
    },
  };
}

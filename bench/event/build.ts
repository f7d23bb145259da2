/**
 * The large event the bench runs against: one province-wide final on a fresh database, built in
 * seconds. The marking schemes and skill settings go through the app's own commands (few rows,
 * validated like an organizer's); everything that grows with the event (people, entries, the
 * draw, judges, assignments, marks with their history, signatures, sessions and tokens) is bulk
 * raw inserts in one better-sqlite3 transaction, with the shapes the commands would write.
 *
 * - OPEN skills of 50 entries, open for marking: drawn, 5 judges each marking every aspect of the
 *   one practical round, event in progress, no marks yet (the marking scenarios fill them);
 * - a size series (100, 300, 1,000, 3,000 entries; 5 judges × 25 aspects): every mark in, every
 *   sheet signed but one (judge 1's of the last entry, which the one-cell updates re-mark), rounds
 *   unlocked: the lock scenario signs that sheet and locks them through the API;
 * - one more skill of 1,000 entries, all marked, signed, locked and published (the snapshot built
 *   by the app's buildSheet from computeSkillResults, as publishResults would): the public pages'.
 */
import { createHash, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { hashPassword } from '../../src/auth/password.ts';
import { openDatabase } from '../../src/db/client.ts';
import { applyPendingMigrations } from '../../src/db/migrate.ts';
import { FEMALE_GIVEN, MALE_GIVEN, MOBILE_PREFIXES, SURNAMES } from '../../src/demo/data.ts';
import { seeded, type Random } from '../../src/demo/random.ts';
import { drawStations, newSeed, seededRandom, seedToHex } from '../../src/domain/draw.ts';
import { checkCharacter } from '../../src/domain/id-number.ts';
import { defaultSkillSettings, type Aspect, type Round } from '../../src/domain/marking-scheme.ts';
import { computeSkillResults, type ResultsInput } from '../../src/domain/results.ts';
import { addSkill, replaceScheme, saveEvent, saveSkillSettings } from '../../src/events/commands.ts';
import { findSkill } from '../../src/events/queries.ts';
import type { Outcome } from '../../src/outcome.ts';
import type { SkillResultsData } from '../../src/results/queries.ts';
import { buildSheet } from '../../src/results/snapshot.ts';

export const JUDGES_PER_SKILL = 5;
export const ASPECTS = 25;
export const PIN = '246813';

export interface BuildSizes {
  openSkills: number;
  openEntries: number;
  /** The size series: marked and signed (but one sheet), rounds left unlocked for the lock scenario. */
  big: number[];
  /** One more skill of this size, marked, signed, locked and published (the public pages' skill). */
  published: number;
}

export interface BuiltJudge {
  judgeId: number;
  accountId: number;
  number: number;
  token: string;
}

export interface BuiltSkill {
  skillId: number;
  roundId: number;
  name: string;
  entries: number;
  /** Codes from the draw, in station order. */
  codes: string[];
  bibs: string[];
  aspectIds: number[];
  judges: BuiltJudge[];
  chief: BuiltJudge;
  locked: boolean;
  published: boolean;
  /** The code whose sheet judges[0] has not signed yet (series skills): the one-cell updates mark it. */
  openCode: string | null;
  /** What computeSkillResults() takes for this skill (big skills only). */
  input?: ResultsInput;
  /** Last digits of each entry's ID number, for the self-lookup (index as bibs). */
  idDigits: string[];
}

export interface BuiltEvent {
  eventId: number;
  judgeCode: string;
  organizer: { accountId: number; token: string; session: string };
  open: BuiltSkill[];
  big: BuiltSkill[];
  published: BuiltSkill;
  marks: number;
  ms: number;
  /** CPU time of this process for the build (on a shared machine, wall time is mostly waiting). */
  cpuMs: number;
  stages: { stage: string; ms: number }[];
}

const cpuMsSince = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return Math.round((used.user + used.system) / 1000);
};

const must = <T>(outcome: Outcome<T>, what: string): T => {
  if (outcome.ok) return outcome.value;
  throw new Error(`bench build: ${what} refused (${outcome.status}): ${JSON.stringify(outcome.problems)}`);
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const newToken = () => `jx_${randomBytes(32).toString('base64url')}`;

const CITIES = ['杭州', '宁波', '温州', '嘉兴', '湖州', '绍兴', '金华', '衢州', '舟山', '台州', '丽水'];
const SECTORS = ['市总工会', '市机械冶金建材工会', '市交通运输工会', '市能源化工工会'];
const AREA_CODES = ['330102', '330203', '330302', '330402', '330502', '330602', '330702', '330802', '330902', '331002', '331102'];
const TRADES = [
  '焊工', '数控车工', '电工', '钳工', '汽车维修工', '砌筑工', '美发师', '中式烹调师', '茶艺师', '电子商务师', '养老护理员', '工业机器人系统运维员',
  '无人机驾驶员', '快递员', '网约配送员', '保育师', '家政服务员', '农产品食品检验员', '化学检验员', '钢筋工', '架子工', '管工', '起重装卸机械操作工',
  '信息通信网络机务员', '眼镜验光员', '西式面点师', '制冷空调系统安装维修工', '电梯安装维修工', '光伏电站运维员', '网络与信息安全管理员',
];
const LEVEL_NAMES: [string, string, string, string] = ['不符合要求', '基本符合要求', '符合要求', '完全符合并有创新'];

/** One practical round of 25 aspects (5 criteria × 5, 4 marks each): 20 judged 0–3, 5 deductions. */
function practicalRound(trade: string): Round {
  const criteria = ['工艺准备', '操作规范', '作品质量', '安全文明生产', '职业素养'].map((name, c) => ({
    code: String.fromCharCode(65 + c),
    name: `${trade}${name}`,
    aspects: Array.from({ length: 5 }, (_, a): Aspect => (a === 4
      ? { code: `${String.fromCharCode(65 + c)}${a + 1}`, name: `${name}违规扣分（每次1分）`, maxMark: 4, rule: { type: 'deduction', perOccurrence: 1, cap: 4 } }
      : { code: `${String.fromCharCode(65 + c)}${a + 1}`, name: `${name}评价要点${a + 1}`, maxMark: 4, rule: { type: 'judgement', levels: LEVEL_NAMES } })),
  }));
  return { code: 'practical', name: '实际操作', weight: 100, maxScore: 100, criteria };
}

interface Person { name: string; gender: 'male' | 'female'; idNumber: string; birthDate: string; phone: string; level: string; ability: number; org: number }

function person(rng: Random, organizations: number, ids: Set<string>): Person {
  const gender = rng.chance(0.7) ? 'male' : 'female';
  const name = rng.pick(SURNAMES) + rng.pick(gender === 'male' ? MALE_GIVEN : FEMALE_GIVEN);
  const org = rng.int(0, organizations - 1);
  let idNumber = '';
  let birthDate = '';
  do {
    const year = rng.int(1968, 2004);
    const month = String(rng.int(1, 12)).padStart(2, '0');
    const day = String(rng.int(1, 28)).padStart(2, '0');
    birthDate = `${year}-${month}-${day}`;
    const sequence = String(rng.int(0, 49) * 10 + rng.int(0, 4) * 2 + (gender === 'male' ? 1 : 0)).padStart(3, '0');
    const first17 = AREA_CODES[org % AREA_CODES.length]! + `${year}${month}${day}` + sequence;
    idNumber = first17 + checkCharacter(first17);
  } while (ids.has(idNumber));
  ids.add(idNumber);
  const level = rng.pick(['junior', 'intermediate', 'senior', 'senior', 'technician', 'senior_technician']);
  return { name, gender, idNumber, birthDate, phone: rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0'), level, ability: 0.3 + 0.7 * rng.next() ** 0.6, org };
}

/** Judges agree within one level (no spread flags); deductions are few. */
function markValue(rng: Random, ability: number, deduction: boolean, base: number): number {
  if (deduction) return rng.next() < 0.7 ? 0 : rng.next() < 0.8 ? 1 : 2;
  return Math.min(3, Math.max(0, Math.round(base + (rng.next() - 0.5) * 0.9 * ability)));
}

export async function buildEvent(databaseFile: string, sizes: BuildSizes, log: (line: string) => void = () => {}): Promise<BuiltEvent> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const stages: BuiltEvent['stages'] = [];
  let stageStart = started;
  const stage = (name: string) => {
    const now = performance.now();
    stages.push({ stage: name, ms: Math.round(now - stageStart) });
    log(`  build: ${name} ${Math.round(now - stageStart)} ms`);
    stageStart = now;
  };
  await applyPendingMigrations(databaseFile);
  stage('migrations');

  // ── through the app: event, skills, schemes, settings ──
  const db = await openDatabase(databaseFile);
  const pinHash = await hashPassword(PIN);
  const organizerAccount = await db.account.create({ data: { username: 'bench', displayName: '赛事组委会', role: 'organizer', passwordHash: pinHash } });
  const today = new Date();
  const day = (offset: number) => new Date(today.getTime() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
  const eventId = must(await saveEvent(db, null, {
    name: '2026年浙江省职工职业技能大赛总决赛', venue: '浙江省职工技能实训中心', hostOrganization: '浙江省总工会',
    allowMultipleSkills: false, organizationBestN: 3, startsOn: day(-1), endsOn: day(1),
  }, organizerAccount), 'the event');
  const bigSizes = [...sizes.big, sizes.published];
  const skillCount = sizes.openSkills + bigSizes.length;
  const skillIds: number[] = [];
  for (let s = 0; s < skillCount; s++) {
    const trade = TRADES[s % TRADES.length]! + (s >= TRADES.length ? `（${Math.floor(s / TRADES.length) + 1}组）` : '');
    const id = must(await addSkill(db, eventId, { name: trade, nameEn: '' }, []), `skill ${trade}`);
    must(await replaceScheme(db, id, [practicalRound(trade)]), `the ${trade} scheme`);
    must(await saveSkillSettings(db, id, { ...defaultSkillSettings, judgesPerAspect: JUDGES_PER_SKILL, aggregation: 'trimmed_mean', tieBreaks: ['round:practical'] }), `the ${trade} settings`);
    skillIds.push(id);
  }
  const skills = await Promise.all(skillIds.map(async (id) => (await findSkill(db, id))!));
  await db.$disconnect();
  stage(`event and ${skillCount} schemes (app commands)`);

  // ── raw: everything that grows with the event ──
  // A fixture, not a judge's mark: no journal and no syncs while it is written (a failed build is
  // rebuilt), the indexes of the big tables dropped and made again once the rows are in, and WAL
  // (as the server opens it) at the end.
  const raw = new Database(databaseFile);
  raw.pragma('journal_mode = MEMORY');
  raw.pragma('synchronous = OFF');
  raw.pragma('cache_size = -262144');
  raw.pragma('foreign_keys = ON');
  const bulkIndexes = raw.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('Mark', 'MarkChange', 'SheetSignoff', 'Contestant', 'Entry', 'DrawAssignment')`).all() as { name: string; sql: string }[];
  // Prisma's SQLite adapter stores DateTime in one format; write ours the same way.
  const sample = raw.prepare('SELECT typeof("createdAt") AS type, "createdAt" AS value FROM "Event" WHERE id = ?').get(eventId) as { type: string; value: unknown };
  const offsetForm = typeof sample.value === 'string' && sample.value.endsWith('+00:00');
  const stamp = sample.type === 'integer' ? (d: Date) => d.getTime() : (d: Date) => (offsetForm ? d.toISOString().replace('Z', '+00:00') : d.toISOString());
  const now = stamp(new Date());
  const rng = seeded('jiangxin-bench-2026');
  const judgeCode = String(rng.int(100_000, 999_999));
  const organizer = { accountId: organizerAccount.id, token: newToken(), session: randomBytes(32).toString('base64url') };

  const built = raw.transaction(() => {
    for (const index of bulkIndexes) raw.exec(`DROP INDEX "${index.name}"`);
    raw.prepare('UPDATE "Event" SET status = \'in_progress\', "judgeCode" = ? WHERE id = ?').run(judgeCode, eventId);
    const insertToken = raw.prepare('INSERT INTO "ApiToken" ("accountId", name, "tokenHash", prefix, "createdAt") VALUES (?, ?, ?, ?, ?)');
    insertToken.run(organizer.accountId, 'bench', sha256(organizer.token), organizer.token.slice(0, 9), now);
    raw.prepare('INSERT INTO "Session" (id, "accountId", "createdAt", "expiresAt", "lastSeenAt") VALUES (?, ?, ?, ?, ?)')
      .run(sha256(organizer.session), organizer.accountId, now, stamp(new Date(Date.now() + 86_400_000)), now);

    const insertOrg = raw.prepare('INSERT INTO "Organization" ("eventId", name, "contactName", "contactPhone", "submittedAt", "approvedAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)');
    const organizationIds = CITIES.flatMap((city) => SECTORS.map((sector) => {
      const contact = rng.pick(SURNAMES) + rng.pick(FEMALE_GIVEN);
      return Number(insertOrg.run(eventId, city + sector, contact, rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0'), now, now, now).lastInsertRowid);
    }));
    const insertContestant = raw.prepare(`INSERT INTO "Contestant" ("eventId", "organizationId", name, gender, "idNumber", "birthDate", phone, "skillLevel", "createdAt", "updatedAt")
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertEntry = raw.prepare('INSERT INTO "Entry" ("contestantId", "skillId", "eventId", bib, status, attendance, "checkedInAt", "checkedInBy", "createdAt") VALUES (?, ?, ?, ?, \'registered\', \'present\', ?, ?, ?)');
    const insertDraw = raw.prepare('INSERT INTO "Draw" ("skillId", "roundId", seed, "drawnAt", "drawnById") VALUES (?, NULL, ?, ?, ?)');
    const insertDrawn = raw.prepare('INSERT INTO "DrawAssignment" ("drawId", "entryId", station, code) VALUES (?, ?, ?, ?)');
    const insertAccount = raw.prepare('INSERT INTO "Account" (username, "displayName", "passwordHash", role, "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)');
    const insertJudge = raw.prepare('INSERT INTO "EventJudge" ("eventId", "accountId", number, "organizationId", "createdAt") VALUES (?, ?, ?, NULL, ?)');
    const insertAssignment = raw.prepare('INSERT INTO "JudgeAssignment" ("judgeId", "roundId", "aspectId") VALUES (?, ?, NULL)');
    const setChief = raw.prepare('UPDATE "Skill" SET "chiefJudgeId" = ? WHERE id = ?');
    const insertMark = raw.prepare('INSERT INTO "Mark" ("entryId", "aspectId", "judgeId", state, value, version, "updatedAt") VALUES (?, ?, ?, \'scored\', ?, 1, ?)');
    const insertChange = raw.prepare(`INSERT INTO "MarkChange" ("markId", "accountId", "deviceId", at, "newState", "newValue", "idempotencyKey")
      VALUES (?, ?, ?, ?, 'scored', ?, ?)`);
    const insertSignoff = raw.prepare('INSERT INTO "SheetSignoff" ("judgeId", "entryId", "roundId", "signedAt") VALUES (?, ?, ?, ?)');
    const lock = raw.prepare('UPDATE "Round" SET "lockedAt" = ?, "lockedById" = ? WHERE id = ?');

    const ids = new Set<string>();
    let bibSerial = 0;
    let judgeNumber = 0;
    let marks = 0;
    const all: BuiltSkill[] = [];
    skills.forEach((skill, s) => {
      const isBig = s >= sizes.openSkills;
      const size = isBig ? bigSizes[s - sizes.openSkills]! : sizes.openEntries;
      const published = s === skillCount - 1;
      const round = skill.rounds[0]!;
      const aspects = round.criteria.flatMap((c) => c.aspects);
      const people: Person[] = [];
      const entryIds: number[] = [];
      const bibs: string[] = [];
      for (let i = 0; i < size; i++) {
        const p = person(rng, organizationIds.length, ids);
        people.push(p);
        const contestantId = Number(insertContestant.run(eventId, organizationIds[p.org]!, p.name, p.gender, p.idNumber, p.birthDate, p.phone, p.level, now, now).lastInsertRowid);
        const bib = String(++bibSerial).padStart(5, '0');
        bibs.push(bib);
        entryIds.push(Number(insertEntry.run(contestantId, skill.id, eventId, bib, now, organizer.accountId, now).lastInsertRowid));
      }
      const seed = newSeed();
      const drawId = Number(insertDraw.run(skill.id, seedToHex(seed), now, organizer.accountId).lastInsertRowid);
      const drawn = drawStations(entryIds, seededRandom(seed));
      for (const d of drawn) insertDrawn.run(drawId, d.entryId, d.station, d.code);
      const codeOf = new Map(drawn.map((d) => [d.entryId, d.code]));

      const judge = (chief: boolean): BuiltJudge => {
        const number = ++judgeNumber;
        const name = rng.pick(SURNAMES) + rng.pick(rng.chance(0.6) ? MALE_GIVEN : FEMALE_GIVEN);
        const accountId = Number(insertAccount.run(`judge-${eventId}-${number}-bench`, name, pinHash, chief ? 'chief_judge' : 'judge', now, now).lastInsertRowid);
        const judgeId = Number(insertJudge.run(eventId, accountId, number, now).lastInsertRowid);
        const token = newToken();
        insertToken.run(accountId, 'bench tablet', sha256(token), token.slice(0, 9), now);
        return { judgeId, accountId, number, token };
      };
      const judges = Array.from({ length: JUDGES_PER_SKILL }, () => judge(false));
      const chief = judge(true);
      setChief.run(chief.judgeId, skill.id);
      for (const j of judges) insertAssignment.run(j.judgeId, round.id);

      let input: ResultsInput | undefined;
      if (isBig) {
        const resultMarks: ResultsInput['marks'] = [];
        entryIds.forEach((entryId, i) => {
          const p = people[i]!;
          for (const aspect of aspects) {
            const deduction = aspect.rule.type === 'deduction';
            const base = 1.2 + 1.75 * p.ability + (rng.next() - 0.5) * 0.6;
            for (const [k, j] of judges.entries()) {
              const value = markValue(rng, p.ability, deduction, base);
              const markId = Number(insertMark.run(entryId, aspect.id, j.judgeId, value, now).lastInsertRowid);
              insertChange.run(markId, j.accountId, `tablet-${j.number}`, now, value, `seed-${markId}-${k}`);
              resultMarks.push({ entryId, aspectId: aspect.id, judgeId: j.judgeId, mark: { state: 'scored', value } });
              marks++;
            }
          }
          for (const [k, j] of judges.entries()) {
            if (!published && k === 0 && i === size - 1) continue; // the open sheet
            insertSignoff.run(j.judgeId, entryId, round.id, now);
          }
        });
        input = {
          skill: { settings: skill.settings, rounds: skill.rounds.map((r) => ({ code: r.code, weight: r.weight, maxScore: r.maxScore, scoring: r.scoring, aspects: r.criteria.flatMap((c) => c.aspects.map(({ id, ...aspect }) => ({ id, aspect }))) })) },
          entries: entryIds.map((entryId, i) => ({
            entryId, organizationId: organizationIds[people[i]!.org]!, status: 'registered', skillLevel: people[i]!.level as never, absentRoundCodes: [],
            gender: people[i]!.gender, birthDate: people[i]!.birthDate,
          })),
          eventDate: day(-1),
          judges: judges.map((j) => ({ id: j.judgeId, organizationId: null, aspectIds: aspects.map((a) => a.id) })),
          marks: resultMarks,
          overrides: [],
          roundScores: [],
        };
      }
      if (published) lock.run(now, chief.accountId, round.id);
      all.push({
        skillId: skill.id, roundId: round.id, name: skill.name, entries: size, codes: drawn.map((d) => d.code), bibs, aspectIds: aspects.map((a) => a.id),
        judges, chief, locked: published, published, input, idDigits: people.map((p) => p.idNumber.slice(-4)),
        openCode: isBig && !published ? codeOf.get(entryIds[size - 1]!)! : null,
      });
      // Publication: the snapshot the app would store, from the same builder and computation.
      if (published && input) {
        const orgName = new Map(organizationIds.map((id, k) => [id, CITIES[Math.floor(k / SECTORS.length)]! + SECTORS[k % SECTORS.length]!]));
        const data: SkillResultsData = {
          skill: { id: skill.id, eventId, eventName: '2026年浙江省职工职业技能大赛总决赛', eventNameEn: '', eventStatus: 'in_progress', name: skill.name, nameEn: skill.nameEn, settings: skill.settings },
          rounds: skill.rounds.map((r) => ({
            id: r.id, code: r.code, name: r.name, weight: r.weight, maxScore: r.maxScore, scoring: r.scoring, lockedAt: new Date(),
            aspects: r.criteria.flatMap((c) => c.aspects.map((a) => ({ id: a.id, code: a.code, name: a.name, criterionCode: c.code, type: a.rule.type, maxMark: a.maxMark }))),
          })),
          entries: entryIds.map((entryId, i) => {
            const p = people[i]!;
            return {
              entryId, bib: bibs[i]!, name: p.name, nameLatin: '', organizationId: organizationIds[p.org]!, organizationName: orgName.get(organizationIds[p.org]!)!, organizationNameEn: '', status: 'registered',
              skillLevel: p.level as never, unlockedCodes: [], absentRoundCodes: [], idNumber: p.idNumber, gender: p.gender, birthDate: p.birthDate,
            };
          }),
          teams: [],
          allLocked: true,
          input,
        };
        const snapshot = buildSheet(data, computeSkillResults(input), { reveal: true });
        raw.prepare(`INSERT INTO "Publication" ("skillId", version, "publishedAt", "publishedById", "noticeUntil", "appealUntil", "changeNote", snapshot)
          VALUES (?, 1, ?, ?, ?, ?, '', ?)`).run(skill.id, now, organizer.accountId, stamp(new Date(Date.now() + 3 * 86_400_000)), stamp(new Date(Date.now() + 2 * 3_600_000)), JSON.stringify(snapshot));
      }
    });
    for (const index of bulkIndexes) raw.exec(index.sql);
    return { all, marks };
  })();
  raw.pragma('journal_mode = WAL');
  raw.close();
  stage(`${built.marks.toLocaleString('en')} marks and the rest (raw, one transaction)`);
  return {
    eventId, judgeCode, organizer,
    open: built.all.slice(0, sizes.openSkills), big: built.all.slice(sizes.openSkills, -1), published: built.all.at(-1)!,
    marks: built.marks, ms: Math.round(performance.now() - started), cpuMs: cpuMsSince(cpu), stages,
  };
}

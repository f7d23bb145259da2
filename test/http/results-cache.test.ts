import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openDatabase, type Db } from '../../src/db/client.ts';
import { freshApp } from '../support/app.ts';
import { copyDatabase, dropDatabase } from '../support/database.ts';
import { lockedFixture, markedFixture, publishWelding, type ResultsFixture } from '../support/results.ts';
import { resultsPreview, RESULTS_TABLES } from '../../src/results/queries.ts';
import type { ResultsSheet } from '../../src/results/snapshot.ts';

/**
 * resultsPreview() computes a skill's results once per state of what it reads: the same sheet
 * while nothing changed, a new one after a write of each kind it depends on (every table in
 * RESULTS_TABLES has a test here that fails if the table is left out of the key).
 */

interface Context {
  db: Db;
  f: ResultsFixture;
  location: string;
}

/** Two fixtures made once (marked, and marked and locked), copied for each test: each test writes one table. */
const templates: { location: string; f: ResultsFixture }[] = [];
const cache = suite<Context>('results cache', {} as Context);
cache.before(async () => {
  for (const make of [markedFixture, lockedFixture]) {
    const target = await freshApp();
    const f = await make(target.db);
    const location = await copyDatabase(target.config.database, target.db);
    await target.close();
    templates.push({ location, f });
  }
});
cache.after(async () => {
  for (const { location } of templates) await dropDatabase(location);
});
cache.after.each(async (ctx) => {
  await ctx.db.$disconnect();
  await dropDatabase(ctx.location);
});

async function open(ctx: Context, template: { location: string; f: ResultsFixture }) {
  ctx.location = await copyDatabase(template.location);
  ctx.db = await openDatabase(ctx.location);
  ctx.f = template.f;
}
const unlocked = (ctx: Context) => open(ctx, templates[0]!);
const locked = (ctx: Context) => open(ctx, templates[1]!);

const sheetOf = async (ctx: Context): Promise<ResultsSheet> => (await resultsPreview(ctx.db, ctx.f.skillId))!.sheet;
const entryOf = async (ctx: Context, bib: string) => ctx.db.entry.findFirstOrThrow({ where: { skillId: ctx.f.skillId, bib } });
const row = (sheet: ResultsSheet, bib: string) => sheet.entries.find((e) => e.bib === bib)!;

/** The sheet as cached now (asked twice: the same object), then after `change`, a new one. */
async function afterChange(ctx: Context, change: () => Promise<unknown>): Promise<{ before: ResultsSheet; after: ResultsSheet }> {
  const before = await sheetOf(ctx);
  assert.is(await sheetOf(ctx), before, 'nothing changed: the cached sheet');
  await change();
  const after = await sheetOf(ctx);
  assert.is.not(after, before, 'recomputed after the write');
  return { before, after };
}

cache('nothing the results read changed: the same sheet, also after writes elsewhere', async (ctx) => {
  await locked(ctx);
  const first = await sheetOf(ctx);
  const [again, concurrent] = await Promise.all([sheetOf(ctx), sheetOf(ctx)]);
  assert.is(again, first);
  assert.is(concurrent, first);
  await ctx.db.auditEntry.create({ data: { action: 'test', subject: 'unrelated' } });
  assert.is(await sheetOf(ctx), first, 'the audit log is not read by the results');
  assert.ok(RESULTS_TABLES.includes('Mark') && !RESULTS_TABLES.includes('AuditEntry'));
});

cache('Mark: a changed mark changes the total', async (ctx) => {
  await locked(ctx);
  const entry = await entryOf(ctx, '001');
  const { before, after } = await afterChange(ctx, () =>
    ctx.db.mark.updateMany({ where: { entryId: entry.id, aspectId: ctx.f.judgementId }, data: { value: 2 } }));
  assert.is(row(before, '001').total, 100);
  assert.is(row(after, '001').total, 75);
});

cache('AspectReview: an accepted spread clears the flag', async (ctx) => {
  await locked(ctx);
  const entry = await entryOf(ctx, '001');
  const j2 = ctx.f.judges[2].judgeId;
  await ctx.db.mark.updateMany({ where: { entryId: entry.id, aspectId: ctx.f.judgementId, judgeId: j2 }, data: { value: 1 } });
  const { before, after } = await afterChange(ctx, () => ctx.db.aspectReview.create({
    data: { entryId: entry.id, aspectId: ctx.f.judgementId, kind: 'accept_spread', reason: 'checked', accountId: ctx.f.organizerId, at: new Date(Date.now() + 1000) },
  }));
  assert.ok(before.notes.some((n) => n.code === 'flagged'), 'flagged before');
  assert.not.ok(after.notes.some((n) => n.code === 'flagged'), 'accepted after');
});

cache('Entry: a disqualification shows', async (ctx) => {
  await locked(ctx);
  const entry = await entryOf(ctx, '002');
  const { after } = await afterChange(ctx, () => ctx.db.entry.update({ where: { id: entry.id }, data: { status: 'disqualified' } }));
  assert.is(row(after, '002').status, 'disqualified');
});

cache('Contestant: a corrected name shows', async (ctx) => {
  await locked(ctx);
  const entry = await entryOf(ctx, '001');
  const { after } = await afterChange(ctx, () => ctx.db.contestant.update({ where: { id: entry.contestantId }, data: { name: '张卫' } }));
  assert.is(row(after, '001').name, '张卫');
});

cache('Organization: a renamed organization shows', async (ctx) => {
  await locked(ctx);
  const entry = await ctx.db.entry.findFirstOrThrow({ where: { skillId: ctx.f.skillId, bib: '003' }, include: { contestant: true } });
  const { after } = await afterChange(ctx, () =>
    ctx.db.organization.update({ where: { id: entry.contestant.organizationId }, data: { name: '定海机电集团' } }));
  assert.is(row(after, '003').organizationName, '定海机电集团');
});

cache('Skill: changed settings show', async (ctx) => {
  await locked(ctx);
  const { after } = await afterChange(ctx, () => ctx.db.skill.update({ where: { id: ctx.f.skillId }, data: { decimals: 1 } }));
  assert.is(after.skill.decimals, 1);
});

cache('Round: a renamed round shows', async (ctx) => {
  await locked(ctx);
  const { after } = await afterChange(ctx, () => ctx.db.round.update({ where: { id: ctx.f.roundId }, data: { name: '实操' } }));
  assert.is(after.rounds[0]!.name, '实操');
});

cache('Criterion: a recoded criterion shows', async (ctx) => {
  await locked(ctx);
  const { after } = await afterChange(ctx, () => ctx.db.criterion.updateMany({ where: { roundId: ctx.f.roundId }, data: { code: 'Q' } }));
  assert.is(after.rounds[0]!.aspects[0]!.criterionCode, 'Q');
});

cache('Aspect: a renamed aspect shows', async (ctx) => {
  await locked(ctx);
  const { after } = await afterChange(ctx, () => ctx.db.aspect.update({ where: { id: ctx.f.judgementId }, data: { name: '焊缝' } }));
  assert.is(after.rounds[0]!.aspects[0]!.name, '焊缝');
});

cache('JudgeAssignment: another judge on the round leaves the entries incomplete', async (ctx) => {
  await locked(ctx);
  const { before, after } = await afterChange(ctx, () =>
    ctx.db.judgeAssignment.create({ data: { judgeId: ctx.f.judges[4].judgeId, roundId: ctx.f.roundId, aspectId: null } }));
  assert.ok(before.entries.every((e) => e.complete));
  assert.ok(after.entries.every((e) => !e.complete));
});

cache('EventJudge: a judge no longer recused leaves the entry incomplete', async (ctx) => {
  await locked(ctx);
  const { before, after } = await afterChange(ctx, () =>
    ctx.db.eventJudge.update({ where: { id: ctx.f.judges[1].judgeId }, data: { organizationId: null } }));
  assert.ok(row(before, '003').complete);
  assert.not.ok(row(after, '003').complete, 'J1 is expected for 王芳 now and has no mark');
});

cache('Draw: without a draw in force no mark counts', async (ctx) => {
  await locked(ctx);
  const { after } = await afterChange(ctx, () =>
    ctx.db.draw.updateMany({ where: { skillId: ctx.f.skillId, supersededAt: null }, data: { supersededAt: new Date() } }));
  assert.ok(after.entries.every((e) => !e.complete));
});

cache('DrawAssignment: a late entry drawn into the draw in force shows its code before the lock', async (ctx) => {
  await unlocked(ctx);
  const { db } = ctx;
  const other = await db.contestant.findFirstOrThrow({ where: { eventId: ctx.f.eventId } });
  const late = await db.contestant.create({
    data: { eventId: ctx.f.eventId, organizationId: other.organizationId, name: '周杰', gender: 'male', idNumber: '330902199001010011', birthDate: '1990-01-01' },
  });
  const entry = await db.entry.create({ data: { contestantId: late.id, skillId: ctx.f.skillId, eventId: ctx.f.eventId, bib: '004' } });
  const draw = await db.draw.findFirstOrThrow({ where: { skillId: ctx.f.skillId, supersededAt: null } });
  const { before, after } = await afterChange(ctx, () => db.drawAssignment.create({ data: { drawId: draw.id, entryId: entry.id, station: 9, code: 'Z999' } }));
  assert.not.ok(before.entries.some((e) => e.codes?.includes('Z999')));
  assert.ok(after.entries.some((e) => e.codes?.includes('Z999')));
});

cache('RoundAbsence: an absence from the round shows', async (ctx) => {
  await locked(ctx);
  const entry = await entryOf(ctx, '002');
  const { after } = await afterChange(ctx, () => ctx.db.roundAbsence.create({ data: { entryId: entry.id, roundId: ctx.f.roundId } }));
  assert.is(row(after, '002').rounds[0]!.absent, true);
});

cache('RoundScore: an imported score shows', async (ctx) => {
  await locked(ctx);
  const { db } = ctx;
  const theory = await db.round.create({ data: { skillId: ctx.f.skillId, code: 'theory', name: '理论', weight: 30, maxScore: 100, position: 1, scoring: 'imported', lockedAt: new Date() } });
  const imported = await db.scoreImport.create({ data: { roundId: theory.id, kind: 'manual', reason: 'test', accountId: ctx.f.organizerId } });
  const entry = await entryOf(ctx, '001');
  const { before, after } = await afterChange(ctx, () => db.roundScore.create({ data: { roundId: theory.id, entryId: entry.id, importId: imported.id, score: 80 } }));
  assert.is(row(before, '001').rounds[1]!.complete, false);
  assert.is(row(after, '001').rounds[1]!.score, 80);
  assert.is(row(after, '001').rounds[1]!.complete, true);
});

/** The welding skill as a team skill with a team of 张伟 (and 李强 when `both`), from their organization. */
async function teamOf(ctx: Context, both: boolean) {
  const { db } = ctx;
  const [first, second] = [await entryOf(ctx, '001'), await entryOf(ctx, '002')];
  const contestant = await db.contestant.findUniqueOrThrow({ where: { id: first.contestantId } });
  await db.skill.update({ where: { id: ctx.f.skillId }, data: { teamSkill: true } });
  const team = await db.team.create({ data: { skillId: ctx.f.skillId, organizationId: contestant.organizationId, name: '船舶一队' } });
  await db.teamMember.create({ data: { teamId: team.id, entryId: first.id } });
  if (both) await db.teamMember.create({ data: { teamId: team.id, entryId: second.id } });
  return { team, second };
}

cache('Team: a renamed team shows', async (ctx) => {
  await locked(ctx);
  const { team } = await teamOf(ctx, true);
  const { after } = await afterChange(ctx, () => ctx.db.team.update({ where: { id: team.id }, data: { name: '船舶二队' } }));
  assert.is(after.teams!.ranking[0]!.name, '船舶二队');
});

cache('TeamMember: a new member counts', async (ctx) => {
  await locked(ctx);
  const { team, second } = await teamOf(ctx, false);
  const { before, after } = await afterChange(ctx, () => ctx.db.teamMember.create({ data: { teamId: team.id, entryId: second.id } }));
  assert.is(before.teams!.ranking[0]!.members.length, 1);
  assert.is(after.teams!.ranking[0]!.members.length, 2);
});

cache('Event: a renamed event shows', async (ctx) => {
  await locked(ctx);
  const { after } = await afterChange(ctx, () => ctx.db.event.update({ where: { id: ctx.f.eventId }, data: { name: '2026年舟山市职工技能大比武' } }));
  assert.is(after.event.name, '2026年舟山市职工技能大比武');
});

cache('publication computes from the marks as they are, not from the cached preview', async (ctx) => {
  await locked(ctx);
  const { db } = ctx;
  assert.is(row(await sheetOf(ctx), '001').total, 100);
  const entry = await entryOf(ctx, '001');
  await db.mark.updateMany({ where: { entryId: entry.id, aspectId: ctx.f.judgementId }, data: { value: 2 } });
  const version = await publishWelding(db, ctx.f);
  const stored = await db.publication.findUniqueOrThrow({ where: { skillId_version: { skillId: ctx.f.skillId, version } } });
  assert.is(row(JSON.parse(stored.snapshot) as ResultsSheet, '001').total, 75);
});

cache.run();

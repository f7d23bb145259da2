import { suite } from 'uvu';
import * as assert from 'uvu/assert';
// First: the app loads the API's zod-openapi extension before any schema is built.
import { freshApp, type TestApp } from '../support/app.ts';
import { createApiToken } from '../../src/api/tokens.ts';
import { call, type Json } from '../support/api.ts';
import { byTestId, judgeClient, organizerClient, textOf } from '../support/desk.ts';
import { lockWelding, markedFixture, publishWelding, type ResultsFixture } from '../support/results.ts';

/**
 * Entry status during the competition through the API: who may record, the reason, the
 * reversal, the history and audit, the lock without the absent entry's marks, and a change after
 * publication that reaches the public only through a new version. Fixture: test/support/results.ts
 * (张伟 100, 李强 75, 王芳 50; J4 chief judge of welding, J5 of CNC turning).
 */
interface Context {
  target: TestApp;
  f: ResultsFixture;
  organizer: string;
  chief: string;
  otherChief: string;
}

const test = suite<Context>('entry status', {} as Context);
test.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.f = await markedFixture(ctx.target.db);
  ctx.organizer = (await createApiToken(ctx.target.db, ctx.f.organizerId, 'status')).token;
  ctx.chief = (await createApiToken(ctx.target.db, ctx.f.judges[4].accountId, 'desk')).token;
  ctx.otherChief = (await createApiToken(ctx.target.db, ctx.f.judges[5].accountId, 'desk')).token;
});
test.after.each(async (ctx) => { await ctx.target.close(); });

const statusUrl = (f: ResultsFixture) => `/api/v1/skills/${f.skillId}/entry-status`;
const previewOf = async (ctx: Context) => (await call(ctx.target, ctx.organizer, 'GET', `/api/v1/skills/${ctx.f.skillId}/results`)).json;
const byCode = (preview: Json, code: string) => preview.entries.find((e: Json) => e.codes?.includes(code));
const byBib = (results: Json, bib: string) => results.entries.find((e: Json) => e.bib === bib);

test('the chief judge disqualifies by code with a reason; another skill\'s chief judge and a bib are refused; nothing is deleted', async (ctx) => {
  const { f, target } = ctx;
  const marksBefore = await target.db.mark.count();
  const body = { action: 'disqualify', roundId: f.roundId, code: f.codes.张伟, reason: '违反安全操作规程' };

  const other = await call(target, ctx.otherChief, 'POST', statusUrl(f), body);
  assert.is(other.status, 403);
  assert.is(other.json.error.status, 403);
  const noReason = await call(target, ctx.chief, 'POST', statusUrl(f), { ...body, reason: '   ' });
  assert.is(noReason.status, 422);
  assert.equal(noReason.json.error.problems.map((p: Json) => [p.field, p.code]), [['reason', 'entryStatus.error.reasonRequired']]);
  const tooLong = await call(target, ctx.chief, 'POST', statusUrl(f), { ...body, reason: 'x'.repeat(501) });
  assert.is(tooLong.status, 422);
  // The chief judge names entries by code only: a bib would tell him whose code it is.
  const byBibAsChief = await call(target, ctx.chief, 'POST', statusUrl(f), { action: 'disqualify', bib: '001', reason: 'x' });
  assert.is(byBibAsChief.status, 404);
  assert.is((await target.db.entry.findFirstOrThrow({ where: { bib: '001' } })).status, 'registered', 'nothing changed so far');

  const done = await call(target, ctx.chief, 'POST', statusUrl(f), body);
  assert.is(done.status, 200, done.text);
  assert.equal({ ...done.json, at: undefined }, { codes: [f.codes.张伟], roundId: null, from: 'registered', to: 'disqualified', reason: '违反安全操作规程', at: undefined, by: '陈静' });
  assert.not.ok('bib' in done.json, 'no bib for the chief judge');
  const again = await call(target, ctx.chief, 'POST', statusUrl(f), body);
  assert.is(again.status, 409);
  assert.is(again.json.error.problems[0].code, 'entryStatus.error.notCompeting');

  // Audited in the same transaction; marks kept.
  const audit = await target.db.auditEntry.findMany({ where: { action: 'entry.disqualify' } });
  assert.is(audit.length, 1);
  assert.is(JSON.parse(audit[0]!.details).reason, '违反安全操作规程');
  assert.is(audit[0]!.accountId, f.judges[4].accountId);
  assert.is(await target.db.mark.count(), marksBefore);

  // The results: 李强 now first, 张伟 last with no total, rank or prize, his breakdown kept.
  const preview = await previewOf(ctx);
  assert.equal(preview.entries.map((e: Json) => e.codes[0]), [f.codes.李强, f.codes.王芳, f.codes.张伟]);
  const dq = byCode(preview, f.codes.张伟);
  assert.equal([dq.status, dq.unranked, dq.total, dq.rank, dq.prize, dq.titles], ['disqualified', 'disqualified', null, null, null, []]);
  assert.is(dq.rounds[0].score, 40);
  assert.is(byCode(preview, f.codes.李强).rank, 1);

  // The organizer sees the history with bibs.
  const history = await call(target, ctx.organizer, 'GET', statusUrl(f));
  assert.is(history.status, 200);
  assert.equal(history.json.map((h: Json) => [h.bib, h.from, h.to, h.by]), [['001', 'registered', 'disqualified', '陈静']]);
  assert.is((await call(target, ctx.otherChief, 'GET', statusUrl(f))).status, 403);
});

test('reversal with a reason restores the status and the rank; the history keeps both', async (ctx) => {
  const { f, target } = ctx;
  assert.is((await call(target, ctx.organizer, 'POST', statusUrl(f), { action: 'withdraw', bib: '002', reason: '身体不适，中途退赛' })).status, 200);
  assert.is(byCode(await previewOf(ctx), f.codes.李强).unranked, 'withdrawn');
  const noReason = await call(target, ctx.organizer, 'POST', statusUrl(f), { action: 'reinstate', bib: '002' });
  assert.is(noReason.status, 422);
  const back = await call(target, ctx.organizer, 'POST', statusUrl(f), { action: 'reinstate', bib: '002', reason: '误登记' });
  assert.is(back.status, 200);
  assert.equal([back.json.bib, back.json.from, back.json.to], ['002', 'withdrawn', 'registered']);
  const preview = await previewOf(ctx);
  assert.equal(preview.entries.map((e: Json) => e.rank), [1, 2, 3]);
  assert.equal((await call(target, ctx.organizer, 'GET', statusUrl(f))).json.map((h: Json) => [h.to, h.reason]), [['registered', '误登记'], ['withdrawn', '身体不适，中途退赛']]);
  // Reinstating an entry that is in: refused.
  assert.is((await call(target, ctx.organizer, 'POST', statusUrl(f), { action: 'reinstate', bib: '002', reason: 'x' })).status, 409);
});

test('check-in does not silently undo a disqualification', async (ctx) => {
  const { f, target } = ctx;
  assert.is((await call(target, ctx.organizer, 'POST', statusUrl(f), { action: 'disqualify', bib: '001', reason: '代考' })).status, 200);
  // Before any draw, check-in may still change; a disqualified entry is not put back by it.
  await target.db.draw.updateMany({ where: { skillId: f.skillId }, data: { supersededAt: new Date() } });
  const entry = await target.db.entry.findFirstOrThrow({ where: { bib: '001' } });
  const refused = await call(target, ctx.organizer, 'POST', `/api/v1/entries/${entry.id}/attendance`, { attendance: 'present' });
  assert.is(refused.status, 409);
  assert.is(refused.json.error.problems[0].code, 'checkin.error.statusRecorded');
  assert.is((await target.db.entry.findUniqueOrThrow({ where: { id: entry.id } })).status, 'disqualified');
  const other = await target.db.entry.findFirstOrThrow({ where: { bib: '002' } });
  assert.is((await call(target, ctx.organizer, 'POST', `/api/v1/entries/${other.id}/attendance`, { attendance: 'absent' })).status, 200, 'others check in as before');
});

test('an entry absent from the round needs no marks or signatures to lock; unranked by default, null scores', async (ctx) => {
  const { f, target } = ctx;
  // A fourth contestant of 定海机电 gets a code by a redone draw, and no marks at all.
  const org = await target.db.organization.findFirstOrThrow({ where: { name: f.organizations[1] } });
  const person = await target.db.contestant.create({ data: { eventId: f.eventId, organizationId: org.id, name: '周杰', gender: 'male', idNumber: '330902199001011234', birthDate: '1990-01-01' } });
  const entry = await target.db.entry.create({ data: { contestantId: person.id, skillId: f.skillId, eventId: f.eventId, bib: '004', attendance: 'present' } });
  const draw = await target.db.draw.findFirstOrThrow({ where: { skillId: f.skillId } });
  await target.db.drawAssignment.create({ data: { drawId: draw.id, entryId: entry.id, station: 9, code: 'Z99' } });

  const refused = await call(target, ctx.chief, 'POST', `/api/v1/rounds/${f.roundId}/lock`);
  assert.is(refused.status, 409);
  assert.ok(refused.json.error.problems.some((p: Json) => p.field === 'missing' && p.message.includes('Z99')));

  const noRound = await call(target, ctx.chief, 'POST', statusUrl(f), { action: 'absent', code: 'Z99', reason: '未到场' });
  assert.is(noRound.status, 422, 'a code needs its round');
  const absent = await call(target, ctx.chief, 'POST', statusUrl(f), { action: 'absent', roundId: f.roundId, code: 'Z99', reason: '实际操作未到场' });
  assert.is(absent.status, 200, absent.text);
  assert.equal([absent.json.roundId, absent.json.from, absent.json.to], [f.roundId, 'present', 'absent']);

  const preview = await previewOf(ctx);
  const row = byCode(preview, 'Z99');
  assert.equal([row.unranked, row.total, row.rank], ['absent', null, null]);
  assert.equal(row.rounds, [{ code: 'practical', score: null, weighted: null, complete: true, absent: true }]);
  assert.is(preview.competitors, 3);

  const locked = await call(target, ctx.chief, 'POST', `/api/v1/rounds/${f.roundId}/lock`);
  assert.is(locked.status, 200, locked.text);
  // Cleared after the lock: the entry is incomplete again, never ranked at 0.
  assert.is((await call(target, ctx.chief, 'POST', statusUrl(f), { action: 'clearAbsence', roundId: f.roundId, code: 'Z99', reason: '误登记' })).status, 200);
  const cleared = byBib((await previewOf(ctx)), '004');
  assert.equal([cleared.unranked, cleared.rank, cleared.total], ['incomplete', null, null]);
});

test('with "zero" a round absence scores that round 0 and the entry is ranked', async (ctx) => {
  const { f, target } = ctx;
  await target.db.skill.update({ where: { id: f.skillId }, data: { roundAbsence: 'zero' } });
  assert.is((await call(target, ctx.organizer, 'POST', statusUrl(f), { action: 'absent', roundId: f.roundId, bib: '001', reason: '未到场' })).status, 200);
  const preview = await previewOf(ctx);
  assert.equal(preview.entries.map((e: Json) => [e.codes[0], e.total, e.rank]), [[f.codes.李强, 75, 1], [f.codes.王芳, 50, 2], [f.codes.张伟, 0, 3]]);
  assert.equal(byCode(preview, f.codes.张伟).rounds[0], { code: 'practical', score: 0, weighted: 0, complete: true, absent: true });
});

test('a dns entry has null scores, not 0, in the API', async (ctx) => {
  const { f, target } = ctx;
  await target.db.entry.update({ where: { eventId_bib: { eventId: f.eventId, bib: '003' } }, data: { status: 'dns', attendance: 'absent' } });
  const row = byCode(await previewOf(ctx), f.codes.王芳);
  assert.equal([row.status, row.unranked, row.total], ['dns', 'dns', null]);
  // (The fixture's marks are still there: the round is complete, but nothing shows.)
  assert.equal(row.rounds, [{ code: 'practical', score: null, weighted: null, complete: true, absent: false }]);
});

test('after publication: the snapshot stays as published, the change reaches the public only in a new version', async (ctx) => {
  const { f, target } = ctx;
  await lockWelding(target.db, f);
  await publishWelding(target.db, f);
  const published = await target.db.publication.findFirstOrThrow({ where: { skillId: f.skillId, version: 1 } });

  const dq = await call(target, ctx.organizer, 'POST', statusUrl(f), { action: 'disqualify', bib: '001', reason: '赛后查实使用违规工装' });
  assert.is(dq.status, 200);
  const after = await target.db.publication.findFirstOrThrow({ where: { skillId: f.skillId, version: 1 } });
  assert.is(after.snapshot, published.snapshot, 'the published snapshot is untouched');
  const publicNow = await call(target, null, 'GET', `/api/v1/public/skills/${f.skillId}/results`);
  assert.is(publicNow.json.version, 1);
  assert.equal([byBib(publicNow.json.results, '001').rank, byBib(publicNow.json.results, '001').status], [1, 'competed']);

  // The results screen says so.
  const screen = await (await (await organizerClient(target)).get(`/skills/${f.skillId}/results`)).text();
  assert.match(textOf(byTestId(screen, 'status-changed')), 'Entry statuses changed since version 1');

  await publishWelding(target.db, f, { changeNote: '001 取消资格（赛后查实使用违规工装）' });
  const v2 = await call(target, null, 'GET', `/api/v1/public/skills/${f.skillId}/results`);
  assert.is(v2.json.version, 2);
  const row = byBib(v2.json.results, '001');
  assert.equal([row.status, row.unranked, row.rank, row.total, row.prize], ['disqualified', 'disqualified', null, null, null]);
  assert.equal(v2.json.results.entries.map((e: Json) => e.bib), ['002', '003', '001']);
  const v1 = await call(target, ctx.organizer, 'GET', `/api/v1/skills/${f.skillId}/publications/1`);
  assert.is(byBib(v1.json.results, '001').rank, 1, 'version 1 still reads as published');

  // Version 2 says who moved against version 1, on the organizer's page and the public one.
  const organizer = await organizerClient(target);
  // The organizer's page names people as registered; the English public page by their Latin names.
  for (const [html, name, other] of [
    [await (await organizer.get(`/skills/${f.skillId}/publications/2`)).text(), '张伟', '李强'],
    [await (await target.app.request(`/public/skills/${f.skillId}`, { headers: { 'accept-language': 'en' } })).text(), 'Zhang Wei', 'Li Qiang'],
  ] as const) {
    const changes = byTestId(html, 'publication-changes');
    assert.match(textOf(changes), 'Changed since version 1');
    assert.match(textOf(byTestId(changes, 'change-001')), new RegExp(`^001 ${name} 1 → Disqualified \\S+ → — Second prize → —$`));
    assert.match(textOf(byTestId(changes, 'change-002')), `002 ${other} 2 → 1 `);
  }
  assert.not.match(await (await organizer.get(`/skills/${f.skillId}/publications/1`)).text(), 'data-testid="publication-changes"', 'the first version has nothing to compare with');
});

test('the organizer records a status on the results screen by bib, with a confirmation; the page states the rules', async (ctx) => {
  const { f, target } = ctx;
  const organizer = await organizerClient(target);
  const url = `/skills/${f.skillId}/entry-status`;
  const unconfirmed = await organizer.post(url, { action: 'withdraw', bib: '002', roundId: '', reason: '身体不适' });
  assert.is(unconfirmed.status, 422);
  assert.match(textOf(await unconfirmed.text()), 'Tick the box to confirm.');
  const unknown = await organizer.post(url, { action: 'withdraw', bib: '999', roundId: '', reason: '身体不适', confirm: 'true' });
  assert.is(unknown.status, 422);
  assert.match(textOf(await unknown.text()), 'No entry of this skill has this bib.');
  const noReason = await organizer.post(url, { action: 'withdraw', bib: '002', roundId: '', reason: ' ', confirm: 'true' });
  assert.is(noReason.status, 422);
  assert.match(textOf(await noReason.text()), 'Give the reason.');
  assert.is((await target.db.entry.findFirstOrThrow({ where: { bib: '002' } })).status, 'registered', 'nothing recorded so far');

  const done = await organizer.post(url, { action: 'withdraw', bib: '002', roundId: '', reason: '身体不适', confirm: 'true' });
  assert.is(done.status, 303);
  const page = await (await organizer.get(done.headers.get('location')!)).text();
  assert.match(page, 'Recorded.');
  assert.match(textOf(byTestId(page, 'status-history')), /^002 · Withdrawn · .* · 赵敏 Reason: 身体不适$/);
  assert.match(textOf(byTestId(page, `result-${f.codes.李强}`)), /^Withdrawn /);
  const rules = textOf(byTestId(page, 'status-rules'));
  assert.match(rules, 'an entry with marks still missing is incomplete and is never ranked or awarded');
  assert.match(rules, 'Absent from a round after check-in: no total, rank or award.');
  // The chief judge has no results screen: he records at the desk.
  const chief = await judgeClient(target, f, 4);
  assert.is((await chief.post(url, { action: 'withdraw', bib: '001', reason: 'x', confirm: 'true' })).status, 403);
});

test('absent at check-in and disqualified: "—" on the printed notice and blank cells in the CSV, never 0', async (ctx) => {
  const { f, target } = ctx;
  await target.db.entry.update({ where: { eventId_bib: { eventId: f.eventId, bib: '003' } }, data: { status: 'dns', attendance: 'absent' } });
  assert.is((await call(target, ctx.organizer, 'POST', statusUrl(f), { action: 'disqualify', bib: '002', reason: '冒名顶替' })).status, 200);
  await lockWelding(target.db, f);
  await publishWelding(target.db, f);
  const zh = await organizerClient(target, 'zh-CN');
  const notice = await (await zh.get(`/skills/${f.skillId}/notice`)).text();
  // 张伟 alone is ranked: 1 competitor (below the minimum field of 5: no first prize; 20 % of 1 → 0 second, 30 % → 0 third).
  assert.match(textOf(byTestId(notice, 'notice-001')), /^1 001 张伟 .* 40\.00 100\.00/);
  // 李强's marks are kept (40 × 75 % = 30) but his score is void: no total.
  assert.match(textOf(byTestId(notice, 'notice-002')), /^取消资格 002 李强 舟山船舶修造有限公司 30\.00 —$/);
  assert.match(textOf(byTestId(notice, 'notice-003')), /^缺考 003 王芳 定海机电设备有限公司 — —$/);
  const organizer = await organizerClient(target);
  const response = await organizer.get(`/skills/${f.skillId}/results.csv`);
  const csv = new TextDecoder().decode(new Uint8Array(await response.arrayBuffer()).slice(3)).split('\r\n');
  // Unranked in the order dns, then disqualified (disqualified last).
  assert.is(csv[2], ',003,王芳,定海机电设备有限公司,,,,,,Absent');
  assert.is(csv[3], ',002,李强,舟山船舶修造有限公司,30,,,,,Disqualified');
});

test('the registration update withdraws an entry that has marks instead of deleting it', async (ctx) => {
  const { f, target } = ctx;
  const zhang = await target.db.contestant.findFirstOrThrow({ where: { name: '张伟' }, include: { entries: true } });
  await target.db.event.update({ where: { id: f.eventId }, data: { status: 'registration' } });
  const body = {
    name: zhang.name, gender: zhang.gender, idNumber: zhang.idNumber, organizationId: zhang.organizationId, phone: '', skillLevel: 'senior',
    entries: [{ skillId: f.otherSkillId, bib: '' }],
  };
  const saved = await call(target, ctx.organizer, 'PUT', `/api/v1/contestants/${zhang.id}`, body);
  assert.is(saved.status, 200, saved.text);
  const entries = await target.db.entry.findMany({ where: { contestantId: zhang.id }, orderBy: { skillId: 'asc' } });
  assert.equal(entries.map((e) => [e.skillId, e.status]), [[f.skillId, 'withdrawn'], [f.otherSkillId, 'registered']]);
  assert.is(await target.db.entryStatusChange.count({ where: { entryId: zhang.entries[0]!.id, toStatus: 'withdrawn' } }), 1);
  // The CNC entry has nothing attached: leaving it out removes it.
  const again = await call(target, ctx.organizer, 'PUT', `/api/v1/contestants/${zhang.id}`, { ...body, entries: [{ skillId: f.skillId, bib: '001' }] });
  assert.is(again.status, 200, again.text);
  assert.equal((await target.db.entry.findMany({ where: { contestantId: zhang.id } })).map((e) => [e.skillId, e.status]), [[f.skillId, 'withdrawn']]);
});

test('a contestant whose entry has marks cannot be deleted: a translated 409, nothing removed (was a 500 on the foreign keys)', async (ctx) => {
  const { f, target } = ctx;
  const zhang = await target.db.contestant.findFirstOrThrow({ where: { name: '张伟' } });
  await target.db.event.update({ where: { id: f.eventId }, data: { status: 'registration' } });
  const removed = await call(target, ctx.organizer, 'DELETE', `/api/v1/contestants/${zhang.id}`);
  assert.is(removed.status, 409, removed.text);
  assert.match(removed.text, 'withdraw');
  assert.ok(await target.db.contestant.findUnique({ where: { id: zhang.id } }), 'the contestant is still there');
  const screen = await organizerClient(target, 'zh-CN');
  const page = await screen.post(`/contestants/${zhang.id}/delete`, {});
  assert.is(page.status, 409);
  assert.match(await page.text(), '已抽签或已有评分');
});

test.run();

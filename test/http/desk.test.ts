import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { notifierOf, roundTopic } from '../../src/live/notifier.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import {
  byTestId, judgeClient, judgingFixture, mark, markAndSignAll, notScored, organizerClient, readUntil, scored, textOf, type JudgingFixture,
} from '../support/desk.ts';
import { signSheet, saveMarks } from '../../src/judging/commands.ts';

interface Context {
  target: TestApp;
  fixture: JudgingFixture;
  chief: TestClient;
}

const desk = suite<Context>('chief judge\'s desk', {} as Context);
desk.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.fixture = await judgingFixture(ctx.target.db);
  ctx.chief = await judgeClient(ctx.target, ctx.fixture, 4);
});
desk.after.each(async (ctx) => { await ctx.target.close(); });

const deskUrl = (f: JudgingFixture) => `/desk/rounds/${f.roundId}`;

/** J1 3, J2 3, J3 1 on 张伟's judgement aspect (spread 2 > 1); 张伟's deduction: J2 "not scored", J3 0. */
async function disagreement(ctx: Context) {
  const { db } = ctx.target;
  const f = ctx.fixture;
  const zhang = f.codes.张伟;
  await mark(db, f, 1, [{ code: zhang, aspectId: f.judgementId, mark: scored(3) }]);
  await mark(db, f, 2, [{ code: zhang, aspectId: f.judgementId, mark: scored(3) }, { code: zhang, aspectId: f.deductionId, mark: notScored }]);
  await mark(db, f, 3, [{ code: zhang, aspectId: f.judgementId, mark: scored(1) }, { code: zhang, aspectId: f.deductionId, mark: scored(0) }]);
}

desk('the desk shows codes and marks, never names; recusals, "not scored" and flagged spreads stand out', async (ctx) => {
  const f = ctx.fixture;
  await disagreement(ctx);
  const response = await ctx.chief.get(deskUrl(f));
  assert.is(response.status, 200);
  const html = await response.text();
  for (const code of f.sortedCodes) assert.match(html, `data-code="${code}"`);
  for (const name of [...f.names, ...f.organizations]) assert.not.match(html, name, `no ${name} on the desk`);
  // Rows in code order.
  const order = [...html.matchAll(/data-code="(\d+)"/g)].map((m) => m[1]);
  assert.equal(order, f.sortedCodes);

  const zhang = f.codes.张伟;
  const cell = (code: string, aspect: string, judge: number) => byTestId(html, `cell-${code}-${aspect}-J${judge}`);
  assert.match(cell(zhang, 'P1', 1), 'data-value="3"');
  assert.is(textOf(cell(zhang, 'P1', 3)), '1');
  assert.is(textOf(cell(zhang, 'P2', 2)), 'Not scored');
  assert.match(cell(zhang, 'P2', 2), 'data-state="not_scored"');
  assert.is(textOf(cell(zhang, 'P2', 3)), '0', '0 is a mark, shown as 0');
  assert.match(cell(zhang, 'P2', 1), 'data-state="empty"');
  // 王芳 comes from J1's organization: the cell says why it stays empty.
  assert.is(textOf(cell(f.codes.王芳, 'P1', 1)), 'Recused');
  assert.is(textOf(cell(f.codes.王芳, 'P2', 1)), 'Recused');
  assert.match(cell(f.codes.李强, 'P1', 1), 'data-state="empty"');

  const flagged = byTestId(html, `outcome-${zhang}-P1`);
  assert.match(flagged, 'outcome-flagged');
  assert.match(flagged, 'data-flagged="true"');
  assert.match(textOf(flagged), 'Spread 2');
  // Points so far are not an outcome yet: J1 has not marked the deduction.
  assert.is(textOf(byTestId(html, `outcome-${zhang}-P2`)), '–');
  assert.is(textOf(byTestId(html, `progress-marks`)), '5 / 16');
  assert.is(textOf(byTestId(html, `progress-flagged`)), '1');
  // Live: the SSE extension, the connection and the fragment it re-fetches.
  assert.match(html, '<script src="/static/vendor/ext/hx-sse.js" defer=""></script>');
  assert.match(html, `hx-sse:connect="${deskUrl(f)}/events"`);
  assert.match(html, `hx-get="${deskUrl(f)}/matrix"`);
  assert.not.match(html, '<style');
  assert.not.match(html, /<script>(?!<\/script>)/);

  const fragment = await ctx.chief.get(`${deskUrl(f)}/matrix`);
  assert.is(fragment.status, 200);
  const part = await fragment.text();
  assert.not.match(part, '<html');
  assert.match(part, `data-testid="outcome-${zhang}-P1"`);
  for (const name of f.names) assert.not.match(part, name);

  // The chief judge opens the flagged cell: marks and the decisions, still without names.
  const cellPage = await ctx.chief.get(`${deskUrl(f)}/cells/${zhang}/${f.judgementId}`, { 'hx-request': 'true' });
  assert.is(cellPage.status, 200);
  const panel = await cellPage.text();
  assert.not.match(panel, '<html');
  assert.match(panel, 'Send back for re-marking');
  assert.match(panel, 'Accept the spread');
  for (const name of f.names) assert.not.match(panel, name);
});

desk('the lock is refused with the exact list; then marks, signatures and an accepted spread let it through', async (ctx) => {
  const { db } = ctx.target;
  const f = ctx.fixture;
  await disagreement(ctx);
  const refused = await ctx.chief.post(`${deskUrl(f)}/lock`, {});
  assert.is(refused.status, 409);
  const problems = byTestId(await refused.text(), 'lock-problems');
  const items = [...problems.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1]!));
  const { 张伟: zhang, 王芳: wang } = f.codes;
  const expected: string[] = [];
  const judgesFor = (code: string) => (code === wang ? [2, 3] : [1, 2, 3]);
  const marked = new Set([`${zhang}:P1:1`, `${zhang}:P1:2`, `${zhang}:P1:3`, `${zhang}:P2:2`, `${zhang}:P2:3`]);
  for (const code of f.sortedCodes) {
    for (const aspect of ['P1', 'P2']) {
      for (const judge of judgesFor(code)) if (!marked.has(`${code}:${aspect}:${judge}`)) expected.push(`Code ${code}, aspect ${aspect}: judge J${judge} has not marked.`);
    }
  }
  expected.push(`Code ${zhang}, aspect P1: the judges' spread of 2 is above the limit.`);
  for (const code of f.sortedCodes) for (const judge of judgesFor(code)) expected.push(`Code ${code}: judge J${judge} has not signed the sheet.`);
  assert.equal(items, expected);
  assert.match(textOf(problems), 'The round cannot be locked yet: 11 marks missing, 1 spreads flagged, 8 sheets unsigned, 0 aspects without a judge.');
  assert.is((await db.round.findUniqueOrThrow({ where: { id: f.roundId } })).lockedAt, null);

  // Everyone marks and signs; 张伟's judgement stays 3/3/1.
  await markAndSignAll(db, f, 1, { [zhang]: 3 });
  await markAndSignAll(db, f, 2, { [zhang]: 3 });
  await markAndSignAll(db, f, 3, { [zhang]: 1 });
  await ctx.chief.get(deskUrl(f));
  const stillFlagged = await ctx.chief.post(`${deskUrl(f)}/lock`, {});
  assert.is(stillFlagged.status, 409);
  assert.equal([...byTestId(await stillFlagged.text(), 'lock-problems').matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1]!)), [
    `Code ${zhang}, aspect P1: the judges' spread of 2 is above the limit.`,
  ]);

  // Accepting the spread needs a reason.
  const noReason = await ctx.chief.post(`${deskUrl(f)}/accept-spread`, { code: zhang, aspectId: String(f.judgementId), reason: '  ' });
  assert.is(noReason.status, 422);
  assert.match(await noReason.text(), 'Give a reason: it is recorded.');
  const accepted = await ctx.chief.post(`${deskUrl(f)}/accept-spread`, { code: zhang, aspectId: String(f.judgementId), reason: '复核焊缝照片，两种评价均有依据' });
  assert.is(accepted.status, 303);
  assert.is(accepted.headers.get('location'), `${deskUrl(f)}?done=accepted`);
  const review = await db.aspectReview.findFirstOrThrow({ where: { kind: 'accept_spread' } });
  assert.is(review.reason, '复核焊缝照片，两种评价均有依据');
  assert.is(review.accountId, f.judges[4].accountId);

  await ctx.chief.get(deskUrl(f));
  const locked = await ctx.chief.post(`${deskUrl(f)}/lock`, {});
  assert.is(locked.status, 303);
  const round = await db.round.findUniqueOrThrow({ where: { id: f.roundId } });
  assert.ok(round.lockedAt);
  assert.is(round.lockedById, f.judges[4].accountId);
  const audit = await db.auditEntry.findFirstOrThrow({ where: { action: 'round.lock' } });
  assert.is(audit.accountId, f.judges[4].accountId);
  const page = await (await ctx.chief.get(`${deskUrl(f)}?done=locked`)).text();
  assert.match(page, 'The round is locked.');
  assert.match(page, 'data-testid="desk-locked"');
  assert.not.match(page, 'data-testid="lock-button"');
  // Locking twice is refused.
  assert.is((await ctx.chief.post(`${deskUrl(f)}/lock`, {})).status, 409);

  // Judges can no longer change marks.
  const late = await saveMarks(db, f.judges[3], { roundId: f.roundId, deviceId: 'tablet-3', marks: [{ key: 'late-change-1', code: zhang, aspectId: f.judgementId, mark: scored(2), baseVersion: 1 }] });
  assert.ok(late.ok);
  assert.equal(late.ok && late.value.map((r) => [r.status, 'error' in r ? r.error : '']), [['refused', 'judging.error.locked']]);

  // The chief judge corrects, with a reason only.
  const before = await db.mark.findFirstOrThrow({ where: { judgeId: f.judges[3].judgeId, aspectId: f.judgementId, entry: { contestant: { name: '张伟' } } } });
  const form = { code: zhang, aspectId: String(f.judgementId), judge: '3', value: '2', baseVersion: String(before.version) };
  await ctx.chief.get(`${deskUrl(f)}/cells/${zhang}/${f.judgementId}`);
  const bare = await ctx.chief.post(`${deskUrl(f)}/corrections`, { ...form, reason: '' });
  assert.is(bare.status, 422);
  assert.match(await bare.text(), 'Give a reason: it is recorded.');
  assert.is((await db.mark.findUniqueOrThrow({ where: { id: before.id } })).version, before.version);
  const corrected = await ctx.chief.post(`${deskUrl(f)}/corrections`, { ...form, reason: '录像复核：J3 误按 1 级' });
  assert.is(corrected.status, 303);
  const after = await db.mark.findUniqueOrThrow({ where: { id: before.id } });
  assert.is(after.version, before.version + 1);
  assert.is(after.value, 2);
  const change = await db.markChange.findFirstOrThrow({ where: { markId: before.id }, orderBy: { id: 'desc' } });
  assert.equal(
    { accountId: change.accountId, deviceId: change.deviceId, reason: change.reason, oldValue: change.oldValue, newValue: change.newValue },
    { accountId: f.judges[4].accountId, deviceId: 'desk', reason: '录像复核：J3 误按 1 级', oldValue: 1, newValue: 2 },
  );
  // A stale version is a conflict, not an overwrite.
  await ctx.chief.get(`${deskUrl(f)}/cells/${zhang}/${f.judgementId}`);
  assert.is((await ctx.chief.post(`${deskUrl(f)}/corrections`, { ...form, value: '3', reason: '再次复核' })).status, 409);

  // The mark log shows it, codes only.
  const log = await ctx.chief.get(`/skills/${f.skillId}/mark-log?round=${f.roundId}`);
  assert.is(log.status, 200);
  const logHtml = await log.text();
  assert.match(logHtml, '录像复核：J3 误按 1 级');
  assert.match(logHtml, '<td>desk</td>');
  assert.match(logHtml, `${(await db.markChange.count())} changes`);
  for (const name of f.names) assert.not.match(logHtml, name);
  const row = [...logHtml.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => textOf(m[1]!)).find((r) => r.includes('录像复核'));
  assert.ok(row);
  assert.match(row!, new RegExp(`实际操作 ${zhang} P1 J3 1 → 2 录像复核：J3 误按 1 级 陈静 desk$`));
});

desk('sending back revokes the sheets (kept, with the reason) and lets the judges re-mark', async (ctx) => {
  const { db } = ctx.target;
  const f = ctx.fixture;
  const li = f.codes.李强;
  for (const judge of [1, 2, 3] as const) await markAndSignAll(db, f, judge);
  // A signed sheet is read-only to the judge.
  const blocked = await mark(db, f, 2, [{ code: li, aspectId: f.judgementId, mark: scored(3), baseVersion: 1 }]);
  assert.equal(blocked.map((r) => [r.status, 'error' in r ? r.error : '']), [['refused', 'judging.error.signed']]);

  await ctx.chief.get(`${deskUrl(f)}/cells/${li}/${f.judgementId}`);
  assert.is((await ctx.chief.post(`${deskUrl(f)}/send-back`, { code: li, aspectId: String(f.judgementId), reason: '' })).status, 422);
  const sent = await ctx.chief.post(`${deskUrl(f)}/send-back`, { code: li, aspectId: String(f.judgementId), reason: '评分标准理解不一致，请重新评价' });
  assert.is(sent.status, 303);
  const entry = await db.entry.findFirstOrThrow({ where: { contestant: { name: '李强' } } });
  const sheets = await db.sheetSignoff.findMany({ where: { entryId: entry.id }, orderBy: { judgeId: 'asc' } });
  assert.is(sheets.length, 3, 'nothing deleted');
  for (const sheet of sheets) {
    assert.ok(sheet.revokedAt, 'revoked');
    assert.is(sheet.revokedReason, '评分标准理解不一致，请重新评价');
  }
  // Other codes' sheets stay signed.
  assert.is(await db.sheetSignoff.count({ where: { revokedAt: null } }), 5);
  const review = await db.aspectReview.findFirstOrThrow({ where: { kind: 'remark' } });
  assert.equal([review.reason, review.resolvedAt], ['评分标准理解不一致，请重新评价', null]);

  assert.is(sent.headers.get('location'), `${deskUrl(f)}?done=sentBack`);
  let html = await (await ctx.chief.get(sent.headers.get('location')!)).text();
  assert.match(html, 'Sent back for re-marking.');
  assert.match(textOf(byTestId(html, `outcome-${li}-P1`)), 'Sent back');
  assert.match(byTestId(html, `sign-${li}-J2`), 'data-state="unsigned"');

  const remarked = await mark(db, f, 2, [{ code: li, aspectId: f.judgementId, mark: scored(3), baseVersion: 1 }]);
  assert.equal(remarked.map((r) => [r.status, 'version' in r ? r.version : 0]), [['saved', 2]]);
  for (const judge of [1, 2, 3] as const) assert.ok((await signSheet(db, f.judges[judge], f.roundId, li, f.judges[judge].pin)).ok);
  html = await (await ctx.chief.get(deskUrl(f))).text();
  assert.not.match(textOf(byTestId(html, `outcome-${li}-P1`)), 'Sent back');
  assert.is(await db.sheetSignoff.count(), 11, 'the revoked rows and the new signatures');
  // The round can now be locked.
  assert.is((await ctx.chief.post(`${deskUrl(f)}/lock`, {})).status, 303);
});

desk('a judge, or another skill\'s chief judge, gets 403 on every desk route; the organizer gets in', async (ctx) => {
  const f = ctx.fixture;
  await disagreement(ctx);
  const zhang = f.codes.张伟;
  const cell = { code: zhang, aspectId: String(f.judgementId) };
  const gets = [
    deskUrl(f), `${deskUrl(f)}/matrix`, `${deskUrl(f)}/events`, `${deskUrl(f)}/cells/${zhang}/${f.judgementId}`,
    `/skills/${f.skillId}/mark-log`, `/skills/${f.skillId}/mark-log.csv`, `/skills/${f.skillId}/mark-log.xlsx`,
  ];
  const posts: [string, Record<string, string>][] = [
    [`${deskUrl(f)}/send-back`, { ...cell, reason: 'x' }],
    [`${deskUrl(f)}/accept-spread`, { ...cell, reason: 'x' }],
    [`${deskUrl(f)}/lock`, {}],
    [`${deskUrl(f)}/corrections`, { ...cell, judge: '1', value: '1', reason: 'x' }],
  ];
  for (const [who, client] of [['judge J2', await judgeClient(ctx.target, f, 2)], ['CNC chief judge', await judgeClient(ctx.target, f, 5)]] as const) {
    for (const path of gets) assert.is((await client.get(path)).status, 403, `${who}: GET ${path}`);
    await client.get('/judge');
    for (const [path, fields] of posts) assert.is((await client.post(path, fields)).status, 403, `${who}: POST ${path}`);
  }
  // Welding's chief judge has no business at the CNC round either.
  assert.is((await ctx.chief.get(`/desk/rounds/${f.otherRoundId}`)).status, 403);
  assert.is((await ctx.chief.get(`/skills/${f.otherSkillId}/mark-log`)).status, 403);
  assert.is(await ctx.target.db.aspectReview.count(), 0);
  assert.is((await ctx.target.db.round.findUniqueOrThrow({ where: { id: f.roundId } })).lockedAt, null);

  const organizer = await organizerClient(ctx.target);
  assert.is((await organizer.get(deskUrl(f))).status, 200);
  assert.is((await organizer.get(`/skills/${f.skillId}/mark-log`)).status, 200);
  // Nobody signed in is sent to sign in.
  const anonymous = await ctx.target.app.request(deskUrl(f));
  assert.is(anonymous.status, 303);
  // The desk index lists the rounds the account chairs.
  const index = await (await ctx.chief.get('/desk')).text();
  assert.match(index, `href="${deskUrl(f)}"`);
  assert.not.match(index, `href="/desk/rounds/${f.otherRoundId}"`);
});

desk('the SSE endpoint streams a `changed` event when a mark is saved, and unsubscribes on disconnect', async (ctx) => {
  const f = ctx.fixture;
  const topic = roundTopic(f.roundId);
  const before = notifierOf(ctx.target.db).listenerCount(topic);
  const response = await ctx.chief.get(`${deskUrl(f)}/events`);
  assert.is(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', 'text/event-stream');
  assert.is(response.headers.get('cache-control'), 'no-cache');
  const reader = response.body!.getReader();
  const opening = await readUntil(reader, /: connected\n\n/, 2000);
  assert.match(opening, ': connected');
  assert.not.match(opening, 'event: changed', 'nothing to re-fetch on a first connection');
  assert.is(notifierOf(ctx.target.db).listenerCount(topic), before + 1);

  await mark(ctx.target.db, f, 2, [{ code: f.codes.李强, aspectId: f.judgementId, mark: scored(2) }]);
  const event = await readUntil(reader, /event: changed\n/, 3000);
  // The data names the changed codes ({"codes": [...]}), or everything; see desk-paging.test.ts.
  assert.match(event, /event: changed\ndata: \{[^\n]*\}\nid: \d+\n\n/);
  const data = JSON.parse(/data: (.*)\n/.exec(event)![1]!) as { codes?: string[]; all?: true };
  assert.ok(data.all === true || (data.codes?.length === 1 && data.codes[0] === f.codes.李强), JSON.stringify(data));
  await reader.cancel();
  // The subscription ends with the connection.
  for (let i = 0; i < 50 && notifierOf(ctx.target.db).listenerCount(topic) > before; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.is(notifierOf(ctx.target.db).listenerCount(topic), before);

  // A reconnecting client (Last-Event-ID) may have missed something: it gets a `changed` at once.
  const resumed = await ctx.chief.get(`${deskUrl(f)}/events`, { 'last-event-id': '1' });
  const resumedReader = resumed.body!.getReader();
  assert.match(await readUntil(resumedReader, /event: changed\n/, 3000), 'event: changed');
  await resumedReader.cancel();
});

desk('the mark log exports CSV and XLSX with every change, codes only', async (ctx) => {
  const f = ctx.fixture;
  await disagreement(ctx);
  const organizer = await organizerClient(ctx.target);
  const csv = await organizer.get(`/skills/${f.skillId}/mark-log.csv`);
  assert.is(csv.status, 200);
  assert.match(csv.headers.get('content-type') ?? '', 'text/csv');
  assert.match(csv.headers.get('content-disposition') ?? '', /attachment; filename=".*\.csv"; filename\*=UTF-8''/);
  const text = (await csv.text()).replace(/^\uFEFF/, '');
  const lines = text.trim().split('\r\n');
  assert.is(lines[0], 'Time,Round,Code,Aspect,Aspect name,Judge,Old mark,New mark,Reason,Changed by,Device');
  assert.is(lines.length, 1 + 5);
  const zhang = f.codes.张伟;
  assert.ok(lines.some((l) => new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,实际操作,${zhang},P2,安全文明生产,J2,,Not scored,,李明,tablet-2$`).test(l)), text);
  assert.ok(lines.some((l) => l.endsWith(`,实际操作,${zhang},P1,焊缝成形,J3,,1,,赵刚,tablet-3`)), text);
  for (const name of f.names) assert.not.match(text, name);

  const xlsx = await ctx.chief.get(`/skills/${f.skillId}/mark-log.xlsx?round=${f.roundId}`);
  assert.is(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type') ?? '', 'spreadsheetml');
  const bytes = new Uint8Array(await xlsx.arrayBuffer());
  assert.equal([...bytes.slice(0, 2)], [0x50, 0x4b], 'a zip file');
  // The other skill has no marks: a header only, in the reader's language.
  const zh = await organizerClient(ctx.target, 'zh-CN');
  const empty = await (await zh.get(`/skills/${f.otherSkillId}/mark-log.csv`)).text();
  assert.is(empty.replace(/^\uFEFF/, '').trim(), '时间,赛项环节,加密号,评分项,评分项名称,裁判,原评分,新评分,理由,修改人,设备');
});

desk.run();

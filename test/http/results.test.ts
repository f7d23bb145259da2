import { suite } from 'uvu';
import * as assert from 'uvu/assert';
// First: the app loads the API's zod-openapi extension before any schema is built.
import { freshApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import { byTestId, judgeClient, organizerClient, textOf } from '../support/desk.ts';
import { HOUR, lockWelding, markedFixture, publishWelding, refused, windows, type ResultsFixture } from '../support/results.ts';
import type { ResultsSnapshot } from '../../src/results/snapshot.ts';

interface Context {
  target: TestApp;
  fixture: ResultsFixture;
  organizer: TestClient;
}

const results = suite<Context>('results preview and publication', {} as Context);
results.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.fixture = await markedFixture(ctx.target.db);
  ctx.organizer = await organizerClient(ctx.target);
});
results.after.each(async (ctx) => { await ctx.target.close(); });

const previewUrl = (f: ResultsFixture) => `/skills/${f.skillId}/results`;
const rowText = (html: string, label: string) => textOf(byTestId(html, `result-${label}`));

results('the preview shows codes only until every round is locked, then names, with the rules explained', async (ctx) => {
  const f = ctx.fixture;
  const before = await ctx.organizer.get(previewUrl(f));
  assert.is(before.status, 200);
  const hidden = await before.text();
  assert.match(hidden, 'data-testid="names-hidden"');
  assert.match(hidden, 'Names appear after every round is locked.');
  for (const secret of [...f.names, ...f.organizations]) assert.not.match(hidden, secret, `no ${secret} before the lock`);
  const table = byTestId(hidden, 'results-table');
  assert.not.match(textOf(table), 'Bib');
  assert.match(textOf(table), 'Code');
  // Ranked by code, with the totals on the skill's 2 decimals.
  assert.match(rowText(hidden, f.codes.张伟), /^1 \d+ 40\.00 100\.00 Second prize/);
  assert.match(rowText(hidden, f.codes.李强), /^2 \d+ 30\.00 75\.00 Third prize/);
  assert.match(rowText(hidden, f.codes.王芳), /^3 \d+ 20\.00 50\.00/);
  for (const bib of Object.values(f.bibs)) assert.not.match(table, `result-${bib}"`);
  // Nothing to publish yet.
  assert.match(textOf(byTestId(hidden, 'publish')), 'Publishing needs every round locked by the chief judge. Not locked yet: 实际操作.');
  assert.not.match(hidden, 'action="/skills/' + f.skillId + '/publications"');

  await lockWelding(ctx.target.db, f);
  const after = await (await ctx.organizer.get(previewUrl(f))).text();
  assert.not.match(after, 'data-testid="names-hidden"');
  assert.match(rowText(after, '001'), /^1 001 张伟 舟山船舶修造有限公司 40\.00 100\.00 Second prize Technical expert \(技术能手\) Promotion: Senior worker \(高级工\) → Technician \(技师\)$/);
  assert.match(rowText(after, '002'), /^2 002 李强 舟山船舶修造有限公司 30\.00 75\.00 Third prize/);
  assert.match(rowText(after, '003'), /^3 003 王芳 定海机电设备有限公司 20\.00 50\.00 Technical expert/);
  const rules = textOf(byTestId(after, 'results-rules'));
  assert.match(rules, 'Totals are shown and ranked on 2 decimals, rounded half up.');
  assert.match(rules, 'Prizes by share of the 3 competitors: first prize 10%, second 20%, third 30%');
  assert.match(rules, 'Places: 0 first, 1 second, 1 third.');
  assert.match(rules, 'With fewer than 5 competitors no first prize is awarded.');
  assert.match(rules, 'Awarded: 0 first, 1 second and 1 third prizes.');
  assert.match(textOf(byTestId(after, 'results-notes')), 'no promotion computed, the organizer decides (002, 003)');
  // The form proposes the default windows.
  assert.match(after, 'name="appealUntil"');
  assert.match(after, 'name="noticeUntil"');
  assert.not.match(after, 'name="changeNote"', 'no change note for the first version');
});

results('the preview flags incomplete entries and states the standardisation formula', async (ctx) => {
  const { db } = ctx.target;
  const f = ctx.fixture;
  await db.skill.update({ where: { id: f.skillId }, data: { standardisedScore: true } });
  // A fourth contestant, drawn in no lot and marked by nobody.
  const org = await db.organization.findFirstOrThrow({ where: { eventId: f.eventId } });
  const late = await db.contestant.create({ data: { eventId: f.eventId, organizationId: org.id, name: '周杰', gender: 'male', idNumber: '330902199001010052', birthDate: '1990-01-01' } });
  await db.entry.create({ data: { contestantId: late.id, skillId: f.skillId, eventId: f.eventId, bib: '004' } });
  await lockWelding(db, f);
  const html = await (await ctx.organizer.get(previewUrl(f))).text();
  assert.match(byTestId(html, 'result-004'), 'data-complete="false"');
  assert.match(rowText(html, '004'), 'Incomplete');
  assert.match(html, '1 competitors have aspects without all their marks');
  assert.match(textOf(byTestId(html, 'standardisation')), 'Standardised score: S = 700 + 100 × (x − M) / σ, where x is the total, M the median');
  // An incomplete entry cannot be published.
  await ctx.organizer.get(previewUrl(f));
  const refusedPublish = await ctx.organizer.post(`/skills/${f.skillId}/publications`, windows(new Date()));
  assert.is(refusedPublish.status, 409);
  assert.match(await refusedPublish.text(), 'Some competitors have aspects without all their marks: 004.');
  assert.is(await db.publication.count(), 0);
});

results('publishing is refused while a round is unlocked', async (ctx) => {
  const f = ctx.fixture;
  await ctx.organizer.get(previewUrl(f));
  const response = await ctx.organizer.post(`/skills/${f.skillId}/publications`, windows(new Date()));
  assert.is(response.status, 409);
  assert.match(await response.text(), 'Every round must be locked before publishing. Not locked: 实际操作.');
  assert.is(await ctx.target.db.publication.count(), 0);
});

results('publish: version 1 is a snapshot without ID or phone numbers; a new version needs a change note; v1 stays readable', async (ctx) => {
  const { db } = ctx.target;
  const f = ctx.fixture;
  await lockWelding(db, f);
  await ctx.organizer.get(previewUrl(f));

  // Windows are checked.
  const now = new Date();
  const past = await ctx.organizer.post(`/skills/${f.skillId}/publications`, windows(now, -1, 72));
  assert.is(past.status, 422);
  assert.match(await past.text(), 'The appeal window must end in the future.');
  const backwards = await ctx.organizer.post(`/skills/${f.skillId}/publications`, windows(now, 5, 3));
  assert.is(backwards.status, 422);
  assert.match(await backwards.text(), 'The notice period cannot end before the appeal window.');
  assert.is(await db.publication.count(), 0);

  const published = await ctx.organizer.post(`/skills/${f.skillId}/publications`, windows(now));
  assert.is(published.status, 303);
  assert.is(published.headers.get('location'), `/skills/${f.skillId}/publications/1?done=published`);
  const v1 = await db.publication.findFirstOrThrow({ where: { skillId: f.skillId } });
  assert.is(v1.version, 1);
  assert.is(v1.changeNote, '');
  assert.is(v1.supersededAt, null);
  assert.is(v1.publishedById, f.organizerId);
  assert.ok(Math.abs(v1.appealUntil.getTime() - (now.getTime() + 2 * HOUR)) < 61_000, 'appeal window as typed (to the minute)');
  assert.ok(Math.abs(v1.noticeUntil.getTime() - (now.getTime() + 72 * HOUR)) < 61_000, 'notice period as typed');

  // The snapshot: no ID number, phone, gender, birth date, code or database id anywhere in it.
  const text = v1.snapshot;
  for (const id of f.idNumbers) assert.not.match(text, id, 'no ID number');
  for (const id of f.idNumbers) assert.not.match(text, id.slice(6, 14), 'not even the birth date inside it');
  for (const phone of f.phones) assert.not.match(text, phone, 'no phone number');
  // The title rules name a condition "gender" (巾帼建功标兵 for women): a rule, not anybody's data,
  // so the words are looked for everywhere but in the rules.
  const withoutRules = JSON.stringify({ ...JSON.parse(text), rules: { ...JSON.parse(text).rules, titleRules: undefined } });
  assert.match(text, '"titleRules":[{');
  for (const word of ['idNumber', 'phone', 'gender', 'birth', 'entryId', 'organizationId', '"codes"']) assert.not.match(withoutRules, word, `no ${word}`);
  assert.not.match(text, /judge(?!ment)/i, 'no judge');
  const snapshot = JSON.parse(text) as ResultsSnapshot;
  assert.equal(snapshot.event, { name: '2026年定海区职工技能大比武', nameEn: '' });
  assert.equal(snapshot.skill, { name: '焊工', nameEn: 'Welding', decimals: 2 });
  assert.equal(snapshot.rounds.map((r) => [r.code, r.name, r.weight, r.maxScore, r.aspects.map((a) => a.code)]), [['practical', '实际操作', 100, 40, ['P1', 'P2']]]);
  assert.is(snapshot.competitors, 3);
  assert.equal(snapshot.rules.prize.quotas, { first: 0, second: 1, third: 1 });
  assert.is(snapshot.rules.prize.minimumFieldApplied, true);
  assert.equal(snapshot.rules.prizeCounts, { first: 0, second: 1, third: 1 });
  assert.is(snapshot.standardisation, null);
  assert.equal(snapshot.entries.map((e) => [e.bib, e.name, e.organizationName, e.status, e.total, e.rank, e.prize, e.titles]), [
    ['001', '张伟', '舟山船舶修造有限公司', 'competed', 100, 1, 2, ['技术能手']],
    ['002', '李强', '舟山船舶修造有限公司', 'competed', 75, 2, 3, ['技术能手']],
    ['003', '王芳', '定海机电设备有限公司', 'competed', 50, 3, null, ['技术能手']],
  ]);
  // The promotion names the rule that gave it (index 0: the default "top 5" rule).
  assert.equal(snapshot.entries[0]!.promotion, { from: 'senior', to: 'technician', rule: 0 });
  assert.equal(snapshot.entries[0]!.rounds, [{ code: 'practical', score: 40, weighted: 100, complete: true, absent: false }]);
  assert.equal(snapshot.entries[1]!.aspects, [
    { roundCode: 'practical', code: 'P1', status: 'scored', points: 20 },
    { roundCode: 'practical', code: 'P2', status: 'scored', points: 10 },
  ]);
  assert.equal(snapshot.notes.map((n) => [n.code, n.entries]), [['minimumField', []], ['promotionLevelUnknown', ['002', '003']]]);
  const audit = await db.auditEntry.findFirstOrThrow({ where: { action: 'results.publish' } });
  assert.is(audit.accountId, f.organizerId);

  const page = await ctx.organizer.get(`/skills/${f.skillId}/publications/1?done=published`);
  assert.is(page.status, 200);
  const pageHtml = await page.text();
  assert.match(pageHtml, 'Version 1 is published.');
  assert.match(rowText(pageHtml, '001'), '张伟');
  assert.match(textOf(byTestId(pageHtml, 'breakdown')), '001 30.00 10.00');
  assert.not.match(pageHtml, 'data-testid="superseded"');

  // The marks are corrected after the lock (an upheld appeal, say): a new version needs a change note.
  await ctx.organizer.get(previewUrl(f));
  assert.match(ctx.organizer.lastHtml, 'name="changeNote"');
  const bare = await ctx.organizer.post(`/skills/${f.skillId}/publications`, { ...windows(new Date()), changeNote: '  ' });
  assert.is(bare.status, 422);
  assert.match(await bare.text(), 'Say what changed and why: it is published with the new version.');
  assert.is(await db.publication.count(), 1);
  const note = '003 王芳 P1 经仲裁更正为 2 级';
  const again = await ctx.organizer.post(`/skills/${f.skillId}/publications`, { ...windows(new Date()), changeNote: note });
  assert.is(again.status, 303);
  assert.is(again.headers.get('location'), `/skills/${f.skillId}/publications/2?done=published`);
  const [first, second] = await db.publication.findMany({ where: { skillId: f.skillId }, orderBy: { version: 'asc' } });
  assert.ok(first!.supersededAt, 'v1 superseded');
  assert.is(first!.snapshot, text, 'v1 unchanged');
  assert.is(second!.version, 2);
  assert.is(second!.changeNote, note);
  assert.is(second!.supersededAt, null);

  const old = await ctx.organizer.get(`/skills/${f.skillId}/publications/1`);
  assert.is(old.status, 200);
  const oldHtml = await old.text();
  assert.match(textOf(byTestId(oldHtml, 'superseded')), 'the results in force are version 2');
  assert.match(oldHtml, `href="/skills/${f.skillId}/publications/2"`);
  assert.match(rowText(oldHtml, '003'), '王芳');
  const newest = await (await ctx.organizer.get(`/skills/${f.skillId}/publications/2`)).text();
  assert.is(textOf(byTestId(newest, 'change-note')), note);
  const history = textOf(byTestId(await (await ctx.organizer.get(previewUrl(f))).text(), 'publication-history'));
  assert.match(history, /Version 2 .* In force Change note: 003 王芳/);
  assert.match(history, /Version 1 .* Superseded/);
  assert.is((await ctx.organizer.get(`/skills/${f.skillId}/publications/3`)).status, 404);
});

results('the database refuses deleting or rewriting publications', async (ctx) => {
  const { db } = ctx.target;
  const f = ctx.fixture;
  await lockWelding(db, f);
  await publishWelding(db, f);
  const v1 = await db.publication.findFirstOrThrow({ where: { skillId: f.skillId } });
  await refused(db.publication.delete({ where: { id: v1.id } }), /never deleted/, 'delete');
  await refused(db.$executeRawUnsafe('DELETE FROM "Publication"'), /never deleted/, 'raw delete');
  await refused(db.publication.update({ where: { id: v1.id }, data: { snapshot: '{}' } }), /only be superseded/, 'rewrite the snapshot');
  await refused(db.publication.update({ where: { id: v1.id }, data: { appealUntil: new Date(Date.now() + 48 * HOUR) } }), /only be superseded/, 'extend the window');
  await refused(db.publication.update({ where: { id: v1.id }, data: { supersededAt: new Date(), changeNote: 'x' } }), /only be superseded/, 'supersede and rewrite');
  // A version out of order, or a second one in force, is refused too.
  const row = { skillId: f.skillId, publishedById: f.organizerId, appealUntil: new Date(), noticeUntil: new Date(), snapshot: '{}', changeNote: 'x' };
  await refused(db.publication.create({ data: { ...row, version: 3 } }), /next version/, 'version gap');
  await refused(db.publication.create({ data: { ...row, version: 2 } }), /next version/, 'v1 still in force');
  assert.is(await db.publication.count(), 1);
  // Superseding works once, and only once.
  await db.publication.update({ where: { id: v1.id }, data: { supersededAt: new Date() } });
  await refused(db.publication.update({ where: { id: v1.id }, data: { supersededAt: new Date(Date.now() + 1000) } }), /only be superseded/, 'supersede twice');
  await refused(db.publication.create({ data: { ...row, version: 2, changeNote: ' ' } }), /change note/, 'v2 without a change note');
  assert.equal((await db.publication.findUniqueOrThrow({ where: { id: v1.id } })).snapshot, v1.snapshot);
});

results('judges and chief judges may not preview, publish or arbitrate; anonymous visitors sign in', async (ctx) => {
  const { db } = ctx.target;
  const f = ctx.fixture;
  await lockWelding(db, f);
  const version = await publishWelding(db, f, { now: new Date() });
  for (const number of [1, 4] as const) {
    const client = await judgeClient(ctx.target, f, number);
    await client.get('/judge');
    assert.ok(client.csrfToken(), 'a CSRF token, so a 403 is about the role');
    for (const path of [previewUrl(f), `/skills/${f.skillId}/publications/${version}`, `/skills/${f.skillId}/appeals`]) {
      const response = await client.get(path);
      assert.is(response.status, 403, `J${number} GET ${path}`);
      assert.match(await response.text(), 'Not allowed');
    }
    const publish = await client.post(`/skills/${f.skillId}/publications`, { ...windows(new Date()), changeNote: 'x' });
    assert.is(publish.status, 403, `J${number} publishes`);
    assert.match(await publish.text(), 'Not allowed');
    const decide = await client.post(`/skills/${f.skillId}/appeals/1/decision`, { decision: 'rejected', reason: 'x' });
    assert.is(decide.status, 403, `J${number} decides`);
  }
  assert.is(await db.publication.count(), 1);
  const anonymous = await ctx.target.app.request(previewUrl(f));
  assert.is(anonymous.status, 303);
  assert.match(anonymous.headers.get('location') ?? '', /^\/login\?next=/);
});

results('the event page links every skill to its results once the event is in progress', async (ctx) => {
  const { db } = ctx.target;
  const f = ctx.fixture;
  const running = await (await ctx.organizer.get(`/events/${f.eventId}`)).text();
  assert.match(running, `href="/skills/${f.skillId}/results"`);
  assert.match(running, `href="/skills/${f.otherSkillId}/results"`);
  const empty = await ctx.organizer.get(`/skills/${f.otherSkillId}/results`);
  assert.is(empty.status, 200);
  assert.match(await empty.text(), 'No entries in this skill.');
  assert.is((await ctx.organizer.get('/skills/999999/results')).status, 404);
  await db.event.update({ where: { id: f.eventId }, data: { status: 'registration' } });
  const before = await (await ctx.organizer.get(`/events/${f.eventId}`)).text();
  assert.not.match(before, '/results"');
  // Publishing is refused outside the running stages.
  await lockedFixtureGuard(ctx);
});

/** With the event back in registration, publishing is refused even with every round locked. */
async function lockedFixtureGuard(ctx: Context) {
  const f = ctx.fixture;
  await lockWelding(ctx.target.db, f);
  await ctx.organizer.get(previewUrl(f));
  const response = await ctx.organizer.post(`/skills/${f.skillId}/publications`, windows(new Date()));
  assert.is(response.status, 409);
  assert.match(await response.text(), 'Results can be published only while the event is in progress or published.');
}

results.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { maskIdNumber } from '../../src/domain/id-number.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { auditActions } from '../support/backups.ts';
import { TestClient } from '../support/client.ts';
import { byTestId } from '../support/desk.ts';
import { createAccount } from '../support/fixtures.ts';
import { registeredEvent, type RegisteredEvent } from '../support/registered-event.ts';

/** The organizer's registration list at real size: search, filters, order, pages, masking and bulk actions. */
interface Context { target: TestApp; organizer: TestClient; event: RegisteredEvent }
const EN = { 'accept-language': 'en' };

const list = suite<Context>('the registration list at 300 contestants', {} as Context);
list.before.each(async (ctx) => {
  ctx.target = await freshApp();
  await createAccount(ctx.target.db, { username: 'organizer', password: 'organizer-password' });
  ctx.event = await registeredEvent(ctx.target.db);
  ctx.organizer = new TestClient(ctx.target, EN);
  await ctx.organizer.get('/login');
  await ctx.organizer.post('/login', { username: 'organizer', password: 'organizer-password' });
  await ctx.organizer.get(`/events/${ctx.event.eventId}/registration`);
});
list.after.each(async (ctx) => { await ctx.target.close(); });

const base = (ctx: Context) => `/events/${ctx.event.eventId}/registration`;

async function listed(ctx: Context, query = '') {
  const response = await ctx.organizer.get(`${base(ctx)}${query}`);
  assert.is(response.status, 200);
  const html = await response.text();
  const rows = [...html.matchAll(/<tr data-testid="contestant-(\d+)">([\s\S]*?)<\/tr>/g)].map((tr) => ({
    id: Number(tr[1]),
    cells: [...tr[2]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((td) => text(td[1]!)),
  }));
  return { html, rows, count: text(/<p class="list-count"[^>]*>([\s\S]*?)<\/p>/.exec(html)![1]!) };
}

/** The text of some markup, as a reader sees it. */
const text = (html: string) => html.replace(/<form[\s\S]*?<\/form>/g, '').replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();

list('fifty a page, a pager, and a page past the end shows the last one', async (ctx) => {
  const first = await listed(ctx);
  assert.is(first.rows.length, 50);
  assert.match(first.count, '1–50 of 300 contestants.');
  assert.match(first.html, /<a class="button" rel="next" href="[^"]*page=2#contestants"/, 'a next link');
  const last = await listed(ctx, '?page=6');
  assert.is(last.rows.length, 50);
  assert.match(last.count, '251–300 of 300');
  assert.not.match(last.html, 'rel="next"');
  const beyond = await listed(ctx, '?page=99');
  assert.equal(beyond.rows.map((r) => r.id), last.rows.map((r) => r.id));
  const everyone = new Set<number>();
  for (let page = 1; page <= 6; page++) for (const row of (await listed(ctx, `?page=${page}`)).rows) everyone.add(row.id);
  assert.is(everyone.size, 300, 'the pages together show everyone once');
});

list('the default order is organization then name, in pinyin; name and bib orders too', async (ctx) => {
  const collator = new Intl.Collator('zh-CN', { numeric: true });
  const byOrganization = [...ctx.event.contestants].sort((a, b) => {
    const orgA = ctx.event.organizations.find((o) => o.id === a.organizationId)!.name;
    const orgB = ctx.event.organizations.find((o) => o.id === b.organizationId)!.name;
    return collator.compare(orgA, orgB) || collator.compare(a.name, b.name) || a.id - b.id;
  });
  assert.equal((await listed(ctx)).rows.map((r) => r.id), byOrganization.slice(0, 50).map((c) => c.id));
  const byName = [...ctx.event.contestants].sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id);
  assert.equal((await listed(ctx, '?sort=name&page=2')).rows.map((r) => r.id), byName.slice(50, 100).map((c) => c.id));
  // Pinyin, not code points: 陈 (chén, U+9648) before 张 (zhāng, U+5F20), 王 before 张.
  const all: string[] = [];
  for (let page = 1; page <= 6; page++) all.push(...(await listed(ctx, `?sort=name&page=${page}`)).rows.map((r) => r.cells[2]!));
  const last = (surname: string) => all.findLastIndex((n) => n.startsWith(surname));
  const first = (surname: string) => all.findIndex((n) => n.startsWith(surname));
  assert.ok(first('陈') >= 0 && first('张') >= 0 && first('王') >= 0, 'the fixture has all three surnames');
  assert.ok(last('陈') < first('张'), 'every 陈 before any 张');
  assert.ok(last('王') < first('张'), 'every 王 before any 张');
  const bibs = (await listed(ctx, '?sort=bib')).rows.map((r) => r.cells[1]);
  assert.equal(bibs.slice(0, 3), ['001', '002', '003']);
  const newest = (await listed(ctx, '?sort=newest')).rows[0]!;
  assert.is(newest.id, Math.max(...ctx.event.contestants.map((c) => c.id)));
});

list('search finds by name, bib, organization and four or more digits of an ID or phone number', async (ctx) => {
  const someone = ctx.event.contestants[123]!;
  const byBib = await listed(ctx, `?q=${someone.bib}`);
  assert.ok(byBib.rows.some((r) => r.id === someone.id));
  const byId = await listed(ctx, `?q=${someone.idNumber.slice(-8)}`);
  assert.equal(byId.rows.map((r) => r.id), [someone.id]);
  assert.match(byId.count, 'of 1 matching (300 registered)');
  const byPhone = await listed(ctx, `?q=${someone.phone.slice(-8)}`);
  assert.ok(byPhone.rows.some((r) => r.id === someone.id));
  const byName = await listed(ctx, `?q=${encodeURIComponent(someone.name)}`);
  assert.ok(byName.rows.length >= 1 && byName.rows.every((r) => r.cells[2]!.includes(someone.name)));
  const organization = ctx.event.organizations[0]!;
  const byOrganization = await listed(ctx, `?q=${encodeURIComponent(organization.name)}`);
  assert.ok(byOrganization.rows.length > 0 && byOrganization.rows.every((r) => r.cells[3] === organization.name || r.cells[3]!.includes(organization.name)));
  // Three digits would match half the list through ID numbers; they search bibs only.
  const short = await listed(ctx, '?q=330');
  assert.is(short.rows.length, 0);
  assert.match(short.count, 'No contestant matches.');
});

list('filters by organization, skill and review or entry status combine', async (ctx) => {
  const organization = ctx.event.organizations[4]!; // 4 mod 3 = 1: submitted, not approved
  const expected = ctx.event.contestants.filter((c) => c.organizationId === organization.id && c.skillId === ctx.event.skillIds[1]);
  const filtered = await listed(ctx, `?organization=${organization.id}&skill=${ctx.event.skillIds[1]}`);
  assert.equal(filtered.rows.map((r) => r.id).sort(), expected.map((c) => c.id).sort());
  assert.is((await listed(ctx, `?organization=${organization.id}&status=approved`)).rows.length, 0);
  assert.is((await listed(ctx, `?organization=${organization.id}&status=submitted`)).rows.length, ctx.event.contestants.filter((c) => c.organizationId === organization.id).length);
  const pending = ctx.event.contestants.filter((c) => ctx.event.organizations.findIndex((o) => o.id === c.organizationId) % 3 === 2);
  assert.match((await listed(ctx, '?status=pending')).count, `of ${pending.length} matching`);
  const withdrawn = ctx.event.contestants[7]!;
  await ctx.target.db.entry.updateMany({ where: { contestantId: withdrawn.id }, data: { status: 'withdrawn' } });
  const out = await listed(ctx, '?status=withdrawn');
  assert.equal(out.rows.map((r) => r.id), [withdrawn.id]);
  assert.match(out.rows[0]!.cells[4]!, 'Withdrawn');
});

list('nonsense in the query string shows the whole list, never an error', async (ctx) => {
  for (const query of ['?page=abc', '?page=0', '?page=99999999999', '?sort=drop', '?status=<x>', '?organization=-1', '?skill=1e3',
    `?q=${'长'.repeat(5000)}`, '?q=%25', '?q=_', "?q='"]) {
    const response = await ctx.organizer.get(`${base(ctx)}${query}`);
    assert.is(response.status, 200, query);
  }
  assert.is((await listed(ctx, '?q=%25')).rows.length, 0, 'a % is a character, not a wildcard');
});

list('ID and phone numbers are masked; "show" reveals one contestant\'s, and is audited', async (ctx) => {
  const page = await listed(ctx);
  const row = page.rows[0]!;
  const person = ctx.event.contestants.find((c) => c.id === row.id)!;
  for (const c of ctx.event.contestants) assert.not.match(page.html, c.idNumber);
  for (const c of ctx.event.contestants) assert.not.match(page.html, c.phone);
  assert.match(row.cells[5]!, maskIdNumber(person.idNumber));
  const before = (await auditActions(ctx.target.db)).length;
  const shown = await ctx.organizer.post(`/contestants/${row.id}/reveal`, {}, { 'hx-request': 'true' });
  assert.is(shown.status, 200);
  assert.is(shown.headers.get('cache-control'), 'no-store');
  const fragment = await shown.text();
  assert.match(fragment, person.idNumber);
  assert.match(fragment, person.phone);
  const audit = (await auditActions(ctx.target.db)).slice(before);
  assert.equal(audit.map((a) => [a.action, a.subject]), [['contestant.reveal', person.name]]);
  assert.equal(JSON.parse(audit[0]!.details), { contestantId: row.id, via: 'list' });
  // Without htmx there is no row to swap into: the contestant's form, which holds the numbers, and audits too.
  const plain = await ctx.organizer.post(`/contestants/${row.id}/reveal`, {});
  assert.is(plain.status, 303);
  assert.is(plain.headers.get('location'), `/contestants/${row.id}/edit`);
  assert.is((await ctx.organizer.get(`/contestants/${row.id}/edit`)).status, 200);
  assert.equal((await auditActions(ctx.target.db)).slice(before + 1).map((a) => [a.action, JSON.parse(a.details).via]), [['contestant.reveal', 'edit']]);
  assert.is((await ctx.organizer.post('/contestants/99999/reveal', {}, { 'hx-request': 'true' })).status, 404);
  const csrfless = await ctx.organizer.post(`/contestants/${row.id}/reveal`, { _csrf: 'wrong' }, { 'hx-request': 'true' });
  assert.is(csrfless.status, 403);
});

list('bulk delete: the ticked go, the list keeps its filter; one with a draw keeps them all', async (ctx) => {
  const skill = ctx.event.skillIds[0];
  const page = await listed(ctx, `?skill=${skill}&sort=bib&page=2`);
  const ticked = page.rows.slice(0, 3).map((r) => r.id);
  const response = await ctx.organizer.post(`/events/${ctx.event.eventId}/contestants/bulk`, {
    skill: String(skill), sort: 'bib', page: '2', action: 'delete', contestant: ticked.map(String),
  });
  assert.is(response.status, 303);
  assert.is(response.headers.get('location'), `${base(ctx)}?skill=${skill}&sort=bib&page=2&done=deleted&count=3`);
  assert.is(await ctx.target.db.contestant.count({ where: { id: { in: ticked } } }), 0);
  assert.match((await listed(ctx, `?skill=${skill}&sort=bib&page=2&done=deleted&count=3`)).html, 'Deleted: 3 contestants.');
  assert.ok((await auditActions(ctx.target.db)).some((a) => a.action === 'contestant.delete' && JSON.parse(a.details).contestantIds.length === 3));

  const next = page.rows.slice(3, 6).map((r) => r.id);
  const drawn = ctx.event.contestants.find((c) => c.id === next[1])!;
  const organizer = await ctx.target.db.account.findFirstOrThrow({ where: { username: 'organizer' } });
  const draw = await ctx.target.db.draw.create({ data: { skillId: skill, seed: '00', drawnById: organizer.id } });
  const entry = await ctx.target.db.entry.findFirstOrThrow({ where: { contestantId: drawn.id } });
  await ctx.target.db.drawAssignment.create({ data: { drawId: draw.id, entryId: entry.id, station: 1, code: 'A01' } });
  const refused = await ctx.organizer.post(`/events/${ctx.event.eventId}/contestants/bulk`, { action: 'delete', contestant: next.map(String) });
  assert.is(refused.status, 409);
  const text = await refused.text();
  assert.match(text, 'Nothing was deleted: 1 of the ticked contestants already have a draw or marks');
  assert.match(text, drawn.name);
  assert.is(await ctx.target.db.contestant.count({ where: { id: { in: next } } }), 3);
});

list('bulk actions refuse what no page of ours sends, and change nothing', async (ctx) => {
  const bulk = `/events/${ctx.event.eventId}/contestants/bulk`;
  const other = await registeredEvent(ctx.target.db, { contestants: 2, organizations: 1 });
  const cases: [Record<string, string | string[]>, number, string][] = [
    [{ action: 'delete' }, 409, 'Tick at least one contestant first.'],
    [{ action: 'delete', contestant: ['1', 'x'] }, 409, 'no longer all on the list'],
    [{ action: 'delete', contestant: [String(ctx.event.contestants[0]!.id), String(other.contestants[0]!.id)] }, 409, 'no longer all on the list'],
    [{ action: 'delete', contestant: Array.from({ length: 201 }, (_, i) => String(ctx.event.contestants[i]!.id)) }, 409, 'no longer all on the list'],
    [{ action: 'explode', contestant: [String(ctx.event.contestants[0]!.id)] }, 422, ''],
    [{ action: 'move', toSkill: '99999', contestant: [String(ctx.event.contestants[0]!.id)] }, 422, ''],
  ];
  for (const [fields, status, message] of cases) {
    const response = await ctx.organizer.post(bulk, fields);
    assert.is(response.status, status, JSON.stringify(fields).slice(0, 80));
    if (message) assert.match(await response.text(), message);
  }
  assert.is(await ctx.target.db.contestant.count(), 302);
  await ctx.target.db.event.update({ where: { id: ctx.event.eventId }, data: { status: 'in_progress' } });
  const closed = await ctx.organizer.post(bulk, { action: 'delete', contestant: [String(ctx.event.contestants[0]!.id)] });
  assert.is(closed.status, 409);
  assert.is(await ctx.target.db.contestant.count(), 302);
});

list('bulk move: entries change skill with their bibs; all or none', async (ctx) => {
  const [welding, turning] = ctx.event.skillIds;
  const inWelding = ctx.event.contestants.filter((c) => c.skillId === welding).slice(0, 4);
  const response = await ctx.organizer.post(`/events/${ctx.event.eventId}/contestants/bulk`, {
    skill: String(welding), action: 'move', toSkill: String(turning), contestant: inWelding.slice(0, 2).map((c) => String(c.id)),
  });
  assert.is(response.status, 303);
  assert.match(response.headers.get('location')!, 'done=moved&count=2');
  const moved = await ctx.target.db.entry.findMany({ where: { contestantId: { in: inWelding.slice(0, 2).map((c) => c.id) } }, orderBy: { contestantId: 'asc' } });
  assert.equal(moved.map((e) => [e.skillId, e.bib]), inWelding.slice(0, 2).map((c) => [turning, c.bib]));
  assert.ok((await auditActions(ctx.target.db)).some((a) => a.action === 'entry.move'));

  // One of them is already in turning: nobody moves.
  const again = await ctx.organizer.post(`/events/${ctx.event.eventId}/contestants/bulk`, {
    action: 'move', toSkill: String(turning), contestant: inWelding.slice(1, 4).map((c) => String(c.id)),
  });
  assert.is(again.status, 409);
  assert.match(await again.text(), `Nothing was moved: 1 of the ticked contestants are already entered in 数控车工 (${inWelding[1]!.name})`);
  const unchanged = await ctx.target.db.entry.findMany({ where: { contestantId: { in: inWelding.slice(2).map((c) => c.id) } } });
  assert.ok(unchanged.every((e) => e.skillId === welding));

  await ctx.target.db.skill.update({ where: { id: turning }, data: { teamSkill: true } });
  const team = await ctx.organizer.post(`/events/${ctx.event.eventId}/contestants/bulk`, {
    action: 'move', toSkill: String(turning), contestant: [String(inWelding[3]!.id)],
  });
  assert.is(team.status, 409);
  assert.match(await team.text(), 'entries of a team skill need a team');
});

list('"approve all submitted" approves exactly the submitted lists, after asking', async (ctx) => {
  const page = await listed(ctx);
  const ask = byTestId(page.html, 'approve-submitted');
  assert.match(ask, '<details class="confirm"', 'offered behind a confirmation');
  const submitted = ctx.event.organizations.filter((_, i) => i % 3 === 1);
  assert.match(ask, `(${submitted.length})`);
  // A list submitted after the page was read is not approved unseen.
  const late = ctx.event.organizations[2]!;
  await ctx.target.db.organization.update({ where: { id: late.id }, data: { submittedAt: new Date() } });
  const shown = [...ask.matchAll(/name="organization" value="(\d+)"/g)].map((m) => m[1]!);
  assert.equal(shown.map(Number).sort((a, b) => a - b), submitted.map((o) => o.id).sort((a, b) => a - b));
  const response = await ctx.organizer.post(`/events/${ctx.event.eventId}/organizations/approve-submitted`, { organization: shown });
  assert.is(response.status, 303);
  assert.is((await ctx.target.db.organization.findUniqueOrThrow({ where: { id: late.id } })).approvedAt, null);
  await ctx.target.db.organization.update({ where: { id: late.id }, data: { submittedAt: null } });
  assert.match(response.headers.get('location')!, `done=approvedAll&count=${submitted.length}`);
  const approved = await ctx.target.db.organization.findMany({ where: { eventId: ctx.event.eventId, approvedAt: { not: null } } });
  assert.is(approved.length, ctx.event.organizations.filter((_, i) => i % 3 !== 2).length);
  assert.is(await ctx.target.db.organization.count({ where: { eventId: ctx.event.eventId, submittedAt: null, approvedAt: { not: null } } }), 0, 'pending lists stay pending');
  const twice = await ctx.organizer.post(`/events/${ctx.event.eventId}/organizations/approve-submitted`, { organization: shown });
  assert.match(twice.headers.get('location')!, 'count=0');
  assert.not.match((await listed(ctx)).html, 'data-testid="approve-submitted"');
});

list.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
// First: the app loads the API's zod-openapi extension before any schema is built.
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { byTestId, organizerClient, textOf } from '../support/desk.ts';
import { publishOtherSkill } from '../support/public.ts';
import { lockedFixture, publishWelding, type ResultsFixture } from '../support/results.ts';

interface Context {
  target: TestApp;
  fixture: ResultsFixture;
  visitor: TestClient;
}

const pub = suite<Context>('public results pages, self-lookup and big screen', {} as Context);
pub.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.fixture = await lockedFixture(ctx.target.db);
  ctx.visitor = new TestClient(ctx.target, { 'accept-language': 'en' });
});
pub.after.each(async (ctx) => { await ctx.target.close(); });

const urls = (f: ResultsFixture) => ({
  event: `/public/events/${f.eventId}`,
  skill: `/public/skills/${f.skillId}`,
  search: (q: string) => `/public/events/${f.eventId}/search?q=${encodeURIComponent(q)}`,
  me: `/public/events/${f.eventId}/me`,
  display: `/display/events/${f.eventId}`,
  board: `/display/events/${f.eventId}/board`,
});

async function html(client: TestClient, url: string, status = 200): Promise<string> {
  const response = await client.get(url);
  assert.is(response.status, status, `${url} → ${status}`);
  return response.text();
}

/** Looks up through the form as a phone would: GET (for the CSRF token), then POST. */
async function lookUp(client: TestClient, f: ResultsFixture, bib: string, digits: string): Promise<Response> {
  await client.get(urls(f).me);
  return client.post(urls(f).me, { bib, digits });
}

const last4 = (value: string) => value.slice(-4);

pub('an unpublished skill is invisible everywhere: event page, skill page, search, display, self-lookup', async (ctx) => {
  const f = ctx.fixture;
  const u = urls(f);
  const event = await html(ctx.visitor, u.event);
  assert.match(event, '2026年定海区职工技能大比武');
  assert.match(textOf(byTestId(event, 'public-none')), 'No results have been published yet.');
  assert.not.match(event, '焊工');
  assert.not.match(event, 'Welding');
  await html(ctx.visitor, u.skill, 404);
  await html(ctx.visitor, `${u.skill}/versions/1`, 404);
  const search = await html(ctx.visitor, u.search('张伟'));
  assert.match(search, 'data-testid="public-search-none"');
  assert.not.match(textOf(await html(ctx.visitor, u.search('001'))), '张伟');
  for (const page of [await html(ctx.visitor, u.display), await html(ctx.visitor, u.board)]) {
    assert.match(page, 'data-testid="display-title-only"');
    for (const secret of [...f.names, '焊工']) assert.not.match(page, secret);
  }
  const lookup = await lookUp(ctx.visitor, f, '001', last4(f.idNumbers[0]!));
  assert.is(lookup.status, 401, 'nothing to look up before publication');
  assert.not.match(await lookup.text(), '张伟');

  // Settings naming the unpublished skill show nothing of it either.
  const organizer = await organizerClient(ctx.target);
  await organizer.get(`/events/${f.eventId}/display`);
  const saved = await organizer.post(`/events/${f.eventId}/display`, { skillIds: String(f.skillId), pinnedSkillId: String(f.skillId), intervalSeconds: '10', titleOnly: 'false' });
  assert.is(saved.status, 303);
  const board = await html(ctx.visitor, u.board);
  assert.not.match(board, '张伟');
  assert.not.match(board, `display-skill-${f.skillId}`);
});

pub('after publication the ranking shows, and no ID or phone number appears in any public response', async (ctx) => {
  const f = ctx.fixture;
  const u = urls(f);
  await publishWelding(ctx.target.db, f);
  const other = await publishOtherSkill(ctx.target.db, f);

  const event = await html(ctx.visitor, u.event);
  assert.match(textOf(byTestId(event, `public-skill-${f.skillId}`)), 'Welding');
  assert.match(textOf(byTestId(event, `public-skill-${f.otherSkillId}`)), 'CNC turning');
  const zhClient = new TestClient(ctx.target, { 'accept-language': 'zh-CN' });
  assert.match(textOf(byTestId(await html(zhClient, u.event), `public-skill-${f.skillId}`)), '焊工');
  const skill = await html(ctx.visitor, u.skill);
  assert.match(textOf(byTestId(skill, 'public-result-001')), /^1 001 Zhang Wei 张伟 舟山船舶修造有限公司 Technical expert \(技术能手\) 100\.00 Second prize$/);
  assert.match(textOf(byTestId(skill, 'public-result-002')), /^2 002 Li Qiang 李强 舟山船舶修造有限公司 (Technical expert \(技术能手\) )?75\.00 Third prize$/);
  assert.match(textOf(byTestId(skill, 'public-result-003')), /^3 003 Wang Fang 王芳 定海机电设备有限公司/);
  assert.match(textOf(byTestId(skill, 'public-notice')), /^Notice period until /);
  assert.match(textOf(byTestId(skill, 'results-rules')), 'A tie is never split', 'the public page states how prizes were given');
  assert.not.match(skill, 'data-testid="public-republished"');
  assert.match(textOf(await html(zhClient, u.skill)), '公示期至');

  // Best 3 per organization: 舟山 100 + 75 = 175 (two competitors), 定海 50; medals: 张伟 second, 李强 third.
  assert.match(textOf(byTestId(event, 'public-standings')), /Points Competitors 1 舟山船舶修造有限公司 175 2 2 定海机电设备有限公司 50 1$/);
  assert.match(textOf(byTestId(event, 'public-medals')), /Third prizes 1 舟山船舶修造有限公司 0 1 1$/);
  const search = await html(ctx.visitor, u.search('王'));
  assert.match(textOf(byTestId(search, 'public-hit-003')), '王芳');
  assert.match(textOf(byTestId(search, 'public-hit-003')), 'Rank 3');
  assert.match(textOf(byTestId(await html(ctx.visitor, u.search('002')), 'public-hit-002')), '李强');

  const display = await html(ctx.visitor, u.display);
  assert.match(textOf(byTestId(display, 'display-row-001')), '1 Zhang Wei 舟山船舶修造有限公司 100.00 Second prize');
  assert.match(display, 'hx-sse:connect="/display/events/');
  assert.match(display, '/static/display.js');
  assert.not.match(display, '<script>', 'no inline script');

  const own = await lookUp(ctx.visitor, f, '001', last4(f.idNumbers[0]!));
  assert.is(own.status, 200);
  const pages = [
    event, skill, search, display, await html(ctx.visitor, u.board), await html(ctx.visitor, `${u.skill}/versions/1`),
    await html(ctx.visitor, `/public/skills/${f.otherSkillId}`), await html(ctx.visitor, u.search('赵')), await own.text(), await html(ctx.visitor, u.me),
  ];
  for (const page of pages) {
    for (const secret of [...f.idNumbers, ...f.phones, other.idNumber, other.phone]) assert.not.match(page, secret, `no ${secret}`);
    for (const code of Object.values(f.codes)) assert.not.match(page, `>${code}<`, `no code ${code}`);
    assert.not.match(page, '王建国', 'no judge');
  }
});

pub('self-lookup: the last four of the ID or phone number show the own breakdown; wrong bib and wrong digits fail alike', async (ctx) => {
  const f = ctx.fixture;
  await publishWelding(ctx.target.db, f);
  const byId = await lookUp(ctx.visitor, f, '001', last4(f.idNumbers[0]!));
  assert.is(byId.status, 200);
  assert.is(byId.headers.get('x-robots-tag'), 'noindex, nofollow');
  assert.is(byId.headers.get('cache-control'), 'no-store');
  const mine = await byId.text();
  assert.match(textOf(byTestId(mine, 'own-rank')), '1');
  assert.match(textOf(byTestId(mine, 'own-total')), '100.00');
  assert.match(textOf(byTestId(mine, 'own-aspect-P1')), 'P1 焊缝成形 30.00 / 30');
  assert.match(textOf(byTestId(mine, 'own-aspect-P2')), 'P2 安全文明生产 10.00 / 10');
  assert.not.match(mine, '李强', 'only the own breakdown');

  const byPhone = await lookUp(ctx.visitor, f, '003', last4(f.phones[2]!));
  assert.is(byPhone.status, 200);
  assert.match(textOf(byTestId(await byPhone.text(), 'own-total')), '50.00');
  assert.is((await ctx.visitor.get(urls(f).me)).headers.get('x-robots-tag'), 'noindex, nofollow');

  const wrongDigits = await lookUp(ctx.visitor, f, '002', '0000');
  const wrongBib = await lookUp(ctx.visitor, f, '999', last4(f.idNumbers[1]!));
  assert.is(wrongDigits.status, 401);
  assert.is(wrongBib.status, 401);
  const normalise = (text: string, bib: string) => text.replace(`value="${bib}"`, 'value="BIB"');
  assert.is(normalise(await wrongDigits.text(), '002'), normalise(await wrongBib.text(), '999'), 'the same answer either way');
  assert.match(textOf(byTestId(ctx.visitor.lastHtml, 'public-me-error')), 'No published result matches this bib and these digits.');
});

pub('repeated failed lookups are rate-limited, even with the right digits afterwards', async (ctx) => {
  const f = ctx.fixture;
  await publishWelding(ctx.target.db, f);
  for (let i = 0; i < 5; i++) assert.is((await lookUp(ctx.visitor, f, '001', `000${i}`)).status, 401);
  const blocked = await lookUp(ctx.visitor, f, '001', last4(f.idNumbers[0]!));
  assert.is(blocked.status, 429);
  assert.ok(Number(blocked.headers.get('retry-after')) > 0, 'says when to try again');
  const text = await blocked.text();
  assert.match(text, 'Too many failed attempts.');
  assert.not.match(text, '100.00');
  // An unknown bib is limited the same way: the limit tells nothing about existence.
  for (let i = 0; i < 5; i++) await lookUp(ctx.visitor, f, '998', `000${i}`);
  assert.is((await lookUp(ctx.visitor, f, '998', '0000')).status, 429);
  // Another contestant behind the same venue Wi-Fi is not locked out.
  assert.is((await lookUp(ctx.visitor, f, '002', last4(f.idNumbers[1]!))).status, 200);
});

pub('a republication shows version 2 and its change note; version 1 stays readable', async (ctx) => {
  const f = ctx.fixture;
  await publishWelding(ctx.target.db, f);
  await publishWelding(ctx.target.db, f, { changeNote: '更正：王芳 P2 扣分复核' });
  const current = await html(ctx.visitor, urls(f).skill);
  const note = textOf(byTestId(current, 'public-republished'));
  assert.match(note, 'Republished: version 2.');
  assert.match(note, '更正：王芳 P2 扣分复核');
  assert.match(textOf(byTestId(current, 'public-versions')), 'Version 1');
  const v1 = await html(ctx.visitor, `${urls(f).skill}/versions/1`);
  assert.match(textOf(byTestId(v1, 'public-superseded')), 'Version 1 has been superseded.');
  assert.match(textOf(byTestId(v1, 'public-result-001')), '张伟');
  await html(ctx.visitor, `${urls(f).skill}/versions/3`, 404);
  // The event page lists the current version only.
  const event = await html(ctx.visitor, urls(f).event);
  assert.match(textOf(byTestId(event, `public-skill-${f.skillId}`)), 'Version 2');
  assert.is(event.split(`public-skill-${f.skillId}"`).length, 2);
});

pub('display controls: organizers only; pin, rotation and title-only mode steer the board', async (ctx) => {
  const f = ctx.fixture;
  const anonymous = await ctx.visitor.get(`/events/${f.eventId}/display`);
  assert.ok([302, 303, 401, 403].includes(anonymous.status), `anonymous refused (${anonymous.status})`);
  await publishWelding(ctx.target.db, f);
  await publishOtherSkill(ctx.target.db, f);
  const organizer = await organizerClient(ctx.target);
  const event = await html(organizer, `/events/${f.eventId}`);
  assert.match(event, `href="/public/events/${f.eventId}"`);
  assert.match(event, `href="/events/${f.eventId}/display"`);

  let board = await html(ctx.visitor, urls(f).board);
  assert.match(board, `display-skill-${f.skillId}`);
  assert.match(board, `display-skill-${f.otherSkillId}`);
  assert.match(board, 'data-interval="15"');

  await organizer.get(`/events/${f.eventId}/display`);
  assert.is((await organizer.post(`/events/${f.eventId}/display`, { pinnedSkillId: String(f.otherSkillId), intervalSeconds: '2' })).status, 303);
  board = await html(ctx.visitor, urls(f).board);
  assert.not.match(board, `display-skill-${f.skillId}`);
  assert.match(board, `display-skill-${f.otherSkillId}`);
  assert.match(board, 'data-interval="5"', 'the interval is clamped to 5 s');

  await organizer.get(`/events/${f.eventId}/display`);
  await organizer.post(`/events/${f.eventId}/display`, { titleOnly: 'true', intervalSeconds: '20' });
  board = await html(ctx.visitor, urls(f).board);
  assert.match(board, 'data-testid="display-title-only"');
  assert.not.match(board, '张伟');
});

pub.run();

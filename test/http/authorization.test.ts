import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createApiToken, revokeApiToken } from '../../src/api/tokens.ts';
import { createApp } from '../../src/app.ts';
import { entityOfRoute, ruleOf, type Rule } from '../../src/auth/guards.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { passwordClient, TestClient } from '../support/client.ts';
import { judgeClient, judgingFixture, organizerClient, type JudgingFixture } from '../support/desk.ts';
import { createAccount } from '../support/fixtures.ts';
import { delegationToken } from '../support/results.ts';

/**
 * The authorization matrix, generated from the app's route table: every route × every role.
 * Each route's rule comes from the guard on the route (src/auth/guards.ts records it), so a
 * route without a guard fails here, and the expected answer per role follows from the rule:
 * allowed → neither 401 nor 403 nor the sign-in redirect; refused → the sign-in redirect for
 * anonymous visitors of pages, 401 without a valid bearer token, 403 for a signed-in role that
 * may not, 404 for a delegation link that is not the organization's.
 *
 * One fixture for the whole matrix (the welding skill in progress, see judgingFixture). Safe
 * methods use the fixture's ids; unsafe ones use ids that name nothing when the guard does not
 * look at the resource (nothing can change), and the real ones when it does (chief judge's
 * desk, delegation links, the round's lock), where the fixture's state refuses the change: no
 * marks, so nothing can be locked; the event is in progress, so leaders can change nothing.
 */

type RoleName =
  | 'anonymous' | 'judge' | 'chiefHere' | 'chiefElsewhere' | 'leaderHere' | 'leaderElsewhere'
  | 'organizer' | 'colleague' | 'invited' | 'runsHere' | 'registrarHere' | 'resultsHere' | 'districtAdmin'
  | 'organizerToken' | 'colleagueToken' | 'registrarToken' | 'judgeToken' | 'chiefToken' | 'revokedToken';
const roleNames: RoleName[] = [
  'anonymous', 'judge', 'chiefHere', 'chiefElsewhere', 'leaderHere', 'leaderElsewhere',
  'organizer', 'colleague', 'invited', 'runsHere', 'registrarHere', 'resultsHere', 'districtAdmin',
  'organizerToken', 'colleagueToken', 'registrarToken', 'judgeToken', 'chiefToken', 'revokedToken',
];

/**
 * The organizer accounts that are not administrators, and their role in the fixture's event
 * (src/domain/event-roles.ts). The colleague runs another event and has none here; the invited
 * colleague registers contestants here, but has not replaced his initial password yet.
 */
const eventRoleOf: Partial<Record<RoleName, 'organizer' | 'registration' | 'results'>> = {
  runsHere: 'organizer', registrarHere: 'registration', resultsHere: 'results', registrarToken: 'registration', invited: 'registration',
};
const dutiesOfRole = { organizer: ['view', 'setup', 'registration', 'results'], registration: ['view', 'registration'], results: ['view', 'results'] };

interface Role {
  client: TestClient;
  /** The account behind the session cookie, if any. */
  session: 'organizer' | 'judge' | 'chief_judge' | null;
  bearer?: string;
  link?: string;
}

/** 'password': the redirect to the page that replaces an initial password. */
type Verdict = 'allow' | 'login' | 'password' | 401 | 403 | 404;

/**
 * What the rule promises this role. The organizer is an administrator of the root federation,
 * which runs the fixture's event; the district's administrator is one of a federation below it;
 * his colleagues are not administrators (eventRoleOf); the invited colleague signed in with an
 * initial password and has not replaced it yet.
 */
function expected(rule: Rule, role: RoleName, path: string): Verdict {
  const session = {
    judge: 'judge', chiefHere: 'chief_judge', chiefElsewhere: 'chief_judge',
    organizer: 'organizer', colleague: 'organizer', invited: 'organizer', runsHere: 'organizer', registrarHere: 'organizer', resultsHere: 'organizer',
    districtAdmin: 'organizer',
  }[role as string] ?? null;
  const bearer = { organizerToken: 'organizer', colleagueToken: 'organizer', registrarToken: 'organizer', judgeToken: 'judge', chiefToken: 'chief_judge' }[role as string] ?? null;
  const admin = role === 'organizer' || role === 'organizerToken';
  const eventRole = eventRoleOf[role];
  const hasDuty = (duty: string) => admin || (eventRole !== undefined && dutiesOfRole[eventRole].includes(duty));
  switch (rule.kind) {
    case 'anyone':
    case 'signIn':
      return 'allow';
    case 'roles':
      if (!session) return rule.json ? 401 : 'login';
      if (!rule.roles.includes(session as never)) return 403;
      if (role === 'invited' && !rule.passwordPage) return 'password';
      // The district's administrator manages his own federation; the installation is the root's.
      if (rule.admin && !admin && role !== 'districtAdmin') return 403;
      return rule.root && role === 'districtAdmin' ? 403 : 'allow';
    case 'chair':
      if (!session) return 'login';
      if (role === 'invited') return 'password';
      // The desk's index is open to every organizer (it lists what each may chair).
      if (rule.of === 'any') return session === 'organizer' || role === 'chiefHere' || role === 'chiefElsewhere' ? 'allow' : 403;
      return role === 'chiefHere' || (session === 'organizer' && hasDuty('results')) ? 'allow' : 403;
    case 'event':
      if (!session) return 'login';
      if (session !== 'organizer') return 403;
      if (role === 'invited') return 'password';
      return hasDuty(rule.duty) ? 'allow' : 403;
    case 'eventToken':
      if (!bearer) return 401;
      return bearer === 'organizer' && hasDuty(rule.duty) ? 'allow' : 403;
    case 'delegation':
      // The other organization's leader opens their own pages, but never this one's contestants.
      if (role === 'leaderHere') return 'allow';
      return role === 'leaderElsewhere' && !path.includes(':contestantId') ? 'allow' : 404;
    case 'token':
      if (!bearer) return 401;
      if (!rule.roles.includes(bearer as never)) return 403;
      return rule.admin && !admin ? 403 : 'allow';
    case 'tokenChair':
      if (!bearer) return 401;
      return role === 'chiefToken' || (bearer === 'organizer' && hasDuty('results')) ? 'allow' : 403;
  }
}

interface Endpoint {
  method: string;
  path: string;
  rule: Rule;
}

const COMPOSED = '__COMPOSED_HANDLER';
type Handler = ((...args: never[]) => unknown) & { [COMPOSED]?: Handler };
const unwrap = (handler: Handler): Handler => (handler[COMPOSED] ? unwrap(handler[COMPOSED]) : handler);

/**
 * The endpoints of the app: every method and path with a handler that answers (app.use
 * middleware has method ALL and takes `next`). Each must carry exactly one guard.
 */
function endpointsOf(app: { routes: { method: string; path: string; handler: unknown }[] }): { endpoints: Endpoint[]; problems: string[] } {
  const groups = new Map<string, Handler[]>();
  for (const route of app.routes) {
    const key = `${route.method} ${route.path}`;
    groups.set(key, [...(groups.get(key) ?? []), unwrap(route.handler as Handler)]);
  }
  const endpoints: Endpoint[] = [];
  const problems: string[] = [];
  for (const [key, handlers] of groups) {
    const [method = '', path = ''] = key.split(' ');
    const rules = handlers.map(ruleOf).filter((r): r is Rule => r !== undefined);
    const answers = method !== 'ALL' || rules.length > 0 || handlers.some((h) => h.length < 2);
    if (!answers) continue;
    if (rules.length !== 1) problems.push(`${key}: ${rules.length} guards`);
    else endpoints.push({ method, path, rule: rules[0]! });
  }
  return { endpoints, problems };
}

const COLLEAGUE_PASSWORD = 'colleague-password-2026';

/** An id that names nothing in the fixture. */
const NOTHING = 2_147_483_000;

interface World {
  target: TestApp;
  /** The same database and services, the features mounted in reverse order. */
  reversed: ReturnType<typeof createApp>;
  f: JudgingFixture;
  roles: Record<RoleName, Role>;
  ids: Record<string, number>;
  endpoints: Endpoint[];
  /** Routes without exactly one guard. */
  unguarded: string[];
}

const test = suite<World>('authorization matrix', {} as World);

test.before(async (ctx) => {
  const target = await freshApp({ throttle: { maxFailuresPerAccount: 1_000_000, maxFailuresPerAddress: 1_000_000 } });
  const { db } = target;
  const f = await judgingFixture(db);
  const [linkHere, linkElsewhere] = [await delegationToken(db, f, f.organizations[0]!), await delegationToken(db, f, f.organizations[1]!)];
  const token = async (accountId: number) => (await createApiToken(db, accountId, 'matrix')).token;
  const revoked = await createApiToken(db, f.organizerId, 'revoked');
  // Colleagues who are not administrators (eventRoleOf); the invited one still holds the initial password an administrator made.
  const colleague = await createAccount(db, { username: 'colleague', password: COLLEAGUE_PASSWORD, displayName: '同事', isAdmin: false });
  const invited = await createAccount(db, { username: 'invited', password: COLLEAGUE_PASSWORD, displayName: '新同事', isAdmin: false });
  await db.account.update({ where: { id: invited.id }, data: { initialPasswordUntil: new Date(Date.now() + 86_400_000) } });
  const elsewhere = await db.event.create({ data: { name: '2026年普陀区职工技能大赛', status: 'registration' } });
  await db.eventStaff.create({ data: { eventId: elsewhere.id, accountId: colleague.id, role: 'organizer' } });
  const staffHere = async (username: string, role: 'organizer' | 'registration' | 'results') => {
    const account = await createAccount(db, { username, password: COLLEAGUE_PASSWORD, displayName: username, isAdmin: false });
    await db.eventStaff.create({ data: { eventId: f.eventId, accountId: account.id, role } });
    return account;
  };
  const [runsHere, registrarHere, resultsHere, registrarByToken] = [
    await staffHere('runs-here', 'organizer'), await staffHere('registrar-here', 'registration'),
    await staffHere('results-here', 'results'), await staffHere('registrar-token', 'registration'),
  ];
  await db.eventStaff.create({ data: { eventId: f.eventId, accountId: invited.id, role: 'registration' } });
  const district = await db.federation.create({ data: { name: '定海区总工会', parentId: 1 } });
  await createAccount(db, { username: 'district-admin', password: COLLEAGUE_PASSWORD, displayName: '区管理员', isAdmin: true });
  await db.account.update({ where: { username: 'district-admin' }, data: { federationId: district.id } });
  await revokeApiToken(db, f.organizerId, revoked.row.id);

  // Every client carries the CSRF token of a page it was shown, as a browser would.
  const visitor = async (page: string) => {
    const client = new TestClient(target, { 'accept-language': 'en' });
    await client.get(page);
    return client;
  };
  const signedIn = async (client: TestClient) => {
    await client.get('/');
    return client;
  };
  const roles: Record<RoleName, Role> = {
    anonymous: { client: await visitor('/login'), session: null },
    judge: { client: await signedIn(await judgeClient(target, f, 2)), session: 'judge' },
    chiefHere: { client: await signedIn(await judgeClient(target, f, 4)), session: 'chief_judge' },
    chiefElsewhere: { client: await signedIn(await judgeClient(target, f, 5)), session: 'chief_judge' },
    leaderHere: { client: await visitor('/login'), session: null, link: linkHere },
    leaderElsewhere: { client: await visitor('/login'), session: null, link: linkElsewhere },
    organizer: { client: await signedIn(await organizerClient(target)), session: 'organizer' },
    colleague: { client: await signedIn(await passwordClient(target, 'colleague', COLLEAGUE_PASSWORD)), session: 'organizer' },
    invited: { client: await signedIn(await passwordClient(target, 'invited', COLLEAGUE_PASSWORD)), session: 'organizer' },
    runsHere: { client: await signedIn(await passwordClient(target, runsHere.username, COLLEAGUE_PASSWORD)), session: 'organizer' },
    registrarHere: { client: await signedIn(await passwordClient(target, registrarHere.username, COLLEAGUE_PASSWORD)), session: 'organizer' },
    resultsHere: { client: await signedIn(await passwordClient(target, resultsHere.username, COLLEAGUE_PASSWORD)), session: 'organizer' },
    districtAdmin: { client: await signedIn(await passwordClient(target, 'district-admin', COLLEAGUE_PASSWORD)), session: 'organizer' },
    organizerToken: { client: await visitor('/login'), session: null, bearer: await token(f.organizerId) },
    colleagueToken: { client: await visitor('/login'), session: null, bearer: await token(colleague.id) },
    registrarToken: { client: await visitor('/login'), session: null, bearer: await token(registrarByToken.id) },
    judgeToken: { client: await visitor('/login'), session: null, bearer: await token(f.judges[2].accountId) },
    chiefToken: { client: await visitor('/login'), session: null, bearer: await token(f.judges[4].accountId) },
    revokedToken: { client: await visitor('/login'), session: null, bearer: revoked.token },
  };
  for (const name of roleNames) assert.ok(roles[name].client.csrfToken(), `${name} has a CSRF token`);

  const zhang = await db.contestant.findFirstOrThrow({ where: { name: '张伟' }, include: { entries: true } });
  const organizationHere = await db.organization.findFirstOrThrow({ where: { name: f.organizations[0] } });
  ctx.ids = {
    events: f.eventId, skills: f.skillId, rounds: f.roundId, aspects: f.judgementId,
    criteria: (await db.criterion.findFirstOrThrow({ where: { roundId: f.roundId } })).id,
    draws: (await db.draw.findFirstOrThrow({ where: { skillId: f.skillId } })).id,
    judges: f.judges[2].judgeId, organizations: organizationHere.id, contestants: zhang.id, entries: zhang.entries[0]!.id,
    'api-tokens': NOTHING, 'api-token': NOTHING, staff: colleague.id, accountId: registrarHere.id, federations: district.id,
    roundId: f.roundId, aspectId: f.judgementId, contestantId: zhang.id, version: 1, n: 1, appealId: NOTHING,
  };
  ctx.target = target;
  ctx.reversed = createApp({ db, config: target.config, loginThrottle: undefined, featureOrder: (list) => [...list].reverse() });
  ctx.f = f;
  ctx.roles = roles;
  const { endpoints, problems } = endpointsOf(target.app);
  ctx.unguarded = problems;
  // Signing out ends the session the rest of the matrix uses: it comes last.
  ctx.endpoints = [...endpoints.filter((e) => e.path !== '/logout'), ...endpoints.filter((e) => e.path === '/logout')];
});

test.after(async (ctx) => {
  await ctx.target?.close();
});

/** What an unsafe request let through by mistake would change. */
async function snapshot({ db }: TestApp) {
  return {
    events: await db.event.findMany({ orderBy: { id: 'asc' } }),
    skills: await db.skill.findMany({ orderBy: { id: 'asc' } }),
    rounds: await db.round.findMany({ orderBy: { id: 'asc' } }),
    aspects: await db.aspect.count(),
    organizations: await db.organization.findMany({ orderBy: { id: 'asc' } }),
    contestants: await db.contestant.findMany({ orderBy: { id: 'asc' } }),
    entries: await db.entry.findMany({ orderBy: { id: 'asc' } }),
    judges: await db.eventJudge.findMany({ orderBy: { id: 'asc' } }),
    assignments: await db.judgeAssignment.count(),
    draws: await db.draw.findMany({ orderBy: { id: 'asc' } }),
    marks: await db.mark.count(),
    publications: await db.publication.count(),
    appeals: await db.appeal.count(),
    tokens: await db.apiToken.findMany({ orderBy: { id: 'asc' }, select: { id: true, revokedAt: true } }),
    federations: await db.federation.findMany({ orderBy: { id: 'asc' } }),
    eventStaff: await db.eventStaff.findMany({ orderBy: [{ eventId: 'asc' }, { accountId: 'asc' }] }),
    accounts: await db.account.findMany({ orderBy: { id: 'asc' }, select: { id: true, displayName: true, isAdmin: true, passwordHash: true, disabledAt: true, initialPasswordUntil: true } }),
  };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Does the guard read the resource the path names? Then unsafe requests need its real id. */
const readsResource = (rule: Rule) => rule.kind === 'chair' || rule.kind === 'delegation' || rule.kind === 'tokenChair';

/**
 * A concrete URL for the route pattern, as this role would call it. The event guards look the
 * resource up too: a role they refuse gets the real ids (and must be refused for them), a role
 * they let in ids that name nothing (the guard answers 404, and nothing changes).
 */
function urlFor(ctx: World, endpoint: Endpoint, role: RoleName, override?: { param: string; value: string }): string {
  const eventRule = endpoint.rule.kind === 'event' || endpoint.rule.kind === 'eventToken';
  // A malformed second id (…/appeals/abc) must meet the route's own check, not the guard's 404.
  const guardLetsThrough = override !== undefined && override.param !== 'id';
  const real = !UNSAFE.has(endpoint.method) || readsResource(endpoint.rule) || (eventRule && (guardLetsThrough || expected(endpoint.rule, role, endpoint.path) !== 'allow'));
  const segments = endpoint.path.split('/');
  return segments.map((segment, i) => {
    if (segment === '*') return endpoint.path.startsWith('/static/') ? 'app.css' : 'nothing-here';
    if (!segment.startsWith(':')) return segment;
    const name = segment.slice(1).replace(/\{.*\}$/, '');
    if (override?.param === name) return override.value;
    if (name === 'token') return ctx.roles[role].link ?? 'no-such-link-no-such-link-000000';
    if (name === 'code') return encodeURIComponent(ctx.f.codes.张伟);
    if (name === 'file') return 'hx-sse.js';
    if (name === 'name') return 'no-such-snapshot.db';
    if (name === 'view') return 'AAAAAAAAAAAAAAAAAAAAAA'; // a one-time view that is not (or no longer) there
    const id = name === 'id' ? ctx.ids[segments[i - 1] ?? ''] : ctx.ids[name];
    assert.ok(id !== undefined, `no id for ${segment} in ${endpoint.path}`);
    return String(real ? id : NOTHING);
  }).join('/');
}

async function send(app: { request: (path: string, init: RequestInit) => Response | Promise<Response> }, endpoint: Endpoint, role: Role, url: string) {
  const cookie = [...role.client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const headers: Record<string, string> = { 'accept-language': 'en', cookie };
  if (role.bearer) headers.authorization = `Bearer ${role.bearer}`;
  const unsafe = UNSAFE.has(endpoint.method);
  if (unsafe) {
    headers['x-csrf-token'] = role.client.csrfToken();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const method = endpoint.method === 'ALL' ? 'GET' : endpoint.method;
  const response = await app.request(url, { method, headers, ...(unsafe ? { body: '' } : {}) });
  // Live streams stay open: read nothing, just close them.
  if (response.headers.get('content-type')?.includes('text/event-stream')) await response.body?.cancel();
  else await response.arrayBuffer();
  return { status: response.status, location: response.headers.get('location') ?? '' };
}

function verdictOf(rule: Rule, answer: { status: number; location: string }): Verdict | 'other' {
  // The sign-in a rule sends to: the PIN sign-in for the judge's tablet pages, else the password form.
  const signInPage = rule.kind === 'roles' ? rule.signInPage ?? '/login' : '/login';
  const toSignIn = answer.status === 303 && (answer.location === signInPage || answer.location.startsWith(`${signInPage}?`));
  if (toSignIn && rule.kind !== 'anyone' && rule.kind !== 'signIn') return 'login';
  if (answer.status === 303 && answer.location === '/account/password' && (rule.kind === 'roles' || rule.kind === 'chair' || rule.kind === 'event')) return 'password';
  if (answer.status === 401 && rule.kind !== 'signIn') return 401;
  if (answer.status === 403) return 403;
  if (answer.status === 404 && rule.kind === 'delegation') return 404;
  return 'allow';
}

test('the route table is complete: every route declares its guard', (ctx) => {
  assert.equal(ctx.unguarded, [], 'every route has exactly one guard');
  assert.ok(ctx.endpoints.length > 150, `found ${ctx.endpoints.length} routes`);
  const reversed = endpointsOf(ctx.reversed);
  assert.equal(reversed.problems, []);
  const key = (e: Endpoint) => `${e.method} ${e.path} ${JSON.stringify(e.rule)}`;
  assert.equal(reversed.endpoints.map(key).sort(), ctx.endpoints.map(key).sort());
});

test('every event guard finds the event in its route\'s path', (ctx) => {
  const guarded = ctx.endpoints.filter((e) => e.rule.kind === 'event' || e.rule.kind === 'eventToken');
  assert.ok(guarded.length > 150, `${guarded.length} routes of one event`);
  const unplaced = guarded.filter((e) => { try { entityOfRoute(e.path); return false; } catch { return true; } });
  assert.equal(unplaced.map((e) => `${e.method} ${e.path}`), []);
});

/** Everything Number() or a lax parser would take for an id, and that names nothing. */
const badIds = ['abc', '0', '-1', '01', '1.5', '1e3', '0x1A', '%201', '2147483648', '99999999999999999999', '１'];

test('a malformed id is a 404 page (400 badId under /api), never a 500, on every route', async (ctx) => {
  const wrong: string[] = [];
  let requests = 0;
  for (const endpoint of ctx.endpoints) {
    const params = endpoint.path.split('/').filter((s) => s.startsWith(':')).map((s) => s.slice(1).replace(/\{.*\}$/, ''))
      .filter((name) => !['token', 'code', 'file', 'name'].includes(name));
    if (params.length === 0) continue;
    const allowed = roleNames.find((name) => expected(endpoint.rule, name, endpoint.path) === 'allow')!;
    const api = endpoint.path.startsWith('/api/');
    for (const param of params) {
      for (const value of badIds) {
        const url = urlFor(ctx, endpoint, allowed, { param, value });
        const { status } = await send(ctx.target.app, endpoint, ctx.roles[allowed], url);
        requests++;
        if (status !== (api ? 400 : 404)) wrong.push(`${endpoint.method} ${url} as ${allowed}: ${status}`);
      }
    }
  }
  assert.ok(requests > 500, `${requests} requests`);
  assert.equal(wrong, [], `${wrong.length} of ${requests}`);
});

test('the desk is the chief judges\' and the organizers\': a plain judge gets 403', async (ctx) => {
  assert.is((await ctx.roles.judge.client.get('/desk')).status, 403);
  assert.is((await ctx.roles.chiefHere.client.get('/desk')).status, 200);
  assert.is((await ctx.roles.chiefElsewhere.client.get('/desk')).status, 200);
  assert.is((await ctx.roles.organizer.client.get('/desk')).status, 200);
});

test('the desk\'s row fragment and live stream: the organizer and this skill\'s chief judge; a chief judge of another skill and a judge get 403 and no row', async (ctx) => {
  const { f } = ctx;
  const rows = `/desk/rounds/${f.roundId}/rows?codes=${f.sortedCodes.join(',')}`;
  for (const name of ['organizer', 'chiefHere'] as const) {
    const response = await ctx.roles[name].client.get(rows);
    assert.is(response.status, 200, name);
    const html = await response.text();
    for (const code of f.sortedCodes) assert.match(html, `<tr data-code="${code}"`, `${name} gets ${code}`);
  }
  for (const name of ['chiefElsewhere', 'judge'] as const) {
    const response = await ctx.roles[name].client.get(rows);
    assert.is(response.status, 403, name);
    assert.not.match(await response.text(), 'data-code=', `${name} gets no row`);
    const stream = await ctx.roles[name].client.get(`/desk/rounds/${f.roundId}/events`);
    assert.is(stream.status, 403, `${name}: no stream`);
    await stream.body?.cancel();
  }
  assert.is((await ctx.roles.anonymous.client.get(rows)).status, 303, 'anonymous: to the sign-in');
});

test('the scheme export of a malformed skill id is a 404 page, not a 500', async (ctx) => {
  const response = await ctx.roles.organizer.client.get('/skills/abc/scheme.csv');
  assert.is(response.status, 404);
  assert.match(await response.text(), 'Page not found');
});

// Last: it signs every role out (POST /logout).
test('every route × every role gets what its rule promises, whatever the order of the features', async (ctx) => {
  const before = await snapshot(ctx.target);
  const wrong: string[] = [];
  let cells = 0;
  for (const endpoint of ctx.endpoints) {
    for (const name of roleNames) {
      const role = ctx.roles[name];
      const url = urlFor(ctx, endpoint, name);
      const want = expected(endpoint.rule, name, endpoint.path);
      for (const [label, app] of [['app', ctx.target.app], ['reversed', ctx.reversed]] as const) {
        const answer = await send(app, endpoint, role, url);
        const got = verdictOf(endpoint.rule, answer);
        cells++;
        if (answer.status >= 500 || got !== want) {
          wrong.push(`${label}: ${endpoint.method} ${url} as ${name}: expected ${want}, got ${answer.status} ${answer.location}`);
        }
      }
    }
  }
  assert.equal(wrong, [], `${wrong.length} of ${cells} cells`);
  assert.ok(cells > 3000, `${cells} cells`);
  assert.equal(await snapshot(ctx.target), before, 'the matrix changed nothing');
});

test.run();

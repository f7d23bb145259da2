import { Hono, type Context } from 'hono';
import { anyone, judge as judgeOnly, judgeJson, signIn, type SignedIn } from '../auth/guards.ts';
import { getCookie, setCookie } from 'hono/cookie';
import { setSessionCookie, sessionToken } from '../auth/middleware.ts';
import { createSession, endSession } from '../auth/sessions.ts';
import type { Db } from '../db/client.ts';
import { clientAddress } from '../http/client-address.ts';
import { safeNextPath } from '../http/safe-path.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam } from '../http/ids.ts';
import { pageContext, renderError, seeOther } from '../http/render.tsx';
import { problemMessages } from '../http/validation.ts';
import { JudgeHomePage, JudgeLoginPage, JudgeRoundPage, type SignAllDone } from '../../views/pages/judge.tsx';
import { markBatchInput, saveMarks, signaturesInput, signInJudge, signSheetsWithPin, signSheetWithPin, type JudgeActor } from './commands.ts';
import { judgeRoundView } from './sheet-view.ts';
import { assignedAspectIds, judgeOfAccount, judgeRounds, judgeSheets, roundContext, visibleEntries } from './queries.ts';

/** A judge's session lasts the competition day. */
const JUDGE_SESSION_MS = 18 * 60 * 60 * 1000;

/** Judges on tablets: sign-in with event code + number + PIN, their rounds, codes and sheets. */
export const judgeRoutes = new Hono<AppEnv>();

/** Only a judge's own pages are a place to come back to after signing in again. */
const judgeNext = (value: unknown) => {
  const path = safeNextPath(value);
  return path && /^\/judge(\/|$)/.test(path) ? path : undefined;
};

/**
 * The tablet remembers whose it was, event code and judge number (never the PIN), so a judge whose
 * session ended mid-round types only the PIN and is back on his sheet. Read back only if well-formed.
 */
const LAST_JUDGE_COOKIE = 'jx_last_judge';
const rememberJudge = (c: Context<AppEnv>, eventCode: string, number: number) =>
  setCookie(c, LAST_JUDGE_COOKIE, `${eventCode}:${number}`, { path: '/judge', httpOnly: true, sameSite: 'Lax', secure: c.get('config').secureCookies, maxAge: 14 * 86_400 });
function lastJudge(c: Context<AppEnv>): { eventCode: string; number: string } | null {
  const match = /^([A-Z0-9]{1,16}):(\d{1,4})$/.exec(getCookie(c, LAST_JUDGE_COOKIE) ?? '');
  return match ? { eventCode: match[1]!, number: match[2]! } : null;
}

judgeRoutes.get('/judge/login', anyone, (c) => {
  const next = judgeNext(c.req.query('next'));
  // Sent back here from a judge's page (next): the same judge, most likely; otherwise only the event is filled in.
  const last = lastJudge(c);
  const code = (c.req.query('event') ?? last?.eventCode ?? '').toUpperCase();
  const number = c.req.query('number') ?? (next && last ? last.number : '');
  return c.html(<JudgeLoginPage page={pageContext(c)} eventCode={code} number={number} next={next} />);
});

judgeRoutes.post('/judge/login', signIn, async (c) => {
  const { db, t, loginThrottle } = c.var;
  const body = await c.req.parseBody();
  const eventCode = String(body.eventCode ?? '').trim().toUpperCase();
  const number = Number(String(body.number ?? '').trim().replace(/^J/i, ''));
  const pin = String(body.pin ?? '');
  const next = judgeNext(body.next);
  const fail = (status: 401 | 429, text: string) =>
    c.html(<JudgeLoginPage page={pageContext(c)} eventCode={eventCode} number={String(body.number ?? '')} next={next} error={text} />, status);
  const judge = await signInJudge(db, { throttle: loginThrottle, address: clientAddress(c) }, eventCode, number, pin);
  if (!judge.ok && judge.status === 429) {
    c.header('Retry-After', String(judge.retryAfterSeconds));
    return fail(429, t('login.rateLimited', judge.problems[0]?.params));
  }
  if (!judge.ok) return fail(401, t('judge.login.failed'));
  const previous = sessionToken(c);
  if (previous) await endSession(db, previous);
  const token = await createSession(db, judge.accountId, JUDGE_SESSION_MS, c.req.header('user-agent'));
  setSessionCookie(c, token);
  rememberJudge(c, eventCode, number);
  return seeOther(c, next ?? '/judge');
});

async function actor<E extends AppEnv & SignedIn>(c: Context<E>): Promise<(JudgeActor & { name: string; eventName: string; eventCode: string; number: number }) | null> {
  const judge = await judgeOfAccount(c.get('db'), c.get('account').id);
  return judge && {
    accountId: judge.accountId, judgeId: judge.id, organizationId: judge.organizationId, name: judge.account.displayName,
    eventName: judge.event.name, eventCode: judge.event.judgeCode ?? '', number: judge.number,
  };
}

judgeRoutes.get('/judge', judgeOnly, async (c) => {
  const judge = await actor(c);
  if (!judge) return renderError(c, 403, 'forbidden');
  return c.html(<JudgeHomePage page={pageContext(c)} judgeName={judge.name} eventName={judge.eventName} chief={await c.get('db').skill.count({ where: { chiefJudgeId: judge.judgeId } }) > 0} rounds={await judgeRounds(c.get('db'), judge.judgeId)} />);
});

/** The round as this judge may see it: assigned aspects, and codes without their own recusals. */
async function judgeRound<E extends AppEnv>(c: Context<E>, judge: JudgeActor, roundId: number) {
  const db: Db = c.get('db');
  const context = await roundContext(db, roundId);
  if (!context) return null;
  const assigned = await assignedAspectIds(db, judge.judgeId, context);
  if (assigned.length === 0) return null;
  const visible = visibleEntries(context, judge);
  return { context, assigned, visible };
}

type Judge = NonNullable<Awaited<ReturnType<typeof actor>>>;

/** The round with this judge's sheets and marks, and the sheet of `code` (null: the codes); null when not his. */
async function roundView<E extends AppEnv>(c: Context<E>, judge: JudgeActor, roundId: number, code: string | null) {
  const round = await judgeRound(c, judge, roundId);
  if (!round) return null;
  const view = judgeRoundView(round.context, round.assigned, await judgeSheets(c.get('db'), judge.judgeId, round), code);
  return view && { round: round.context.round, view };
}

/** The round's page (codes, "sign all") or one code's sheet: one page, the other view hidden (views/pages/judge.tsx). */
async function roundPage<E extends AppEnv & SignedIn>(
  c: Context<E>, judge: Judge, roundId: number, code: string | null,
  extra: { signError?: string; signAllError?: string; signAllDone?: SignAllDone } = {}, status: 200 | 404 | 409 | 422 | 429 = 200,
) {
  const shown = await roundView(c, judge, roundId, code);
  if (!shown) return renderError(c, 404, 'notFound');
  const here = code === null ? `/judge/rounds/${roundId}` : `/judge/rounds/${roundId}/sheets/${encodeURIComponent(code)}`;
  const loginUrl = `/judge/login?${new URLSearchParams({ event: judge.eventCode, number: String(judge.number), next: here }).toString()}`;
  return c.html(<JudgeRoundPage page={pageContext(c)} round={shown.round} view={shown.view} judgeId={judge.judgeId} loginUrl={loginUrl} {...extra} />, status);
}

judgeRoutes.get('/judge/rounds/:roundId', judgeOnly, async (c) => {
  const judge = await actor(c);
  if (!judge) return renderError(c, 404, 'notFound');
  return roundPage(c, judge, idParam(c, 'roundId'), null);
});

/** What the tablet reconciles with once its queue has drained: the round as the page carries it. */
judgeRoutes.get('/judge/rounds/:roundId/state', judgeJson, async (c) => {
  const judge = await actor(c);
  const shown = judge && (await roundView(c, judge, idParam(c, 'roundId'), null));
  if (!shown) return c.json({ error: c.get('t')('error.notFound.body') }, 404);
  return c.json(shown.view.state);
});

/** One PIN signs every complete sheet of the round; incomplete ones stay listed on the page (the form without the script). */
judgeRoutes.post('/judge/rounds/:roundId/sign-all', judgeOnly, async (c) => {
  const judge = await actor(c);
  if (!judge) return renderError(c, 403, 'forbidden');
  const roundId = idParam(c, 'roundId');
  const pin = String((await c.req.parseBody()).pin ?? '');
  const outcome = await signSheetsWithPin(c.get('db'), { throttle: c.get('loginThrottle'), address: clientAddress(c) }, judge, roundId, 'all', pin);
  if (outcome.ok) return roundPage(c, judge, roundId, null, { signAllDone: outcome.value });
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  if ('retryAfterSeconds' in outcome) c.header('Retry-After', String(outcome.retryAfterSeconds));
  return roundPage(c, judge, roundId, null, { signAllError: Object.values(problemMessages(outcome.problems, c.get('t')))[0] }, outcome.status);
});

/**
 * The tablet's signatures (JSON, CSRF header), sent once the marks of those sheets are saved:
 * one sheet or "sign all", the codes the judge saw complete. Incomplete sheets come back listed.
 */
judgeRoutes.post('/judge/rounds/:roundId/signatures', judgeJson, async (c) => {
  const roundId = idParam(c, 'roundId');
  const judge = await actor(c);
  const t = c.get('t');
  if (!judge) return c.json({ error: t('error.forbidden.body') }, 403);
  let raw: unknown;
  try { raw = await c.req.json(); } catch { return c.json({ error: t('api.error.badJson') }, 400); }
  const input = signaturesInput.safeParse(raw);
  if (!input.success) return c.json({ error: t('validation.invalid') }, 422);
  if (input.data.pin === '') return c.json({ error: t('validation.required'), field: 'pin' }, 422);
  const outcome = await signSheetsWithPin(c.get('db'), { throttle: c.get('loginThrottle'), address: clientAddress(c) }, judge, roundId, input.data.codes, input.data.pin);
  if (outcome.ok) return c.json(outcome.value);
  if ('retryAfterSeconds' in outcome) c.header('Retry-After', String(outcome.retryAfterSeconds));
  const field = outcome.problems[0]?.field;
  return c.json({ error: Object.values(problemMessages(outcome.problems, t))[0] ?? t('validation.invalid'), ...(field ? { field } : {}) }, outcome.status);
});

judgeRoutes.get('/judge/rounds/:roundId/sheets/:code', judgeOnly, async (c) => {
  const judge = await actor(c);
  if (!judge) return renderError(c, 404, 'notFound');
  return roundPage(c, judge, idParam(c, 'roundId'), c.req.param('code'));
});

/** The tablet's queue posts marks here in batches (JSON, CSRF header). */
judgeRoutes.post('/judge/marks', judgeJson, async (c) => {
  const judge = await actor(c);
  if (!judge) return c.json({ error: c.get('t')('error.forbidden.body') }, 403);
  let raw: unknown;
  try { raw = await c.req.json(); } catch { return c.json({ error: c.get('t')('api.error.badJson') }, 400); }
  const input = markBatchInput.safeParse(raw);
  if (!input.success) return c.json({ error: c.get('t')('validation.invalid') }, 422);
  const outcome = await saveMarks(c.get('db'), judge, input.data);
  if (!outcome.ok) return c.json({ error: Object.values(problemMessages(outcome.problems, c.get('t')))[0] }, outcome.status);
  const results = outcome.value.map((r) => (r.status === 'refused' ? { ...r, message: c.get('t')(r.error as never, r.params) } : r));
  return c.json({ results });
});

judgeRoutes.post('/judge/rounds/:roundId/sheets/:code/sign', judgeOnly, async (c) => {
  const judge = await actor(c);
  if (!judge) return renderError(c, 403, 'forbidden');
  const roundId = idParam(c, 'roundId');
  const code = c.req.param('code');
  const pin = String((await c.req.parseBody()).pin ?? '');
  const outcome = await signSheetWithPin(c.get('db'), { throttle: c.get('loginThrottle'), address: clientAddress(c) }, judge, roundId, code, pin);
  if (outcome.ok) return seeOther(c, `/judge/rounds/${roundId}/sheets/${encodeURIComponent(code)}?signed=1`);
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  if ('retryAfterSeconds' in outcome) c.header('Retry-After', String(outcome.retryAfterSeconds));
  return roundPage(c, judge, roundId, code, { signError: Object.values(problemMessages(outcome.problems, c.get('t')))[0] }, outcome.status);
});

import { isCompeting, storedMark } from '../domain/judging.ts';
import { Hono, type Context } from 'hono';
import { compress } from 'hono/compress';
import { chairsSomething, chiefOrResultsStaff } from '../auth/guards.ts';
import { sheetDownload } from '../http/download.ts';
import type { Db } from '../db/client.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam, parseId } from '../http/ids.ts';
import { pageContext, renderError } from '../http/render.tsx';
import { problemMessages } from '../http/validation.ts';
import type { MessageKey } from '../i18n/index.ts';
import { roundTopic } from '../live/notifier.ts';
import type { Problem } from '../outcome.ts';
import { CellPage, CellPanel, DeskIndexPage, DeskMatrixView, DeskPage, DeskRowsFragment, MarkLogPage, type CellPanelData, type DeskScreen } from '../../views/pages/desk.tsx';
import { acceptSpread, correctMark, lockRound, sendBack } from './commands.ts';
import { changeEntryStatus } from '../entry-status/commands.ts';
import { statusHistory } from '../entry-status/queries.ts';
import { emptyStatusForm, type EntryStatusFormValues } from '../../views/components/entry-status.tsx';
import type { FieldErrors } from '../../views/components/form.tsx';
import { topicStream } from './live.ts';
import { markLog, markLogSheet } from './mark-log.ts';
import { deskQuery, pageOf } from './desk-page.ts';
import { deskIndex, deskView, roundCodes, type DeskView } from './desk-view.ts';

/**
 * The chief judge's desk for one round (裁判长工作台), live over server-sent events, with its
 * decisions, and the mark audit log of a skill. Open to organizers and to the skill's chief
 * judge (chiefOrResultsStaff); everyone else signed in gets 403, on every route.
 */
export const deskRoutes = new Hono<AppEnv>();
const chairedRound = chiefOrResultsStaff('round');
const chairedSkill = chiefOrResultsStaff('skill');
/**
 * The matrix is markup that repeats itself (a row of 25 aspects × 5 judges is 24 KB, 1.7 KB
 * gzipped): the desk's pages and fragments go out compressed when the browser accepts it, so a
 * mark costs each open desk under 5 KB on the venue's Wi-Fi. Not the live stream: a compressed
 * stream would hold its events back in the compressor's buffer.
 */
const compressed = compress();

const roundTitle = (view: DeskView) => `${view.skillName} · ${view.matrix.round.name}`;

/** The page of the matrix the request asks for (?page, ?q, ?show), with the round's counts. */
const screenOf = <E extends AppEnv>(c: Context<E>, view: DeskView): DeskScreen =>
  ({ matrix: view.matrix, rows: pageOf(view, deskQuery((name) => c.req.query(name))), counts: view.counts, lockReasons: view.lockReasons });

deskRoutes.get('/desk', chairsSomething, async (c) => {
  return c.html(<DeskIndexPage page={pageContext(c)} rounds={await deskIndex(c.get('db'), c.get('account'))} />);
});

const notices: Record<string, MessageKey> = {
  status: 'entryStatus.done',
  locked: 'desk.done.locked',
  sentBack: 'desk.done.sentBack',
  accepted: 'desk.done.accepted',
  corrected: 'desk.done.corrected',
};

async function deskPage<E extends AppEnv>(
  c: Context<E>, roundId: number,
  extra: { problems?: string[]; panel?: CellPanelData; status?: { values: EntryStatusFormValues; errors: FieldErrors; error?: string | undefined } } = {},
  status: 200 | 409 | 422 = 200,
) {
  const view = await deskView(c.get('db'), roundId);
  if (!view) return renderError(c, 404, 'notFound');
  const done = notices[c.req.query('done') ?? ''];
  // The desk names entries by code only: the history of the entries of this round's draw.
  const history = (await statusHistory(c.get('db'), view.matrix.round.skillId)).filter((r) => r.codes.some((code) => view.rowOf.has(code)));
  c.header('Cache-Control', 'no-store');
  return c.html(
    <DeskPage page={pageContext(c)} screen={screenOf(c, view)} notice={done && c.get('t')(done)} problems={extra.problems} panel={extra.panel}
      entryStatus={{ history, form: extra.status ?? { values: emptyStatusForm, errors: {} } }} />,
    status,
  );
}

deskRoutes.get('/desk/rounds/:id', chairedRound, compressed, (c) => deskPage(c, c.get('roundId')));

/** The page of the matrix the desk shows, re-fetched when everything may have changed (a lock, a restore). */
deskRoutes.get('/desk/rounds/:id/matrix', chairedRound, compressed, async (c) => {
  const view = (await deskView(c.get('db'), c.get('roundId')))!;
  c.header('Cache-Control', 'no-store');
  return c.html(<DeskMatrixView page={pageContext(c)} screen={screenOf(c, view)} />);
});

/** More codes than this in one event: the desk re-fetches its page instead (a long batch sync). */
const MAX_CODES_PER_EVENT = 500;

/**
 * What changed rows a desk asked for (?codes=a,b: the changed codes it shows), with the round's
 * summary: a mark costs one row, not the matrix. Unknown codes are left out.
 */
deskRoutes.get('/desk/rounds/:id/rows', chairedRound, compressed, async (c) => {
  const view = (await deskView(c.get('db'), c.get('roundId')))!;
  const codes = [...new Set((c.req.query('codes') ?? '').split(','))].slice(0, MAX_CODES_PER_EVENT);
  const rows = codes.flatMap((code) => view.rowOf.get(code) ?? []);
  c.header('Cache-Control', 'no-store');
  // The summary and the rows only: no search or page of the matrix to work out.
  return c.html(<DeskRowsFragment page={pageContext(c)} screen={view} rows={rows} />);
});

/**
 * The desk's live stream: each event names the codes whose rows changed ({"codes": [...]}), or
 * says {"all": true}. Codes only, never entry ids: the desk is anonymous.
 */
deskRoutes.get('/desk/rounds/:id/events', chairedRound, (c) => {
  const { db } = c.var;
  const roundId = c.get('roundId');
  return topicStream(c, roundTopic(roundId), {
    async describe(change) {
      if (change.entryIds === undefined || change.entryIds.length > MAX_CODES_PER_EVENT) return JSON.stringify({ all: true });
      const codeOf = await roundCodes(db, roundId).catch(() => null);
      if (!codeOf) return JSON.stringify({ all: true });
      const codes = [...new Set(change.entryIds.flatMap((id) => codeOf.get(id) ?? []))].sort();
      return JSON.stringify({ codes });
    },
  });
});

/* ------------------------------------------------------------------------------------------ */
/* One cell                                                                                    */
/* ------------------------------------------------------------------------------------------ */

async function cellData<E extends AppEnv>(c: Context<E>, view: DeskView, code: string, aspectId: number): Promise<CellPanelData | null> {
  const db: Db = c.get('db');
  const { matrix } = view;
  const aspectIndex = matrix.aspects.findIndex((a) => a.id === aspectId);
  const row = view.rowOf.get(code);
  const aspect = matrix.aspects[aspectIndex];
  const entry = view.entries.find((e) => e.code === code);
  if (!row || !aspect || !entry || !isCompeting(row.status)) return null;
  const changes = await db.markChange.findMany({
    where: { mark: { entryId: entry.entryId, aspectId } },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    include: { account: { select: { displayName: true } }, mark: { select: { judge: { select: { number: true } } } } },
  });
  return {
    roundId: matrix.round.id,
    code,
    locked: matrix.round.lockedAt !== null,
    decimals: matrix.decimals,
    aspect,
    cell: row.cells[aspectIndex]!,
    reviews: view.reviews.filter((r) => r.entryId === entry.entryId && r.aspectId === aspectId).reverse(),
    changes: changes.map((ch) => ({
      at: ch.at, by: ch.account.displayName, device: ch.deviceId, judge: ch.mark.judge.number, reason: ch.reason,
      old: ch.oldState === null ? null : storedMark({ state: ch.oldState, value: ch.oldValue }), mark: storedMark({ state: ch.newState, value: ch.newValue }),
    })),
  };
}

deskRoutes.get('/desk/rounds/:id/cells/:code/:aspectId', chairedRound, async (c) => {
  const view = (await deskView(c.get('db'), c.get('roundId')))!;
  const data = await cellData(c, view, c.req.param('code'), idParam(c, 'aspectId'));
  if (!data) return renderError(c, 404, 'notFound');
  c.header('Cache-Control', 'no-store');
  // htmx loads the panel beside the matrix; a plain link gets the whole page.
  if (c.req.header('hx-request')) return c.html(<CellPanel page={pageContext(c)} data={data} />);
  return c.html(<CellPage page={pageContext(c)} data={data} roundTitle={roundTitle(view)} />);
});

/* ------------------------------------------------------------------------------------------ */
/* Decisions                                                                                   */
/* ------------------------------------------------------------------------------------------ */

async function formOf<E extends AppEnv>(c: Context<E>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** After a decision: back to the desk, or to the cell page with what was refused and why. */
async function refused<E extends AppEnv>(c: Context<E>, roundId: number, action: 'send-back' | 'accept-spread' | 'correct', form: Record<string, string>, outcome: { status: 404 | 409 | 422; problems: Problem[] }) {
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  const view = (await deskView(c.get('db'), roundId))!;
  const data = await cellData(c, view, form.code ?? '', Number(form.aspectId));
  if (!data) return renderError(c, 404, 'notFound');
  const messages = problemMessages(outcome.problems, c.get('t'));
  const errors = Object.fromEntries(Object.entries(messages).filter(([field]) => field !== '' && field !== '_form'));
  const general = Object.entries(messages).filter(([field]) => field === '' || field === '_form').map(([, m]) => m).join(' ');
  data.form = { action, values: form, errors, error: general || undefined, ...(form.judge ? { judge: Number(form.judge) } : {}) };
  // The value field gets problems about the mark itself.
  if (errors['mark.value'] && !errors.value) errors.value = errors['mark.value'];
  c.header('Cache-Control', 'no-store');
  return c.html(<CellPage page={pageContext(c)} data={data} roundTitle={roundTitle(view)} />, outcome.status);
}

const backToDesk = <E extends AppEnv>(c: Context<E>, roundId: number, done: keyof typeof notices) => c.redirect(`/desk/rounds/${roundId}?done=${done}`, 303);

deskRoutes.post('/desk/rounds/:id/send-back', chairedRound, async (c) => {
  const { roundId } = c.var;
  const form = await formOf(c);
  const outcome = await sendBack(c.get('db'), { accountId: c.get('account').id }, roundId, form);
  return outcome.ok ? backToDesk(c, roundId, 'sentBack') : refused(c, roundId, 'send-back', form, outcome);
});

deskRoutes.post('/desk/rounds/:id/accept-spread', chairedRound, async (c) => {
  const { roundId } = c.var;
  const form = await formOf(c);
  const outcome = await acceptSpread(c.get('db'), { accountId: c.get('account').id }, roundId, form);
  return outcome.ok ? backToDesk(c, roundId, 'accepted') : refused(c, roundId, 'accept-spread', form, outcome);
});

/** Form fields value + notScored become the mark the command expects. */
function correctionOf(form: Record<string, string>) {
  const text = (form.value ?? '').trim().replace(',', '.');
  const mark = form.notScored === 'true' ? { state: 'not_scored' } : { state: 'scored', value: text === '' ? Number.NaN : Number(text) };
  return { ...form, mark, ...(form.baseVersion ? {} : { baseVersion: undefined }) };
}

deskRoutes.post('/desk/rounds/:id/corrections', chairedRound, async (c) => {
  const { roundId } = c.var;
  const form = await formOf(c);
  const outcome = await correctMark(c.get('db'), { accountId: c.get('account').id }, roundId, correctionOf(form));
  return outcome.ok ? backToDesk(c, roundId, 'corrected') : refused(c, roundId, 'correct', form, outcome);
});

/** 取消资格, 中途退赛, 缺考 (this round) and their reversal, by code, with a reason and a confirmation. */
deskRoutes.post('/desk/rounds/:id/entry-status', chairedRound, async (c) => {
  const { roundId, skillId } = c.var;
  const form = await formOf(c);
  const values: EntryStatusFormValues = { action: form.action ?? '', code: form.code ?? '', bib: '', roundId: String(roundId), reason: form.reason ?? '' };
  if (form.confirm !== 'true') return deskPage(c, roundId, { status: { values, errors: { confirm: c.get('t')('entryStatus.error.confirm') } } }, 422);
  const actor = { accountId: c.get('account').id, organizer: c.get('account').role === 'organizer' };
  const outcome = await changeEntryStatus(c.get('db'), actor, skillId, { action: values.action, code: values.code, roundId, reason: values.reason });
  if (outcome.ok) return backToDesk(c, roundId, 'status');
  const problems = outcome.status === 404 ? [{ field: 'code', key: 'validation.choice' }] : outcome.problems;
  const errors = problemMessages(problems, c.get('t'));
  return deskPage(c, roundId, { status: { values, errors, error: errors[''] } }, outcome.status === 404 ? 422 : outcome.status);
});

deskRoutes.post('/desk/rounds/:id/lock', chairedRound, async (c) => {
  const { roundId } = c.var;
  const outcome = await lockRound(c.get('db'), { accountId: c.get('account').id }, roundId);
  if (outcome.ok) return backToDesk(c, roundId, 'locked');
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  const problems = outcome.problems.map((p) => c.get('t')(p.key as MessageKey, p.params));
  return deskPage(c, roundId, { problems }, outcome.status);
});

/* ------------------------------------------------------------------------------------------ */
/* The mark audit log                                                                          */
/* ------------------------------------------------------------------------------------------ */

const roundFilter = <E extends AppEnv>(c: Context<E>) => parseId(c.req.query('round'));

deskRoutes.get('/skills/:id/mark-log', chairedSkill, async (c) => {
  const { skillId } = c.var;
  const page = parseId(c.req.query('page')) ?? 1;
  const log = (await markLog(c.get('db'), skillId, { roundId: roundFilter(c), page }))!;
  c.header('Cache-Control', 'no-store');
  return c.html(<MarkLogPage page={pageContext(c)} log={log} canDesk={true} />);
});

for (const format of ['csv', 'xlsx'] as const) {
  deskRoutes.get(`/skills/:id/mark-log.${format}`, chairedSkill, async (c) => {
    const { skillId } = c.var;
    const log = (await markLog(c.get('db'), skillId, { roundId: roundFilter(c), page: null }))!;
    const { t } = c.var;
    c.header('Cache-Control', 'no-store');
    return sheetDownload(c, markLogSheet(log.rows, t), `${log.skill.name}-${t('marklog.title')}`, format, t('marklog.title'));
  });
}

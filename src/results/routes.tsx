import { publicationChanges } from './snapshot.ts';
import { Hono, type Context } from 'hono';
import { resultsStaff } from '../auth/guards.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam, parseId } from '../http/ids.ts';
import { pageContext, renderError, seeOther } from '../http/render.tsx';
import { formObject, problemMessages } from '../http/validation.ts';
import type { FieldErrors } from '../../views/components/form.tsx';
import { AppealsPage, PublicationPage, ResultsPreviewPage, type PublishFormValues, type ResultsSkill } from '../../views/pages/results.tsx';
import { DEFAULT_APPEAL_HOURS, DEFAULT_NOTICE_DAYS, decideAppeal, publishResults } from './commands.ts';
import { appeals, currentPublication, publication, publications, resultsPreview } from './queries.ts';
import { changeEntryStatus } from '../entry-status/commands.ts';
import { changesSincePublication, statusHistory } from '../entry-status/queries.ts';
import { emptyStatusForm, type EntryStatusFormValues } from '../../views/components/entry-status.tsx';

/**
 * The results office's screens (the event's results staff and administrators; everyone else signed in gets 403):
 * - GET  /skills/:id/results — live preview: codes only until every round is locked, names then;
 * - POST /skills/:id/publications — publish the next version (成绩公示);
 * - GET  /skills/:id/publications/:version — any version, superseded ones included;
 * - GET  /skills/:id/appeals, POST /skills/:id/appeals/:appealId/decision — arbitration.
 * Publishing never moves the event's stage: the organizer moves the event to "published"
 * (event page) once every skill is published.
 */
export const resultRoutes = new Hono<AppEnv>();

/** "2026-11-21T16:00" in the server's (the venue's) local time, for a datetime-local input. */
export function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function defaultWindows(now = new Date()): PublishFormValues {
  return {
    appealUntil: localInput(new Date(now.getTime() + DEFAULT_APPEAL_HOURS * 60 * 60 * 1000)),
    noticeUntil: localInput(new Date(now.getTime() + DEFAULT_NOTICE_DAYS * 24 * 60 * 60 * 1000)),
    changeNote: '',
  };
}

async function resultsSkill<E extends AppEnv>(c: Context<E>, skillId: number): Promise<ResultsSkill | null> {
  const skill = await c.get('db').skill.findUnique({ where: { id: skillId }, select: { id: true, name: true, eventId: true, event: { select: { name: true } } } });
  return skill && { id: skill.id, name: skill.name, eventId: skill.eventId, eventName: skill.event.name };
}

async function previewPage<E extends AppEnv>(
  c: Context<E>,
  skillId: number,
  extra: {
    values?: PublishFormValues; errors?: FieldErrors; notice?: { kind: 'success' | 'error'; text: string };
    status?: { values: EntryStatusFormValues; errors: FieldErrors; error?: string | undefined };
  } = {},
  status: 200 | 409 | 422 = 200,
) {
  const computed = await resultsPreview(c.get('db'), skillId);
  if (!computed) return renderError(c, 404, 'notFound');
  const { data, sheet } = computed;
  const [history, pendingAppeals, statusChanged, statuses] = await Promise.all([
    publications(c.get('db'), skillId),
    c.get('db').appeal.count({ where: { publication: { skillId }, decidedAt: null } }),
    changesSincePublication(c.get('db'), skillId),
    statusHistory(c.get('db'), skillId),
  ]);
  const values = extra.values ?? { ...defaultWindows(), changeNote: await appealNote(c, skillId) };
  c.header('Cache-Control', 'no-store');
  return c.html(
    <ResultsPreviewPage page={pageContext(c)}
      skill={{ id: data.skill.id, name: data.skill.name, eventId: data.skill.eventId, eventName: data.skill.eventName }}
      sheet={sheet} revealed={data.allLocked}
      rounds={data.rounds.map((r) => ({ name: r.name, locked: r.lockedAt !== null }))}
      stageAllows={data.skill.eventStatus === 'in_progress' || data.skill.eventStatus === 'published'}
      publications={history} pendingAppeals={pendingAppeals}
      form={{ values, errors: extra.errors ?? {} }} notice={extra.notice}
      statusChanged={statusChanged && statusChanged.changes > 0 ? statusChanged : null}
      entryStatus={{ history: statuses, rounds: data.rounds.map((r) => ({ id: r.id, name: r.name })), form: extra.status ?? { values: emptyStatusForm, errors: {} } }} />,
    status,
  );
}

/** The change note prefilled from an upheld appeal's "publish a new version" link (?appeal=<id>). */
async function appealNote<E extends AppEnv>(c: Context<E>, skillId: number): Promise<string> {
  const appealId = parseId(c.req.query('appeal'));
  if (!appealId) return '';
  const appeal = await c.get('db').appeal.findFirst({ where: { id: appealId, decision: 'upheld', publication: { skillId } }, select: { entryBib: true, decisionReason: true } });
  return appeal ? c.get('t')('publication.changeNote.fromAppeal', { bib: appeal.entryBib, reason: appeal.decisionReason }) : '';
}

resultRoutes.get('/skills/:id/results', resultsStaff, async (c) => {
  const id = idParam(c);
  const done = c.req.query('done') === 'status' ? { kind: 'success' as const, text: c.get('t')('entryStatus.done') } : undefined;
  return previewPage(c, id, done ? { notice: done } : {});
});

resultRoutes.post('/skills/:id/publications', resultsStaff, async (c) => {
  const id = idParam(c);
  const body = formObject(await c.req.parseBody());
  const outcome = await publishResults(c.get('db'), { accountId: c.get('account').id }, id, body);
  if (outcome.ok) return seeOther(c, `/skills/${id}/publications/${outcome.value.version}?done=published`);
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  const values = { appealUntil: String(body.appealUntil ?? ''), noticeUntil: String(body.noticeUntil ?? ''), changeNote: String(body.changeNote ?? '') };
  const errors = problemMessages(outcome.problems, c.get('t'));
  const general = errors[''];
  return previewPage(c, id, { values, errors, notice: general ? { kind: 'error', text: general } : undefined }, outcome.status);
});

/** The organizer records an entry's status by bib (disqualification, withdrawal, a round absence, their reversal). */
resultRoutes.post('/skills/:id/entry-status', resultsStaff, async (c) => {
  const id = idParam(c);
  const body = formObject(await c.req.parseBody());
  const values: EntryStatusFormValues = {
    action: String(body.action ?? ''), code: '', bib: String(body.bib ?? ''), roundId: String(body.roundId ?? ''), reason: String(body.reason ?? ''),
  };
  if (body.confirm !== 'true') {
    return previewPage(c, id, { status: { values, errors: { confirm: c.get('t')('entryStatus.error.confirm') } } }, 422);
  }
  const outcome = await changeEntryStatus(c.get('db'), { accountId: c.get('account').id, organizer: true }, id, {
    action: values.action, bib: values.bib, reason: values.reason, ...(values.roundId ? { roundId: values.roundId } : {}),
  });
  if (outcome.ok) return seeOther(c, `/skills/${id}/results?done=status#entry-status`);
  if (outcome.status === 404 && !(await resultsSkill(c, id))) return renderError(c, 404, 'notFound');
  const errors = problemMessages(outcome.status === 404 ? [{ field: 'bib', key: 'entryStatus.error.noSuchBib' }] : outcome.problems, c.get('t'));
  return previewPage(c, id, { status: { values, errors, error: errors[''] } }, outcome.status === 404 ? 422 : outcome.status);
});

resultRoutes.get('/skills/:id/publications/:version', resultsStaff, async (c) => {
  const id = idParam(c);
  const version = idParam(c, 'version');
  const skill = await resultsSkill(c, id);
  const found = skill && (await publication(c.get('db'), skill.id, version));
  if (!skill || !found) return renderError(c, 404, 'notFound');
  const newest = (await currentPublication(c.get('db'), skill.id))?.version ?? found.version;
  const notice = c.req.query('done') === 'published' ? c.get('t')('publication.done', { version: found.version }) : undefined;
  const previous = found.version > 1 ? await publication(c.get('db'), skill.id, found.version - 1) : null;
  const changes = previous ? publicationChanges(previous.snapshot, found.snapshot) : undefined;
  return c.html(<PublicationPage page={pageContext(c)} skill={skill} publication={found} newest={newest} notice={notice} changes={changes} />);
});

async function appealsPage<E extends AppEnv>(
  c: Context<E>,
  skill: ResultsSkill,
  extra: { errors?: Record<number, FieldErrors>; values?: Record<number, { decision: string; reason: string }>; notice?: { kind: 'success' | 'error'; text: string } } = {},
  status: 200 | 409 | 422 = 200,
) {
  const [current, rows] = await Promise.all([currentPublication(c.get('db'), skill.id), appeals(c.get('db'), { skillId: skill.id })]);
  return c.html(
    <AppealsPage page={pageContext(c)} skill={skill} current={current} appeals={rows}
      errors={extra.errors ?? {}} values={extra.values ?? {}} notice={extra.notice} />,
    status,
  );
}

resultRoutes.get('/skills/:id/appeals', resultsStaff, async (c) => {
  const id = idParam(c);
  const skill = await resultsSkill(c, id);
  if (!skill) return renderError(c, 404, 'notFound');
  const notice = c.req.query('done') === 'decided' ? { kind: 'success' as const, text: c.get('t')('appeal.done.decided') } : undefined;
  return appealsPage(c, skill, { notice });
});

resultRoutes.post('/skills/:id/appeals/:appealId/decision', resultsStaff, async (c) => {
  const id = idParam(c);
  const appealId = idParam(c, 'appealId');
  const skill = await resultsSkill(c, id);
  if (!skill) return renderError(c, 404, 'notFound');
  const body = formObject(await c.req.parseBody());
  const outcome = await decideAppeal(c.get('db'), { accountId: c.get('account').id }, skill.id, appealId, body);
  if (outcome.ok) return seeOther(c, `/skills/${skill.id}/appeals?done=decided#appeal-${appealId}`);
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  const errors = problemMessages(outcome.problems, c.get('t'));
  const values = { [appealId]: { decision: String(body.decision ?? ''), reason: String(body.reason ?? '') } };
  const general = errors[''];
  return appealsPage(c, skill, { errors: { [appealId]: errors }, values, notice: general ? { kind: 'error', text: general } : undefined }, outcome.status);
});

import { Hono, type Context } from 'hono';
import { eventSetup, eventViewer, organizer } from '../auth/guards.ts';
import { canEditRules, checkStageMove, isEventStatus, nextStatuses } from '../domain/event-lifecycle.ts';
import { defaultRounds, schemeWarnings, validateSkill } from '../domain/marking-scheme.ts';
import type { Db } from '../db/client.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam, parseId } from '../http/ids.ts';
import { pageContext, renderError, seeOther } from '../http/render.tsx';
import { formObject, problemMessages } from '../http/validation.ts';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { Translate } from '../i18n/index.ts';
import type { FieldErrors } from '../../views/components/form.tsx';
import { AspectForm, CriterionForm, RoundForm, SchemeSection, aspectFormValues, type SchemeView } from '../../views/components/scheme.tsx';
import { EventFormPage, EventListPage, EventPage, eventFormValues, type EventFormValues } from '../../views/pages/events.tsx';
import { SettingsSection, SkillPage, SkillStatus, describeIssue, settingsFormValues, type SchemePreview, type SheetProblem } from '../../views/pages/skill.tsx';
import { TitleRulesSection } from '../../views/components/title-rules-form.tsx';
import { conflict } from '../outcome.ts';
import * as commands from './commands.ts';
import { sweepPhotos } from '../registration/photos.tsx';
import { hasDuty } from './access.ts';
import * as queries from './queries.ts';
import { applyRowAction, parseRowAction, rowFromForm, rowFromRule, type TitleRuleRow } from './title-rule-form.ts';

/** Organizer screens for events, skills and marking schemes. Handlers stay thin: commands.ts does the work. */
export const eventRoutes = new Hono<AppEnv>();

async function form<E extends AppEnv>(c: Context<E>) {
  return formObject(await c.req.parseBody());
}

function flatStrings(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export function defaultRoundsFor(t: Translate) {
  return defaultRounds({ theory: t('round.theory'), practical: t('round.practical') });
}

/** Refusals that are not about one field (not found, wrong stage) get the error page. */
function refuse<E extends AppEnv>(c: Context<E>, outcome: { status: 404 | 409 | 422; problems: commands.Problem[] }) {
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  const message = problemMessages(outcome.problems, c.get('t'))[''] ?? c.get('t')('validation.invalid');
  return c.html(<p class="notice notice-error" role="alert">{message}</p>, outcome.status);
}

// ─── events ──────────────────────────────────────────────────────────────────

eventRoutes.get('/events', organizer, async (c) => {
  const archived = c.req.query('archived') === '1';
  const events = await queries.listEvents(c.get('db'), c.get('account'), { archived });
  return c.html(<EventListPage page={pageContext(c)} events={events} archived={archived} />);
});

function eventForm<E extends AppEnv>(c: Context<E>, props: { title: string; action: string; submit: string; cancel: string; intro?: string }, values: EventFormValues, errors = {}) {
  return <EventFormPage page={pageContext(c)} {...props} values={values} errors={errors} />;
}

function submittedEventValues(body: Record<string, unknown>): EventFormValues {
  const s = flatStrings(body);
  return {
    name: s.name ?? '', nameEn: s.nameEn ?? '', startsOn: s.startsOn ?? '', endsOn: s.endsOn ?? '', venue: s.venue ?? '',
    hostOrganization: s.hostOrganization ?? '', allowMultipleSkills: s.allowMultipleSkills === 'true', organizationBestN: s.organizationBestN ?? '',
  };
}

eventRoutes.get('/events/new', organizer, (c) => {
  const { t } = c.var;
  return c.html(eventForm(c, { title: t('event.new.title'), action: '/events', submit: t('event.new'), cancel: '/events' }, eventFormValues()));
});

eventRoutes.post('/events', organizer, async (c) => {
  const { t } = c.var;
  const body = await c.req.parseBody();
  const outcome = await commands.saveEvent(c.get('db'), null, formObject(body), c.get('account'));
  if (outcome.ok) return seeOther(c, `/events/${outcome.value}`);
  const props = { title: t('event.new.title'), action: '/events', submit: t('event.new'), cancel: '/events' };
  return c.html(eventForm(c, props, submittedEventValues(body), problemMessages(outcome.problems, t)), 422);
});

eventRoutes.get('/events/:id', eventViewer, async (c) => {
  const id = idParam(c);
  const event = await queries.findEvent(c.get('db'), id);
  if (!event) return renderError(c, 404, 'notFound');
  return c.html(await eventPage(c, event));
});

async function eventPage<E extends AppEnv>(c: Context<E>, event: queries.EventSummary, extra: { skillErrors?: Record<string, string | undefined>; skillValues?: { name: string; nameEn: string }; message?: string } = {}) {
  const db: Db = c.get('db');
  const [skills, copyable, facts, progress] = await Promise.all([
    queries.listSkills(db, event.id),
    queries.copyableSkills(db, c.get('account')!, event.id),
    queries.stageFacts(db, event.id),
    queries.eventProgress(db, [event.id]),
  ]);
  // Each stage the event can move to, with what the move means (or why it cannot be made), asked before it is made.
  const moves = nextStatuses(event.status).map((to) => ({ to, check: checkStageMove(event.status, to, facts) }));
  return (
    <EventPage page={pageContext(c)} event={event} skills={skills} copyable={copyable} moves={moves} progress={progress.get(event.id) ?? []}
      skillErrors={extra.skillErrors ?? {}} skillValues={extra.skillValues ?? { name: '', nameEn: '' }} message={extra.message} />
  );
}

eventRoutes.get('/events/:id/edit', eventSetup, async (c) => {
  const { t } = c.var;
  const id = idParam(c);
  const event = await queries.findEvent(c.get('db'), id);
  if (!event) return renderError(c, 404, 'notFound');
  const props = { title: t('event.edit.title'), action: `/events/${event.id}`, submit: t('common.save'), cancel: `/events/${event.id}` };
  return c.html(eventForm(c, props, eventFormValues(event)));
});

eventRoutes.post('/events/:id', eventSetup, async (c) => {
  const { t } = c.var;
  const id = idParam(c);
  const body = await c.req.parseBody();
  const outcome = await commands.saveEvent(c.get('db'), id, formObject(body), c.get('account'));
  if (outcome.ok) return seeOther(c, `/events/${id}`);
  if (outcome.status !== 422) return refuseWithPage(c, id, outcome);
  const props = { title: t('event.edit.title'), action: `/events/${id}`, submit: t('common.save'), cancel: `/events/${id}` };
  return c.html(eventForm(c, props, submittedEventValues(body), problemMessages(outcome.problems, t)), 422);
});

/** A refused event action shows the event page again with the reason on top. */
async function refuseWithPage<E extends AppEnv>(c: Context<E>, eventId: number, outcome: { status: 404 | 409 | 422; problems: commands.Problem[] }) {
  const event = await queries.findEvent(c.get('db'), eventId);
  if (!event || outcome.status === 404) return renderError(c, 404, 'notFound');
  // The page's own message: whatever the field (a stage move's reason is one), it goes on top.
  const message = Object.values(problemMessages(outcome.problems, c.get('t')))[0] ?? c.get('t')('validation.invalid');
  return c.html(await eventPage(c, event, { message }), outcome.status);
}

eventRoutes.post('/events/:id/status', eventSetup, async (c) => {
  const id = idParam(c);
  const body = await c.req.parseBody();
  const { status } = body;
  if (!isEventStatus(status)) return refuseWithPage(c, id, { status: 422, problems: [{ field: '', key: 'event.error.badTransition' }] });
  const reason = typeof body.reason === 'string' ? body.reason : '';
  const outcome = await commands.changeEventStatus(c.get('db'), id, status, { reason, accountId: c.get('account').id });
  return outcome.ok ? seeOther(c, `/events/${id}`) : refuseWithPage(c, id, outcome);
});

eventRoutes.post('/events/:id/delete', eventSetup, async (c) => {
  const id = idParam(c);
  const outcome = await commands.removeEvent(c.get('db'), id);
  if (outcome.ok) await sweepPhotos(c);
  return outcome.ok ? seeOther(c, '/events') : refuseWithPage(c, id, outcome);
});

eventRoutes.get('/events/:id/copy', eventSetup, async (c) => {
  const { t } = c.var;
  const id = idParam(c);
  const event = await queries.findEvent(c.get('db'), id);
  if (!event) return renderError(c, 404, 'notFound');
  return c.html(eventForm(c, copyFormProps(t, event), { ...eventFormValues(event), startsOn: '', endsOn: '' }));
});

function copyFormProps(t: Translate, event: queries.EventSummary) {
  return {
    title: t('event.copy.title', { name: event.name }),
    intro: t('event.copy.intro'),
    action: `/events/${event.id}/copy`,
    submit: t('event.copy.submit'),
    cancel: `/events/${event.id}`,
  };
}

eventRoutes.post('/events/:id/copy', eventSetup, async (c) => {
  const { t } = c.var;
  const id = idParam(c);
  const event = await queries.findEvent(c.get('db'), id);
  if (!event) return renderError(c, 404, 'notFound');
  const body = await c.req.parseBody();
  const outcome = await commands.copyEventFrom(c.get('db'), event.id, formObject(body), c.get('account'));
  if (outcome.ok) return seeOther(c, `/events/${outcome.value}`);
  return c.html(eventForm(c, copyFormProps(t, event), submittedEventValues(body), problemMessages(outcome.problems, t)), 422);
});

eventRoutes.post('/events/:id/skills', eventSetup, async (c) => {
  const id = idParam(c);
  const body = await c.req.parseBody();
  const outcome = await commands.addSkill(c.get('db'), id, formObject(body), defaultRoundsFor(c.get('t')));
  if (outcome.ok) return seeOther(c, `/skills/${outcome.value}`);
  if (outcome.status !== 422) return refuseWithPage(c, id, outcome);
  const event = (await queries.findEvent(c.get('db'), id))!;
  const s = flatStrings(body);
  const page = await eventPage(c, event, { skillErrors: problemMessages(outcome.problems, c.get('t')), skillValues: { name: s.name ?? '', nameEn: s.nameEn ?? '' } });
  return c.html(page, 422);
});

eventRoutes.post('/events/:id/skills/copy', eventSetup, async (c) => {
  const id = idParam(c);
  const skillId = parseId(String((await c.req.parseBody()).skillId ?? ''));
  if (skillId === null) return refuseWithPage(c, id, { status: 422, problems: [{ field: '', key: 'validation.choice' }] });
  // Only a skill of an event the account sees: another federation's scheme is not offered, nor taken.
  if (!(await hasDuty(c.get('db'), c.get('account'), 'skills', skillId, 'view'))) return refuseWithPage(c, id, { status: 404, problems: [{ field: '', key: 'validation.choice' }] });
  const outcome = await commands.copySkillTo(c.get('db'), skillId, id);
  return outcome.ok ? seeOther(c, `/skills/${outcome.value}`) : refuseWithPage(c, id, outcome);
});

// ─── skill editor ────────────────────────────────────────────────────────────

async function skillContext<E extends AppEnv>(c: Context<E>, skillId: number) {
  const skill = await queries.findSkill(c.get('db'), skillId);
  if (!skill) return null;
  const event = (await queries.findEvent(c.get('db'), skill.eventId))!;
  const issues = validateSkill(skill).map((issue) => describeIssue(c.get('t'), skill, issue));
  const warnings = schemeWarnings(skill).map((warning) => describeIssue(c.get('t'), skill, { ...warning, warning: true }));
  // A clerk reads the scheme; only those who set the event up change it.
  const setup = c.get('duties')?.has('setup') ?? false;
  return { skill, event, editable: setup && canEditRules(event.status), issues, warnings };
}

export async function renderSkillPage<E extends AppEnv>(
  c: Context<E>, skillId: number,
  extra: { sheetProblems?: SheetProblem[]; notice?: { kind: 'success' | 'error'; text: string }; schemePreview?: SchemePreview } = {},
  status: 200 | 409 | 413 | 422 = 200,
) {
  const context = await skillContext(c, skillId);
  if (!context) return renderError(c, 404, 'notFound');
  const { skill, event, editable, issues, warnings } = context;
  const undo = editable ? await queries.lastSchemeImport(c.get('db'), skill) : null;
  return c.html(
    <SkillPage page={pageContext(c)} skill={skill} eventName={event.name} editable={editable} issues={issues} warnings={warnings} sheetProblems={extra.sheetProblems} notice={extra.notice}
      schemePreview={extra.schemePreview} undo={undo && { at: undo.at, fileName: undo.fileName }} />,
    status,
  );
}

const skillNotices = { schemeImported: 'scheme.import.confirmed', schemeUndone: 'scheme.import.undone' } as const;

eventRoutes.get('/skills/:id', eventViewer, (c) => {
  const id = idParam(c);
  const done = c.req.query('done');
  const notice = done === 'schemeImported' || done === 'schemeUndone' ? { kind: 'success' as const, text: c.get('t')(skillNotices[done]) } : undefined;
  return renderSkillPage(c, id, notice ? { notice } : {});
});

eventRoutes.post('/skills/:id', eventSetup, async (c) => {
  const id = idParam(c);
  const outcome = await commands.renameSkill(c.get('db'), id, await form(c));
  if (outcome.ok) return seeOther(c, `/skills/${id}`);
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  const text = Object.values(problemMessages(outcome.problems, c.get('t'))).join(' ');
  return renderSkillPage(c, id, { notice: { kind: 'error', text } }, 422);
});

eventRoutes.post('/skills/:id/delete', eventSetup, async (c) => {
  const id = idParam(c);
  const skill = await queries.findSkill(c.get('db'), id);
  if (!skill) return renderError(c, 404, 'notFound');
  const outcome = await commands.removeSkill(c.get('db'), skill.id);
  return outcome.ok ? seeOther(c, `/events/${skill.eventId}`) : refuse(c, outcome);
});

/** The #scheme section plus the problem list, after any change to the tree. */
async function schemeFragment<E extends AppEnv>(c: Context<E>, skillId: number) {
  const context = await skillContext(c, skillId);
  if (!context) return renderError(c, 404, 'notFound');
  const view = schemeView(c, skillId, context.editable);
  c.header('HX-Retarget', '#scheme');
  c.header('HX-Reswap', 'outerHTML');
  return c.html(
    <>
      <SchemeSection view={view} rounds={context.skill.rounds} />
      <SkillStatus t={c.get('t')} issues={context.issues} warnings={context.warnings} oob />
    </>,
  );
}

eventRoutes.get('/skills/:id/scheme', eventSetup, (c) => {
  const id = idParam(c);
  return schemeFragment(c, id);
});

eventRoutes.post('/skills/:id/settings', eventSetup, async (c) => {
  const id = idParam(c);
  const body = await c.req.parseBody();
  const input = formObject(body);
  if (Array.isArray(input.tieBreaks)) input.tieBreaks = input.tieBreaks.filter((v) => v !== '');
  else input.tieBreaks = [];
  const outcome = await commands.saveSkillSettings(c.get('db'), id, input);
  if (!outcome.ok && outcome.status !== 422) return refuse(c, outcome);
  const context = (await skillContext(c, id))!;
  const values = outcome.ok ? undefined : flatStrings(body);
  const errors = outcome.ok ? {} : problemMessages(outcome.problems, c.get('t'));
  return c.html(
    <>
      <SettingsSection page={pageContext(c)} skill={context.skill} editable={context.editable}
        values={values ?? settingsFormValues(context.skill.settings)} errors={errors} saved={outcome.ok} />
      <SkillStatus t={c.get('t')} issues={context.issues} warnings={context.warnings} oob />
    </>,
    outcome.ok ? 200 : 422,
  );
});

/**
 * The title rule editor: "save" validates and stores the list (422 with the errors beside the
 * fields when refused); add, remove and move answer the edited list unsaved (nothing is stored,
 * so a half-filled new row is no error yet). Both refuse once the rules are locked.
 */
eventRoutes.post('/skills/:id/title-rules', eventSetup, async (c) => {
  const id = idParam(c);
  const input = formObject(await c.req.parseBody());
  const action = parseRowAction(input.action);
  const rows = (Array.isArray(input.titleRules) ? input.titleRules : []).map(rowFromForm);
  const context = await skillContext(c, id);
  if (!context) return renderError(c, 404, 'notFound');
  const section = (props: { rows: TitleRuleRow[]; errors?: FieldErrors; saved?: boolean; unsaved?: boolean }) => (
    <TitleRulesSection page={pageContext(c)} skillId={id} rounds={context.skill.rounds} editable={context.editable} errors={{}} {...props} />
  );
  if (action.kind !== 'save') {
    const locked = conflict('event.error.rulesLocked');
    if (!context.editable && !locked.ok) return refuse(c, locked);
    return c.html(section({ rows: applyRowAction(rows, action), unsaved: true }));
  }
  const outcome = await commands.saveTitleRules(c.get('db'), id, { titleRules: input.titleRules });
  if (!outcome.ok && outcome.status !== 422) return refuse(c, outcome);
  if (!outcome.ok) return c.html(section({ rows, errors: problemMessages(outcome.problems, c.get('t')) }), 422);
  const after = (await skillContext(c, id))!;
  return c.html(
    <>
      {section({ rows: after.skill.settings.titleRules.map(rowFromRule), saved: true })}
      <SkillStatus t={c.get('t')} issues={after.issues} warnings={after.warnings} oob />
    </>,
  );
});

// Scheme tree edits: a refused edit re-renders its own form with errors (422); a saved one
// re-renders the whole scheme so totals and problems stay consistent.

async function skillIdOf<E extends AppEnv>(c: Context<E>, kind: 'round' | 'criterion' | 'aspect', id: number) {
  return (await queries.ownerOf(c.get('db'), kind, id))?.id ?? null;
}

function schemeView<E extends AppEnv>(c: Context<E>, skillId: number, editable = true): SchemeView {
  return { t: c.get('t'), get csrfToken() { return c.get('csrfToken')(); }, skillId, editable };
}

/**
 * One scheme edit: find the skill that owns the item, run the command, answer with the whole
 * scheme on success or with the same form and its errors on a refusal.
 */
function schemeEdit(
  path: string,
  owner: 'skill' | 'round' | 'criterion' | 'aspect',
  save: (db: AppEnv['Variables']['db'], id: number, input: unknown) => Promise<commands.Outcome<number>>,
  form: (view: SchemeView, id: number, values: Record<string, string>, errors: FieldErrors) => JSX.Element,
  input: (body: Record<string, unknown>) => unknown = formObject,
) {
  eventRoutes.post(path, eventSetup, async (c) => {
    const id = idParam(c);
    const skillId = owner === 'skill' ? id : await skillIdOf(c, owner, id);
    if (!skillId) return renderError(c, 404, 'notFound');
    const body = await c.req.parseBody();
    const outcome = await save(c.get('db'), id, input(body));
    if (outcome.ok) return schemeFragment(c, skillId);
    if (outcome.status !== 422) return refuse(c, outcome);
    // Band problems are shown on the one bands field.
    const problems = outcome.problems.map((p) => (p.field.startsWith('rule.bands') ? { ...p, field: 'rule.bands' } : p));
    return c.html(form(schemeView(c, skillId), id, flatStrings(body), problemMessages(problems, c.get('t'))), 422);
  });
}

schemeEdit('/skills/:id/rounds', 'skill', (db, skillId, input) => commands.saveRound(db, { skillId }, input),
  (view, _id, values, errors) => <RoundForm view={view} values={values} errors={errors} />);
schemeEdit('/rounds/:id', 'round', (db, roundId, input) => commands.saveRound(db, { roundId }, input),
  (view, roundId, values, errors) => <RoundForm view={view} roundId={roundId} values={values} errors={errors} />);
schemeEdit('/rounds/:id/criteria', 'round', (db, roundId, input) => commands.saveCriterion(db, { roundId }, input),
  (view, roundId, values, errors) => <CriterionForm view={view} roundId={roundId} values={values} errors={errors} />);
schemeEdit('/criteria/:id', 'criterion', (db, criterionId, input) => commands.saveCriterion(db, { criterionId }, input),
  (view, criterionId, values, errors) => <CriterionForm view={view} criterionId={criterionId} values={values} errors={errors} />);
schemeEdit('/criteria/:id/aspects', 'criterion', (db, criterionId, input) => commands.saveAspect(db, { criterionId }, input),
  (view, criterionId, values, errors) => <AspectForm view={view} target={{ criterionId }} values={values} errors={errors} />, aspectBody);
schemeEdit('/aspects/:id', 'aspect', (db, aspectId, input) => commands.saveAspect(db, { aspectId }, input),
  (view, aspectId, values, errors) => <AspectForm view={view} target={{ aspectId }} values={values} errors={errors} />, aspectBody);

eventRoutes.get('/criteria/:id/aspects/new', eventSetup, async (c) => {
  const id = idParam(c);
  const skillId = await skillIdOf(c, 'criterion', id);
  if (!skillId) return renderError(c, 404, 'notFound');
  return c.html(<AspectForm view={schemeView(c, skillId)} target={{ criterionId: id }} values={{ 'rule.type': 'judgement' }} errors={{}} />);
});

/** Re-renders the aspect form for another type, keeping what was typed (type select's hx-get). */
eventRoutes.get('/skills/:id/aspect-form', eventSetup, async (c) => {
  const id = idParam(c);
  const values = c.req.query();
  const aspectId = parseId(values.aspectId);
  const criterionId = parseId(values.criterionId);
  if (aspectId === null && criterionId === null) return renderError(c, 404, 'notFound');
  const target = aspectId !== null ? { aspectId } : { criterionId: criterionId! };
  return c.html(<AspectForm view={schemeView(c, id)} target={target} values={values} errors={{}} />);
});

eventRoutes.get('/aspects/:id/edit', eventSetup, async (c) => {
  const id = idParam(c);
  const skillId = await skillIdOf(c, 'aspect', id);
  const skill = skillId && (await queries.findSkill(c.get('db'), skillId));
  const aspect = skill && skill.rounds.flatMap((r) => r.criteria.flatMap((cr) => cr.aspects)).find((a) => a.id === id);
  if (!skillId || !aspect) return renderError(c, 404, 'notFound');
  return c.html(<AspectForm view={schemeView(c, skillId)} target={{ aspectId: id }} values={aspectFormValues(aspect)} errors={{}} />);
});

for (const kind of ['round', 'criterion', 'aspect'] as const) {
  const base = kind === 'criterion' ? 'criteria' : `${kind}s`;
  eventRoutes.post(`/${base}/:id/delete`, eventSetup, async (c) => {
    const id = idParam(c);
    const skillId = await skillIdOf(c, kind, id);
    if (!skillId) return renderError(c, 404, 'notFound');
    const outcome = await commands.removeSchemeItem(c.get('db'), kind, id);
    return outcome.ok ? schemeFragment(c, skillId) : refuse(c, outcome);
  });
}

/** The form sends bands as "0.02:2; 0.05:1"; the API shape is a list. */
function aspectBody(body: Record<string, unknown>) {
  const input = formObject(body) as { rule?: { bands?: unknown } };
  if (input.rule && typeof input.rule.bands === 'string') {
    const text = input.rule.bands.trim();
    input.rule.bands = text === '' ? [] : text.split(/[;；\n]+/).filter((p) => p.trim()).map((pair) => {
      const [tolerance = '', mark = ''] = pair.split(/[:：]/);
      return { tolerance: tolerance.trim(), mark: mark.trim() };
    });
  }
  return input;
}



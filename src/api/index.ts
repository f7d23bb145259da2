import { randomUUID } from 'node:crypto';
import { OpenAPIHono, createRoute, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Db } from '../db/client.ts';
import { retryAfterSeconds, storageFailure } from '../db/errors.ts';
import { defaultRounds } from '../domain/marking-scheme.ts';
import * as commands from '../events/commands.ts';
import type { Outcome } from '../events/commands.ts';
import { hasDuty } from '../events/access.ts';
import * as queries from '../events/queries.ts';
import { anyone } from '../auth/guards.ts';
import type { AppEnv } from '../http/env.ts';
import { eventSetupToken, eventViewerToken, judgeToken, organizerToken } from './auth.ts';
import { ApiError, errorBody, errorResponse, zodProblems } from './errors.ts';
import { registerDisplayRoutes } from './display.ts';
import { registerEntryStatusRoutes } from './entry-status.ts';
import { registerJudgeRoutes } from './judges.ts';
import { registerStaffRoutes } from './staff.ts';
import { registerEventStaffRoutes } from './event-staff.ts';
import { registerFederationRoutes } from './federations.ts';
import { registerPoolRoutes } from './pool.ts';
import { registerJudgingRoutes } from './judging.ts';
import { registerPublicationRoutes } from './publications.ts';
import { registerRegistrationRoutes } from './registration.ts';
import { registerResultRoutes } from './results.ts';
import { registerScoreRoutes } from './scores.ts';
import {
  aspectSchema,
  criterionSchema,
  eventDetailSchema,
  eventListQuery,
  eventSchema,
  idParams,
  requestBodies,
  roundSchema,
  schemeSchema,
  skillCopyInput,
  skillDetailSchema,
  skillSummarySchema,
  statusInput,
  type RequestBodyName,
} from './schemas.ts';

/** JSON API under /api/v1 (bearer tokens, organizers) and its OpenAPI document at /api/openapi.json. */
export const apiRoutes = new OpenAPIHono<AppEnv>({
  // Invalid path or query parameters get the same error body as everything else.
  defaultHook: (result) => {
    if (!result.success) throw new ApiError(400, 'api.error.badRequest', zodProblems(result.error));
  },
});

apiRoutes.onError((error, c) => {
  if (error instanceof ApiError) return errorResponse(c, error);
  if (error instanceof HTTPException && error.status < 500) {
    return errorResponse(c, new ApiError(error.status, 'api.error.badRequest'));
  }
  const failure = storageFailure(error);
  if (failure) {
    console.error(`${c.req.method} ${c.req.path}: database unavailable (${failure.code})`);
    const seconds = retryAfterSeconds(failure);
    const problems = [{ field: '', key: 'error.unavailable.body', params: { seconds } }];
    return errorResponse(c, new ApiError(503, 'api.error.unavailable', problems, { 'Retry-After': String(seconds) }));
  }
  const ref = randomUUID().slice(0, 8);
  console.error(`[${ref}] ${c.req.method} ${c.req.path}`, error);
  return errorResponse(c, new ApiError(500, 'api.error.server', [{ field: '', key: 'error.server.body', params: { ref } }]));
});

for (const [name, schema] of Object.entries(requestBodies)) apiRoutes.openAPIRegistry.register(name, schema);
apiRoutes.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
  type: 'http',
  scheme: 'bearer',
  description: 'An API token (starts with jx_): organizers create theirs at /settings/api-tokens, judges and chief judges at /judge/api-token or with POST /api/v1/judge/tokens (event code, number and PIN). Judge tokens reach only /api/v1/judge/*; a chief judge\'s also the round lock and the skill\'s entry statuses.',
});

// ─── documentation helpers ───────────────────────────────────────────────────

export const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const errorDescriptions = {
  400: 'Malformed JSON, or an invalid path or query parameter',
  401: 'Missing, unknown or revoked bearer token',
  403: 'The token does not belong to an organizer',
  404: 'No such resource',
  409: 'Not allowed at the event\'s current stage',
  422: 'Invalid input; see problems',
} as const;
type DocumentedError = keyof typeof errorDescriptions;

export function failures<const S extends DocumentedError>(...statuses: S[]) {
  const all = [400, 401, 403, ...statuses] as const;
  return Object.fromEntries(all.map((status) => [status, json(errorBody, errorDescriptions[status])])) as {
    [K in 400 | 401 | 403 | S]: ReturnType<typeof json<typeof errorBody>>;
  };
}

/**
 * Bodies are documented by reference, not attached as zod schemas, so zod-openapi does not
 * validate them: the commands do, and report every problem in one place and one format. Each
 * API module registers its bodies' schemas and refers to them by name through this.
 */
export function bodyRef(name: string) {
  return { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } };
}

const body = (name: RequestBodyName) => bodyRef(name);

export const path = (p: string) => `/api/v1${p}`;
export const params = { params: idParams };

// ─── shared handler steps ────────────────────────────────────────────────────

export async function readJson<E extends AppEnv>(c: Context<E>): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new ApiError(400, 'api.error.badJson');
  }
}

export function parseBody<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw new ApiError(422, 'api.error.invalid', zodProblems(result.error));
  return result.data;
}

export function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  const key = outcome.status === 422 ? 'api.error.invalid' : outcome.status === 404 ? 'api.error.notFound' : 'api.error.conflict';
  // A 404's only problem is the HTML page's text; the headline says it all.
  throw new ApiError(outcome.status, key, outcome.status === 404 ? [] : outcome.problems);
}

export function found<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new ApiError(404, 'api.error.notFound');
  return value;
}

const isoDate = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

function eventJson(event: queries.EventSummary): z.output<typeof eventSchema> {
  return { ...event, startsOn: isoDate(event.startsOn), endsOn: isoDate(event.endsOn) };
}

async function eventDetail(db: Db, id: number): Promise<z.output<typeof eventDetailSchema>> {
  const event = found(await queries.findEvent(db, id));
  return { ...eventJson(event), skills: await queries.listSkills(db, id) };
}

const skillDetail = async (db: Db, id: number) => found(await queries.findSkill(db, id));

async function schemeItemOf(db: Db, kind: 'round' | 'criterion' | 'aspect', id: number) {
  const owner = found(await queries.ownerOf(db, kind, id));
  const { rounds } = await skillDetail(db, owner.id);
  const criteria = rounds.flatMap((r) => r.criteria);
  return { rounds, criteria, aspects: criteria.flatMap((c) => c.aspects) };
}

// ─── events ──────────────────────────────────────────────────────────────────

const eventTags = ['Events'];

apiRoutes.openapi(
  createRoute({
    method: 'get', path: path('/events'), middleware: organizerToken, tags: eventTags, summary: 'List events',
    request: { query: eventListQuery },
    responses: { 200: json(eventSchema.array(), 'Current events, or archived ones'), ...failures() },
  }),
  async (c) => {
    const events = await queries.listEvents(c.get('db'), c.get('account'), { archived: c.req.valid('query').archived === 'true' });
    return c.json(events.map(eventJson), 200);
  },
);

apiRoutes.openapi(
  createRoute({
    method: 'post', path: path('/events'), middleware: organizerToken, tags: eventTags, summary: 'Create a draft event',
    request: { body: body('EventInput') },
    responses: { 201: json(eventDetailSchema, 'The new event'), ...failures(422) },
  }),
  async (c) => {
    const id = unwrap(await commands.saveEvent(c.get('db'), null, await readJson(c), c.get('account')));
    return c.json(await eventDetail(c.get('db'), id), 201);
  },
);

apiRoutes.openapi(
  createRoute({
    method: 'get', path: path('/events/{id}'), middleware: eventViewerToken, tags: eventTags, summary: 'An event with its skills',
    request: params,
    responses: { 200: json(eventDetailSchema, 'The event'), ...failures(404) },
  }),
  async (c) => c.json(await eventDetail(c.get('db'), c.req.valid('param').id), 200),
);

apiRoutes.openapi(
  createRoute({
    method: 'put', path: path('/events/{id}'), middleware: eventSetupToken, tags: eventTags, summary: 'Update an event',
    request: { ...params, body: body('EventInput') },
    responses: { 200: json(eventDetailSchema, 'The updated event'), ...failures(404, 409, 422) },
  }),
  async (c) => {
    const id = unwrap(await commands.saveEvent(c.get('db'), c.req.valid('param').id, await readJson(c), c.get('account')));
    return c.json(await eventDetail(c.get('db'), id), 200);
  },
);

apiRoutes.openapi(
  createRoute({
    method: 'post', path: path('/events/{id}/status'), middleware: eventSetupToken, tags: eventTags, summary: 'Move an event to the next or previous stage',
    request: { ...params, body: body('EventStatusInput') },
    responses: { 200: json(eventDetailSchema, 'The event at its new stage'), ...failures(404, 409, 422) },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const { status, reason } = parseBody(statusInput, await readJson(c));
    unwrap(await commands.changeEventStatus(c.get('db'), id, status, { reason, accountId: c.get('account').id }));
    return c.json(await eventDetail(c.get('db'), id), 200);
  },
);

apiRoutes.openapi(
  createRoute({
    method: 'delete', path: path('/events/{id}'), middleware: eventSetupToken, tags: eventTags, summary: 'Delete a draft event',
    request: params,
    responses: { 204: { description: 'Deleted' }, ...failures(404, 409) },
  }),
  async (c) => {
    unwrap(await commands.removeEvent(c.get('db'), c.req.valid('param').id));
    return c.body(null, 204);
  },
);

apiRoutes.openapi(
  createRoute({
    method: 'post', path: path('/events/{id}/copy'), middleware: eventSetupToken, tags: eventTags, summary: 'Copy an event with all its skills into a new draft',
    request: { ...params, body: body('EventInput') },
    responses: { 201: json(eventDetailSchema, 'The new draft event'), ...failures(404, 422) },
  }),
  async (c) => {
    const id = unwrap(await commands.copyEventFrom(c.get('db'), c.req.valid('param').id, await readJson(c), c.get('account')));
    return c.json(await eventDetail(c.get('db'), id), 201);
  },
);

// ─── skills ──────────────────────────────────────────────────────────────────

const skillTags = ['Skills'];

apiRoutes.openapi(
  createRoute({
    method: 'get', path: path('/events/{id}/skills'), middleware: eventViewerToken, tags: skillTags, summary: 'The skills of an event',
    request: params,
    responses: { 200: json(skillSummarySchema.array(), 'Skills in order'), ...failures(404) },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    found(await queries.findEvent(c.get('db'), id));
    return c.json(await queries.listSkills(c.get('db'), id), 200);
  },
);

apiRoutes.openapi(
  createRoute({
    method: 'post', path: path('/events/{id}/skills'), middleware: eventSetupToken, tags: skillTags,
    summary: 'Add a skill', description: 'Starts with the default rounds: theory 30 % and practical 70 %, each out of 100, named in the request\'s language.',
    request: { ...params, body: body('SkillInput') },
    responses: { 201: json(skillDetailSchema, 'The new skill'), ...failures(404, 409, 422) },
  }),
  async (c) => {
    const { t } = c.var;
    const rounds = defaultRounds({ theory: t('round.theory'), practical: t('round.practical') });
    const id = unwrap(await commands.addSkill(c.get('db'), c.req.valid('param').id, await readJson(c), rounds));
    return c.json(await skillDetail(c.get('db'), id), 201);
  },
);

apiRoutes.openapi(
  createRoute({
    method: 'get', path: path('/skills/{id}'), middleware: eventViewerToken, tags: skillTags, summary: 'A skill with its settings and whole marking scheme',
    request: params,
    responses: { 200: json(skillDetailSchema, 'The skill'), ...failures(404) },
  }),
  async (c) => c.json(await skillDetail(c.get('db'), c.req.valid('param').id), 200),
);

apiRoutes.openapi(
  createRoute({
    method: 'put', path: path('/skills/{id}'), middleware: eventSetupToken, tags: skillTags, summary: 'Rename a skill',
    request: { ...params, body: body('SkillInput') },
    responses: { 200: json(skillDetailSchema, 'The skill'), ...failures(404, 409, 422) },
  }),
  async (c) => {
    const id = unwrap(await commands.renameSkill(c.get('db'), c.req.valid('param').id, await readJson(c)));
    return c.json(await skillDetail(c.get('db'), id), 200);
  },
);

apiRoutes.openapi(
  createRoute({
    method: 'put', path: path('/skills/{id}/settings'), middleware: eventSetupToken, tags: skillTags, summary: 'Replace a skill\'s scoring settings',
    request: { ...params, body: body('SkillSettingsInput') },
    responses: { 200: json(skillDetailSchema, 'The skill'), ...failures(404, 409, 422) },
  }),
  async (c) => {
    const id = unwrap(await commands.saveSkillSettings(c.get('db'), c.req.valid('param').id, await readJson(c)));
    return c.json(await skillDetail(c.get('db'), id), 200);
  },
);

apiRoutes.openapi(
  createRoute({
    method: 'delete', path: path('/skills/{id}'), middleware: eventSetupToken, tags: skillTags, summary: 'Delete a skill',
    request: params,
    responses: { 204: { description: 'Deleted' }, ...failures(404, 409) },
  }),
  async (c) => {
    unwrap(await commands.removeSkill(c.get('db'), c.req.valid('param').id));
    return c.body(null, 204);
  },
);

apiRoutes.openapi(
  createRoute({
    method: 'post', path: path('/skills/{id}/copy'), middleware: eventViewerToken, tags: skillTags, summary: 'Copy a skill with its scheme into an event',
    request: { ...params, body: body('SkillCopyInput') },
    responses: { 201: json(skillDetailSchema, 'The new skill'), ...failures(404, 409, 422) },
  }),
  async (c) => {
    const { eventId } = parseBody(skillCopyInput, await readJson(c));
    // The skill is read where its token may look; it is written where its token sets events up.
    if (!(await hasDuty(c.get('db'), c.get('account'), 'events', eventId, 'setup'))) throw c.get('account').isAdmin ? new ApiError(404, 'api.error.notFound') : new ApiError(403, 'api.error.notEventStaff');
    const id = unwrap(await commands.copySkillTo(c.get('db'), c.req.valid('param').id, eventId));
    return c.json(await skillDetail(c.get('db'), id), 201);
  },
);

apiRoutes.openapi(
  createRoute({
    method: 'get', path: path('/skills/{id}/scheme'), middleware: eventViewerToken, tags: skillTags, summary: 'A skill\'s marking scheme',
    request: params,
    responses: { 200: json(schemeSchema, 'Rounds, criteria and aspects, with ids'), ...failures(404) },
  }),
  async (c) => c.json((await skillDetail(c.get('db'), c.req.valid('param').id)).rounds, 200),
);

apiRoutes.openapi(
  createRoute({
    method: 'put', path: path('/skills/{id}/scheme'), middleware: eventSetupToken, tags: skillTags,
    summary: 'Replace a skill\'s whole marking scheme',
    description: 'Refused, with nothing changed, unless the scheme is complete and adds up: weights to 100 %, each round\'s marks to its maximum. Ids in the body are ignored.',
    request: { ...params, body: body('SchemeInput') },
    responses: { 200: json(schemeSchema, 'The new scheme, with ids'), ...failures(404, 409, 422) },
  }),
  async (c) => {
    const id = unwrap(await commands.replaceScheme(c.get('db'), c.req.valid('param').id, await readJson(c)));
    return c.json((await skillDetail(c.get('db'), id)).rounds, 200);
  },
);

// ─── rounds, criteria, aspects ───────────────────────────────────────────────
// Single edits are saved even while a round does not add up yet, as in the editor; an event
// cannot start until every skill's scheme validates.

const schemeTags = ['Marking scheme'];

apiRoutes.openapi(
  createRoute({
    method: 'post', path: path('/skills/{id}/rounds'), middleware: eventSetupToken, tags: schemeTags, summary: 'Add a round',
    request: { ...params, body: body('RoundInput') },
    responses: { 201: json(roundSchema, 'The new round'), ...failures(404, 409, 422) },
  }),
  async (c) => {
    const skillId = c.req.valid('param').id;
    const id = unwrap(await commands.saveRound(c.get('db'), { skillId }, await readJson(c)));
    return c.json(found((await skillDetail(c.get('db'), skillId)).rounds.find((r) => r.id === id)), 201);
  },
);

apiRoutes.openapi(
  createRoute({
    method: 'put', path: path('/rounds/{id}'), middleware: eventSetupToken, tags: schemeTags, summary: 'Update a round',
    request: { ...params, body: body('RoundInput') },
    responses: { 200: json(roundSchema, 'The round'), ...failures(404, 409, 422) },
  }),
  async (c) => {
    const id = unwrap(await commands.saveRound(c.get('db'), { roundId: c.req.valid('param').id }, await readJson(c)));
    return c.json(found((await schemeItemOf(c.get('db'), 'round', id)).rounds.find((r) => r.id === id)), 200);
  },
);

apiRoutes.openapi(
  createRoute({
    method: 'post', path: path('/rounds/{id}/criteria'), middleware: eventSetupToken, tags: schemeTags, summary: 'Add a criterion to a round',
    request: { ...params, body: body('CriterionInput') },
    responses: { 201: json(criterionSchema, 'The new criterion'), ...failures(404, 409, 422) },
  }),
  async (c) => {
    const id = unwrap(await commands.saveCriterion(c.get('db'), { roundId: c.req.valid('param').id }, await readJson(c)));
    return c.json(found((await schemeItemOf(c.get('db'), 'criterion', id)).criteria.find((x) => x.id === id)), 201);
  },
);

apiRoutes.openapi(
  createRoute({
    method: 'put', path: path('/criteria/{id}'), middleware: eventSetupToken, tags: schemeTags, summary: 'Update a criterion',
    request: { ...params, body: body('CriterionInput') },
    responses: { 200: json(criterionSchema, 'The criterion'), ...failures(404, 409, 422) },
  }),
  async (c) => {
    const id = unwrap(await commands.saveCriterion(c.get('db'), { criterionId: c.req.valid('param').id }, await readJson(c)));
    return c.json(found((await schemeItemOf(c.get('db'), 'criterion', id)).criteria.find((x) => x.id === id)), 200);
  },
);

apiRoutes.openapi(
  createRoute({
    method: 'post', path: path('/criteria/{id}/aspects'), middleware: eventSetupToken, tags: schemeTags, summary: 'Add an aspect to a criterion',
    request: { ...params, body: body('AspectInput') },
    responses: { 201: json(aspectSchema, 'The new aspect'), ...failures(404, 409, 422) },
  }),
  async (c) => {
    const id = unwrap(await commands.saveAspect(c.get('db'), { criterionId: c.req.valid('param').id }, await readJson(c)));
    return c.json(found((await schemeItemOf(c.get('db'), 'aspect', id)).aspects.find((x) => x.id === id)), 201);
  },
);

apiRoutes.openapi(
  createRoute({
    method: 'put', path: path('/aspects/{id}'), middleware: eventSetupToken, tags: schemeTags, summary: 'Update an aspect',
    request: { ...params, body: body('AspectInput') },
    responses: { 200: json(aspectSchema, 'The aspect'), ...failures(404, 409, 422) },
  }),
  async (c) => {
    const id = unwrap(await commands.saveAspect(c.get('db'), { aspectId: c.req.valid('param').id }, await readJson(c)));
    return c.json(found((await schemeItemOf(c.get('db'), 'aspect', id)).aspects.find((x) => x.id === id)), 200);
  },
);

for (const [kind, segment] of [
  ['round', 'rounds'],
  ['criterion', 'criteria'],
  ['aspect', 'aspects'],
] as const) {
  apiRoutes.openapi(
    createRoute({
      method: 'delete', path: path(`/${segment}/{id}`), middleware: eventSetupToken, tags: schemeTags, summary: `Delete a ${kind}`,
      request: params,
      responses: { 204: { description: 'Deleted' }, ...failures(404, 409) },
    }),
    async (c) => {
      unwrap(await commands.removeSchemeItem(c.get('db'), kind, c.req.valid('param').id));
      return c.body(null, 204);
    },
  );
}

registerRegistrationRoutes(apiRoutes);
registerJudgingRoutes(apiRoutes);
registerJudgeRoutes(apiRoutes);
registerPublicationRoutes(apiRoutes);
registerDisplayRoutes(apiRoutes);
registerResultRoutes(apiRoutes);
registerEntryStatusRoutes(apiRoutes);
registerScoreRoutes(apiRoutes);
registerStaffRoutes(apiRoutes);
registerEventStaffRoutes(apiRoutes);
registerFederationRoutes(apiRoutes);
registerPoolRoutes(apiRoutes);

// ─── the document, and JSON for everything else under /api ───────────────────

// No `servers`: paths are absolute, so clients resolve them against wherever they fetched this.
apiRoutes.get('/api/openapi.json', anyone, (c) => c.json(apiRoutes.getOpenAPI31Document({
  openapi: '3.1.0',
  info: {
    title: 'Jiangxin API',
    version: '1',
    description: 'Every organizer and judge action, for integration with union platforms: event setup, registration, the draw, judges and assignments, judging, results, publication, appeals, the big screen. Error messages follow Accept-Language (zh-CN or en). '
      + 'Any call may answer 503 with Retry-After while the database cannot take writes (locked by another process, disk full): nothing was changed, send it again after that many seconds.',
  },
  security: [{ bearerAuth: [] }],
})));

// Sub-apps' notFound handlers are not used by the parent app, so unknown /api paths are caught
// here. Without a token nothing under /api/v1 is revealed, not even whether a path exists.
const noSuchPath = () => {
  throw new ApiError(404, 'api.error.notFound');
};
apiRoutes.all('/api/v1/public/*', anyone, noSuchPath);
apiRoutes.all('/api/v1/judge/*', judgeToken, noSuchPath);
apiRoutes.all('/api/v1/*', organizerToken, noSuchPath);
apiRoutes.all('/api/*', anyone, noSuchPath);

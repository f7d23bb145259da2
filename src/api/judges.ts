import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { signIn } from '../auth/guards.ts';
import type { Db } from '../db/client.ts';
import { clientAddress } from '../http/client-address.ts';
import type { AppEnv } from '../http/env.ts';
import {
  addJudgeList,
  assignmentsInput,
  chiefJudgeInput,
  judgeOrganizationInput,
  judgesInput,
  resetPin,
  revokeSessions,
  saveAssignments,
  setChiefJudge,
  setOrganization,
  type IssuedPin,
} from '../judges/commands.ts';
import { judgeEventId, judgeRoster, skillAssignments } from '../judges/queries.ts';
import { judgeTokenInput, signInJudge } from '../judging/commands.ts';
import { judgeOfAccount } from '../judging/queries.ts';
import { eventSetupToken } from './auth.ts';
import { ApiError, errorBody } from './errors.ts';
import { bodyRef, failures, found, json, params, parseBody, path, readJson, unwrap } from './index.ts';
import { createApiToken } from './tokens.ts';

/**
 * Judges in the JSON API, as on the organizer's judge screens: the roster (numbers, PINs shown
 * once, organizations for recusal), new PINs, signing a judge out everywhere, each skill's chief
 * judge (裁判长) and who marks which round or aspects. And the judges' own way in without the
 * tablet's pages: event code + number + PIN exchanged for a judge's token, under the same
 * limits as the tablet's sign-in.
 */

const id = z.number().int().positive();

const requestBodies = {
  JudgesInput: judgesInput.extend({
    judges: judgesInput.shape.judges.openapi({ description: 'Numbered after the event\'s last judge, in this order. chief: added as 裁判长 (may chair a skill: see /skills/{id}/chief-judge). organizationId: the organization the judge comes from (recusal: never marks its entries); null for none competing.' }),
  }),
  JudgeOrganizationInput: judgeOrganizationInput,
  ChiefJudgeInput: chiefJudgeInput.extend({ judgeId: chiefJudgeInput.shape.judgeId.openapi({ description: 'A judge of the skill\'s event, or null for none.' }) }),
  AssignmentsInput: assignmentsInput.extend({
    chiefJudgeId: assignmentsInput.shape.chiefJudgeId.openapi({ description: 'Left out: the chief judge stays as is.' }),
    assignments: assignmentsInput.shape.assignments.openapi({ description: 'Every assignment of the skill: what is not listed is removed. aspectIds null: the whole round (every aspect, also ones added later).' }),
  }),
  JudgeTokenInput: judgeTokenInput.extend({
    eventCode: judgeTokenInput.shape.eventCode.openapi({ description: 'The event code for tablets (eventCode of /events/{id}/judges, on the PIN cards).', example: 'K7QM2D' }),
    number: judgeTokenInput.shape.number.openapi({ description: 'The judge\'s number.', example: 3 }),
    pin: judgeTokenInput.shape.pin.openapi({ description: 'The judge\'s PIN.' }),
    name: judgeTokenInput.shape.name.openapi({ description: 'Names the token in the judge\'s list at /judge/api-token (e.g. the device).', example: '3号工位平板' }),
  }),
} as const;
type BodyName = keyof typeof requestBodies;

const body = (name: BodyName) => bodyRef(name);

const judgeSchema = z
  .object({
    id,
    number: z.number().int(),
    name: z.string(),
    chief: z.boolean().openapi({ description: 'Added as 裁判长.' }),
    organizationId: id.nullable(),
    organizationName: z.string().nullable(),
    chiefOf: z.array(id).openapi({ description: 'The skills this judge chairs.' }),
  })
  .openapi('Judge');

const rosterSchema = z
  .object({
    eventId: id,
    eventCode: z.string().nullable().openapi({ description: 'The event code judges sign in with (tablet, /api/v1/judge/tokens); null before the first judge.' }),
    judges: z.array(judgeSchema),
  })
  .openapi('JudgeRoster');

const issuedPinSchema = z
  .object({ judgeId: id, number: z.number().int(), name: z.string(), pin: z.string().openapi({ description: 'Shown in this response only; stored hashed.' }) })
  .openapi('IssuedPin');

const pinsSchema = z
  .object({
    eventCode: z.string(),
    loginUrl: z.string().openapi({ description: 'The tablet\'s sign-in page.' }),
    judges: z.array(issuedPinSchema),
  })
  .openapi('IssuedPins');

const assignmentsSchema = z
  .object({
    skillId: id,
    chiefJudgeId: id.nullable(),
    rounds: z.array(z.object({
      roundId: id,
      roundName: z.string(),
      locked: z.boolean().openapi({ description: 'Once a round is locked, the assignments can no longer be replaced.' }),
      judges: z.array(z.object({
        judgeId: id,
        aspectIds: z.array(id).nullable().openapi({ description: 'null: the whole round.' }),
      })),
    })),
  })
  .openapi('SkillAssignments');

const judgeTokenSchema = z
  .object({
    token: z.string().openapi({ description: 'The bearer token (jx_…), shown in this response only. New PIN and "sign out everywhere" revoke it.' }),
    name: z.string(),
    prefix: z.string(),
    judge: z.object({ number: z.number().int(), name: z.string(), eventName: z.string() }),
  })
  .openapi('JudgeToken');

const roster = async (db: Db, eventId: number) => found(await judgeRoster(db, eventId));

async function judgeJson(db: Db, judgeId: number): Promise<z.output<typeof judgeSchema>> {
  const eventId = found(await judgeEventId(db, judgeId));
  return found((await roster(db, eventId)).judges.find((j) => j.id === judgeId));
}

/** PINs are in this response only: no cache keeps them. */
async function issuedPins<E extends AppEnv>(c: Context<E>, eventId: number, issued: IssuedPin[]) {
  c.header('Cache-Control', 'no-store');
  const { eventCode } = await roster(c.get('db'), eventId);
  return {
    eventCode: eventCode ?? '',
    loginUrl: new URL('/judge/login', c.req.url).toString(),
    judges: issued.map(({ judgeId, number, name, pin }) => ({ judgeId, number, name, pin })),
  };
}

export function registerJudgeRoutes(app: OpenAPIHono<AppEnv>): void {
  for (const [name, schema] of Object.entries(requestBodies)) app.openAPIRegistry.register(name, schema);
  const tags = ['Judges'];

  app.openapi(
    createRoute({
      method: 'get', path: path('/events/{id}/judges'), middleware: eventSetupToken, tags, summary: 'The judges of an event, by number',
      request: params,
      responses: { 200: json(rosterSchema, 'The roster and the event code'), ...failures(404) },
    }),
    async (c) => c.json(await roster(c.get('db'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: path('/events/{id}/judges'), middleware: eventSetupToken, tags, summary: 'Add judges, each with a new PIN',
      description: 'The PINs are in this response only (print them: the PIN cards of the judges screen show the same). Each judge signs in on a tablet with the event code, number and PIN, or gets a token at /api/v1/judge/tokens.',
      request: { ...params, body: body('JudgesInput') },
      responses: { 201: json(pinsSchema, 'The new judges with their PINs'), ...failures(404, 422) },
    }),
    async (c) => {
      const { id: eventId } = c.req.valid('param');
      const issued = unwrap(await addJudgeList(c.get('db'), eventId, await readJson(c), c.get('account').id));
      return c.json(await issuedPins(c, eventId, issued), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put', path: path('/judges/{id}/organization'), middleware: eventSetupToken, tags, summary: 'Set the organization a judge comes from (recusal)',
      request: { ...params, body: body('JudgeOrganizationInput') },
      responses: { 200: json(judgeSchema, 'The judge'), ...failures(404, 422) },
    }),
    async (c) => {
      const { id: judgeId } = c.req.valid('param');
      const { organizationId } = parseBody(judgeOrganizationInput, await readJson(c));
      unwrap(await setOrganization(c.get('db'), judgeId, organizationId, c.get('account').id));
      return c.json(await judgeJson(c.get('db'), judgeId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: path('/judges/{id}/pin'), middleware: eventSetupToken, tags, summary: 'Give a judge a new PIN',
      description: 'The old PIN stops working and whatever it opened is closed: the judge\'s sessions and API tokens. The new PIN is in this response only.',
      request: params,
      responses: { 200: json(pinsSchema, 'The judge with the new PIN'), ...failures(404) },
    }),
    async (c) => {
      const issued = unwrap(await resetPin(c.get('db'), c.get('loginThrottle'), c.req.valid('param').id, c.get('account').id));
      return c.json(await issuedPins(c, issued.eventId, [issued]), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: path('/judges/{id}/sign-out'), middleware: eventSetupToken, tags, summary: 'Sign a judge out everywhere',
      description: 'Ends every session of the judge and revokes the judge\'s API tokens (a lost tablet, a replaced judge). The PIN stays.',
      request: params,
      responses: { 200: json(z.object({ judgeId: id, sessionsEnded: z.number().int() }).openapi('JudgeSignedOut'), 'Signed out'), ...failures(404) },
    }),
    async (c) => {
      const { id: judgeId } = c.req.valid('param');
      const sessionsEnded = unwrap(await revokeSessions(c.get('db'), judgeId, c.get('account').id));
      return c.json({ judgeId, sessionsEnded }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: path('/skills/{id}/assignments'), middleware: eventSetupToken, tags, summary: 'A skill\'s chief judge and who marks which round or aspects',
      request: params,
      responses: { 200: json(assignmentsSchema, 'Per round, each assigned judge'), ...failures(404) },
    }),
    async (c) => c.json(found(await skillAssignments(c.get('db'), c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'put', path: path('/skills/{id}/assignments'), middleware: eventSetupToken, tags, summary: 'Replace a skill\'s judge assignments',
      description: 'Every assignment of the skill at once, as the assignment screen saves them. Refused (409) once a round of the skill is locked; nothing changes on a refusal.',
      request: { ...params, body: body('AssignmentsInput') },
      responses: { 200: json(assignmentsSchema, 'The assignments now'), ...failures(404, 409, 422) },
    }),
    async (c) => {
      const { id: skillId } = c.req.valid('param');
      const input = parseBody(assignmentsInput, await readJson(c));
      unwrap(await saveAssignments(c.get('db'), skillId, input.chiefJudgeId, input.assignments, c.get('account').id));
      return c.json(found(await skillAssignments(c.get('db'), skillId)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put', path: path('/skills/{id}/chief-judge'), middleware: eventSetupToken, tags, summary: 'Name a skill\'s chief judge (裁判长)',
      description: 'Possible after a lock too (a chief judge replaced): the chief judge locks rounds, sends sheets back and corrects marks with a reason.',
      request: { ...params, body: body('ChiefJudgeInput') },
      responses: { 200: json(assignmentsSchema, 'The skill\'s assignments with its chief judge'), ...failures(404, 422) },
    }),
    async (c) => {
      const { id: skillId } = c.req.valid('param');
      const { judgeId } = parseBody(chiefJudgeInput, await readJson(c));
      unwrap(await setChiefJudge(c.get('db'), skillId, judgeId, c.get('account').id));
      return c.json(found(await skillAssignments(c.get('db'), skillId)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: path('/judge/tokens'), middleware: signIn, tags: ['Judging'], summary: 'A judge\'s token for event code, number and PIN',
      description: 'For integrations that mark through /api/v1/judge/* without the tablet\'s pages. No bearer token needed: the PIN is the credential, '
        + 'and wrong ones are limited exactly as on the tablet\'s sign-in (the same counters per judge, per judge from one address, per address).',
      security: [],
      request: { body: body('JudgeTokenInput') },
      responses: {
        201: json(judgeTokenSchema, 'The token, shown once'),
        400: json(errorBody, 'Malformed JSON'),
        401: json(errorBody, 'The event code, judge number or PIN is wrong'),
        422: json(errorBody, 'Invalid input; see problems'),
        429: json(errorBody, 'Too many wrong PINs; try again after Retry-After seconds'),
      },
    }),
    async (c) => {
      const input = parseBody(judgeTokenInput, await readJson(c));
      const signedIn = await signInJudge(c.get('db'), { throttle: c.get('loginThrottle'), address: clientAddress(c) }, input.eventCode, input.number, input.pin);
      if (!signedIn.ok && signedIn.status === 429) {
        throw new ApiError(429, 'desk.api.tooManyPins', signedIn.problems, { 'Retry-After': String(signedIn.retryAfterSeconds) });
      }
      if (!signedIn.ok) throw new ApiError(401, 'judge.login.failed');
      const judge = found(await judgeOfAccount(c.get('db'), signedIn.accountId));
      const { token, row } = await createApiToken(c.get('db'), signedIn.accountId, input.name);
      c.header('Cache-Control', 'no-store');
      return c.json({ token, name: row.name, prefix: row.prefix, judge: { number: judge.number, name: judge.account.displayName, eventName: judge.event.name } }, 201);
    },
  );
}

import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { lockRound } from '../desk/commands.ts';
import { clientAddress } from '../http/client-address.ts';
import type { AppEnv } from '../http/env.ts';
import type { MessageKey } from '../i18n/index.ts';
import { markBatchInput, markInput, saveMarks, signSheetsWithPin, signSheetWithPin, type JudgeActor } from '../judging/commands.ts';
import { assignedAspectIds, judgeOfAccount, judgeSheets, roundContext, visibleEntries } from '../judging/queries.ts';
import { chairToken, judgeToken } from './auth.ts';
import { ApiError, errorBody } from './errors.ts';
import { bodyRef, found, json, params, parseBody, path, readJson, unwrap } from './index.ts';

/**
 * Judging in the JSON API. /api/v1/judge/* is for judges' own tokens only (a judge creates one
 * at /judge/api-token): the same marks batch and signatures as the tablet, with the same
 * idempotency keys and versions. A round's lock takes an organizer's token or the skill's chief
 * judge's. Codes only: nothing here names a contestant.
 */

const id = z.number().int().positive();
const markSchema = z
  .discriminatedUnion('state', [
    z.object({ state: z.literal('scored'), value: z.number() }),
    z.object({ state: z.literal('not_scored') }),
  ])
  .openapi('Mark', { description: '"not_scored" is an explicit "not scored", which is not the same as 0.' });

const requestBodies = {
  MarkBatchInput: markBatchInput.extend({
    deviceId: markBatchInput.shape.deviceId.openapi({ description: 'Names the device in the mark history (MarkChange).' }),
    marks: z.array(markInput.extend({
      key: markInput.shape.key.openapi({ description: 'Idempotency key made by the client, unique per write (8–100 characters) among this judge\'s writes; other judges\' keys never collide with it. A replay with the same key and the same mark is stored once and answered "duplicate"; the same key with a different code, aspect or mark is refused (judging.error.keyReused).' }),
      code: markInput.shape.code.openapi({ description: 'The entry\'s secret code from the draw.' }),
      mark: markSchema,
      baseVersion: markInput.shape.baseVersion.openapi({ description: 'The version of the mark the device last saw; 0 for none. A mark changed since then comes back "conflict" with the stored mark.' }),
      confirmed: markInput.shape.confirmed.openapi({ description: 'The judge confirmed a measured value far from the nominal (outside nominal ± 10 × the widest tolerance, e.g. 16 typed for 1.6 mm). Without it such a value is refused (mark.error.implausible, with nominal, low and high in params); ask the judge, then send the same mark with confirmed true.' }),
    })).min(1).max(500),
  }),
  SignoffInput: z.object({
    roundId: id,
    code: z.string().min(1).max(20),
    pin: z.string().min(1).max(12).openapi({ description: 'The judge\'s PIN: the signature.' }),
  }),
  SignAllInput: z.object({
    pin: z.string().min(1).max(12).openapi({ description: 'The judge\'s PIN: one signature for every complete sheet.' }),
  }),
} as const;
type BodyName = keyof typeof requestBodies;

const body = (name: BodyName) => bodyRef(name);

const markResultSchema = z
  .object({
    key: z.string(),
    aspectId: id,
    status: z.enum(['saved', 'duplicate', 'unchanged', 'conflict', 'refused']).openapi({
      description: 'saved: written; duplicate: this judge stored this key with this mark before (a replay); unchanged: the same mark is stored already; conflict: changed on another device since baseVersion (the stored mark is returned); refused: see error and message.',
    }),
    version: z.number().int().optional(),
    mark: markSchema.optional(),
    points: z.number().nullable().optional().openapi({ description: 'The points this one mark gives, at full precision.' }),
    error: z.string().optional().openapi({ description: 'Message catalogue key of a refusal, e.g. judging.error.locked.' }),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    message: z.string().optional().openapi({ description: 'The refusal in the request\'s language.' }),
  })
  .openapi('MarkResult');

const judgeRoundSchema = z
  .object({
    roundId: id,
    roundName: z.string(),
    skillName: z.string(),
    locked: z.boolean(),
    aspects: z.array(z.object({ id, code: z.string(), name: z.string(), criterionCode: z.string(), type: z.string(), maxMark: z.number() })),
    sheets: z.array(z.object({
      code: z.string(),
      signed: z.boolean(),
      marks: z.array(z.object({ aspectId: id, mark: markSchema, version: z.number().int() })),
    })).openapi({ description: 'The codes this judge marks (own organization\'s entries are left out: recusal), with the judge\'s own marks.' }),
  })
  .openapi('JudgeRound');

const lockSchema = z
  .object({ roundId: id, lockedAt: z.iso.datetime(), lockedBy: z.string() })
  .openapi('RoundLock');

/** Called inside registerJudgingRoutes(): `json` comes from index.ts, which imports this module. */
const judgeFailures = () => ({
  400: json(errorBody, 'Malformed JSON, or an invalid path parameter'),
  401: json(errorBody, 'Missing, unknown or revoked bearer token'),
  403: json(errorBody, 'The token is not a judge\'s (organizers\' tokens are refused here)'),
});

/** The judge behind the token; organizers never get this far (judgeToken). */
async function judgeActor<E extends AppEnv>(c: Context<E>): Promise<JudgeActor> {
  const judge = await judgeOfAccount(c.get('db'), c.get('account').id);
  if (!judge) throw new ApiError(403, 'desk.api.judgesOnly');
  return { accountId: judge.accountId, judgeId: judge.id, organizationId: judge.organizationId };
}

export function registerJudgingRoutes(app: OpenAPIHono<AppEnv>): void {
  for (const [name, schema] of Object.entries(requestBodies)) app.openAPIRegistry.register(name, schema);
  const tags = ['Judging'];

  app.openapi(
    createRoute({
      method: 'get', path: path('/judge/rounds/{id}'), middleware: judgeToken, tags, summary: 'A round as this judge marks it: assigned aspects, codes and own marks',
      description: 'For judges\' own tokens, which a judge creates at /judge/api-token (signed in with event code, number and PIN). Gives the aspect ids and codes that /judge/marks takes.',
      request: params,
      responses: { 200: json(judgeRoundSchema, 'The judge\'s sheets'), ...judgeFailures(), 404: json(errorBody, 'No such round, or not assigned to it') },
    }),
    async (c) => {
      const judge = await judgeActor(c);
      const context = found(await roundContext(c.get('db'), c.req.valid('param').id));
      const assigned = await assignedAspectIds(c.get('db'), judge.judgeId, context);
      if (assigned.length === 0) throw new ApiError(404, 'api.error.notFound');
      const sheets = await judgeSheets(c.get('db'), judge.judgeId, { context, assigned, visible: visibleEntries(context, judge) });
      return c.json({
        roundId: context.round.id, roundName: context.round.name, skillName: context.round.skillName, locked: context.round.lockedAt !== null,
        aspects: context.aspects.filter((a) => assigned.includes(a.id)).map((a) => ({ id: a.id, code: a.code, name: a.name, criterionCode: a.criterionCode, type: a.rule.type, maxMark: a.maxMark })),
        sheets: sheets.map((s) => ({ code: s.code, signed: s.signed, marks: s.marks })),
      }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: path('/judge/marks'), middleware: judgeToken, tags, summary: 'Save a batch of marks (the tablet\'s queue)',
      description: 'One transaction per batch. Each mark carries an idempotency key, so a batch replayed after a dropped connection is stored once, '
        + 'and the version the device last saw, so a mark changed on another device comes back as a conflict instead of being overwritten. '
        + 'Marks are refused one by one (locked round, not assigned, recused, signed sheet, invalid value) with the others saved.',
      request: { body: body('MarkBatchInput') },
      responses: {
        200: json(z.object({ results: z.array(markResultSchema) }), 'One result per mark, in order'),
        ...judgeFailures(),
        404: json(errorBody, 'No such round'),
        409: json(errorBody, 'The judge is not assigned to this round'),
        422: json(errorBody, 'Invalid input; see problems'),
      },
    }),
    async (c) => {
      const judge = await judgeActor(c);
      const batch = parseBody(markBatchInput, await readJson(c));
      const results = unwrap(await saveMarks(c.get('db'), judge, batch));
      const t = c.get('t');
      return c.json({ results: results.map((r) => (r.status === 'refused' ? { ...r, message: t(r.error as MessageKey, r.params) } : r)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: path('/judge/signoffs'), middleware: judgeToken, tags, summary: 'Sign a code\'s sheet with the judge\'s PIN',
      description: 'Only a complete sheet can be signed; from then on its marks are read-only to the judge until the chief judge sends it back. '
        + 'Signing a signed sheet again changes nothing. Wrong PINs are rate-limited like sign-in.',
      request: { body: body('SignoffInput') },
      responses: {
        200: json(z.object({ roundId: id, code: z.string(), signed: z.literal(true) }).openapi('Signoff'), 'Signed'),
        ...judgeFailures(),
        404: json(errorBody, 'No such round or code'),
        409: json(errorBody, 'The round is locked, or the sheet is incomplete'),
        422: json(errorBody, 'Invalid input or wrong PIN'),
        429: json(errorBody, 'Too many wrong PINs; try again later'),
      },
    }),
    async (c) => {
      const judge = await judgeActor(c);
      const input = parseBody(requestBodies.SignoffInput, await readJson(c));
      const outcome = await signSheetWithPin(c.get('db'), { throttle: c.get('loginThrottle'), address: clientAddress(c) }, judge, input.roundId, input.code, input.pin);
      if ('retryAfterSeconds' in outcome) {
        throw new ApiError(429, 'desk.api.tooManyPins', outcome.problems, { 'Retry-After': String(outcome.retryAfterSeconds) });
      }
      unwrap(outcome);
      return c.json({ roundId: input.roundId, code: input.code, signed: true as const }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: path('/judge/rounds/{id}/signoffs'), middleware: judgeToken, tags, summary: 'Sign all of this judge\'s complete sheets of a round with one PIN',
      description: 'The PIN is checked once; every complete sheet not yet signed is signed, each recorded as its own signature (as /judge/signoffs would). '
        + 'Sheets with marks missing are listed in incomplete and not signed; sheets signed before are listed in alreadySigned. '
        + 'A wrong PIN signs nothing and counts against the same limits as sign-in.',
      request: { ...params, body: body('SignAllInput') },
      responses: {
        200: json(z.object({
          roundId: id,
          signed: z.array(z.string()).openapi({ description: 'Codes signed by this request.' }),
          alreadySigned: z.array(z.string()),
          incomplete: z.array(z.object({ code: z.string(), missing: z.number().int().openapi({ description: 'Assigned aspects without a mark.' }) })),
        }).openapi('SignedSheets'), 'What was signed, and what was not'),
        ...judgeFailures(),
        404: json(errorBody, 'No such round'),
        409: json(errorBody, 'The round is locked'),
        422: json(errorBody, 'Invalid input or wrong PIN'),
        429: json(errorBody, 'Too many wrong PINs; try again later'),
      },
    }),
    async (c) => {
      const judge = await judgeActor(c);
      const roundId = c.req.valid('param').id;
      const input = parseBody(requestBodies.SignAllInput, await readJson(c));
      const outcome = await signSheetsWithPin(c.get('db'), { throttle: c.get('loginThrottle'), address: clientAddress(c) }, judge, roundId, 'all', input.pin);
      if ('retryAfterSeconds' in outcome) {
        throw new ApiError(429, 'desk.api.tooManyPins', outcome.problems, { 'Retry-After': String(outcome.retryAfterSeconds) });
      }
      return c.json({ roundId, ...unwrap(outcome) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: path('/rounds/{id}/lock'), middleware: chairToken, tags, summary: 'Lock a round (chief judge or organizer)',
      description: 'Refused (409) unless every expected mark is in, every sheet signed, every flagged judge spread re-marked or accepted and every aspect covered by a judge; '
        + 'every judgement aspect marked by the skill\'s judgesPerAspect after recusals, and no trimmed mean left with fewer than 3 scored marks; '
        + 'the refusal lists each thing in the way as a problem (field missing, flagged, unsigned, uncovered, undercovered or notComputable; codes, aspect codes and names, and judge numbers in its message). '
        + 'After the lock judges can no longer change marks, corrections need the chief judge and a reason, and the organizer may decrypt the round. '
        + 'A round whose scores are imported (scoring "imported") needs no draw, marks or signatures: it is refused until every competing entry has a score (field missing, bibs in the message), and then its scores can no longer change.',
      request: params,
      responses: {
        200: json(lockSchema, 'The round is locked'),
        400: json(errorBody, 'Invalid path parameter'),
        401: json(errorBody, 'Missing, unknown or revoked bearer token'),
        403: json(errorBody, 'Neither an organizer nor this skill\'s chief judge'),
        404: json(errorBody, 'No such round'),
        409: json(errorBody, 'Already locked, no draw yet, or something in the way; see problems'),
      },
    }),
    async (c) => {
      const roundId = c.req.valid('param').id;
      const { lockedAt } = unwrap(await lockRound(c.get('db'), { accountId: c.get('account').id }, roundId));
      return c.json({ roundId, lockedAt: lockedAt.toISOString(), lockedBy: c.get('account').displayName }, 200);
    },
  );
}

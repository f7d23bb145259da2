import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { changeEntryStatus, statusActions, statusChangeInput } from '../entry-status/commands.ts';
import { statusHistory } from '../entry-status/queries.ts';
import type { AppEnv } from '../http/env.ts';
import { chairTokenOf } from './auth.ts';
import { errorBody } from './errors.ts';
import { bodyRef, json, params, path, readJson, unwrap } from './index.ts';

/**
 * Entry status during the competition in the JSON API: disqualification (取消资格), withdrawal
 * mid-way (中途退赛), absence from one round (缺考) and their reversal, each with a reason, and
 * the skill's history of them. An organizer's token, or the token of the skill's chief judge,
 * who names entries by secret code (and round) only: the bib → code link stays sealed.
 */

const chairOfSkill = chairTokenOf('skill');
const tags = ['Entry status'];

const requestBodies = {
  EntryStatusInput: statusChangeInput.extend({
    action: z.enum(statusActions).openapi({
      description: 'disqualify (取消资格) and withdraw (中途退赛) a competing entry; reinstate puts a disqualified or withdrawn entry back to the status it had; '
        + 'absent records 缺考 for roundId (the entry checked in but did not take that round); clearAbsence removes it.',
    }),
    roundId: z.number().int().positive().optional().openapi({ description: 'Required for absent and clearAbsence, and with code (the round whose draw the code is from).' }),
    bib: z.string().optional().openapi({ description: 'The entry\'s bib (参赛证号). Organizers only.' }),
    code: z.string().optional().openapi({ description: 'The entry\'s secret code in roundId\'s draw: how the chief judge names entries.' }),
    reason: z.string().openapi({ description: 'Why (required, at most 500 characters); kept in the history and the audit log.' }),
  }),
} as const;

const body = bodyRef('EntryStatusInput');

const changeSchema = z
  .object({
    bib: z.string().optional().openapi({ description: 'Organizer tokens only.' }),
    codes: z.array(z.string()).openapi({ description: 'The entry\'s secret codes in the skill\'s draws in force.' }),
    roundId: z.number().int().nullable().openapi({ description: 'The round of an absence; null for disqualify, withdraw, reinstate.' }),
    from: z.string().openapi({ description: 'Entry status (registered, competed, disqualified, withdrawn) or, for a round, present / absent.' }),
    to: z.string(),
    reason: z.string(),
    at: z.iso.datetime(),
    by: z.string(),
  })
  .openapi('EntryStatusChange');

/** Called inside registerEntryStatusRoutes(): `json` comes from index.ts, which imports this module. */
const refusals = () => ({
  400: json(errorBody, 'Malformed JSON, or an invalid path parameter'),
  401: json(errorBody, 'Missing, unknown or revoked bearer token'),
  403: json(errorBody, 'Neither an organizer nor this skill\'s chief judge'),
  404: json(errorBody, 'No such skill, or no such entry or round in it (a chief judge naming an entry by bib gets 404 too)'),
});

export function registerEntryStatusRoutes(app: OpenAPIHono<AppEnv>): void {
  for (const [name, schema] of Object.entries(requestBodies)) app.openAPIRegistry.register(name, schema);

  app.openapi(
    createRoute({
      method: 'post', path: path('/skills/{id}/entry-status'), middleware: chairOfSkill, tags,
      summary: 'Record or reverse an entry\'s status (chief judge or organizer)',
      description: 'Judges\' marks are kept, never deleted. A disqualified or withdrawn entry has no total, rank or award; a round absence makes the entry unranked or scores that round 0, '
        + 'as the skill\'s roundAbsence setting says, and the round needs no marks or signatures from it to lock. Allowed while the event is in progress or published: '
        + 'a publication is a frozen snapshot, so a change after it reaches the public only through a new publication version (with a change note).',
      request: { ...params, body },
      responses: {
        200: json(changeSchema, 'Recorded'),
        ...refusals(),
        409: json(errorBody, 'Does not apply to the entry\'s current status, or the event is not in progress'),
        422: json(errorBody, 'No reason, no entry named, or an absence without its round; see problems'),
      },
    }),
    async (c) => {
      const skillId = c.req.valid('param').id;
      const account = c.get('account');
      const organizer = account.role === 'organizer';
      const change = unwrap(await changeEntryStatus(c.get('db'), { accountId: account.id, organizer }, skillId, await readJson(c)));
      const row = (await statusHistory(c.get('db'), skillId)).find((r) => r.id === change.id)!;
      return c.json(changeJson(row, organizer), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: path('/skills/{id}/entry-status'), middleware: chairOfSkill, tags,
      summary: 'The history of a skill\'s entry statuses, newest first',
      description: 'Append-only: who recorded what, when and why. The chief judge\'s token sees codes, not bibs.',
      request: params,
      responses: { 200: json(changeSchema.array(), 'Every change, newest first'), ...refusals },
    }),
    async (c) => {
      const skillId = c.req.valid('param').id;
      const organizer = c.get('account').role === 'organizer';
      return c.json((await statusHistory(c.get('db'), skillId)).map((r) => changeJson(r, organizer)), 200);
    },
  );
}

function changeJson(row: Awaited<ReturnType<typeof statusHistory>>[number], organizer: boolean): z.output<typeof changeSchema> {
  return {
    ...(organizer ? { bib: row.bib } : {}),
    codes: row.codes, roundId: row.roundId, from: row.from, to: row.to, reason: row.reason, at: row.at.toISOString(), by: row.by,
  };
}

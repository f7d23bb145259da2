import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { findSkill } from '../events/queries.ts';
import type { AppEnv } from '../http/env.ts';
import { issueDelegationLink } from '../registration/commands.ts';
import { appealInput, decideAppeal, decisionInput, fileAppeal, publicationInput, publishResults } from '../results/commands.ts';
import { appeals, type AppealRow } from '../results/queries.ts';
import { delegationToken, registrationToken, resultsToken } from './auth.ts';
import { errorBody } from './errors.ts';
import { bodyRef, failures, found, json, params, parseBody, path, readJson, unwrap } from './index.ts';
import { idText } from './schemas.ts';

/**
 * Publication (成绩公示) and arbitration (申诉 / 仲裁) in the JSON API, with the commands of the
 * results screens. Publishing answers with the new version's number and its address; the
 * version itself, frozen, is read at /skills/{id}/publications/{version}.
 *
 * Appeals are the delegation leader's: the private delegation link (/d/<token>) is the leader's
 * identity, so the API files them under that link too, never with an organizer's token (an
 * organizer filing would put words in a delegation's mouth). The organizer issues the link
 * (shown once) and decides each appeal once, with a reason.
 */

const id = z.number().int().positive();
const dateTime = z.iso.datetime();

const requestBodies = {
  PublicationInput: publicationInput.extend({
    appealUntil: publicationInput.shape.appealUntil.openapi({ description: 'ISO 8601 (with Z or an offset) or the venue\'s local time "2026-11-21T16:00". Appeals are accepted until then; must be in the future.', example: '2026-11-21T16:00:00+08:00' }),
    noticeUntil: publicationInput.shape.noticeUntil.openapi({ description: 'End of the notice period (公示期); not before appealUntil.', example: '2026-11-24T16:00:00+08:00' }),
    changeNote: publicationInput.shape.changeNote.openapi({ description: 'What changed and why. Required from version 2 on (a republication); empty for the first.' }),
  }),
  AppealDecisionInput: decisionInput.extend({
    reason: decisionInput.shape.reason.openapi({ description: 'The arbitration group\'s reasons (监督仲裁组), required.' }),
  }),
  DelegationLinkInput: z.object({
    deadline: publicationInput.shape.appealUntil.openapi({ description: 'Registration through the link closes then (ISO 8601 or the venue\'s local time). Appeals through it stay open until each publication\'s appealUntil.' }),
  }),
  AppealInput: appealInput.extend({
    bib: appealInput.shape.bib.openapi({ description: 'The bib (参赛证号) of one of the delegation\'s own entries, in the publication in force.' }),
    text: appealInput.shape.text.openapi({ description: 'The appeal, in writing.' }),
  }),
} as const;
type BodyName = keyof typeof requestBodies;

const body = (name: BodyName) => bodyRef(name);

const publishedSchema = z
  .object({ skillId: id, version: z.number().int(), href: z.string().openapi({ description: 'Where the frozen version is read (organizer token).' }) })
  .openapi('PublicationCreated');

const appealSchema = z
  .object({
    id,
    skillId: id,
    skillName: z.string(),
    version: z.number().int().openapi({ description: 'The publication version appealed against.' }),
    organizationId: id,
    organizationName: z.string(),
    entryBib: z.string(),
    entryName: z.string().openapi({ description: 'As published in that version.' }),
    text: z.string(),
    filedAt: dateTime,
    decidedAt: dateTime.nullable(),
    decision: z.enum(['upheld', 'rejected']).nullable(),
    decisionReason: z.string(),
    decidedBy: z.string().nullable(),
    laterVersions: z.array(z.number().int()).openapi({ description: 'Versions published after the filing: for an upheld appeal, the corrected results.' }),
  })
  .openapi('Appeal');

const appealListQuery = z.object({
  version: idText().optional().openapi({ param: { name: 'version', in: 'query' }, description: 'Only the appeals against this publication version.' }),
});

const appealParams = z.object({
  id: idText().openapi({ param: { name: 'id', in: 'path' }, example: '1' }),
  appealId: idText().openapi({ param: { name: 'appealId', in: 'path' }, example: '1' }),
});

const delegationParams = z.object({
  token: z.string().openapi({ param: { name: 'token', in: 'path' }, description: 'The token of the delegation\'s private link /d/<token>.' }),
});

const delegationLinkSchema = z
  .object({
    organizationId: id,
    token: z.string().openapi({ description: 'Shown in this response only. Any earlier link of the organization stops working.' }),
    url: z.string().openapi({ description: 'The private link to hand to the delegation leader.' }),
    deadline: dateTime,
  })
  .openapi('DelegationLink');

const filedSchema = z
  .object({ id, skillId: id, version: z.number().int() })
  .openapi('AppealFiled');

const appealJson = (a: AppealRow): z.output<typeof appealSchema> => ({
  ...a, filedAt: a.filedAt.toISOString(), decidedAt: a.decidedAt ? a.decidedAt.toISOString() : null,
});

export function registerPublicationRoutes(app: OpenAPIHono<AppEnv>): void {
  for (const [name, schema] of Object.entries(requestBodies)) app.openAPIRegistry.register(name, schema);
  const tags = ['Results'];
  const appealTags = ['Appeals'];

  app.openapi(
    createRoute({
      method: 'post', path: path('/skills/{id}/publications'), middleware: resultsToken, tags,
      summary: 'Publish a skill\'s results as the next version (成绩公示)',
      description: 'Freezes the results into an immutable snapshot. Refused (409) unless the event is in progress or published, every round is locked and no competing entry is incomplete. '
        + 'A second or later version supersedes the one in force (which stays readable) and needs a changeNote. Publishing does not move the event\'s stage.',
      request: { ...params, body: body('PublicationInput') },
      responses: { 201: json(publishedSchema, 'The new version'), ...failures(404, 409, 422) },
    }),
    async (c) => {
      const { id: skillId } = c.req.valid('param');
      const { version } = unwrap(await publishResults(c.get('db'), { accountId: c.get('account').id }, skillId, await readJson(c)));
      const href = path(`/skills/${skillId}/publications/${version}`);
      c.header('Location', href);
      return c.json({ skillId, version, href }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: path('/skills/{id}/appeals'), middleware: resultsToken, tags: appealTags,
      summary: 'A skill\'s appeals, oldest first, decided or not',
      request: { ...params, query: appealListQuery },
      responses: { 200: json(appealSchema.array(), 'The appeals'), ...failures(404) },
    }),
    async (c) => {
      const { id: skillId } = c.req.valid('param');
      const { version } = c.req.valid('query');
      const rows = await appeals(c.get('db'), { skillId });
      // An empty list is also the answer for a skill without appeals; only a missing skill is 404.
      if (rows.length === 0) found(await findSkill(c.get('db'), skillId));
      return c.json(rows.filter((a) => version === undefined || a.version === version).map(appealJson), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: path('/skills/{id}/appeals/{appealId}/decision'), middleware: resultsToken, tags: appealTags,
      summary: 'Decide an appeal: upheld or rejected, with a reason',
      description: 'Once per appeal (409 when decided already), audited. An upheld appeal is put right by the chief judge\'s correction and a new publication version with a change note.',
      request: { params: appealParams, body: body('AppealDecisionInput') },
      responses: { 200: json(appealSchema, 'The decided appeal'), ...failures(404, 409, 422) },
    }),
    async (c) => {
      const { id: skillId, appealId } = c.req.valid('param');
      unwrap(await decideAppeal(c.get('db'), { accountId: c.get('account').id }, skillId, appealId, await readJson(c)));
      return c.json(appealJson(found((await appeals(c.get('db'), { skillId })).find((a) => a.id === appealId))), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: path('/organizations/{id}/delegation-link'), middleware: registrationToken, tags: ['Registration'],
      summary: 'Issue an organization\'s private delegation link',
      description: 'The delegation leader registers the organization\'s contestants through it until the deadline and files appeals through it (web page /d/<token>, or POST /api/v1/delegations/{token}/appeals). Any earlier link stops working. The token is in this response only.',
      request: { ...params, body: body('DelegationLinkInput') },
      responses: { 201: json(delegationLinkSchema, 'The link'), ...failures(404, 422) },
    }),
    async (c) => {
      const { id: organizationId } = c.req.valid('param');
      const { deadline } = parseBody(requestBodies.DelegationLinkInput, await readJson(c));
      const token = unwrap(await issueDelegationLink(c.get('db'), organizationId, deadline, c.get('account').id));
      c.header('Cache-Control', 'no-store');
      return c.json({ organizationId, token, url: new URL(`/d/${token}`, c.req.url).toString(), deadline: deadline.toISOString() }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: path('/delegations/{token}/appeals'), middleware: delegationToken, tags: appealTags,
      summary: 'File an appeal (the delegation leader, under the delegation link)',
      description: 'About one of the delegation\'s own entries in the publication in force, until its appealUntil (409 after). No bearer token: the private link\'s token is the credential; an unknown or replaced one is 404. The same as the appeal form at /d/<token>/appeals.',
      security: [],
      request: { params: delegationParams, body: body('AppealInput') },
      responses: {
        201: json(filedSchema, 'Filed'),
        400: json(errorBody, 'Malformed JSON'),
        404: json(errorBody, 'No such delegation link'),
        409: json(errorBody, 'The appeal window has closed'),
        422: json(errorBody, 'Invalid input, or not one of the delegation\'s published entries'),
      },
    }),
    async (c) => {
      const { organization } = c.get('link');
      const filed = unwrap(await fileAppeal(c.get('db'), { id: organization.id, eventId: organization.eventId, name: organization.name }, await readJson(c)));
      return c.json(filed, 201);
    },
  );
}

import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { addFederation, inviteFederationAdministrator, renameFederation } from '../federations/commands.ts';
import { federationTree, type FederationSummary } from '../federations/queries.ts';
import { federationAddInput, federationAdministratorInput, federationInput } from '../federations/schemas.ts';
import type { IssuedPassword } from '../staff/commands.ts';
import type { AppEnv } from '../http/env.ts';
import { administratorToken } from './auth.ts';
import { bodyRef, failures, found, json, params, path, readJson, unwrap } from './index.ts';

/** The federation tree in the JSON API, as on /federations: administrators' tokens, from their own federation down. */

const federationSchema = z
  .object({
    id: z.number().int().positive(),
    name: z.string().openapi({ description: 'Empty for the root until it is named.' }),
    nameEn: z.string(),
    parentId: z.number().int().nullable(),
    depth: z.number().int().openapi({ description: '0 for the token\'s own federation, 1 directly below it, …' }),
    events: z.number().int(),
    administrators: z.array(z.string()),
  })
  .openapi('Federation');

const addedSchema = z
  .object({
    federationId: z.number().int().positive(),
    administrator: z.object({ id: z.number().int().positive(), username: z.string(), displayName: z.string() }),
    initialPassword: z.string().openapi({ description: 'In this response only; stored hashed. Works until initialPasswordUntil, and only to choose a password of one\'s own.' }),
    initialPasswordUntil: z.string(),
    loginUrl: z.string(),
  })
  .openapi('FederationAdministratorInvited');

const requestBodies = {
  FederationInput: federationInput,
  FederationAddInput: federationAddInput,
  FederationAdministratorInput: federationAdministratorInput,
} as const;

const treeJson = ({ own, below }: { own: FederationSummary; below: FederationSummary[] }) => [own, ...below];

function invitedJson<E extends AppEnv>(c: Context<E>, issued: IssuedPassword): z.output<typeof addedSchema> {
  c.header('Cache-Control', 'no-store');
  return {
    federationId: issued.federationId, administrator: { id: issued.id, username: issued.username, displayName: issued.displayName },
    initialPassword: issued.initialPassword, initialPasswordUntil: issued.until.toISOString(), loginUrl: new URL('/login', c.req.url).toString(),
  };
}

export function registerFederationRoutes(app: OpenAPIHono<AppEnv>): void {
  for (const [name, schema] of Object.entries(requestBodies)) app.openAPIRegistry.register(name, schema);
  const tags = ['Federations'];
  const middleware = administratorToken;

  app.openapi(
    createRoute({
      method: 'get', path: path('/federations'), middleware, tags, summary: 'The token\'s federation and those below it',
      description: 'Depth first: the own federation first (depth 0). Siblings and those above are not listed.',
      responses: { 200: json(federationSchema.array(), 'The federations'), ...failures() },
    }),
    async (c) => c.json(treeJson(await federationTree(c.get('db'), c.get('account').federationId)), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: path('/federations'), middleware, tags, summary: 'Add a federation below the token\'s, with its first administrator',
      description: 'Both are made or neither (a taken username: 422). The administrator gets an initial password, as an invited colleague does.',
      request: { body: bodyRef('FederationAddInput') },
      responses: { 201: json(addedSchema, 'The federation and its administrator\'s initial password'), ...failures(422) },
    }),
    async (c) => {
      const issued = unwrap(await addFederation(c.get('db'), c.get('account'), await readJson(c)));
      return c.json(invitedJson(c, issued), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put', path: path('/federations/{id}'), middleware, tags, summary: 'Rename the token\'s federation or one below it',
      request: { ...params, body: bodyRef('FederationInput') },
      responses: { 200: json(federationSchema, 'The federation'), ...failures(404, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      unwrap(await renameFederation(c.get('db'), c.get('account'), id, await readJson(c)));
      return c.json(found(treeJson(await federationTree(c.get('db'), c.get('account').federationId)).find((f) => f.id === id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: path('/federations/{id}/administrators'), middleware, tags, summary: 'Invite an administrator into a federation below that has none left',
      description: 'Only while the federation has no enabled administrator (409 otherwise: its own administrators invite their colleagues). Administrators of the token\'s own federation are invited with POST /api/v1/staff (409 here).',
      request: { ...params, body: bodyRef('FederationAdministratorInput') },
      responses: { 201: json(addedSchema, 'The administrator\'s initial password'), ...failures(404, 409, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const issued = unwrap(await inviteFederationAdministrator(c.get('db'), c.get('account'), id, await readJson(c)));
      return c.json(invitedJson(c, issued), 201);
    },
  );
}

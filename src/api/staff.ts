import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { inviteStaff, resetStaffPassword, setStaffDisabled, updateStaff, type IssuedPassword } from '../staff/commands.ts';
import { findStaff, listStaff, type StaffMember } from '../staff/queries.ts';
import { staffInviteInput, staffUpdateInput } from '../staff/schemas.ts';
import { administratorToken } from './auth.ts';
import { bodyRef, failures, found, json, params, path, readJson, unwrap } from './index.ts';

/**
 * The federation's organizer accounts in the JSON API, as on /staff: administrators' tokens only.
 * Initial passwords are in the answer that makes them, and nowhere else.
 */

const id = z.number().int().positive();

const requestBodies = {
  StaffInviteInput: staffInviteInput.extend({
    username: staffInviteInput.shape.username.openapi({ description: '3–32 of a–z 0–9 . _ - (folded to lower case); cannot change later.', example: 'li.na' }),
    isAdmin: staffInviteInput.shape.isAdmin.openapi({ description: 'May manage staff accounts and backups.' }),
  }),
  StaffUpdateInput: staffUpdateInput,
} as const;
type BodyName = keyof typeof requestBodies;

const body = (name: BodyName) => bodyRef(name);

const staffSchema = z
  .object({
    id,
    username: z.string(),
    displayName: z.string(),
    isAdmin: z.boolean(),
    state: z.enum(['active', 'invited', 'expired', 'disabled']).openapi({ description: 'invited: holds an initial password, valid until initialPasswordUntil; expired: it was not replaced in time (make a new one).' }),
    initialPasswordUntil: z.string().nullable(),
    disabledAt: z.string().nullable(),
    createdAt: z.string(),
    lastSeenAt: z.string().nullable().openapi({ description: 'The last request of an open session; null when none is open.' }),
  })
  .openapi('StaffMember');

const issuedSchema = z
  .object({
    member: staffSchema,
    initialPassword: z.string().openapi({ description: 'In this response only; stored hashed. Works until initialPasswordUntil, and only to choose a password of one\'s own.' }),
    loginUrl: z.string(),
  })
  .openapi('IssuedInitialPassword');

const iso = (date: Date | null) => date?.toISOString() ?? null;

function memberJson(member: StaffMember): z.output<typeof staffSchema> {
  return {
    id: member.id, username: member.username, displayName: member.displayName, isAdmin: member.isAdmin, state: member.state,
    initialPasswordUntil: iso(member.initialPasswordUntil), disabledAt: iso(member.disabledAt), createdAt: member.createdAt.toISOString(), lastSeenAt: iso(member.lastSeenAt),
  };
}

/** One of the administrator's federation's accounts (another federation's is 404). */
const member = async <E extends AppEnv>(c: Context<E>, memberId: number) => memberJson(found(await findStaff(c.get('db'), c.get('account')!.federationId, memberId)));

async function issuedJson<E extends AppEnv>(c: Context<E>, issued: IssuedPassword): Promise<z.output<typeof issuedSchema>> {
  c.header('Cache-Control', 'no-store');
  return { member: await member(c, issued.id), initialPassword: issued.initialPassword, loginUrl: new URL('/login', c.req.url).toString() };
}

export function registerStaffRoutes(app: OpenAPIHono<AppEnv>): void {
  for (const [name, schema] of Object.entries(requestBodies)) app.openAPIRegistry.register(name, schema);
  const tags = ['Staff'];
  const middleware = administratorToken;

  app.openapi(
    createRoute({
      method: 'get', path: path('/staff'), middleware, tags, summary: 'The organizer accounts',
      responses: { 200: json(staffSchema.array(), 'Administrators first, then by name; the disabled last'), ...failures() },
    }),
    async (c) => c.json((await listStaff(c.get('db'), c.get('account').federationId)).map(memberJson), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: path('/staff'), middleware, tags, summary: 'Invite a colleague',
      description: 'Creates an organizer account with an initial password that works for 7 days and opens only the page that replaces it.',
      request: { body: body('StaffInviteInput') },
      responses: { 201: json(issuedSchema, 'The account and its initial password'), ...failures(422) },
    }),
    async (c) => {
      const issued = unwrap(await inviteStaff(c.get('db'), await readJson(c), c.get('account')));
      return c.json(await issuedJson(c, issued), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: path('/staff/{id}'), middleware, tags, summary: 'One organizer account',
      request: params,
      responses: { 200: json(staffSchema, 'The account'), ...failures(404) },
    }),
    async (c) => c.json(await member(c, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'put', path: path('/staff/{id}'), middleware, tags, summary: 'Rename a colleague, or change whether he is an administrator',
      description: 'An administrator cannot remove his own administrator role (409).',
      request: { ...params, body: body('StaffUpdateInput') },
      responses: { 200: json(staffSchema, 'The account'), ...failures(404, 409, 422) },
    }),
    async (c) => {
      const { id: memberId } = c.req.valid('param');
      unwrap(await updateStaff(c.get('db'), memberId, await readJson(c), c.get('account')));
      return c.json(await member(c, memberId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: path('/staff/{id}/password'), middleware, tags, summary: 'Make a new initial password',
      description: 'The current password stops working and every session of the account ends; its API tokens stay (disable the account to stop them). Not for one\'s own account (409).',
      request: params,
      responses: { 200: json(issuedSchema, 'The account and its new initial password'), ...failures(404, 409) },
    }),
    async (c) => {
      const issued = unwrap(await resetStaffPassword(c.get('db'), c.req.valid('param').id, c.get('account')));
      return c.json(await issuedJson(c, issued), 200);
    },
  );

  for (const [action, disabled] of [['disable', true], ['enable', false]] as const) {
    app.openapi(
      createRoute({
        method: 'post', path: path(`/staff/{id}/${action}`), middleware, tags,
        summary: disabled ? 'Disable an account' : 'Enable an account again',
        description: disabled
          ? 'Its sessions end and its API tokens stop at once; what it did keeps its name. Not one\'s own account, and never the last enabled administrator (409).'
          : 'It signs in with the password it had; make a new initial password if that is unknown or expired.',
        request: params,
        responses: { 200: json(staffSchema, 'The account'), ...failures(404, 409) },
      }),
      async (c) => {
        const { id: memberId } = c.req.valid('param');
        unwrap(await setStaffDisabled(c.get('db'), memberId, disabled, c.get('account')));
        return c.json(await member(c, memberId), 200);
      },
    );
  }
}

import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { eventRoles } from '../domain/event-roles.ts';
import { removeEventStaff, setEventRole, staffActor } from '../event-staff/commands.ts';
import { listEventStaff, type EventStaffMember } from '../event-staff/queries.ts';
import { eventRoleInput } from '../event-staff/schemas.ts';
import type { EventStaffed } from '../auth/guards.ts';
import type { AppEnv } from '../http/env.ts';
import type { Context } from 'hono';
import { eventSetupToken } from './auth.ts';
import { bodyRef, failures, found, json, params, path, readJson, unwrap } from './index.ts';
import { idParams, idText } from './schemas.ts';

/** An event's staff in the JSON API, as on /events/:id/staff: tokens of those who set the event up. */

const memberParams = idParams.extend({ accountId: idText().openapi({ param: { name: 'accountId', in: 'path' }, example: '2' }) });

const memberSchema = z
  .object({
    accountId: z.number().int().positive(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(eventRoles).openapi({ description: 'organizer: sets up and runs the whole event; registration: organizations, contestants, check-in; results: scores, desk, publications, appeals, big screen. Both clerks see the event and its skills.' }),
    disabled: z.boolean().openapi({ description: 'The account is disabled: it keeps its place but cannot sign in.' }),
    addedBy: z.string().nullable(),
    since: z.string(),
  })
  .openapi('EventStaffMember');

const memberJson = (m: EventStaffMember): z.output<typeof memberSchema> => ({ ...m, since: m.since.toISOString() });

type Staffed = AppEnv & EventStaffed;
const actorOf = (c: Context<Staffed>) => staffActor(c.get('account'), c.get('duties'));

export function registerEventStaffRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.register('EventRoleInput', eventRoleInput);
  const tags = ['Events'];
  const middleware = eventSetupToken;

  app.openapi(
    createRoute({
      method: 'get', path: path('/events/{id}/staff'), middleware, tags, summary: 'Who has a role in the event',
      description: 'Administrators are not listed: they may do everything in every event.',
      request: params,
      responses: { 200: json(memberSchema.array(), 'Organizers first, then the registration and results clerks'), ...failures(404) },
    }),
    async (c) => c.json((await listEventStaff(c.get('db'), c.req.valid('param').id)).map(memberJson), 200),
  );

  app.openapi(
    createRoute({
      method: 'put', path: path('/events/{id}/staff/{accountId}'), middleware, tags, summary: 'Give a colleague a role in the event, or another one',
      description: 'An enabled organizer account that is not an administrator (422 otherwise). Only an administrator changes his own role (409). Setting the role already held changes nothing.',
      request: { params: memberParams, body: bodyRef('EventRoleInput') },
      responses: { 200: json(memberSchema, 'The colleague\'s place'), ...failures(404, 409, 422) },
    }),
    async (c) => {
      const { id: eventId, accountId } = c.req.valid('param');
      unwrap(await setEventRole(c.get('db'), actorOf(c as Context<Staffed>), eventId, accountId, await readJson(c)));
      return c.json(memberJson(found((await listEventStaff(c.get('db'), eventId)).find((m) => m.accountId === accountId))), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete', path: path('/events/{id}/staff/{accountId}'), middleware, tags, summary: 'Take a colleague\'s role in the event away',
      description: 'He no longer sees the event. Only an administrator removes himself (409).',
      request: { params: memberParams },
      responses: { 204: { description: 'Removed' }, ...failures(404, 409) },
    }),
    async (c) => {
      const { id: eventId, accountId } = c.req.valid('param');
      unwrap(await removeEventStaff(c.get('db'), actorOf(c as Context<Staffed>), eventId, accountId));
      return c.body(null, 204);
    },
  );
}

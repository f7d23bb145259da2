import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '../db/client.ts';
import { issueCodeCards } from '../draw/commands.ts';
import { findEvent } from '../events/queries.ts';
import type { AppEnv } from '../http/env.ts';
import { displaySettingsInput, MAX_INTERVAL, MIN_INTERVAL, saveDisplaySettings } from '../public/commands.ts';
import { currentPublications, displaySettings, rotation, type DisplaySettings } from '../public/queries.ts';
import { eventSetupToken, resultsToken } from './auth.ts';
import { failures, found, json, params, path, readJson, unwrap } from './index.ts';

/**
 * What the organizer prints and shows in the hall: the big screen's settings (大屏, the page at
 * /display/events/{id}) and the code cards of a draw for the person who places them at the
 * stations. Code cards carry the secret codes (二次加密), so each printing is audited.
 */

const id = z.number().int().positive();

const requestBodies = {
  DisplaySettingsInput: displaySettingsInput.extend({
    skillIds: displaySettingsInput.shape.skillIds.openapi({ description: 'Published skills to rotate through; empty for every published skill.' }),
    pinnedSkillId: displaySettingsInput.shape.pinnedSkillId.openapi({ description: 'Show only this skill (when published); null to rotate.' }),
    intervalSeconds: displaySettingsInput.shape.intervalSeconds.openapi({ description: `Seconds per skill, ${MIN_INTERVAL}–${MAX_INTERVAL}.` }),
    titleOnly: displaySettingsInput.shape.titleOnly.openapi({ description: 'Show the event title only (before the results, between ceremonies).' }),
  }),
} as const;

const displaySchema = z
  .object({
    eventId: id,
    skillIds: z.array(id),
    pinnedSkillId: id.nullable(),
    intervalSeconds: z.number().int(),
    titleOnly: z.boolean(),
    showing: z.array(id).openapi({ description: 'The skills on the screen now, in rotation order: published ones only.' }),
    url: z.string().openapi({ description: 'The big screen\'s page (no sign-in; published results only).' }),
  })
  .openapi('DisplaySettings');

const codeCardsSchema = z
  .object({
    drawId: id,
    skillId: id,
    skillName: z.string(),
    roundId: id.nullable(),
    roundName: z.string().nullable(),
    supersededAt: z.iso.datetime().nullable().openapi({ description: 'Set when a later draw replaced this one: these are not the cards at the stations.' }),
    cards: z.array(z.object({ station: z.number().int(), code: z.string().openapi({ description: 'The secret code judges mark under.' }) })),
  })
  .openapi('CodeCards');

async function displayJson(db: Db, eventId: number, settings: DisplaySettings, url: string): Promise<z.output<typeof displaySchema>> {
  const shown = rotation(await currentPublications(db, eventId), settings).map((p) => p.skillId);
  return { eventId, ...settings, showing: shown, url };
}

export function registerDisplayRoutes(app: OpenAPIHono<AppEnv>): void {
  for (const [name, schema] of Object.entries(requestBodies)) app.openAPIRegistry.register(name, schema);
  const tags = ['Big screen and printouts'];
  const screenUrl = (requestUrl: string, eventId: number) => new URL(`/display/events/${eventId}`, requestUrl).toString();

  app.openapi(
    createRoute({
      method: 'get', path: path('/events/{id}/display'), middleware: resultsToken, tags, summary: 'The big screen\'s settings',
      request: params,
      responses: { 200: json(displaySchema, 'The settings and what is on the screen now'), ...failures(404) },
    }),
    async (c) => {
      const { id: eventId } = c.req.valid('param');
      found(await findEvent(c.get('db'), eventId));
      return c.json(await displayJson(c.get('db'), eventId, await displaySettings(c.get('db'), eventId), screenUrl(c.req.url, eventId)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put', path: path('/events/{id}/display'), middleware: resultsToken, tags, summary: 'Replace the big screen\'s settings',
      description: 'Open screens follow at once. Audited.',
      request: { ...params, body: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/DisplaySettingsInput' } } } } },
      responses: { 200: json(displaySchema, 'The settings now'), ...failures(404, 422) },
    }),
    async (c) => {
      const { id: eventId } = c.req.valid('param');
      const settings = unwrap(await saveDisplaySettings(c.get('db'), eventId, await readJson(c), c.get('account').id));
      return c.json(await displayJson(c.get('db'), eventId, settings, screenUrl(c.req.url, eventId)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: path('/draws/{id}/code-cards'), middleware: eventSetupToken, tags, summary: 'A draw\'s code cards: station → secret code, no names',
      description: 'For the person who prints the cards placed at the stations (the same as the printout at /draws/{id}/code-cards). Never give them to judges. Each call is recorded in the audit log.',
      request: params,
      responses: { 200: json(codeCardsSchema, 'The cards, by station'), ...failures(404) },
    }),
    async (c) => {
      const cards = unwrap(await issueCodeCards(c.get('db'), c.req.valid('param').id, c.get('account').id));
      c.header('Cache-Control', 'no-store');
      const { eventName: _event, ...shown } = cards;
      return c.json({ ...shown, supersededAt: cards.supersededAt ? cards.supersededAt.toISOString() : null }, 200);
    },
  );
}

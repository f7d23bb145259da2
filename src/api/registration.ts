import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { recordAudit } from '../audit/record.ts';
import { recordAttendance } from '../checkin/commands.ts';
import type { Db } from '../db/client.ts';
import { skillLevels } from '../domain/contestant-sheet.ts';
import { drawLots } from '../draw/commands.ts';
import * as draws from '../draw/queries.ts';
import { findEvent } from '../events/queries.ts';
import type { AppEnv } from '../http/env.ts';
import * as commands from '../registration/commands.ts';
import * as queries from '../registration/queries.ts';
import { attendanceInput, contestantInput, drawInput, organizationInput } from '../registration/schemas.ts';
import { eventSetupToken, registrationToken, resultsToken } from './auth.ts';
import { ApiError } from './errors.ts';
import { bodyRef, failures, found, json, params, parseBody, path, readJson, unwrap } from './index.ts';
import { idText } from './schemas.ts';

/**
 * Registration, check-in and the draw of lots in the JSON API (organizer tokens only, enforced
 * by the middleware on /api/v1/*). Handlers map command outcomes; the rules live in the commands.
 *
 * 二次加密: no response here carries a secret code, nor the draw's seed while any code it
 * produced is still secret (the seed replays the draw, codes included). Codes leave the server
 * on the printed code cards and, once a round is locked, through its decryption.
 */

// ─── documented shapes ───────────────────────────────────────────────────────

const id = z.number().int().positive();
const dateTime = z.iso.datetime().nullable();
const iso = (date: Date | null) => (date ? date.toISOString() : null);

const privateNote = 'Personal data: returned in full because this API serves the organizer\'s own registration records; '
  + 'every screen outside the organizer\'s shows it masked. Store and forward it only as the law on personal information allows.';

/** Request bodies, documented by reference like the event-setup ones (the commands validate them). */
const requestBodies = {
  OrganizationInput: organizationInput,
  ContestantInput: contestantInput.extend({
    idNumber: contestantInput.shape.idNumber.openapi({
      description: 'Mainland resident ID number (GB 11643, 18 characters, check character verified; HK/Macao/Taiwan residence permits accepted). Must agree with gender. One registration per person and event.',
      example: '330902198503150014',
    }),
    phone: contestantInput.shape.phone.openapi({ description: 'Mobile or landline; optional.', example: '13800138000' }),
    entries: contestantInput.shape.entries.openapi({
      description: 'The skills entered, each with a bib (参赛证号) unique in the event; a blank bib gets the next free number. More than one skill only if the event allows it. On update, a skill left out is removed while its entry has nothing attached; '
        + 'an entry that already has a draw, marks, signatures or a status history is kept and withdrawn (中途退赛, recorded in its status history and the audit log), never deleted.',
    }),
  }),
  AttendanceInput: attendanceInput,
  DrawInput: drawInput.extend({
    roundId: z.number().int().positive().nullable().openapi({ description: 'A round whose stations are drawn separately, or null for the whole skill.' }),
    reason: z.string().optional().openapi({ description: 'Required when the skill (or round) has been drawn already: the redo supersedes that draw, which stays on record.' }),
  }),
} as const;
type BodyName = keyof typeof requestBodies;

const body = (name: BodyName) => bodyRef(name);

const organizationSchema = z
  .object({
    id,
    name: z.string(),
    nameEn: z.string().openapi({ description: 'For the English pages and certificates; empty: the Chinese name shows there too.' }),
    contactName: z.string(),
    contactPhone: z.string().openapi({ description: 'The delegation contact\'s phone, in full (organizer data).' }),
    contestantCount: z.number().int(),
    hasLink: z.boolean().openapi({ description: 'Whether a delegation registration link is active. The link itself is shown once, on the organizer\'s screen.' }),
    linkDeadline: dateTime,
    submittedAt: dateTime.openapi({ description: 'When the delegation leader declared the list complete.' }),
    approvedAt: dateTime.openapi({ description: 'When the organizer approved the list; null while a change by the delegation awaits review. Lots are drawn only for approved lists.' }),
  })
  .openapi('Organization');

const entrySchema = z
  .object({
    id,
    skillId: id,
    skillName: z.string(),
    bib: z.string(),
    status: z.string().openapi({ description: 'registered, competed, dns (absent at check-in), disqualified or withdrawn.' }),
    attendance: z.enum(['present', 'absent']).nullable().openapi({ description: 'Check-in; null until checked.' }),
    team: z.string().nullable().openapi({ description: 'The entry\'s team in a team skill; null in other skills or before one is named.' }),
  })
  .openapi('Entry');

const contestantSchema = z
  .object({
    id,
    name: z.string(),
    nameLatin: z.string().openapi({ description: 'The name in Latin letters as typed; empty when the English pages use the pinyin of the name.' }),
    gender: z.enum(['male', 'female']),
    idNumber: z.string().openapi({ description: `Full ID number. ${privateNote}` }),
    birthDate: z.iso.date().openapi({ description: 'From the ID number.' }),
    phone: z.string().openapi({ description: `Full phone number, or empty. ${privateNote}` }),
    skillLevel: z.enum(skillLevels),
    organizationId: id,
    organizationName: z.string(),
    hasPhoto: z.boolean().openapi({ description: 'Whether a ticket photo was uploaded (the photo itself is served at /contestants/{id}/photo to signed-in organizers).' }),
    entries: z.array(entrySchema),
  })
  .openapi('Contestant');

const checkInSchema = z
  .object({
    entryId: id,
    bib: z.string(),
    name: z.string(),
    organizationName: z.string(),
    skillName: z.string(),
    attendance: z.enum(['present', 'absent']).nullable(),
    status: z.string(),
  })
  .openapi('CheckIn');

const drawSchema = z
  .object({
    id,
    skillId: id,
    roundId: id.nullable().openapi({ description: 'The round drawn separately, or null for the whole skill.' }),
    roundName: z.string().nullable(),
    drawnAt: z.iso.datetime(),
    drawnBy: z.string(),
    reason: z.string().openapi({ description: 'Why an earlier draw was redone; empty for a first draw.' }),
    supersedes: id.nullable().openapi({ description: 'The draw this one replaced, if it is a redo.' }),
    supersededAt: dateTime.openapi({ description: 'Set when a later draw replaced this one; null for the draw in force.' }),
    seedSha256: z.string().openapi({ description: 'SHA-256 (hex) of the random seed: a commitment that lets an auditor check the seed revealed later.' }),
    seed: z.string().nullable().openapi({
      description: 'The 32-byte random seed (hex) the draw was derived from. Replaying it reproduces the secret codes, so it is null until every round the draw applies to is locked (the round drawn, or for a whole-skill draw all of the skill\'s rounds).',
    }),
  })
  .openapi('Draw');

const seatSchema = z.object({ station: z.number().int(), entryId: id, bib: z.string() }).openapi('Seat');

const drawResultSchema = drawSchema
  .extend({ seating: z.array(seatSchema).openapi({ description: 'Who sits at which station. Never the codes: those are printed on the code cards only.' }) })
  .openapi('DrawResult');

const decryptionSchema = z
  .object({
    roundId: id,
    roundName: z.string(),
    skillId: id,
    skillName: z.string(),
    rows: z.array(
      z.object({ code: z.string(), station: z.number().int(), bib: z.string(), name: z.string(), organizationName: z.string() }),
    ),
  })
  .openapi('Decryption');

const contestantListQuery = z.object({
  organizationId: idText()
    .optional()
    .openapi({ param: { name: 'organizationId', in: 'query' }, description: 'Only this organization\'s contestants.' }),
});

// ─── reading back what a command saved ───────────────────────────────────────

type OrganizationJson = z.output<typeof organizationSchema>;
type ContestantJson = z.output<typeof contestantSchema>;
type DrawJson = z.output<typeof drawSchema>;

async function organizationJson(db: Db, organizationId: number): Promise<OrganizationJson> {
  const { eventId: _eventId, ...row } = found(await queries.findOrganization(db, organizationId));
  return { ...row, linkDeadline: iso(row.linkDeadline), submittedAt: iso(row.submittedAt), approvedAt: iso(row.approvedAt) };
}

async function contestantJson(db: Db, contestantId: number): Promise<ContestantJson> {
  const row = found(await queries.findContestant(db, contestantId));
  return toContestantJson(row);
}

function toContestantJson(row: queries.ContestantRow): ContestantJson {
  // Attendance is written only by recordAttendance, which takes 'present' | 'absent'.
  return { ...row, entries: row.entries.map((e) => ({ ...e, attendance: e.attendance as 'present' | 'absent' | null })) };
}

/** The event a contestant belongs to, for commands that take it. */
async function contestantEventId(db: Db, contestantId: number): Promise<number> {
  return found(await db.contestant.findUnique({ where: { id: contestantId }, select: { eventId: true } })).eventId;
}

/** A skill's draws, newest first, as JSON. */
async function drawList(db: Db, skillId: number): Promise<DrawJson[]> {
  const history = await draws.drawHistory(db, skillId);
  return history.map((draw) => ({
    id: draw.id,
    skillId,
    roundId: draw.roundId,
    roundName: draw.roundName,
    drawnAt: draw.drawnAt.toISOString(),
    drawnBy: draw.drawnBy,
    reason: draw.reason,
    supersedes: draw.supersedes,
    supersededAt: iso(draw.supersededAt),
    seedSha256: draw.seedSha256,
    seed: draw.seed,
  }));
}

/** Station, entry and bib: enough to seat people, and nothing of the codes. */
async function seatingOf(db: Db, drawId: number) {
  const rows = await db.drawAssignment.findMany({
    where: { drawId },
    orderBy: { station: 'asc' },
    select: { station: true, entryId: true, entry: { select: { bib: true } } },
  });
  return rows.map((r) => ({ station: r.station, entryId: r.entryId, bib: r.entry.bib }));
}

// ─── routes ──────────────────────────────────────────────────────────────────

export function registerRegistrationRoutes(app: OpenAPIHono<AppEnv>): void {
  for (const [name, schema] of Object.entries(requestBodies)) app.openAPIRegistry.register(name, schema);

  const registrationTags = ['Registration'];
  const organizer = (accountId: number) => ({ kind: 'organizer' as const, accountId });

  // ─── organizations ─────────────────────────────────────────────────────────

  app.openapi(
    createRoute({
      method: 'get', path: path('/events/{id}/organizations'), middleware: registrationToken, tags: registrationTags, summary: 'The organizations (参赛单位) of an event',
      request: params,
      responses: { 200: json(organizationSchema.array(), 'Organizations by name'), ...failures(404) },
    }),
    async (c) => {
      const { id: eventId } = c.req.valid('param');
      found(await findEvent(c.get('db'), eventId));
      const rows = await queries.listOrganizations(c.get('db'), eventId);
      return c.json(rows.map((row) => ({ ...row, linkDeadline: iso(row.linkDeadline), submittedAt: iso(row.submittedAt), approvedAt: iso(row.approvedAt) })), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: path('/events/{id}/organizations'), middleware: registrationToken, tags: registrationTags,
      summary: 'Add an organization', description: 'An organization the organizer adds is approved as it stands.',
      request: { ...params, body: body('OrganizationInput') },
      responses: { 201: json(organizationSchema, 'The new organization'), ...failures(404, 422) },
    }),
    async (c) => {
      const id = unwrap(await commands.saveOrganization(c.get('db'), c.req.valid('param').id, null, await readJson(c)));
      return c.json(await organizationJson(c.get('db'), id), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put', path: path('/organizations/{id}'), middleware: registrationToken, tags: registrationTags, summary: 'Update an organization',
      request: { ...params, body: body('OrganizationInput') },
      responses: { 200: json(organizationSchema, 'The organization'), ...failures(404, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { eventId } = found(await c.get('db').organization.findUnique({ where: { id }, select: { eventId: true } }));
      unwrap(await commands.saveOrganization(c.get('db'), eventId, id, await readJson(c), c.get('account').id));
      return c.json(await organizationJson(c.get('db'), id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: path('/organizations/{id}/approve'), middleware: registrationToken, tags: registrationTags,
      summary: 'Approve an organization\'s list', description: 'Recorded in the audit log. A later change through the delegation link withdraws the approval.',
      request: params,
      responses: { 200: json(organizationSchema, 'The approved organization'), ...failures(404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      unwrap(await commands.approveOrganization(c.get('db'), id, c.get('account').id));
      return c.json(await organizationJson(c.get('db'), id), 200);
    },
  );

  // ─── contestants ───────────────────────────────────────────────────────────

  const contestantNote = 'Responses carry full ID and phone numbers: this is the organizer\'s own registration data (see the Contestant schema).';

  app.openapi(
    createRoute({
      method: 'get', path: path('/events/{id}/contestants'), middleware: registrationToken, tags: registrationTags,
      summary: 'The contestants of an event, with their entries', description: contestantNote,
      request: { ...params, query: contestantListQuery },
      responses: { 200: json(contestantSchema.array(), 'Contestants by organization and name'), ...failures(404) },
    }),
    async (c) => {
      const { id: eventId } = c.req.valid('param');
      found(await findEvent(c.get('db'), eventId));
      const { organizationId } = c.req.valid('query');
      const rows = await queries.listContestants(c.get('db'), eventId, organizationId ? { organizationId } : {});
      return c.json(rows.map(toContestantJson), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: path('/events/{id}/contestants'), middleware: registrationToken, tags: registrationTags,
      summary: 'Register a contestant with their entries',
      description: `Only while the event is a draft or open for registration. ${contestantNote}`,
      request: { ...params, body: body('ContestantInput') },
      responses: { 201: json(contestantSchema, 'The new contestant'), ...failures(404, 409, 422) },
    }),
    async (c) => {
      const id = unwrap(await commands.saveContestant(c.get('db'), c.req.valid('param').id, null, await readJson(c), organizer(c.get('account').id)));
      return c.json(await contestantJson(c.get('db'), id), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: path('/contestants/{id}'), middleware: registrationToken, tags: registrationTags, summary: 'A contestant with their entries', description: contestantNote,
      request: params,
      responses: { 200: json(contestantSchema, 'The contestant'), ...failures(404) },
    }),
    async (c) => c.json(await contestantJson(c.get('db'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'put', path: path('/contestants/{id}'), middleware: registrationToken, tags: registrationTags,
      summary: 'Update a contestant and their entries',
      description: `Only while the event is a draft or open for registration. ${contestantNote}`,
      request: { ...params, body: body('ContestantInput') },
      responses: { 200: json(contestantSchema, 'The contestant'), ...failures(404, 409, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const eventId = await contestantEventId(c.get('db'), id);
      unwrap(await commands.saveContestant(c.get('db'), eventId, id, await readJson(c), organizer(c.get('account').id)));
      return c.json(await contestantJson(c.get('db'), id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete', path: path('/contestants/{id}'), middleware: registrationToken, tags: registrationTags,
      summary: 'Delete a contestant and their entries', description: 'Only while the event is a draft or open for registration.',
      request: params,
      responses: { 204: { description: 'Deleted' }, ...failures(404, 409) },
    }),
    async (c) => {
      unwrap(await commands.removeContestant(c.get('db'), c.req.valid('param').id, organizer(c.get('account').id)));
      return c.body(null, 204);
    },
  );

  // ─── check-in ──────────────────────────────────────────────────────────────

  app.openapi(
    createRoute({
      method: 'post', path: path('/entries/{id}/attendance'), middleware: registrationToken, tags: ['Check-in'],
      summary: 'Check an entry in (检录)',
      description: 'Only while the event is in progress, and until lots are drawn for the skill. An absent entry becomes dns (弃权). `last4`, when given, must match the end of the ID number; a skill that checks identity (identityCheck) requires it for "present" (422 otherwise, nothing recorded).',
      request: { ...params, body: body('AttendanceInput') },
      responses: { 200: json(checkInSchema, 'The entry at the check-in desk'), ...failures(404, 409, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { attendance, last4 } = parseBody(attendanceInput, await readJson(c));
      unwrap(await recordAttendance(c.get('db'), id, attendance, c.get('account').id, last4 !== undefined ? { last4 } : undefined));
      // The desk's photo fields are the screen's; the API's entry stays as documented.
      const { contestantId: _contestant, hasPhoto: _photo, identityCheck: _identity, ...row } = found(await queries.checkInRow(c.get('db'), id));
      return c.json({ ...row, attendance: row.attendance as 'present' | 'absent' | null }, 200);
    },
  );

  // ─── the draw ──────────────────────────────────────────────────────────────

  const drawTags = ['Draw'];

  app.openapi(
    createRoute({
      method: 'post', path: path('/skills/{id}/draw'), middleware: eventSetupToken, tags: drawTags,
      summary: 'Draw lots (抽签) for a skill or one of its rounds',
      description: 'Every present entry gets a station and a secret code, from a fresh cryptographic seed that is recorded with who and when. '
        + 'Needs the event in progress, everyone checked in and every list approved. Drawing again needs a reason and supersedes the draw in force, which stays on record. '
        + 'The response never contains the codes (二次加密): print the code cards (GET /api/v1/draws/{id}/code-cards, audited, or the organizer\'s screen); names are matched to codes by the decryption of a locked round.',
      request: { ...params, body: body('DrawInput') },
      responses: { 201: json(drawResultSchema, 'The new draw and its seating'), ...failures(404, 409, 422) },
    }),
    async (c) => {
      const skillId = c.req.valid('param').id;
      const input = parseBody(drawInput, await readJson(c));
      const drawId = unwrap(await drawLots(c.get('db'), skillId, input, c.get('account').id));
      const draw = found((await drawList(c.get('db'), skillId)).find((d) => d.id === drawId));
      return c.json({ ...draw, seating: await seatingOf(c.get('db'), drawId) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: path('/skills/{id}/draws'), middleware: eventSetupToken, tags: drawTags, summary: 'A skill\'s draws, newest first, superseded ones included',
      request: params,
      responses: { 200: json(drawSchema.array(), 'Every draw of the skill'), ...failures(404) },
    }),
    async (c) => {
      const skillId = c.req.valid('param').id;
      found(await c.get('db').skill.findUnique({ where: { id: skillId }, select: { id: true } }));
      return c.json(await drawList(c.get('db'), skillId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: path('/rounds/{id}/decryption'), middleware: resultsToken, tags: drawTags,
      summary: 'Decrypt a locked round: which contestant had which code',
      description: 'Refused (409) until the chief judge has locked the round. Each decryption is recorded in the audit log. Uses the round\'s own draw in force, else the skill\'s.',
      request: params,
      responses: { 200: json(decryptionSchema, 'Code → contestant, by code'), ...failures(404, 409) },
    }),
    async (c) => {
      const round = found(await c.get('db').round.findUnique({ where: { id: c.req.valid('param').id }, include: { skill: true } }));
      const rows = await draws.decryption(c.get('db'), round.id);
      if (rows === null) throw new ApiError(409, 'api.error.conflict', [{ field: '', key: 'draw.error.notLocked' }]);
      await recordAudit(c.get('db'), { accountId: c.get('account').id, eventId: round.skill.eventId, action: 'decrypt', subject: `${round.skill.name} · ${round.name}` });
      return c.json({ roundId: round.id, roundName: round.name, skillId: round.skillId, skillName: round.skill.name, rows }, 200);
    },
  );
}

import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { anyone } from '../auth/guards.ts';
import { checkCertificate, type Award } from '../certificates/queries.ts';
import { figureNames, type Figures } from '../domain/annual-figures.ts';
import { maskName, normaliseVerificationCode } from '../domain/certificate-number.ts';
import { maskIdNumber } from '../domain/id-number.ts';
import { noFilter, type PoolFilter, type PoolPerson } from '../domain/talent-pool.ts';
import { annualFigures } from '../figures/queries.ts';
import type { AppEnv } from '../http/env.ts';
import { pageOf, personRecord, poolFilter, searchPool } from '../pool/queries.ts';
import { administratorToken, eventViewerToken, organizerToken } from './auth.ts';
import { ApiError, errorBody } from './errors.ts';
import { bodyRef, failures, found, json, params, parseBody, path, readJson, unwrap } from './index.ts';
import { decideMatch, matchDecisions } from '../pool/commands.ts';
import { MAX_ID } from '../http/ids.ts';

/**
 * The year-round view in the JSON API: the talent pool and a person's record (as on /pool), the
 * annual figures (as on /figures), and the public check of a certificate's code (as /verify).
 */

const text = (description: string) => z.string().max(60).optional().openapi({ description });
const poolQuery = z.object({
  q: text('Part of the name, or the ID number\'s last 4 digits or more.'),
  trade: text('Part of a skill\'s name.'),
  organization: text('Part of an organization\'s name.'),
  title: text('A title held, whole (技术能手).'),
  grade: text('A grade reached: apprentice, junior, intermediate, senior, technician, senior_technician, special_technician, chief_technician.'),
  year: z.string().regex(/^(19|20)\d\d$/, 'validation.invalid').optional().openapi({ description: 'Results of this year only.' }),
  page: z.string().regex(/^[1-9][0-9]{0,5}$/, 'validation.invalid').optional().openapi({ description: '50 people per page, from 1.' }),
});

const resultSchema = z.object({
  year: z.number().int(), eventId: z.number().int(), eventName: z.string(), skillId: z.number().int(), skillName: z.string(), organization: z.string(),
  status: z.string(), rank: z.number().int().nullable(), prize: z.number().int().nullable(), titles: z.array(z.string()),
  promotion: z.object({ from: z.string(), to: z.string() }).nullable(),
  publicationVersion: z.number().int(), publishedAt: z.string(),
}).openapi('PoolResult');

const personSchema = z.object({
  key: z.number().int().openapi({ description: 'The contestant id of his latest contest: GET /api/v1/pool/contestants/{key}.' }),
  name: z.string(), idNumber: z.string().openapi({ description: 'Masked: 330902********1234.' }), gender: z.string(), organization: z.string(),
  grade: z.string(), contests: z.number().int(), prizes: z.number().int(), titles: z.array(z.string()),
}).openapi('PoolPerson');

const personJson = (p: PoolPerson): z.output<typeof personSchema> => ({
  key: p.key, name: p.name, idNumber: maskIdNumber(p.idNumber), gender: p.gender, organization: p.organization,
  grade: p.grade, contests: p.results.length, prizes: p.prizes, titles: p.titles,
});

const figuresSchema = z.object(Object.fromEntries(figureNames.map((name) => [name, z.number().int()])) as Record<(typeof figureNames)[number], z.ZodNumber>).openapi('Figures');
const rowSchema = z.object({ key: z.string(), figures: figuresSchema });
const figuresOf = (figures: Figures) => Object.fromEntries(figureNames.map((name) => [name, figures[name]])) as Record<(typeof figureNames)[number], number>;

const awardSchema = z.object({ prize: z.number().int().nullable(), titles: z.array(z.string()) }).nullable();
const awardJson = (award: Award | null) => award && { prize: award.prize, titles: award.titles };
const certificateSchema = z.object({
  state: z.enum(['valid', 'superseded']),
  name: z.string().openapi({ description: 'Masked: 张*.' }), organization: z.string(), eventName: z.string(), skillName: z.string(),
  award: awardSchema, number: z.string(), publicationVersion: z.number().int(), publishedAt: z.string(), supersededAt: z.string().nullable(),
  current: z.object({ publicationVersion: z.number().int(), award: awardSchema }).nullable().openapi({ description: 'When superseded: what the version in force awards this entry (null: nothing).' }),
}).openapi('CertificateCheck');

const matchInput = z.object({
  a: z.number().int().positive().max(MAX_ID),
  b: z.number().int().positive().max(MAX_ID),
  decision: z.enum(matchDecisions, { error: 'validation.choice' }),
}).openapi('PoolMatchInput');

export function registerPoolRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get', path: path('/pool'), middleware: organizerToken, tags: ['Talent pool'], summary: 'The talent pool (工匠库), searched',
      description: 'One person per ID number, from the published results of the events the token\'s account may see. ID numbers masked.',
      request: { query: poolQuery },
      responses: { 200: json(z.object({ total: z.number().int(), found: z.number().int(), page: z.number().int(), pageCount: z.number().int(), people: z.array(personSchema) }), 'A page of the people found'), ...failures() },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const filter: PoolFilter = poolFilter((name) => query[name as keyof typeof query]);
      const search = await searchPool(c.get('db'), c.get('account'), filter);
      const page = pageOf(search.found, query.page);
      return c.json({ total: search.total, found: search.found.length, page: page.current, pageCount: page.pageCount, people: page.items.map(personJson) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: path('/pool/contestants/{id}'), middleware: eventViewerToken, tags: ['Talent pool'], summary: 'A person\'s record: every published contest',
      description: 'Found by any of his contestant ids; results of the events the token\'s account may see, newest first.',
      request: params,
      responses: { 200: json(personSchema.extend({ results: z.array(resultSchema) }), 'The record'), ...failures(404) },
    }),
    async (c) => {
      const { person } = found(await personRecord(c.get('db'), c.get('account'), c.req.valid('param').id));
      return c.json({
        ...personJson(person),
        results: person.results.map((r) => ({
          year: r.year, eventId: r.eventId, eventName: r.eventName, skillId: r.skillId, skillName: r.skillName, organization: r.organization, status: r.status,
          rank: r.rank, prize: r.prize, titles: r.titles, promotion: r.promotion, publicationVersion: r.publicationVersion, publishedAt: r.publishedAt.toISOString(),
        })),
      }, 200);
    },
  );

  app.openAPIRegistry.register('PoolMatchInput', matchInput);
  app.openapi(
    createRoute({
      method: 'get', path: path('/pool/matches'), middleware: administratorToken, tags: ['Talent pool'], summary: 'Pairs who may be one person',
      description: 'The same name and birth date under two ID numbers, not decided yet. Answer with POST /api/v1/pool/matches.',
      responses: { 200: json(z.array(z.object({ a: personSchema, b: personSchema })), 'Up to 100 pairs'), ...failures() },
    }),
    async (c) => {
      const { uncertain } = await searchPool(c.get('db'), c.get('account'), noFilter);
      return c.json(uncertain.slice(0, 100).map((m) => ({ a: personJson(m.a), b: personJson(m.b) })), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: path('/pool/matches'), middleware: administratorToken, tags: ['Talent pool'], summary: 'Say whether two people of the pool are one',
      description: 'a and b are the people\'s keys (contestant ids). The answer is the token\'s federation\'s; a later one replaces it.',
      request: { body: bodyRef('PoolMatchInput') },
      responses: { 200: json(z.object({ decision: z.enum(matchDecisions) }), 'Decided'), ...failures(404, 422) },
    }),
    async (c) => {
      const body = parseBody(matchInput, await readJson(c));
      return c.json(unwrap(await decideMatch(c.get('db'), c.get('account'), [body.a, body.b], body.decision)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: path('/figures'), middleware: administratorToken, tags: ['Talent pool'], summary: 'The annual figures of the token\'s federation and those below',
      request: { query: z.object({ year: z.string().regex(/^(19|20)\d\d$/, 'validation.invalid').optional() }) },
      responses: {
        200: json(z.object({
          year: z.number().int().nullable(), years: z.array(z.object({ year: z.number().int(), figures: figuresSchema })),
          byTrade: z.array(rowSchema), byOrganization: z.array(rowSchema), byFederation: z.array(rowSchema),
        }), 'Every year, and the breakdowns of one (the latest unless asked)'),
        ...failures(),
      },
    }),
    async (c) => {
      const asked = c.req.valid('query').year;
      const report = await annualFigures(c.get('db'), c.get('account'), asked ? Number(asked) : null);
      const rows = (list: { key: string; figures: Figures }[]) => list.map((r) => ({ key: r.key, figures: figuresOf(r.figures) }));
      return c.json({
        year: report.year, years: report.years.map((y) => ({ year: y.year, figures: figuresOf(y.figures) })),
        byTrade: rows(report.byTrade), byOrganization: rows(report.byOrganization), byFederation: rows(report.byFederation),
      }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: path('/public/certificates/{code}'), middleware: anyone, tags: ['Public'], security: [],
      summary: 'Check a certificate\'s verification code (public, no token)',
      request: { params: z.object({ code: z.string().max(40).openapi({ param: { name: 'code', in: 'path' }, example: '7K3M9QP2XA' }) }) },
      responses: { 200: json(certificateSchema, 'The certificate'), 400: json(errorBody, 'Not a verification code'), 404: json(errorBody, 'No certificate has this code') },
    }),
    async (c) => {
      const code = normaliseVerificationCode(c.req.valid('param').code);
      if (!code) throw new ApiError(400, 'verify.code.invalid');
      const check = found(await checkCertificate(c.get('db'), code));
      c.header('Cache-Control', 'no-store');
      return c.json({
        state: check.supersededAt ? 'superseded' as const : 'valid' as const,
        name: maskName(check.entry.name), organization: check.entry.organizationName, eventName: check.sheet.event.name, skillName: check.sheet.skill.name,
        award: awardJson(check.award), number: check.number, publicationVersion: check.version, publishedAt: check.publishedAt.toISOString(),
        supersededAt: check.supersededAt?.toISOString() ?? null,
        current: check.current && { publicationVersion: check.current.version, award: awardJson(check.current.award) },
      }, 200);
    },
  );
}

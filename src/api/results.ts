import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, TypedResponse } from 'hono';
import { z } from '../zod.ts';
import { skillLevels } from '../domain/contestant-sheet.ts';
import { anyone } from '../auth/guards.ts';
import { resultsToken } from './auth.ts';
import type { AppEnv } from '../http/env.ts';
import { publication, publications, resultsPreview, type PublicationDetail, type PublicationSummary } from '../results/queries.ts';
import { entryTitles, sheetTitleRules, shownRoundScore, unrankedOf, type ResultsSheet } from '../results/snapshot.ts';
import { titleRulesInput } from '../events/schemas.ts';
import { memoOn } from '../results/cache.ts';
import { cachedBody, epochOf, replayOf, sendCached } from '../public/cache.ts';
import { PUBLISHED_TABLES, publishedSkillState, publishedVersion, versionInForce } from '../public/queries.ts';
import { errorBody } from './errors.ts';
import { failures, found, json, params, path } from './index.ts';
import { idText } from './schemas.ts';

/**
 * Results in the JSON API.
 * - Organizer tokens: the live preview of a skill (names only once every round is locked, codes
 *   before, as on the preview screen) and every publication version (成绩公示), superseded ones
 *   included.
 * - Public, no token (/api/v1/public/…, skipped by the token middleware): the publication in
 *   force only, 404 before the first one. Everything comes from the frozen snapshot, which holds
 *   no ID number, phone, gender, birth date, database id or judge.
 */

const id = z.number().int().positive();

const resultEntrySchema = z
  .object({
    rank: z.number().int().nullable().openapi({ description: 'Shared ranks are "1, 2, 2, 4"; null when unranked (see unranked).' }),
    bib: z.string().openapi({ description: 'Empty in a preview while a round is unlocked.' }),
    name: z.string().openapi({ description: 'Empty in a preview while a round is unlocked.' }),
    organizationName: z.string(),
    codes: z.array(z.string()).optional().openapi({ description: 'Preview only, while a round is unlocked: the entry\'s secret codes in the unlocked rounds.' }),
    status: z.enum(['competed', 'dns', 'disqualified', 'withdrawn']),
    complete: z.boolean().openapi({ description: 'False when an aspect has no complete marks yet: the entry is not ranked (unranked "incomplete").' }),
    unranked: z.enum(['incomplete', 'withdrawn', 'absent', 'dns', 'disqualified']).nullable().openapi({
      description: 'Why the entry has no total, rank or award, or null when ranked: incomplete (marks missing), withdrawn (中途退赛), absent (缺考 from a round, when the skill does not score such a round 0), dns (absent at check-in), disqualified (取消资格).',
    }),
    total: z.number().nullable().openapi({ description: 'Out of 100, rounded to the skill\'s decimals; null when unranked.' }),
    standardised: z.number().nullable(),
    prize: z.union([z.literal(1), z.literal(2), z.literal(3)]).nullable().openapi({ description: '1, 2 or 3 (一/二/三等奖).' }),
    titles: z.array(z.string()).openapi({ description: 'Titles given by the skill\'s title rules (e.g. 技术能手, 青年岗位能手), in rule order.' }),
    promotion: z.object({
      from: z.enum(skillLevels), to: z.enum(skillLevels),
      rule: z.number().int().nullable().openapi({ description: 'Index (0-based) in rules.titleRules of the rule that gave it; null in publications made before title rules.' }),
    }).nullable(),
    tieBreak: z.string().nullable().openapi({ description: 'The tie-break link that placed the entry when its total equals another\'s, or "shared".' }),
    rounds: z.array(z.object({
      code: z.string(),
      score: z.number().nullable().openapi({ description: 'Out of the round\'s maximum; null (not 0) for a round not taken: a dns entry, or a round the entry was absent from unless the skill scores it 0.' }),
      weighted: z.number().nullable(),
      complete: z.boolean(),
      absent: z.boolean().openapi({ description: 'The entry was absent from this round (缺考).' }),
    })),
  })
  .openapi('ResultEntry');

const resultsSchema = z
  .object({
    event: z.object({ name: z.string() }),
    skill: z.object({ id, name: z.string(), nameEn: z.string(), decimals: z.number().int() }),
    rounds: z.array(z.object({ code: z.string(), name: z.string(), weight: z.number(), maxScore: z.number() })),
    rules: z.object({
      prizeCounts: z.object({ first: z.number().int(), second: z.number().int(), third: z.number().int() }),
      titleRules: titleRulesInput.openapi({ description: 'The ordered title and promotion rules (the skill settings\' titleRules).' }),
      standardisation: z.string().nullable().openapi({ description: 'The standardised score formula, when the skill uses one.' }),
    }),
    competitors: z.number().int(),
    entries: z.array(resultEntrySchema).openapi({ description: 'In rank order, then the unranked: incomplete, withdrawn, absent from a round, dns, disqualified.' }),
  })
  .openapi('Results');

const previewSchema = resultsSchema
  .extend({ revealed: z.boolean().openapi({ description: 'Every round is locked: bibs and names are shown.' }) })
  .openapi('ResultsPreview');

const publicationFields = {
  version: z.number().int(),
  publishedAt: z.iso.datetime(),
  noticeUntil: z.iso.datetime().openapi({ description: 'End of the notice period (公示期).' }),
  appealUntil: z.iso.datetime().openapi({ description: 'Appeals are accepted until then.' }),
  changeNote: z.string().openapi({ description: 'What changed from the previous version; empty for the first.' }),
};

const publicationSummarySchema = z
  .object({ ...publicationFields, publishedBy: z.string(), supersededAt: z.iso.datetime().nullable() })
  .openapi('PublicationSummary');

const publicationSchema = publicationSummarySchema
  .extend({ results: resultsSchema })
  .openapi('Publication');

const publicResultsSchema = z
  .object({ ...publicationFields, results: resultsSchema })
  .openapi('PublicResults');

const versionParams = z.object({
  id: idText().openapi({ param: { name: 'id', in: 'path' }, example: '1' }),
  version: idText().openapi({ param: { name: 'version', in: 'path' }, example: '1' }),
});

type ResultsJson = z.output<typeof resultsSchema>;

/** The API's view of a sheet: the ranking without the per-aspect breakdown. */
export function resultsJson(skillId: number, sheet: ResultsSheet, options: { codes: boolean }): ResultsJson {
  return {
    event: { name: sheet.event.name },
    skill: { id: skillId, ...sheet.skill },
    rounds: sheet.rounds.map((r) => ({ code: r.code, name: r.name, weight: r.weight, maxScore: r.maxScore })),
    rules: {
      prizeCounts: sheet.rules.prizeCounts,
      titleRules: sheetTitleRules(sheet),
      standardisation: sheet.standardisation?.expression ?? null,
    },
    competitors: sheet.competitors,
    entries: sheet.entries.map((e) => ({
      rank: e.rank, bib: e.bib, name: e.name, organizationName: e.organizationName,
      ...(options.codes && e.codes ? { codes: e.codes } : {}),
      status: e.status, complete: e.complete, unranked: unrankedOf(e), total: e.total, standardised: e.standardised,
      prize: e.prize, titles: entryTitles(sheet, e), promotion: e.promotion && { ...e.promotion, rule: e.promotion.rule ?? null }, tieBreak: e.tieBreak,
      rounds: e.rounds.map((r) => ({
        code: r.code, score: shownRoundScore(e, r.code), weighted: e.status === 'dns' ? null : r.weighted, complete: r.complete, absent: r.absent ?? false,
      })),
    })),
  };
}

const summaryJson = (p: PublicationSummary) => ({
  version: p.version, publishedAt: p.publishedAt.toISOString(), noticeUntil: p.noticeUntil.toISOString(), appealUntil: p.appealUntil.toISOString(),
  changeNote: p.changeNote, publishedBy: p.publishedBy, supersededAt: p.supersededAt ? p.supersededAt.toISOString() : null,
});

const publicationJson = (p: PublicationDetail) => ({ ...summaryJson(p), results: resultsJson(p.skillId, p.snapshot, { codes: false }) });

const tags = ['Results'];

/** A JSON body made once (memoOn()) and sent as it is: what c.json() would send for a value of type T. */
const jsonText = <T>(c: Context, text: string) => c.body(text, 200, { 'Content-Type': 'application/json' }) as unknown as TypedResponse<T, 200, 'json'>;

export function registerResultRoutes(api: OpenAPIHono<AppEnv>): void {
  api.openapi(
    createRoute({
      method: 'get', path: path('/skills/{id}/results'), middleware: resultsToken, tags,
      summary: 'A skill\'s live results preview',
      description: 'Computed now from the marks. Bibs and names only once every round is locked; before that entries carry their codes instead. Not a publication: see /publications.',
      request: params,
      responses: { 200: json(previewSchema, 'The preview'), ...failures(404) },
    }),
    async (c) => {
      const { id: skillId } = c.req.valid('param');
      const { data, sheet } = found(await resultsPreview(c.get('db'), skillId));
      c.header('Cache-Control', 'no-store');
      return jsonText<z.output<typeof previewSchema>>(c, memoOn(sheet, 'api', () => JSON.stringify({ ...resultsJson(skillId, sheet, { codes: !data.allLocked }), revealed: data.allLocked })));
    },
  );

  api.openapi(
    createRoute({
      method: 'get', path: path('/skills/{id}/publications'), middleware: resultsToken, tags,
      summary: 'A skill\'s publications (成绩公示), newest first',
      request: params,
      responses: { 200: json(publicationSummarySchema.array(), 'Every version, superseded ones included'), ...failures(404) },
    }),
    async (c) => {
      const { id: skillId } = c.req.valid('param');
      found(await c.get('db').skill.findUnique({ where: { id: skillId }, select: { id: true } }));
      return c.json((await publications(c.get('db'), skillId)).map(summaryJson), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get', path: path('/skills/{id}/publications/{version}'), middleware: resultsToken, tags,
      summary: 'One version of a skill\'s publication, with its frozen results',
      request: { params: versionParams },
      responses: { 200: json(publicationSchema, 'The version'), ...failures(404) },
    }),
    async (c) => {
      const { id: skillId, version } = c.req.valid('param');
      return c.json(publicationJson(found(await publication(c.get('db'), skillId, version))), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get', path: path('/public/skills/{id}/results'), middleware: anyone, tags,
      summary: 'A skill\'s published results (public, no token)',
      description: 'The publication in force, for public pages and union platforms. 404 until the results are published. No ID or phone number, nor anything else private.',
      security: [],
      request: params,
      responses: {
        200: json(publicResultsSchema, 'The publication in force'),
        400: json(errorBody, 'An invalid skill id'),
        404: json(errorBody, 'No such skill, or its results are not published yet'),
      },
    }),
    async (c) => {
      const { id: skillId } = c.req.valid('param');
      const { db } = c.var;
      const replay = replayOf(db, PUBLISHED_TABLES);
      const state = await publishedSkillState(db, skillId);
      const inForce = found(state && versionInForce(state));
      // The body of a version never changes: made once, sent with its ETag (304 when the client has it).
      const body = await cachedBody(db, `api|${epochOf(db)}|${inForce.id}`, 'application/json', async () => {
        const current = found(state && (await publishedVersion(db, state, inForce.version)));
        const { publishedBy: _by, supersededAt: _superseded, ...summary } = summaryJson(current);
        return JSON.stringify({ ...summary, results: resultsJson(skillId, current.snapshot, { codes: false }) });
      });
      return sendCached(c, found(body), replay) as unknown as TypedResponse<z.output<typeof publicResultsSchema>, 200, 'json'>;
    },
  );
}

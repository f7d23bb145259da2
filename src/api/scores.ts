import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.ts';
import { schemeWarnings, validateSkill } from '../domain/marking-scheme.ts';
import { findSkill } from '../events/queries.ts';
import { checkProblems, importScores, linesOf, manualScoreInput, previewScores, scoreRowsInput, setScore } from '../scores/commands.ts';
import { roundScoresView } from '../scores/queries.ts';
import { resultsToken } from './auth.ts';
import { problemSchema, problemsJson } from './errors.ts';
import { bodyRef, failures, found, json, params, parseBody, path, readJson, unwrap } from './index.ts';

/**
 * Imported rounds in the JSON API (理论考试机考成绩): the exam system's scores as rows of bib or
 * ID number and score, checked with dryRun and then stored; one score entered or corrected by
 * hand with a reason; the round's current scores and import history. The round locks through
 * /rounds/{id}/lock like any other. Also the skill's validation: issues, and warnings such as a
 * theory share above 30 %.
 */

const id = z.number().int().positive();

const requestBodies = {
  ScoreImportInput: scoreRowsInput.extend({
    rows: z.array(z.object({
      bib: z.union([z.string(), z.number()]).nullable().optional().openapi({ description: 'The entry\'s bib (参赛证号); or give idNumber.' }),
      idNumber: z.string().nullable().optional().openapi({ description: 'The contestant\'s ID number (身份证号); with a bib, both must name the same contestant.' }),
      name: z.string().nullable().optional().openapi({ description: 'Optional; when given it must be the entry\'s name.' }),
      score: z.union([z.number(), z.string()]).nullable().openapi({ description: 'From 0 to the round\'s maxScore, at most 2 decimals.' }),
    })).min(1).max(5000),
    dryRun: z.boolean().optional().openapi({ description: 'Only check: nothing is stored, every mistake is listed (200).' }),
    allowMissing: z.boolean().optional().openapi({ description: 'Import although some competing entries have no row (default false: all or nothing).' }),
    reason: z.string().max(500).optional().openapi({ description: 'Required when the round has scores already: they are all superseded by these.' }),
  }),
  ManualScoreInput: manualScoreInput.extend({
    bib: z.string().min(1).max(20),
    score: z.union([z.number(), z.string()]),
    reason: z.string().min(1).max(500).openapi({ description: 'Required and recorded; the previous score stays in the history.' }),
  }),
} as const;
type BodyName = keyof typeof requestBodies;

const body = (name: BodyName) => bodyRef(name);

const previewSchema = z
  .object({
    importable: z.boolean().openapi({ description: 'Committing these rows (with the same allowMissing) would store them.' }),
    reimport: z.boolean().openapi({ description: 'The round has scores already: committing supersedes them and needs a reason.' }),
    scores: z.array(z.object({ row: z.number().int(), bib: z.string(), score: z.number() })).openapi({ description: 'The clean rows, numbered from 1 in list order.' }),
    missing: z.array(z.string()).openapi({ description: 'Bibs of competing entries with no row.' }),
    problems: z.array(problemSchema).openapi({ description: 'Every mistake: field rows.<index>.<bib|idNumber|name|score>, or rows for a missing entry.' }),
  })
  .openapi('ScorePreview');

const importSchema = z
  .object({ importId: id, count: z.number().int(), superseded: z.number().int().openapi({ description: 'Earlier scores replaced by this import.' }) })
  .openapi('ScoreImport');

const roundScoresSchema = z
  .object({
    roundId: id,
    scoring: z.enum(['marks', 'imported']),
    maxScore: z.number(),
    locked: z.boolean(),
    ready: z.boolean().openapi({ description: 'Every competing entry has a score: the round can be locked.' }),
    missing: z.array(z.string()).openapi({ description: 'Bibs of competing entries without a score.' }),
    scores: z.array(z.object({
      entryId: id, bib: z.string(), name: z.string(), status: z.string(),
      score: z.number().nullable().openapi({ description: 'The current score, as imported; null when none.' }),
      importId: id.nullable(),
    })),
    imports: z.array(z.object({
      id, kind: z.enum(['file', 'api', 'manual']), fileName: z.string(), reason: z.string(), at: z.iso.datetime(), by: z.string(),
      count: z.number().int(), current: z.number().int().openapi({ description: 'How many of its scores are still current.' }),
    })).openapi({ description: 'Newest first; superseded scores stay in their imports.' }),
  })
  .openapi('RoundScores');

const manualSchema = z
  .object({ importId: id, bib: z.string(), old: z.number().nullable(), score: z.number() })
  .openapi('ManualScore');

const validationSchema = z
  .object({
    valid: z.boolean().openapi({ description: 'No issue: the event may start with this skill.' }),
    issues: z.array(problemSchema),
    warnings: z.array(problemSchema).openapi({ description: 'Worth a second look, never blocking: e.g. scheme.warning.theoryShare when theory rounds (imported, or coded "theory") weigh more than 30 %.' }),
  })
  .openapi('SkillValidation');

export function registerScoreRoutes(app: OpenAPIHono<AppEnv>): void {
  for (const [name, schema] of Object.entries(requestBodies)) app.openAPIRegistry.register(name, schema);
  const tags = ['Imported scores'];

  app.openapi(
    createRoute({
      method: 'get', path: path('/rounds/{id}/scores'), middleware: resultsToken, tags, summary: 'An imported round\'s current scores and import history',
      request: params,
      responses: { 200: json(roundScoresSchema, 'The scores'), ...failures(404) },
    }),
    async (c) => {
      const view = found(await roundScoresView(c.get('db'), c.req.valid('param').id));
      const bibs = new Map(view.entries.map((e) => [e.entryId, e.bib]));
      return c.json({
        roundId: view.round.id, scoring: view.round.scoring, maxScore: view.round.maxScore, locked: view.round.lockedAt !== null,
        ready: view.readiness.ready, missing: view.readiness.missing.map((entryId) => bibs.get(entryId) ?? ''),
        scores: view.entries.map((e) => ({ entryId: e.entryId, bib: e.bib, name: e.name, status: e.status, score: e.score, importId: e.importId })),
        imports: view.imports.map((i) => ({ id: i.id, kind: i.kind, fileName: i.fileName, reason: i.reason, at: i.at.toISOString(), by: i.by, count: i.count, current: i.current })),
      }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: path('/rounds/{id}/scores'), middleware: resultsToken, tags, summary: 'Check (dryRun) or import an imported round\'s scores',
      description: 'All or nothing: with any mistake (unknown bib or ID number, another skill\'s contestant, duplicate, absent at check-in, score not a number, '
        + 'outside 0…maxScore or with more than 2 decimals) or, unless allowMissing, any competing entry without a row, nothing is stored (422, every mistake a problem). '
        + 'With dryRun the same check answers 200 with the problems listed. A round that has scores already needs a reason: all its current scores are superseded '
        + '(kept in the history) and the import is audited. Refused (409) for a round marked by judges, a locked round, or before the event is in progress.',
      request: { ...params, body: body('ScoreImportInput') },
      responses: {
        200: json(previewSchema, 'dryRun: the check'),
        201: json(importSchema, 'Imported'),
        ...failures(404, 409, 422),
      },
    }),
    async (c) => {
      const roundId = c.req.valid('param').id;
      const input = parseBody(scoreRowsInput, await readJson(c));
      const lines = linesOf(input.rows);
      if (input.dryRun) {
        const preview = unwrap(await previewScores(c.get('db'), roundId, lines, { allowMissing: input.allowMissing }));
        const errors = input.allowMissing ? preview.check.errors.filter((e) => e.code !== 'scores.error.missingEntry') : preview.check.errors;
        return c.json({
          importable: preview.importable, reimport: preview.reimport,
          scores: preview.check.scores.map((s) => ({ row: s.row, bib: s.bib, score: s.score })),
          missing: preview.check.missing.map((m) => m.bib),
          problems: problemsJson(c.get('t'), checkProblems(errors)),
        }, 200);
      }
      const stored = unwrap(await importScores(c.get('db'), { accountId: c.get('account').id }, roundId, {
        lines, kind: 'api', reason: input.reason, allowMissing: input.allowMissing,
      }));
      return c.json(stored, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: path('/rounds/{id}/scores/manual'), middleware: resultsToken, tags, summary: 'Enter or correct one entry\'s score, with a reason',
      description: 'A late sitting or a regraded paper: the entry\'s current score (if any) is superseded and kept in the history; audited. Refused for a locked round.',
      request: { ...params, body: body('ManualScoreInput') },
      responses: { 200: json(manualSchema, 'Saved'), ...failures(404, 409, 422) },
    }),
    async (c) => c.json(unwrap(await setScore(c.get('db'), { accountId: c.get('account').id }, c.req.valid('param').id, await readJson(c))), 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: path('/skills/{id}/validation'), middleware: resultsToken, tags: ['Skills'], summary: 'What stands in the way of a skill\'s rules, and what is worth a second look',
      description: 'issues must be resolved before the event can start (weights adding up, each marked round\'s marks to its maximum, …); warnings never block.',
      request: params,
      responses: { 200: json(validationSchema, 'The skill\'s validation'), ...failures(404) },
    }),
    async (c) => {
      const skill = found(await findSkill(c.get('db'), c.req.valid('param').id));
      const issues = validateSkill(skill).map((i) => ({ field: i.path, key: `scheme.issue.${i.code}`, ...(i.params ? { params: i.params } : {}) }));
      const warnings = schemeWarnings(skill).map((w) => ({ field: w.path, key: `scheme.warning.${w.code}`, ...(w.params ? { params: w.params } : {}) }));
      return c.json({ valid: issues.length === 0, issues: problemsJson(c.get('t'), issues), warnings: problemsJson(c.get('t'), warnings) }, 200);
    },
  );
}

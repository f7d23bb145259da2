import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import type { Problem } from '../events/commands.ts';
import type { AppEnv } from '../http/env.ts';
import { catalogues, type MessageKey, type Translate } from '../i18n/index.ts';

/** One problem with the input, in the error body and wherever an answer lists problems. */
export const problemSchema = z.object({
  field: z.string().openapi({ description: 'Dotted path of the input field; empty for the whole request.' }),
  code: z.string().openapi({ description: 'Message catalogue key, stable across languages.', example: 'validation.required' }),
  message: z.string(),
});

export const errorBody = z
  .object({
    error: z.object({
      status: z.number().int(),
      message: z.string().openapi({ description: "In the request's language (Accept-Language)." }),
      problems: z.array(problemSchema),
    }),
  })
  .openapi('Error');

/**
 * Thrown by handlers and middleware, turned into the JSON error body by the API's onError,
 * so every handler reads as its success path.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly messageKey: MessageKey,
    readonly problems: Problem[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(messageKey);
  }
}

function isMessageKey(value: string): value is MessageKey {
  return value in catalogues.en;
}

/** Problems as the error body lists them; also for answers that report problems without failing (a dry run). */
export function problemsJson(t: Translate, problems: Problem[]): { field: string; code: string; message: string }[] {
  return problems.map((problem) => ({ field: problem.field, code: problem.key, message: translateKey(t, problem.key, problem.params) }));
}

export function errorResponse(c: Context<AppEnv>, error: ApiError): Response {
  const t = c.get('t');
  const problems = problemsJson(t, error.problems);
  // A conflict names its reason in its one problem; that is the clearest headline.
  const message = error.status === 409 && problems[0] ? problems[0].message : t(error.messageKey);
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json({ error: { status: error.status, message, problems } }, error.status);
}

function translateKey(t: Translate, key: string, params: Problem['params']): string {
  return t(isMessageKey(key) ? key : 'api.error.invalidValue', params);
}

/** zod issues as problems, the same way src/events/commands.ts reports its own parsing. */
export function zodProblems(error: ZodError): Problem[] {
  return error.issues.map((issue) => {
    const limits = issue as { minimum?: number | bigint; maximum?: number | bigint };
    const params: Record<string, string | number> = {};
    if (limits.minimum !== undefined) params.min = Number(limits.minimum);
    if (limits.maximum !== undefined) params.max = Number(limits.maximum);
    const key = isMessageKey(issue.message) ? issue.message : 'api.error.invalidValue';
    return { field: issue.path.join('.'), key, params };
  });
}

import type { z } from './zod.ts';

/**
 * What a command (create an event, save a mark, draw lots…) answers: a value, or a refusal with
 * an HTTP-like status and problems that screens and the API translate. Commands know nothing of
 * HTTP; the status only says which kind of refusal it is.
 */

/** A problem with one input field; `key` is a catalogue key, `field` a dotted path. */
export interface Problem {
  field: string;
  key: string;
  params?: Record<string, string | number>;
}

export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; status: 404 | 409 | 422; problems: Problem[] };

export const done = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const notFound = (): Outcome<never> => ({ ok: false, status: 404, problems: [{ field: '', key: 'error.notFound.body' }] });
export const conflict = (key: string, params?: Record<string, string | number>): Outcome<never> => ({
  ok: false,
  status: 409,
  problems: [{ field: '', key, ...(params ? { params } : {}) }],
});
export const invalid = (problems: Problem[]): Outcome<never> => ({ ok: false, status: 422, problems });

export function parse<S extends z.ZodType>(schema: S, raw: unknown): Outcome<z.output<S>> {
  const result = schema.safeParse(raw);
  if (result.success) return done(result.data);
  return invalid(
    result.error.issues.map((issue) => {
      const limits = issue as { minimum?: number | bigint; maximum?: number | bigint };
      const params: Record<string, string | number> = {};
      if (limits.minimum !== undefined) params.min = Number(limits.minimum);
      if (limits.maximum !== undefined) params.max = Number(limits.maximum);
      // Our schemas' messages are catalogue keys; zod's own defaults (sentences) are not.
      const key = /^[a-z]\w*(\.\w+)+$/i.test(issue.message) ? issue.message : 'validation.invalid';
      return { field: issue.path.join('.'), key, params };
    }),
  );
}


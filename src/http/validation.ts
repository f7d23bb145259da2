import type { z } from '../zod.ts';
import { catalogues, type MessageKey, type Translate } from '../i18n/index.ts';
import type { FieldErrors } from '../../views/components/form.tsx';

function isMessageKey(value: string): value is MessageKey {
  return value in catalogues.en;
}

/**
 * Validates submitted form fields with a zod schema whose messages are catalogue keys, and
 * turns the issues into one translated message per field (the first issue wins).
 */
export function validateForm<Schema extends z.ZodType>(
  schema: Schema,
  input: Record<string, unknown>,
  t: Translate,
): { ok: true; data: z.output<Schema> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '_form');
    if (errors[field]) continue;
    const key = isMessageKey(issue.message) ? issue.message : 'validation.required';
    const limits = issue as { minimum?: number | bigint; maximum?: number | bigint };
    errors[field] = t(key, { min: String(limits.minimum ?? ''), max: String(limits.maximum ?? '') });
  }
  return { ok: false, errors };
}

/** Form bodies give strings or files; forms only ever need the strings, blank when absent. */
export function formStrings<Name extends string>(
  body: Record<string, unknown>,
  names: readonly Name[],
): Record<Name, string> {
  const values = {} as Record<Name, string>;
  for (const name of names) {
    const value = body[name];
    values[name] = typeof value === 'string' ? value : '';
  }
  return values;
}

/**
 * Turns form fields named like "rule.levels.0" into nested objects and arrays, so one zod
 * schema serves both HTML forms and JSON. Files and repeated keys keep the last string value.
 */
export function formObject(body: Record<string, unknown>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value !== 'string' || name === '_csrf') continue;
    const parts = name.split('.');
    let node: Record<string, unknown> = root;
    parts.forEach((part, index) => {
      if (index === parts.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Record<string, unknown>;
    });
  }
  return arraysFromIndexes(root) as Record<string, unknown>;
}

function arraysFromIndexes(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, arraysFromIndexes(v)] as const);
  if (entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
  }
  return Object.fromEntries(entries);
}

/** The first translated message for each field, for a form to show beside its inputs. */
export function problemMessages(
  problems: { field: string; key: string; params?: Record<string, string | number> }[],
  t: Translate,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const problem of problems) {
    if (errors[problem.field]) continue;
    errors[problem.field] = isMessageKey(problem.key) ? t(problem.key, problem.params) : t('validation.invalid');
  }
  return errors;
}

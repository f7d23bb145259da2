import type { z } from 'zod';
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

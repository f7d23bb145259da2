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
 * A form whose field names no page of ours produces: a prototype key, or more fields, depth,
 * name length or array index than any form needs. The app answers a translated 400 (see app.ts).
 */
export class MalformedFormError extends Error {
  constructor(readonly reason: string) {
    super(`malformed form: ${reason}`);
  }
}

/** Generous for the largest form (the marking-scheme editor), small enough to bound the work. */
export const FORM_LIMITS = { fields: 2000, depth: 6, nameLength: 120, index: 999 } as const;
/** Names that would reach Object.prototype through plain property assignment. */
const FORBIDDEN_PARTS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Turns form fields named like "rule.levels.0" into nested objects and arrays, so one zod
 * schema serves both HTML forms and JSON. Files and repeated keys keep the last string value.
 * The objects have no prototype, so no field name can reach Object.prototype; hostile or
 * oversized names throw MalformedFormError before anything is built.
 */
export function formObject(body: Record<string, unknown>): Record<string, unknown> {
  const names = Object.keys(body);
  if (names.length > FORM_LIMITS.fields) throw new MalformedFormError('too many fields');
  const root: Record<string, unknown> = Object.create(null);
  for (const name of names) {
    const value = body[name];
    if (typeof value !== 'string' || name === '_csrf') continue;
    const parts = checkedParts(name);
    let node: Record<string, unknown> = root;
    parts.forEach((part, index) => {
      if (index === parts.length - 1) node[part] = value;
      else {
        const child = node[part];
        // "a=1" and "a.b=2" together: the nested field wins, as before, on a fresh object.
        node = (typeof child === 'object' && child !== null ? child : (node[part] = Object.create(null))) as Record<string, unknown>;
      }
    });
  }
  return arraysFromIndexes(root) as Record<string, unknown>;
}

function checkedParts(name: string): string[] {
  if (name.length > FORM_LIMITS.nameLength) throw new MalformedFormError('field name too long');
  const parts = name.split('.');
  if (parts.length > FORM_LIMITS.depth) throw new MalformedFormError('field name too deep');
  for (const part of parts) {
    if (FORBIDDEN_PARTS.has(part)) throw new MalformedFormError(`forbidden field name ${part}`);
    if (/^\d+$/.test(part) && (part.length > 3 || Number(part) > FORM_LIMITS.index)) {
      throw new MalformedFormError('array index too large');
    }
  }
  return parts;
}

function arraysFromIndexes(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, arraysFromIndexes(v)] as const);
  if (entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k))) {
    // Dense, in index order: gaps left by unchecked boxes close up, nothing is allocated by index.
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
  }
  return Object.assign(Object.create(null), Object.fromEntries(entries));
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

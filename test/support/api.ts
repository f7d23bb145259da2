import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createApiToken } from '../../src/api/tokens.ts';
import type { Role } from '../../src/auth/roles.ts';
import { freshApp, type TestApp } from './app.ts';
import { createAccount } from './fixtures.ts';

export type Json = any; // response bodies are checked field by field in the suites

/** What an API suite keeps per test: a fresh app and an organizer's token. */
export interface ApiContext {
  target: TestApp;
  token: string;
}

/** A suite whose every test gets a fresh app and an organizer's token, closed after the test. */
export function apiSuite(name: string) {
  const test = suite<ApiContext>(name, {} as ApiContext);
  test.before.each(async (ctx) => {
    ctx.target = await freshApp();
    ctx.token = await tokenFor(ctx.target, 'organizer');
  });
  test.after.each(async (ctx) => { await ctx.target.close(); });
  return test;
}

/** A new account with the role (username defaults to the role's name) and a token of its own. */
export async function tokenFor(target: TestApp, role: Role, username: string = role): Promise<string> {
  const account = await createAccount(target.db, { username, password: 'a-long-password', role });
  return (await createApiToken(target.db, account.id, `${role} integration`)).token;
}

/**
 * One API call with a bearer token; the body, when given, is sent as JSON (a string is sent as
 * it is, for malformed bodies). Asserts that any answer with a body is JSON; also returns the
 * raw text and the headers.
 */
export async function call(
  target: TestApp,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  language = 'en',
): Promise<{ status: number; json: Json; text: string; headers: Headers }> {
  const headers: Record<string, string> = { 'accept-language': language };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await target.app.request(path, {
    method,
    headers,
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (text !== '') assert.match(response.headers.get('content-type') ?? '', 'application/json', `${method} ${path} answers JSON`);
  return { status: response.status, json: text === '' ? null : JSON.parse(text), text, headers: response.headers };
}

/** An event (2026年定海区职工技能大比武) with one skill (焊工/Welding), through the API. */
export async function eventWithSkill(target: TestApp, token: string) {
  const event = await call(target, token, 'POST', '/api/v1/events', { name: '2026年定海区职工技能大比武', startsOn: '2026-05-12', endsOn: '2026-05-14' });
  assert.is(event.status, 201);
  const skill = await call(target, token, 'POST', `/api/v1/events/${event.json.id}/skills`, { name: '焊工', nameEn: 'Welding' });
  assert.is(skill.status, 201);
  return { eventId: event.json.id as number, skillId: skill.json.id as number, skill: skill.json };
}

/** The API's error body. */
export const errorOf = (status: number, message: string, problems: { field: string; code: string; message: string }[] = []) => ({
  error: { status, message, problems },
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createApiToken } from '../../src/api/tokens.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { judgingFixture, type JudgingFixture } from '../support/desk.ts';

/**
 * The body limits over a real socket, where bodies arrive as node-server sees them: a declared
 * length is judged by its header, a chunked body by counting, and a body under the limit is read
 * whole either way (the mark it carries is saved).
 */
interface Context { target: TestApp; fixture: JudgingFixture; server: ServerType; port: number; token: string }

const limits = suite<Context>('body limits over HTTP', {} as Context);
limits.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.fixture = await judgingFixture(ctx.target.db);
  ctx.token = (await createApiToken(ctx.target.db, ctx.fixture.judges[1].accountId, 'tablet')).token;
  ctx.port = await new Promise<number>((resolve) => {
    ctx.server = serve({ fetch: ctx.target.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
  });
});
limits.after.each(async (ctx) => {
  await new Promise<void>((resolve) => ctx.server.close(() => resolve()));
  await ctx.target.close();
});

/** A POST whose body is written as given: in one piece with Content-Length, or in chunks without. */
function post(port: number, path: string, headers: Record<string, string>, body: string, chunked: boolean): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const bytes = Buffer.from(body);
    let answered = false;
    const req = http.request({ port, host: '127.0.0.1', path, method: 'POST', headers: { ...headers, ...(chunked ? {} : { 'content-length': String(bytes.length) }) } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
    // The server may answer 413 and close before the whole body is written: a broken pipe is
    // expected then, and the answer may still be on its way (a second to arrive), or already in.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
      else if (!answered) setTimeout(() => { if (!answered) reject(error); }, 1000);
    });
    if (chunked) for (let at = 0; at < bytes.length; at += 64 * 1024) req.write(bytes.subarray(at, at + 64 * 1024));
    else req.write(bytes);
    req.end();
  });
}

const markBody = (f: JudgingFixture, padding = '') => JSON.stringify({
  roundId: f.roundId, deviceId: `tablet-${padding ? 'padded' : 'plain'}`,
  marks: [{ key: `limit-key-${padding.length}`, code: f.codes.李强, aspectId: f.judgementId, mark: { state: 'scored', value: 2 }, baseVersion: 0 }],
  ...(padding ? { padding } : {}),
});

for (const chunked of [false, true]) {
  const how = chunked ? 'chunked, no length' : 'with Content-Length';
  limits(`a mark under the limit (${how}) is read whole and saved`, async ({ target, fixture: f, port, token }) => {
    const answer = await post(port, '/api/v1/judge/marks', { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, markBody(f), chunked);
    assert.is(answer.status, 200, answer.text);
    assert.equal((JSON.parse(answer.text) as { results: { status: string }[] }).results.map((r) => r.status), ['saved']);
    assert.is(await target.db.mark.count(), 1);
  });

  limits(`a form past 1 MB (${how}) is refused with a translated 413 and changes nothing`, async ({ target, fixture: f, port, token }) => {
    const answer = await post(port, '/api/v1/judge/marks', { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'zh-CN' }, markBody(f, 'x'.repeat(1024 * 1024)), chunked);
    assert.is(answer.status, 413);
    assert.match(answer.text, '提交内容过大');
    assert.is(await target.db.mark.count(), 0);
  });
}

limits('an upload may be larger than a form, up to its own limit', async ({ port }) => {
  // 2 MB to an import path passes the body limit (the import itself then refuses a stranger: 403 or a sign-in redirect, not 413).
  const answer = await post(port, '/events/1/registration/import', { 'content-type': 'application/octet-stream' }, 'x'.repeat(2 * 1024 * 1024), false);
  assert.is.not(answer.status, 413);
  const over = await post(port, '/events/1/registration/import', { 'content-type': 'application/octet-stream' }, 'x'.repeat(3 * 1024 * 1024 + 1), false);
  assert.is(over.status, 413);
});

limits.run();

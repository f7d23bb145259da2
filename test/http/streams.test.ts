import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freshApp, type TestApp } from '../support/app.ts';
import { judgingFixture, organizerClient, type JudgingFixture } from '../support/desk.ts';

/**
 * Live streams (the big screen, the chief judge's desk) hold a connection each: they are capped
 * per client address and in total, and a refusal says when to come back. Addresses are given as
 * @hono/node-server passes the socket.
 */
interface Context { target: TestApp; fixture: JudgingFixture }

const PER_ADDRESS = 20;
const TOTAL = 30;

const streams = suite<Context>('stream caps', {} as Context);
streams.before.each(async (ctx) => {
  ctx.target = await freshApp({ streams: { perAddress: PER_ADDRESS, total: TOTAL } });
  ctx.fixture = await judgingFixture(ctx.target.db);
});
streams.after.each(async (ctx) => { await ctx.target.close(); });

function open(target: TestApp, path: string, address: string, cookie = '') {
  return target.app.request(path, { headers: { 'accept-language': 'en', ...(cookie ? { cookie } : {}) } }, { incoming: { socket: { remoteAddress: address } } });
}

/** Reads until the stream's opening comment, proving it is live. */
async function connected(response: Response): Promise<ReadableStreamDefaultReader<Uint8Array>> {
  assert.is(response.status, 200);
  const reader = response.body!.getReader();
  const { value } = await reader.read();
  assert.match(new TextDecoder().decode(value), ': connected');
  return reader;
}

async function refusedAsBusy(response: Response) {
  assert.is(response.status, 429);
  assert.ok(Number(response.headers.get('retry-after')) > 0, 'says when to come back');
  assert.match(await response.text(), 'Too many live connections');
}

/** Closing a stream frees its slot once the server has noticed; wait for that, not for a time. */
async function untilOpen(target: TestApp, path: string, address: string): Promise<Response> {
  for (let i = 0; i < 100; i++) {
    const response = await open(target, path, address);
    if (response.status === 200) return response;
    await response.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the slot was never freed');
}

streams('one address gets 20 display streams; the 21st is refused, and closing one frees a slot', async ({ target, fixture: f }) => {
  const display = `/display/events/${f.eventId}/events`;
  const readers = [];
  for (let i = 0; i < PER_ADDRESS; i++) readers.push(await connected(await open(target, display, '10.5.0.1')));
  await refusedAsBusy(await open(target, display, '10.5.0.1'));
  // Another address is not affected.
  const other = await connected(await open(target, display, '10.5.0.2'));

  await readers.pop()!.cancel();
  readers.push(await connected(await untilOpen(target, display, '10.5.0.1')));
  await refusedAsBusy(await open(target, display, '10.5.0.1'));
  for (const reader of [...readers, other]) await reader.cancel();
});

streams('the desk\'s stream shares the cap, and the total is capped across addresses', async ({ target, fixture: f }) => {
  const display = `/display/events/${f.eventId}/events`;
  const organizer = await organizerClient(target);
  const cookie = [...organizer.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const desk = `/desk/rounds/${f.roundId}/events`;
  const readers = [];
  for (let i = 0; i < PER_ADDRESS; i++) readers.push(await connected(await open(target, display, '10.6.0.1')));
  await refusedAsBusy(await open(target, desk, '10.6.0.1', cookie));
  readers.push(await connected(await open(target, desk, '10.6.0.2', cookie)));
  for (let i = 0; readers.length < TOTAL; i++) readers.push(await connected(await open(target, display, `10.6.1.${i}`)));
  await refusedAsBusy(await open(target, display, '10.6.2.1'));
  for (const reader of readers) await reader.cancel();
  await connected(await untilOpen(target, display, '10.6.2.1')).then((reader) => reader.cancel());
});

streams.run();

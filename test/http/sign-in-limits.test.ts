import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { passwordVerifications } from '../../src/auth/password.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { createAccount } from '../support/fixtures.ts';
import { buildJudgingWorld, type JudgingWorld, type WorldJudge } from '../support/judging.ts';

/**
 * Sign-in limits under attack: guesses sent all at once, guesses spread over many addresses,
 * the PIN signature on the tablet's sheet, and a decoy hash for judges who do not exist.
 * Requests carry a socket address the way @hono/node-server passes it, so limits per address apply.
 */
const EN = { 'accept-language': 'en' };

interface Context { target: TestApp; world: JudgingWorld }

const wrongPinOf = (judge: WorldJudge) => (judge.pin === '000000' ? '000001' : '000000');

/** The password verifications (scrypt runs, decoys included) while `work` runs. */
async function countVerifications(work: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const listener = () => { count += 1; };
  passwordVerifications.subscribe(listener);
  try {
    await work();
  } finally {
    passwordVerifications.unsubscribe(listener);
  }
  return count;
}

/** A browser at `address`: its first page gives it the CSRF cookie and token. */
async function browserAt(target: TestApp, address: string, page: string) {
  const client = new TestClient(target, EN);
  await client.get(page);
  const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const csrf = client.csrfToken();
  return {
    client,
    post: (path: string, fields: Record<string, string>) => target.app.request(path, {
      method: 'POST',
      headers: { ...EN, cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
    }, { incoming: { socket: { remoteAddress: address } } }),
  };
}

const statuses = (responses: Response[]) => {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
};

const limits = suite<Context>('sign-in limits', {} as Context);
limits.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.world = await buildJudgingWorld(ctx.target.db);
});
limits.after.each(async (ctx) => { await ctx.target.close(); });

limits('300 concurrent wrong PINs: only the limit (5) are checked, the rest are refused before hashing', async ({ target, world }) => {
  const { neutral } = world.judges;
  const tablet = await browserAt(target, '10.1.0.1', '/judge/login');
  let responses: Response[] = [];
  const verified = await countVerifications(async () => {
    responses = await Promise.all(Array.from({ length: 300 }, () =>
      tablet.post('/judge/login', { eventCode: world.eventCode, number: String(neutral.number), pin: wrongPinOf(neutral) })));
  });
  assert.equal(statuses(responses), { 401: 5, 429: 295 });
  assert.is(verified, 5, 'scrypt ran once per checked guess, never for a refused one');
  assert.ok(Number(responses.find((r) => r.status === 429)!.headers.get('retry-after')) > 0);
});

limits('300 concurrent wrong organizer passwords: the same reservation', async ({ target }) => {
  await createAccount(target.db, { username: 'liqiang', password: 'correct-password' });
  const laptop = await browserAt(target, '10.1.0.2', '/login');
  const responses = await Promise.all(Array.from({ length: 300 }, (_, i) => laptop.post('/login', { username: 'liqiang', password: `guess-${i}` })));
  assert.equal(statuses(responses), { 401: 5, 429: 295 });
});

limits('guesses for one judge from 10 addresses stop at the cap per judge (20), not 10 × 5', async ({ target, world }) => {
  const { neutral } = world.judges;
  const tablets = await Promise.all(Array.from({ length: 10 }, (_, i) => browserAt(target, `10.2.0.${i + 1}`, '/judge/login')));
  const responses = await Promise.all(tablets.flatMap((tablet) => Array.from({ length: 50 }, () =>
    tablet.post('/judge/login', { eventCode: world.eventCode, number: String(neutral.number), pin: wrongPinOf(neutral) }))));
  assert.equal(statuses(responses), { 401: 20, 429: 480 });
  // The judge's own tablet is refused as well until the window passes: guessing has a price for everyone.
  const own = await browserAt(target, '10.2.0.99', '/judge/login');
  assert.is((await own.post('/judge/login', { eventCode: world.eventCode, number: String(neutral.number), pin: neutral.pin })).status, 429);
  // Another judge is unaffected.
  const other = await own.post('/judge/login', { eventCode: world.eventCode, number: String(world.judges.partial.number), pin: world.judges.partial.pin });
  assert.is(other.status, 303);
});

limits('a judge locked out by guesses from many addresses gets back in with a new PIN from the organizer', async ({ target, world }) => {
  const { neutral } = world.judges;
  const tablets = await Promise.all(Array.from({ length: 10 }, (_, i) => browserAt(target, `10.7.0.${i + 1}`, '/judge/login')));
  await Promise.all(tablets.flatMap((tablet) => Array.from({ length: 3 }, () =>
    tablet.post('/judge/login', { eventCode: world.eventCode, number: String(neutral.number), pin: wrongPinOf(neutral) }))));
  const own = await browserAt(target, '10.7.1.1', '/judge/login');
  const signIn = (pin: string) => own.post('/judge/login', { eventCode: world.eventCode, number: String(neutral.number), pin });
  assert.is((await signIn(neutral.pin)).status, 429, 'locked out everywhere');

  const organizer = new TestClient(target, EN);
  await organizer.get('/login');
  await organizer.post('/login', { username: 'organizer', password: 'organizer-password' });
  await organizer.get(`/events/${world.eventId}/judges`);
  const reset = await organizer.post(`/judges/${neutral.judgeId}/pin`, {});
  assert.is(reset.status, 303, 'the new PIN is shown on a page of its own');
  const pin = /data-pin[^>]*>(\d{6})</.exec(await (await organizer.get(reset.headers.get('location')!)).text())?.[1];
  assert.ok(pin);
  assert.is((await signIn(pin!)).status, 303, 'the new PIN opens at once');
  // Guessing starts again from nothing: one more guess is checked (against the new PIN) and fails.
  assert.is((await tablets[0]!.post('/judge/login', { eventCode: world.eventCode, number: String(neutral.number), pin: wrongPinOf(neutral) })).status, 401);
});

limits('an unknown event code or judge number costs the same hash as a real one (decoy)', async ({ target, world }) => {
  const { neutral } = world.judges;
  const tablet = await browserAt(target, '10.3.0.1', '/judge/login');
  for (const [eventCode, number] of [['ZZZZZZ', String(neutral.number)], [world.eventCode, '999'], [world.eventCode, 'abc'], ['', '']] as const) {
    let status = 0;
    const verified = await countVerifications(async () => {
      status = (await tablet.post('/judge/login', { eventCode, number, pin: '123456' })).status;
    });
    assert.is(status, 401, `${eventCode} #${number}`);
    assert.is(verified, 1, `${eventCode} #${number}: hashed against the decoy`);
  }
  const real = await countVerifications(async () => tablet.post('/judge/login', { eventCode: world.eventCode, number: String(neutral.number), pin: wrongPinOf(neutral) }));
  assert.is(real, 1);
});

limits('the PIN signature on the tablet\'s sheet is limited per judge, from any address', async ({ target, world }) => {
  const { neutral } = world.judges;
  const code = world.entries[0]!.code;
  const signPath = `/judge/rounds/${world.roundId}/sheets/${code}/sign`;
  // Signed in on one tablet, the session cookie carried to other addresses (a stolen cookie).
  const tablet = new TestClient(target, EN);
  await tablet.get('/judge/login');
  assert.is((await tablet.post('/judge/login', { eventCode: world.eventCode, number: String(neutral.number), pin: neutral.pin })).status, 303);
  await tablet.get(`/judge/rounds/${world.roundId}/sheets/${code}`);
  const cookie = [...tablet.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const sign = (address: string, pin: string) => target.app.request(signPath, {
    method: 'POST',
    headers: { ...EN, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: tablet.csrfToken(), pin }).toString(),
  }, { incoming: { socket: { remoteAddress: address } } });

  let responses: Response[] = [];
  const verified = await countVerifications(async () => {
    responses = await Promise.all(Array.from({ length: 100 }, () => sign('10.4.0.1', wrongPinOf(neutral))));
  });
  assert.equal(statuses(responses), { 422: 5, 429: 95 });
  assert.is(verified, 5);
  const refused = responses.find((r) => r.status === 429)!;
  assert.ok(Number(refused.headers.get('retry-after')) > 0);
  assert.match(await refused.text(), 'Too many failed attempts.');

  const spread = await Promise.all(Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, () => sign(`10.4.1.${i}`, wrongPinOf(neutral)))).flat());
  assert.equal(statuses(spread), { 422: 15, 429: 85 }, 'the cap per judge (20) holds across addresses');
});

limits.run();

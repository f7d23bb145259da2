import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { byTestId, judgeClient, judgingFixture, mark, scored, textOf, type JudgingFixture } from '../support/desk.ts';

/**
 * Getting around a judge's tablet: "next" on a sheet goes to the next code that still has marks
 * to enter, skipping the complete ones and wrapping round; when every other sheet is complete it
 * goes to the round's page, where they are signed at once. A session that ends mid-round goes
 * back through the PIN sign-in to the same sheet.
 */
interface Context { target: TestApp; f: JudgingFixture }

const nav = suite<Context>('the sheet\'s "next"', {} as Context);
nav.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.f = await judgingFixture(ctx.target.db);
});
nav.after.each(async (ctx) => { await ctx.target.close(); });

const nextOf = (html: string) => {
  const link = byTestId(html, 'next-sheet');
  return { href: /href="([^"]+)"/.exec(link)![1]!, text: textOf(link) };
};

nav('skips complete sheets, wraps round, then leads to signing', async ({ target, f }) => {
  const tablet = await judgeClient(target, f, 2);
  const codes = Object.values(f.codes).sort();
  const sheet = (code: string) => `/judge/rounds/${f.roundId}/sheets/${code}`;
  const complete = (code: string) => mark(target.db, f, 2, [
    { code, aspectId: f.judgementId, mark: scored(2) },
    { code, aspectId: f.deductionId, mark: scored(0) },
  ]);
  const page = async (code: string) => (await tablet.get(sheet(code))).text();

  assert.equal(nextOf(await page(codes[0]!)), { href: sheet(codes[1]!), text: `${codes[1]} →` }, 'nothing marked: the next code');
  await complete(codes[1]!);
  assert.equal(nextOf(await page(codes[0]!)), { href: sheet(codes[2]!), text: `${codes[2]} →` }, 'the complete sheet is skipped');
  // Half a sheet is still work to do.
  await mark(target.db, f, 2, [{ code: codes[0]!, aspectId: f.judgementId, mark: scored(1) }]);
  assert.equal(nextOf(await page(codes[2]!)), { href: sheet(codes[0]!), text: `${codes[0]} →` }, 'wraps round to the first unfinished');
  await complete(codes[2]!);
  assert.equal(nextOf(await page(codes[0]!)), { href: `/judge/rounds/${f.roundId}`, text: 'Every other sheet is marked: sign →' });
  const zh = await judgeClient(target, f, 2, 'zh-CN');
  assert.is(nextOf(await (await zh.get(sheet(codes[0]!))).text()).text, '其余评分表已全部评完：去签字 →');
});

nav('a judge whose session ended goes through the PIN sign-in, event and number filled in, back to his sheet', async ({ target, f }) => {
  const tablet = await judgeClient(target, f, 2);
  const code = Object.values(f.codes).sort()[1]!;
  const sheet = `/judge/rounds/${f.roundId}/sheets/${code}`;
  assert.is((await tablet.get(sheet)).status, 200);
  await target.db.session.deleteMany(); // the session ran out (or was ended elsewhere)
  const away = await tablet.get(sheet);
  assert.is(away.status, 303);
  const login = away.headers.get('location')!;
  assert.is(login, `/judge/login?next=${encodeURIComponent(sheet)}`, 'the PIN sign-in, not the password form');
  const form = await (await tablet.get(login)).text();
  assert.match(form, `id="judge-event" name="eventCode" value="${f.eventCode}"`);
  assert.match(form, /id="judge-number" name="number" value="2"/);
  assert.match(form, /id="judge-pin"[^>]*autofocus/);
  assert.match(form, `name="next" value="${sheet}"`);
  const back = await tablet.post('/judge/login', { eventCode: f.eventCode, number: '2', pin: f.judges[2].pin, next: sheet });
  assert.is(back.headers.get('location'), sheet);
  assert.is((await tablet.get(sheet)).status, 200);
  // A form posted once the session is gone comes back to the page it was posted from, not to the POST's address.
  const stranger = new TestClient(target, { 'accept-language': 'en' });
  await stranger.get('/judge/login');
  const posted = await stranger.post(`${sheet}/sign`, { pin: '000000' });
  assert.is(posted.status, 303);
  assert.is(posted.headers.get('location'), `/judge/login?next=${encodeURIComponent(sheet)}`);
  // Without a page to go back to, only the event is filled in: the tablet may be someone else's next.
  const fresh = await (await tablet.get('/judge/login')).text();
  assert.match(fresh, `value="${f.eventCode}"`);
  assert.match(fresh, /id="judge-number" name="number" value=""/);
});

nav('a forged or malformed remembered judge is ignored: nothing prefilled, nothing reflected', async ({ target, f }) => {
  const sheet = `/judge/rounds/${f.roundId}/sheets/${Object.values(f.codes)[0]}`;
  for (const value of ['"><script>x</script>:2', `${f.eventCode}:2<b>`, `${f.eventCode}:99999`, `${'A'.repeat(5000)}:2`, '']) {
    const client = new TestClient(target, { 'accept-language': 'en' });
    client.cookies.set('jx_last_judge', value);
    const answer = await client.get(`/judge/login?next=${encodeURIComponent(sheet)}`);
    assert.is(answer.status, 200, value.slice(0, 20));
    const form = await answer.text();
    assert.match(form, /id="judge-event" name="eventCode" value=""/);
    assert.match(form, /id="judge-number" name="number" value=""/);
    assert.not.match(form, '<script>x');
  }
});

nav.run();

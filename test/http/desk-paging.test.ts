import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PAGE_SIZE } from '../../src/desk/desk-page.ts';
import { notifierOf, roundTopic } from '../../src/live/notifier.ts';
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { byTestId, organizerClient, readUntil, textOf } from '../support/desk.ts';
import { FLAGGED, MARKED, SIGNED, pagedDesk, type PagedDesk } from '../support/desk-paged.ts';

/**
 * The desk at more codes than one page: pages of PAGE_SIZE codes, a search by code, the "needs
 * attention" filter, progress for the whole round; the row fragment a live desk fetches after a
 * change; and the stream naming the changed codes, never entry ids.
 */
interface Context { target: TestApp; f: PagedDesk; chief: TestClient }

const desk = suite<Context>('desk: pages, filter, rows, live codes', {} as Context);
desk.before(async (ctx) => {
  ctx.target = await freshApp();
  ctx.f = await pagedDesk(ctx.target.db);
  ctx.chief = new TestClient(ctx.target, { 'accept-language': 'en' });
  await ctx.chief.get('/judge/login');
  const signedIn = await ctx.chief.post('/judge/login', { eventCode: ctx.f.eventCode, number: '3', pin: ctx.f.judges[3].pin });
  assert.is(signedIn.status, 303, 'the chief judge signs in');
  await ctx.chief.get(signedIn.headers.get('location')!);
});
desk.after(async (ctx) => { await ctx.target.close(); });

const url = (f: PagedDesk, rest = '') => `/desk/rounds/${f.roundId}${rest}`;
const rowCodes = (html: string) => [...html.matchAll(/<tr data-code="(\d+)"/g)].map((m) => m[1]);

async function page(ctx: Context, rest: string): Promise<string> {
  const response = await ctx.chief.get(url(ctx.f, rest));
  assert.is(response.status, 200, rest);
  return response.text();
}

desk('why the round cannot be locked, by judge and by aspect, for the whole round; the lock waits', async (ctx) => {
  const { f } = ctx;
  const html = await page(ctx, '?page=2');
  const unmarked = f.codes.length - MARKED;
  const unsigned = f.codes.length - SIGNED;
  assert.match(byTestId(html, 'lock-reasons'), 'Why the round cannot be locked yet');
  // Each judge misses both aspects of every unmarked code and has not signed the last codes.
  assert.is(textOf(byTestId(html, 'reasons-by-judge')), `By judge Judge Marks missing Sheets unsigned J1 ${unmarked * 2} ${unsigned} J2 ${unmarked * 2} ${unsigned}`);
  // Both judges are missing on each aspect; the one flagged spread is on P1. Empty kinds get no column.
  const byAspect = textOf(byTestId(html, 'reasons-by-aspect'));
  assert.match(byAspect, /^By aspect Aspect Marks missing Spreads over the limit P1 .+ \d+ 1 P2 .+ \d+ 0$/);
  assert.match(byTestId(html, 'reasons-P1'), `${unmarked * 2}`);
  assert.not.match(html, 'No judge (all recused)');
  assert.match(byTestId(html, 'lock-button'), 'disabled');
  const zhChief = new TestClient(ctx.target, { 'accept-language': 'zh-CN' });
  await zhChief.get('/judge/login');
  await zhChief.post('/judge/login', { eventCode: f.eventCode, number: '3', pin: f.judges[3].pin });
  const zh = textOf(byTestId(await (await zhChief.get(url(f))).text(), 'reasons-by-judge'));
  assert.is(zh, `按裁判 裁判 缺少评分 未签字评分表 J1 ${unmarked * 2} ${unsigned} J2 ${unmarked * 2} ${unsigned}`);
});

desk('the desk index: the chief judge\'s round with its status, its progress and what each judge still owes', async (ctx) => {
  const { f } = ctx;
  const html = await (await ctx.chief.get('/desk')).text();
  const unmarked = f.codes.length - MARKED;
  const unsigned = f.codes.length - SIGNED;
  assert.is(textOf(byTestId(html, `round-status-${f.roundId}`)), 'Being marked');
  assert.is(textOf(byTestId(html, `round-progress-${f.roundId}`)), `Marks ${MARKED * 4} / ${f.codes.length * 4} · sheets signed ${SIGNED * 2} / ${f.codes.length * 2}`);
  assert.is(textOf(byTestId(html, `round-${f.roundId}-J1`)), `J1 ${unmarked * 2} marks to enter · ${unsigned} sheets to sign`);
  assert.is(textOf(byTestId(html, `round-${f.roundId}-J2`)), `J2 ${unmarked * 2} marks to enter · ${unsigned} sheets to sign`);
  assert.is([...html.matchAll(/data-testid="desk-round-/g)].length, 1, 'only the rounds this chief judge chairs');
});

desk('the matrix comes in pages of 50 codes; progress and attention counts stay those of the whole round', async (ctx) => {
  const { f } = ctx;
  const first = await page(ctx, '');
  assert.equal(rowCodes(first), f.codes.slice(0, PAGE_SIZE));
  assert.is(textOf(byTestId(first, 'desk-range')), `Codes 1–50 of ${f.codes.length}`);
  assert.match(first, `href="${url(f, '?page=2')}" rel="next"`);
  // Two judges × two aspects for every code, whatever page is shown.
  assert.is(textOf(byTestId(first, 'progress-marks')), `${MARKED * 4} / ${f.codes.length * 4}`);
  assert.is(textOf(byTestId(first, 'progress-signed')), `${SIGNED * 2} / ${f.codes.length * 2}`);
  assert.is(textOf(byTestId(first, 'progress-flagged')), '1');
  assert.is(textOf(byTestId(first, 'attention-missing')), `Marks missing (${f.codes.length - MARKED})`);
  assert.is(textOf(byTestId(first, 'attention-unsigned')), `Sheets unsigned (${f.codes.length - SIGNED})`);
  assert.is(textOf(byTestId(first, 'attention-flagged')), 'Spread flagged (1)');
  for (const name of f.names) assert.not.match(first, name);

  const last = await page(ctx, '?page=3');
  assert.equal(rowCodes(last), f.codes.slice(2 * PAGE_SIZE));
  assert.is(textOf(byTestId(last, 'desk-range')), `Codes 101–${f.codes.length} of ${f.codes.length}`);
  assert.match(last, `href="${url(f, '?page=2')}" rel="prev"`);
  assert.not.match(last, 'rel="next"');
  assert.is(textOf(byTestId(last, 'progress-marks')), `${MARKED * 4} / ${f.codes.length * 4}`);
  assert.equal(rowCodes(await page(ctx, '?page=99')), rowCodes(last), 'past the end: the last page');
  assert.equal(rowCodes(await page(ctx, '?page=x')), rowCodes(first), 'not a page: the first');

  // The fragment a change of everything re-fetches keeps the page.
  const fragment = await page(ctx, '/matrix?page=3');
  assert.not.match(fragment, '<html');
  assert.equal(rowCodes(fragment), rowCodes(last));
  // And the live page knows which page it re-fetches.
  assert.match(last, `hx-get="${url(f, '/matrix?page=3')}"`);
});

desk('a search by code and the "needs attention" filter, with their pages', async (ctx) => {
  const { f } = ctx;
  const code = f.codes[77]!;
  assert.equal(rowCodes(await page(ctx, `?q=${code}`)), [code]);
  const part = code.slice(0, 3);
  assert.equal(rowCodes(await page(ctx, `?q=${part}`)), f.codes.filter((c) => c.includes(part)).slice(0, PAGE_SIZE));

  assert.equal(rowCodes(await page(ctx, '?show=flagged')), [f.codes[FLAGGED]]);
  assert.equal(rowCodes(await page(ctx, '?show=missing')), f.codes.slice(MARKED));
  const unsigned = f.codes.slice(SIGNED);
  assert.equal(rowCodes(await page(ctx, '?show=unsigned')), unsigned);
  const any = await page(ctx, '?show=any');
  assert.equal(rowCodes(any), [f.codes[FLAGGED]!, ...unsigned]);
  assert.is(textOf(byTestId(any, 'desk-range')), `Codes 1–${unsigned.length + 1} of ${unsigned.length + 1}`);
  assert.match(any, '<option value="any" selected="">Needs attention (31)</option>');
  // Search and filter together; nothing matches says so.
  assert.equal(rowCodes(await page(ctx, `?show=unsigned&q=${f.codes[FLAGGED]}`)), []);
  assert.match(await page(ctx, `?show=unsigned&q=${f.codes[FLAGGED]}`), 'No code matches the search and filter.');
  assert.equal(rowCodes(await page(ctx, '?show=sentBack')), []);
  assert.equal(rowCodes(await page(ctx, '?show=nonsense')), f.codes.slice(0, PAGE_SIZE), 'an unknown filter shows every code');
});

desk('the row fragment: exactly the rows asked for and the round\'s summary, codes only', async (ctx) => {
  const { f } = ctx;
  const asked = [f.codes[FLAGGED]!, f.codes[110]!];
  const response = await ctx.chief.get(url(f, `/rows?codes=${asked.join(',')},999999,`));
  assert.is(response.status, 200);
  assert.is(response.headers.get('cache-control'), 'no-store');
  const html = await response.text();
  assert.not.match(html, '<html');
  assert.equal(rowCodes(html), asked, 'unknown codes are left out');
  assert.match(byTestId(html, `outcome-${f.codes[FLAGGED]}-P1`), 'data-flagged="true"');
  assert.match(byTestId(html, `cell-${f.codes[110]}-P1-J1`), 'data-state="empty"');
  assert.is(textOf(byTestId(html, 'progress-marks')), `${MARKED * 4} / ${f.codes.length * 4}`);
  assert.match(html, 'id="desk-summary"');
  for (const name of f.names) assert.not.match(html, name);
  // A row is the fragment's weight, not the matrix's.
  const matrix = await (await ctx.chief.get(url(f, '/matrix'))).text();
  assert.ok(html.length * 10 < matrix.length, `${html.length} bytes for two rows, ${matrix.length} for a page`);

  const none = await (await ctx.chief.get(url(f, '/rows'))).text();
  assert.equal(rowCodes(none), [], 'no codes: the summary alone');
  assert.match(none, 'id="desk-summary"');
  assert.is((await ctx.chief.get(`/desk/rounds/2147483000/rows?codes=${asked[0]}`)).status, 404);
  // The organizer sees the same fragment.
  const organizer = await organizerClient(ctx.target);
  assert.equal(rowCodes(await (await organizer.get(url(f, `/rows?codes=${asked[0]}`))).text()), [asked[0]]);
});

const events = (text: string) => [...text.matchAll(/event: changed\ndata: (.*)\n/g)].map((m) => JSON.parse(m[1]!) as unknown);

desk('the stream names the changed codes of the round (merged within a moment), never entry ids; a change of everything says so', async (ctx) => {
  const { f } = ctx;
  const response = await ctx.chief.get(url(f, '/events'));
  assert.is(response.status, 200);
  const reader = response.body!.getReader();
  await readUntil(reader, /: connected\n\n/, 2000);
  const topic = roundTopic(f.roundId);
  const [a, b, c] = [f.codes[3]!, f.codes[42]!, f.codes[119]!];
  const id = (code: string) => f.entryIdOf.get(code)!;
  // Two changes in quick succession go out as one event; an entry of another round's draw is no code here.
  notifierOf(ctx.target.db).changed(topic, { entryIds: [id(b), id(a)] });
  notifierOf(ctx.target.db).changed(topic, { entryIds: [id(b), id(c), 2_147_483_000] });
  const first = await readUntil(reader, /event: changed\n.*\n.*\n\n/, 3000);
  assert.equal(events(first), [{ codes: [a, b, c].sort() }]);
  for (const entryId of [id(a), id(b), id(c)]) assert.not.match(first, `${entryId},`);

  notifierOf(ctx.target.db).changed(topic, { entryIds: [id(a)] });
  notifierOf(ctx.target.db).changed(topic);
  assert.equal(events(await readUntil(reader, /event: changed\n.*\n.*\n\n/, 3000)), [{ all: true }], 'everything wins');
  notifierOf(ctx.target.db).changed(topic, { entryIds: [] });
  assert.equal(events(await readUntil(reader, /event: changed\n.*\n.*\n\n/, 3000)), [{ codes: [] }], 'no row, still a change: the summary');
  await reader.cancel();
});

desk.run();

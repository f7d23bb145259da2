import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { byTestId, organizerClient, textOf } from '../support/desk.ts';
import { lockWelding, markedFixture, publishWelding, refused, topNTitles, type ResultsFixture } from '../support/results.ts';

/**
 * Certificates that can be checked: each printed certificate carries a QR code and a short code
 * that open /verify/<code>, public, with the name masked. A code no certificate has says so; a
 * certificate of a superseded publication says so, with what the version in force awards.
 * The welding fixture with titles for the top 2: 张伟 second prize, 李强 third, 王芳 nothing.
 */
interface Ctx { target: TestApp; f: ResultsFixture; organizer: TestClient }
const test = suite<Ctx>('certificate check', {} as Ctx);

test.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.f = await markedFixture(ctx.target.db);
  await ctx.target.db.skill.update({ where: { id: ctx.f.skillId }, data: topNTitles(2) });
  ctx.organizer = await organizerClient(ctx.target);
  await lockWelding(ctx.target.db, ctx.f);
  await publishWelding(ctx.target.db, ctx.f);
});
test.after.each(async (ctx) => { await ctx.target.close(); });

/** The printed certificates' codes by bib, as the QR codes and short codes carry them. */
async function printedCodes(ctx: Ctx): Promise<Map<string, string>> {
  const html = await (await ctx.organizer.get(`/skills/${ctx.f.skillId}/certificates`)).text();
  const codes = new Map<string, string>();
  for (const bib of ['001', '002']) {
    const card = byTestId(html, `cert-${bib}`);
    // The code as printed (two groups of five), and the same in the markup.
    const [, raw, printed] = /data-code="([A-Z0-9]{10})">([A-Z0-9]{5}-[A-Z0-9]{5})</.exec(card) ?? [];
    assert.is(printed?.replace('-', ''), raw, `certificate ${bib}: the code as printed`);
    const code = printed;
    assert.ok(code, `certificate ${bib} carries a code`);
    assert.match(card, '<svg', `certificate ${bib} carries a QR code`);
    assert.match(card, 'http://localhost/verify', 'and where to check by hand');
    codes.set(bib, code!);
  }
  return codes;
}

test('a printed certificate checks out: genuine, masked name, award; reprints keep their codes', async (ctx) => {
  const codes = await printedCodes(ctx);
  assert.equal(await printedCodes(ctx), codes, 'a reprint carries the same codes');
  assert.is(await ctx.target.db.certificate.count(), 2, 'one row per certificate: 王芳 has none');
  assert.not.equal(codes.get('001'), codes.get('002'));

  const visitor = new TestClient(ctx.target, { 'accept-language': 'zh-CN' });
  const page = await visitor.get(`/verify/${codes.get('001')!.replace('-', '')}`);
  assert.is(page.status, 200);
  assert.is(page.headers.get('cache-control'), 'no-store');
  const html = await page.text();
  const result = byTestId(html, 'verify-result');
  assert.match(result, 'data-state="valid"');
  assert.match(textOf(result), '真实有效');
  assert.is(textOf(byTestId(html, 'verify-name')), '张*');
  assert.not.match(html, '张伟', 'the full name is not shown');
  assert.match(textOf(byTestId(html, 'verify-award')), '二等奖');
  assert.match(textOf(result), '焊工');
  assert.match(textOf(result), '2026年定海区职工技能大比武');
  assert.match(textOf(result), /\d{4}-01-001/);
  for (const secret of [...ctx.f.idNumbers, ...ctx.f.phones]) assert.not.match(html, secret);

  // Typed from paper: lower case, a space; the form sends it on to the one address.
  const typed = await visitor.get(`/verify?code=${encodeURIComponent(` ${codes.get('002')!.toLowerCase().replace('-', ' ')} `)}`);
  assert.is(typed.status, 303);
  assert.is(typed.headers.get('location'), `/verify/${codes.get('002')!.replace('-', '')}`);
  assert.is((await visitor.get(`/verify/${codes.get('002')!.toLowerCase()}`)).status, 301, 'one address per certificate');
});

test('an unknown code says the certificate was not issued here; a malformed one is refused, both translated', async (ctx) => {
  await printedCodes(ctx);
  const visitor = new TestClient(ctx.target, { 'accept-language': 'en' });
  const unknown = await visitor.get('/verify/ABCDE23456');
  assert.is(unknown.status, 404);
  assert.match(textOf(byTestId(await unknown.text(), 'verify-unknown')), 'No certificate has the code ABCDE-23456');
  for (const bad of ['abc', 'ABCDE2345', 'ABCDE234567', 'ABCDE-2345O', '%3Cscript%3E', 'x'.repeat(500)]) {
    const response = await visitor.get(`/verify/${bad}`);
    assert.is(response.status, 404, bad);
    assert.match(await response.text(), 'This is not a verification code', bad);
  }
  const typed = await visitor.get(`/verify?code=${encodeURIComponent('<b>1</b>')}`);
  assert.is(typed.status, 422);
  const html = await typed.text();
  assert.match(html, 'This is not a verification code');
  assert.not.match(html, '<b>1</b>', 'what was typed comes back escaped');
  assert.is((await visitor.get('/verify')).status, 200);
});

test('a certificate of a superseded publication says so, and what the version in force awards', async (ctx) => {
  const codes = await printedCodes(ctx);
  // Version 2 gives 王芳 the title too: her new certificate is made then; the old ones say "superseded".
  await ctx.target.db.skill.update({ where: { id: ctx.f.skillId }, data: topNTitles(3) });
  await publishWelding(ctx.target.db, ctx.f, { changeNote: 'titles for the top 3' });
  const visitor = new TestClient(ctx.target, { 'accept-language': 'en' });
  const old = await (await visitor.get(`/verify/${codes.get('002')!.replace('-', '')}`)).text();
  const result = byTestId(old, 'verify-result');
  assert.match(result, 'data-state="superseded"');
  assert.match(textOf(result), 'No longer in force: the results were corrected in version 2');
  assert.match(textOf(byTestId(old, 'verify-now')), 'Version 2: Third prize');

  const html = await (await ctx.organizer.get(`/skills/${ctx.f.skillId}/certificates`)).text();
  const newCode = /data-code="[A-Z0-9]{10}">([A-Z0-9]{5}-[A-Z0-9]{5})</.exec(byTestId(html, 'cert-002'))![1]!;
  assert.not.equal(newCode, codes.get('002'), 'version 2 prints new codes');
  assert.match(byTestId(await (await visitor.get(`/verify/${newCode.replace('-', '')}`)).text(), 'verify-result'), 'data-state="valid"');
  assert.is(await ctx.target.db.certificate.count(), 5, 'two of version 1, three of version 2');
});

test('certificate rows never change or go: the database refuses', async (ctx) => {
  await printedCodes(ctx);
  const row = await ctx.target.db.certificate.findFirstOrThrow();
  await refused(ctx.target.db.certificate.update({ where: { code: row.code }, data: { number: 'forged' } }), /never changed/, 'a changed number');
  await refused(ctx.target.db.certificate.delete({ where: { code: row.code } }), /never deleted/, 'a deleted certificate');
  assert.is((await ctx.target.db.certificate.findUniqueOrThrow({ where: { code: row.code } })).number, row.number);
});

test('the public API checks a code as the page does', async (ctx) => {
  const codes = await printedCodes(ctx);
  const api = (code: string) => ctx.target.app.request(`/api/v1/public/certificates/${code}`, { headers: { 'accept-language': 'en' } });
  const valid = await api(codes.get('001')!);
  assert.is(valid.status, 200);
  const body = (await valid.json()) as Record<string, unknown>;
  assert.equal([body.state, body.name, body.award], ['valid', '张*', { prize: 2, titles: ['技术能手'] }]);
  assert.not.match(JSON.stringify(body), '张伟');
  assert.is((await api('ABCDE23456')).status, 404);
  assert.is((await api('nope')).status, 400);
});

test.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
// First: the app loads the API's zod-openapi extension before any schema is built.
import { freshApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { byTestId, organizerClient, textOf } from '../support/desk.ts';
import { lockedFixture, publishWelding, type ResultsFixture } from '../support/results.ts';

/**
 * English names: events and organizations carry an English name, people a Latin one (as typed,
 * else pinyin made at publication). The English public pages, the big screen and English
 * certificates use them; the Chinese pages never do.
 */

interface Context { target: TestApp; f: ResultsFixture; organizer: TestClient }

const names = suite<Context>('English and pinyin names', {} as Context);
names.before.each(async (ctx) => {
  ctx.target = await freshApp();
  ctx.f = await lockedFixture(ctx.target.db);
  ctx.organizer = await organizerClient(ctx.target);
});
names.after.each(async (ctx) => { await ctx.target.close(); });

async function html(client: TestClient, url: string, status = 200): Promise<string> {
  const response = await client.get(url);
  assert.is(response.status, status, `${url} → ${status}`);
  return response.text();
}

names('the event form keeps an English name, shown on the event page', async (ctx) => {
  const { db } = ctx.target;
  await html(ctx.organizer, `/events/${ctx.f.eventId}/edit`);
  const saved = await ctx.organizer.post(`/events/${ctx.f.eventId}`, {
    name: '2026年定海区职工技能大比武', nameEn: '2026 Dinghai Workers\' Skills Competition', startsOn: '', endsOn: '', venue: '', hostOrganization: '', allowMultipleSkills: 'false', organizationBestN: '3',
  });
  assert.is(saved.status, 303);
  assert.is((await db.event.findUniqueOrThrow({ where: { id: ctx.f.eventId } })).nameEn, '2026 Dinghai Workers\' Skills Competition');
  assert.match(textOf(await html(ctx.organizer, `/events/${ctx.f.eventId}`)), '2026 Dinghai Workers\' Skills Competition');
  // A name that a spreadsheet would run as a formula is refused like any title, and nothing changes.
  await html(ctx.organizer, `/events/${ctx.f.eventId}/edit`);
  const bad = await ctx.organizer.post(`/events/${ctx.f.eventId}`, { name: '2026年定海区职工技能大比武', nameEn: '=HYPERLINK("x")', organizationBestN: '3' });
  assert.is(bad.status, 422);
  assert.is((await db.event.findUniqueOrThrow({ where: { id: ctx.f.eventId } })).nameEn, '2026 Dinghai Workers\' Skills Competition');
});

names('an organization can be renamed, given an English name, and deleted only while empty', async (ctx) => {
  const { db } = ctx.target;
  const org = await db.organization.findFirstOrThrow({ where: { eventId: ctx.f.eventId, name: '舟山船舶修造有限公司' } });
  const list = await html(ctx.organizer, `/events/${ctx.f.eventId}/registration`);
  assert.match(list, `href="/organizations/${org.id}/edit"`);
  const form = await html(ctx.organizer, `/organizations/${org.id}/edit`);
  assert.match(form, 'name="nameEn"');
  assert.not.match(form, 'data-testid="delete-organization"', 'it has contestants: no delete offered');

  const saved = await ctx.organizer.post(`/organizations/${org.id}/edit`, { name: '舟山船舶修造有限公司', nameEn: 'Zhoushan Shipbuilding Co.', contactName: '乐海燕', contactPhone: '0580-8061234' });
  assert.is(saved.status, 303);
  assert.equal(await db.organization.findUniqueOrThrow({ where: { id: org.id }, select: { name: true, nameEn: true, contactName: true } }),
    { name: '舟山船舶修造有限公司', nameEn: 'Zhoushan Shipbuilding Co.', contactName: '乐海燕' });
  assert.match(textOf(await html(ctx.organizer, `/events/${ctx.f.eventId}/registration`)), 'Zhoushan Shipbuilding Co.');

  // Another organization's name is taken: 422 with the reason, nothing changed.
  await html(ctx.organizer, `/organizations/${org.id}/edit`);
  const clash = await ctx.organizer.post(`/organizations/${org.id}/edit`, { name: '定海机电设备有限公司', nameEn: '' });
  assert.is(clash.status, 422);
  assert.match(textOf(await clash.text()), 'There is already an organization called 定海机电设备有限公司.');
  assert.is((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).nameEn, 'Zhoushan Shipbuilding Co.');

  const refused = await ctx.organizer.post(`/organizations/${org.id}/delete`, {});
  assert.is(refused.status, 409);
  assert.match(textOf(await refused.text()), 'The organization still has contestants.');
  assert.ok(await db.organization.findUnique({ where: { id: org.id } }));

  const rename = await db.auditEntry.findFirstOrThrow({ where: { action: 'organization.rename' } });
  assert.equal(JSON.parse(rename.details), { from: { name: '舟山船舶修造有限公司', nameEn: '' }, to: { name: '舟山船舶修造有限公司', nameEn: 'Zhoushan Shipbuilding Co.' } });

  // No contestants but a judge from it: recusal reads his organization, so it stays.
  const empty = await db.organization.create({ data: { eventId: ctx.f.eventId, name: '空单位', approvedAt: new Date() } });
  const judge = await db.eventJudge.findFirstOrThrow({ where: { eventId: ctx.f.eventId } });
  await db.eventJudge.update({ where: { id: judge.id }, data: { organizationId: empty.id } });
  assert.match(await html(ctx.organizer, `/organizations/${empty.id}/edit`), 'data-testid="delete-organization"');
  const judged = await ctx.organizer.post(`/organizations/${empty.id}/delete`, {});
  assert.is(judged.status, 409);
  assert.match(textOf(await judged.text()), 'Judges (1) come from this organization');
  await db.eventJudge.update({ where: { id: judge.id }, data: { organizationId: judge.organizationId } });
  await html(ctx.organizer, `/organizations/${empty.id}/edit`);
  assert.is((await ctx.organizer.post(`/organizations/${empty.id}/delete`, {})).status, 303);
  assert.is(await db.organization.findUnique({ where: { id: empty.id } }), null);
  assert.is((await db.auditEntry.findFirstOrThrow({ where: { action: 'organization.delete' } })).subject, '空单位');
  await html(ctx.organizer, `/organizations/${empty.id}/edit`, 404);
});

names('the contestant form takes a name in Latin letters, or leaves it to pinyin', async (ctx) => {
  const { db } = ctx.target;
  await db.event.update({ where: { id: ctx.f.eventId }, data: { status: 'registration' } });
  const person = await db.contestant.findFirstOrThrow({ where: { name: '王芳' }, include: { entries: true } });
  const form = await html(ctx.organizer, `/contestants/${person.id}/edit`);
  assert.match(textOf(form), 'Blank: Wang Fang', 'the hint shows the pinyin that blank stands for');
  const entry = person.entries[0]!;
  const body = (nameLatin: string) => ({
    name: '王芳', nameLatin, gender: 'female', organizationId: String(person.organizationId), idNumber: person.idNumber, phone: person.phone, skillLevel: '',
    'entries.0.skillId': String(entry.skillId), [`bib_${entry.skillId}`]: entry.bib,
  });
  const bad = await ctx.organizer.post(`/contestants/${person.id}/edit`, body('王 Fang'));
  assert.is(bad.status, 422);
  assert.match(textOf(await bad.text()), 'Use Latin letters only, e.g. Zhang Wei.');
  assert.is((await db.contestant.findUniqueOrThrow({ where: { id: person.id } })).nameLatin, '');

  await html(ctx.organizer, `/contestants/${person.id}/edit`);
  const saved = await ctx.organizer.post(`/contestants/${person.id}/edit`, body('  WONG  Fong '));
  assert.is(saved.status, 303);
  assert.is((await db.contestant.findUniqueOrThrow({ where: { id: person.id } })).nameLatin, 'WONG Fong');
});

names('a publication carries the English names; English pages, the big screen and certificates use them, Chinese ones do not', async (ctx) => {
  const { db } = ctx.target;
  const { f } = ctx;
  await db.event.update({ where: { id: f.eventId }, data: { nameEn: 'Dinghai Skills Competition 2026' } });
  await db.organization.updateMany({ where: { eventId: f.eventId, name: '舟山船舶修造有限公司' }, data: { nameEn: 'Zhoushan Shipbuilding Co.' } });
  await db.contestant.updateMany({ where: { name: '王芳' }, data: { nameLatin: 'WONG Fong' } });
  await publishWelding(db, f);

  const snapshot = JSON.parse((await db.publication.findFirstOrThrow({ where: { skillId: f.skillId } })).snapshot) as {
    event: { nameEn: string }; entries: { bib: string; nameLatin: string; organizationNameEn: string }[];
  };
  assert.is(snapshot.event.nameEn, 'Dinghai Skills Competition 2026');
  const of = (bib: string) => snapshot.entries.find((e) => e.bib === bib)!;
  assert.equal([of(f.bibs.张伟).nameLatin, of(f.bibs.张伟).organizationNameEn], ['Zhang Wei', 'Zhoushan Shipbuilding Co.'], 'pinyin where none was typed');
  assert.equal([of(f.bibs.王芳).nameLatin, of(f.bibs.王芳).organizationNameEn], ['WONG Fong', '']);

  const english = new TestClient(ctx.target, { 'accept-language': 'en' });
  const chinese = new TestClient(ctx.target, { 'accept-language': 'zh-CN' });
  const page = await html(english, `/public/skills/${f.skillId}`);
  const row = textOf(byTestId(page, `public-result-${f.bibs.张伟}`));
  assert.match(row, 'Zhang Wei');
  assert.match(row, '张伟', 'the Chinese name beside it');
  assert.match(row, 'Zhoushan Shipbuilding Co.');
  assert.match(textOf(byTestId(page, `public-result-${f.bibs.王芳}`)), 'WONG Fong');
  assert.match(textOf(byTestId(page, `public-result-${f.bibs.王芳}`)), '定海机电设备有限公司', 'no English name: the Chinese one');
  assert.match(textOf(page), 'Dinghai Skills Competition 2026');
  const zh = await html(chinese, `/public/skills/${f.skillId}`);
  for (const word of ['Zhang Wei', 'WONG Fong', 'Zhoushan Shipbuilding Co.', 'Dinghai Skills Competition 2026']) assert.not.match(zh, word);

  assert.match(textOf(await html(english, `/public/events/${f.eventId}`)), 'Zhoushan Shipbuilding Co.', 'the standings');
  // Pinyin finds a person, spaces and case aside.
  assert.match(textOf(byTestId(await html(english, `/public/events/${f.eventId}/search?q=zhangwei`), `public-hit-${f.bibs.张伟}`)), 'Zhang Wei');
  assert.match(textOf(await html(english, `/display/events/${f.eventId}/board`)), 'Zhang Wei');
  assert.not.match(await html(chinese, `/display/events/${f.eventId}/board`), 'Zhang Wei');

  const certificates = await html(ctx.organizer, `/skills/${f.skillId}/certificates?lang=en`);
  assert.match(textOf(byTestId(certificates, `cert-${f.bibs.张伟}`)), 'Zhang Wei');
  assert.match(textOf(byTestId(certificates, `cert-${f.bibs.张伟}`)), 'Dinghai Skills Competition 2026');
  assert.not.match(await html(ctx.organizer, `/skills/${f.skillId}/certificates?lang=zh-CN`), 'Zhang Wei');
});

names.run();

import { Hono, type Context } from 'hono';
import { eventViewer, organizer, type SignedIn } from '../auth/guards.ts';
import { maskIdNumber } from '../domain/id-number.ts';
import { filterPool, poolPeople, type PoolFilter } from '../domain/talent-pool.ts';
import { sheetDownload } from '../http/download.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam } from '../http/ids.ts';
import { pageContext, renderError } from '../http/render.tsx';
import { PersonRecordPage, PoolPage } from '../../views/pages/pool.tsx';
import { personResults, poolOf } from './queries.ts';

/**
 * The talent pool (工匠库): the people of the contests the account may see, one per ID number,
 * searchable by trade, organization, title, grade and year; exportable; each person's record
 * printable on A4. Published results only; ID numbers masked.
 */
export const poolRoutes = new Hono<AppEnv>();

const PAGE_SIZE = 50;
/** A filter from the query, every part bounded: nothing typed into a URL costs more than a search. */
function filterOf<E extends AppEnv>(c: Context<E>): PoolFilter {
  const text = (name: string) => (c.req.query(name) ?? '').trim().slice(0, 60);
  const year = /^(19|20)\d\d$/.test(text('year')) ? Number(text('year')) : null;
  return { q: text('q'), trade: text('trade'), organization: text('organization'), title: text('title'), grade: text('grade'), year };
}

async function filtered<E extends AppEnv & SignedIn>(c: Context<E>) {
  const people = poolPeople(await poolOf(c.get('db'), c.get('account')));
  const filter = filterOf(c);
  return { people, filter, found: filterPool(people, filter) };
}

poolRoutes.get('/pool', organizer, async (c) => {
  const { people, filter, found } = await filtered(c);
  const pageCount = Math.max(1, Math.ceil(found.length / PAGE_SIZE));
  const page = Math.min(pageCount, Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
  const options = {
    titles: [...new Set(people.flatMap((p) => p.titles))].sort(),
    years: [...new Set(people.flatMap((p) => p.results.map((r) => r.year)))].sort((a, b) => b - a),
  };
  return c.html(<PoolPage page={pageContext(c)} filter={filter} options={options} total={people.length} found={found.length}
    people={found.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)} current={page} pageCount={pageCount} />);
});

poolRoutes.get('/pool.xlsx', organizer, async (c) => {
  const { found } = await filtered(c);
  const t = c.get('t');
  const level = (l: string) => (l ? t(`contestant.level.${l}` as 'contestant.level.none') : '');
  const rows = [
    [t('pool.col.name'), t('pool.col.idNumber'), t('pool.col.gender'), t('pool.col.grade'), t('pool.col.year'), t('pool.col.event'), t('pool.col.skill'),
      t('pool.col.organization'), t('pool.col.rank'), t('pool.col.prize'), t('pool.col.titles'), t('pool.col.promotion'), t('pool.col.version')],
    ...found.flatMap((person) => person.results.map((r) => [
      person.name, maskIdNumber(person.idNumber), t(`contestant.gender.${r.gender}` as 'contestant.gender.male'), level(person.grade), r.year, r.eventName, r.skillName,
      r.organization, r.rank, r.prize ? t(`results.prize.${r.prize}`) : null, r.titles.join('、'),
      r.promotion ? `${level(r.promotion.from) || t('contestant.level.none')} → ${level(r.promotion.to)}` : null, r.publicationVersion,
    ])),
  ];
  return sheetDownload(c, rows, t('pool.file'), 'xlsx', t('pool.title'));
});

async function record<E extends AppEnv & SignedIn>(c: Context<E>) {
  const found = await personResults(c.get('db'), c.get('account'), idParam(c));
  if (!found || found.results.length === 0) return null;
  return { person: poolPeople(found.results)[0]!, phone: found.phone };
}

poolRoutes.get('/pool/contestants/:id', eventViewer, async (c) => {
  const person = await record(c);
  if (!person) return renderError(c, 404, 'notFound');
  return c.html(<PersonRecordPage page={pageContext(c)} {...person} print={false} />);
});

poolRoutes.get('/pool/contestants/:id/print', eventViewer, async (c) => {
  const person = await record(c);
  if (!person) return renderError(c, 404, 'notFound');
  c.header('Cache-Control', 'no-store');
  return c.html(<PersonRecordPage page={pageContext(c)} {...person} print />);
});

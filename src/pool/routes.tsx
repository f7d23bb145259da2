import { Hono, type Context } from 'hono';
import { administrator, eventViewer, organizer, type SignedIn } from '../auth/guards.ts';
import { maskIdNumber } from '../domain/id-number.ts';
import { sheetDownload } from '../http/download.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam, parseId } from '../http/ids.ts';
import { formStrings, problemMessages } from '../http/validation.ts';
import { pageContext, renderError, seeOther } from '../http/render.tsx';
import { PersonRecordPage, PoolMatchesPage, PoolPage } from '../../views/pages/pool.tsx';
import { levelLabel } from '../../views/results/title-rules.ts';
import { decideMatch, recordPoolExport } from './commands.ts';
import { pageOf, personRecord, poolFilter, searchPool } from './queries.ts';

/**
 * The talent pool (工匠库): the people of the contests the account may see, one per ID number,
 * searchable by trade, organization, title, grade and year; exportable; each person's record
 * printable on A4. Published results only; ID numbers masked.
 */
export const poolRoutes = new Hono<AppEnv>();

async function filtered<E extends AppEnv & SignedIn>(c: Context<E>) {
  const filter = poolFilter((name) => c.req.query(name));
  return { filter, ...(await searchPool(c.get('db'), c.get('account'), filter)) };
}

poolRoutes.get('/pool', organizer, async (c) => {
  const { filter, total, found, options, uncertain } = await filtered(c);
  const page = pageOf(found, c.req.query('page'));
  return c.html(<PoolPage page={pageContext(c)} filter={filter} options={options} total={total} found={found.length} uncertain={uncertain.length}
    people={page.items} current={page.current} pageCount={page.pageCount} />);
});

poolRoutes.get('/pool/matches', administrator, async (c) => {
  const { uncertain } = await filtered(c);
  const notice = c.req.query('decided') === '1' ? c.get('t')('pool.match.decided') : undefined;
  return c.html(<PoolMatchesPage page={pageContext(c)} matches={uncertain.slice(0, 100)} count={uncertain.length} notice={notice} />);
});

poolRoutes.post('/pool/matches', administrator, async (c) => {
  const form = formStrings(await c.req.parseBody(), ['a', 'b', 'decision']);
  const [a, b] = [parseId(form.a), parseId(form.b)];
  if (a === null || b === null) return renderError(c, 404, 'notFound');
  const outcome = await decideMatch(c.get('db'), c.get('account'), [a, b], form.decision);
  if (!outcome.ok) {
    if (outcome.status === 404) return renderError(c, 404, 'notFound');
    const { uncertain } = await filtered(c);
    const text = Object.values(problemMessages(outcome.problems, c.get('t'))).join(' ');
    return c.html(<PoolMatchesPage page={pageContext(c)} matches={uncertain.slice(0, 100)} count={uncertain.length} error={text} />, outcome.status);
  }
  return seeOther(c, '/pool/matches?decided=1');
});

poolRoutes.get('/pool.xlsx', organizer, async (c) => {
  const { filter, found } = await filtered(c);
  const t = c.get('t');
  const level = (l: string) => (l ? levelLabel(t, l) : '');
  const rows = [
    [t('pool.col.name'), t('pool.col.idNumber'), t('pool.col.gender'), t('pool.col.grade'), t('pool.col.year'), t('pool.col.event'), t('pool.col.skill'),
      t('pool.col.organization'), t('pool.col.rank'), t('pool.col.prize'), t('pool.col.titles'), t('pool.col.promotion'), t('pool.col.version')],
    ...found.flatMap((person) => person.results.map((r) => [
      person.name, maskIdNumber(person.idNumber), t(`contestant.gender.${r.gender}` as 'contestant.gender.male'), level(person.grade), r.year, r.eventName, r.skillName,
      r.organization, r.rank, r.prize ? t(`results.prize.${r.prize}`) : null, r.titles.join('、'),
      r.promotion ? `${level(r.promotion.from) || t('contestant.level.none')} → ${level(r.promotion.to)}` : null, r.publicationVersion,
    ])),
  ];
  // Everyone the account may see, in one file that leaves the building: on the record.
  await recordPoolExport(c.get('db'), c.get('account'), filter, found.length);
  return sheetDownload(c, rows, t('pool.file'), 'xlsx', t('pool.title'));
});

const record = <E extends AppEnv & SignedIn>(c: Context<E>) => personRecord(c.get('db'), c.get('account'), idParam(c));

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

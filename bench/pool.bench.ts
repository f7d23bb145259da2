/**
 * The talent pool and the annual figures at a federation's real size: five years of contests
 * (Zhoushan: 120 city-level contests in five years; Dinghai: ~1,000 workers a year), read on
 * every request from the publications in force. BENCH_POOL_EVENTS (default 120) events of two
 * skills × 50 entries, 3,000 distinct workers who come back year after year.
 * `npm run bench -- pool`.
 */
import { freshApp } from '../test/support/app.ts';
import { passwordClient } from '../test/support/client.ts';
import { createAccount } from '../test/support/fixtures.ts';
import type { Benchmark } from './run.ts';

const EVENTS = Number(process.env.BENCH_POOL_EVENTS ?? 120);
const SKILLS = 2;
const ENTRIES = 50;
const WORKERS = 3_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed(run: () => Promise<Response>, times: number): Promise<{ first: number; median: number; status: number }> {
  let status = 0;
  const spans: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const response = await run();
    await response.arrayBuffer();
    status = response.status;
    spans.push(performance.now() - started);
  }
  return { first: spans[0]!, median: median(spans.slice(1)), status };
}

const benchmark: Benchmark = {
  name: 'pool',
  title: `Talent pool and annual figures: ${EVENTS} contests × ${SKILLS} skills × ${ENTRIES} entries, ${WORKERS.toLocaleString('en')} workers`,
  async run() {
    const target = await freshApp();
    const { db } = target;
    const built = performance.now();
    const organizer = await createAccount(db, { username: 'pool-bench', password: 'pool-bench-password', isAdmin: true });
    for (let e = 0; e < EVENTS; e++) {
      const year = 2022 + (e % 5);
      const event = await db.event.create({ data: { name: `${year}年第${e + 1}场职工技能竞赛`, status: 'published', startsOn: new Date(`${year}-05-01T00:00:00Z`) } });
      const organization = await db.organization.create({ data: { eventId: event.id, name: `第${e % 40}厂`, approvedAt: new Date() } });
      for (let s = 0; s < SKILLS; s++) {
        const skill = await db.skill.create({ data: { eventId: event.id, name: ['焊工', '电工', '钳工', '车工', '维修电工'][(e + s) % 5]!, tieBreaks: '[]' } });
        const entries = [];
        for (let n = 0; n < ENTRIES; n++) {
          const worker = (e * 37 + s * 500 + n * 7) % WORKERS;
          const bib = `${s}${String(n + 1).padStart(3, '0')}`;
          const idNumber = `330902${1970 + (worker % 30)}0101${String(worker).padStart(4, '0')}`;
          const contestant = await db.contestant.upsert({
            where: { eventId_idNumber: { eventId: event.id, idNumber } },
            create: { eventId: event.id, organizationId: organization.id, name: `职工${worker}`, gender: 'male', idNumber, birthDate: `${1970 + (worker % 30)}-01-01` },
            update: {},
          });
          await db.entry.create({ data: { contestantId: contestant.id, skillId: skill.id, eventId: event.id, bib, status: 'competed' } });
          entries.push({ bib, name: contestant.name, organizationName: organization.name, status: 'competed', total: 100 - n, rank: n + 1, prize: n < 3 ? n + 1 : null, titles: n < 5 ? ['技术能手'] : [], promotion: n < 2 ? { from: 'senior', to: 'technician' } : null });
        }
        await db.publication.create({
          data: {
            skillId: skill.id, version: 1, publishedById: organizer.id, noticeUntil: new Date(), appealUntil: new Date(),
            snapshot: JSON.stringify({ event: { name: event.name }, skill: { name: skill.name, nameEn: '', decimals: 2 }, entries }),
          },
        });
      }
    }
    const buildMs = performance.now() - built;
    const client = await passwordClient(target, 'pool-bench', 'pool-bench-password');
    const rss = () => `${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`;
    const pool = await timed(() => client.get('/pool'), 11);
    const search = await timed(() => client.get(`/pool?trade=${encodeURIComponent('焊工')}&year=2025`), 11);
    const xlsx = await timed(() => client.get('/pool.xlsx'), 3);
    const figures = await timed(() => client.get('/figures'), 11);
    const people = await db.contestant.groupBy({ by: ['idNumber'] }).then((rows) => rows.length);
    await target.close();
    const ms = (value: number) => `${value.toFixed(0)} ms`;
    return {
      columns: ['request', 'first (cold snapshots)', 'median of 10 after', 'status'],
      rows: [
        ['GET /pool (everyone, page 1)', ms(pool.first), ms(pool.median), pool.status],
        ['GET /pool?trade=焊工&year=2025', ms(search.first), ms(search.median), search.status],
        ['GET /pool.xlsx (everyone)', ms(xlsx.first), ms(xlsx.median), xlsx.status],
        ['GET /figures (latest year, all breakdowns)', ms(figures.first), ms(figures.median), figures.status],
      ],
      notes: [`built in ${(buildMs / 1000).toFixed(1)} s: ${EVENTS * SKILLS} publications, ${EVENTS * SKILLS * ENTRIES} entries of ${people} people; RSS after: ${rss()}`],
    };
  },
};

export default benchmark;

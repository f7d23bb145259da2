import { Hono, type Context } from 'hono';
import { unrankedOf } from './snapshot.ts';
import type { Db } from '../db/client.ts';
import type { AppEnv } from '../http/env.ts';
import { pageContext, renderError, seeOther } from '../http/render.tsx';
import { formObject, problemMessages } from '../http/validation.ts';
import { delegationHeaders, delegationLink, type FoundLink } from '../registration/delegation.tsx';
import type { FieldErrors } from '../../views/components/form.tsx';
import { DelegationAppealsPage, type DelegationSkillResults } from '../../views/pages/appeals.tsx';
import { fileAppeal } from './commands.ts';
import { appeals, currentPublication } from './queries.ts';

/**
 * The delegation leader's results and appeals, under the private link: /d/<token>/appeals.
 * The link identifies the organization exactly as for registration, but its registration
 * deadline does not apply here: a leader may appeal until the appeal window of the publication
 * in force closes (Publication.appealUntil), which usually comes long after registration closed.
 * A revoked or unknown link is "not found". Leaders see their own organization's entries only.
 */
export const appealRoutes = new Hono<AppEnv>();
appealRoutes.use('/d/*', delegationHeaders);

async function publishedResults<E extends AppEnv>(c: Context<E>, link: FoundLink, now: Date): Promise<DelegationSkillResults[]> {
  const db: Db = c.get('db');
  const { organization } = link;
  const own = await db.entry.findMany({
    where: { eventId: organization.eventId, contestant: { organizationId: organization.id }, skill: { publications: { some: {} } } },
    select: { bib: true, skillId: true, skill: { select: { position: true } } },
    orderBy: [{ skill: { position: 'asc' } }, { skillId: 'asc' }, { bib: 'asc' }],
  });
  const skillIds = [...new Set(own.map((e) => e.skillId))];
  const skills: DelegationSkillResults[] = [];
  for (const skillId of skillIds) {
    const current = await currentPublication(db, skillId);
    if (!current) continue;
    const bibs = new Set(own.filter((e) => e.skillId === skillId).map((e) => e.bib));
    const entries = current.snapshot.entries
      .filter((e) => bibs.has(e.bib))
      .map((e) => ({ bib: e.bib, name: e.name, total: e.total, rank: e.rank, prize: e.prize, status: unrankedOf(e) ?? e.status }));
    if (entries.length === 0) continue;
    skills.push({
      skillName: current.snapshot.skill.name, version: current.version, publishedAt: current.publishedAt, appealUntil: current.appealUntil,
      open: now < current.appealUntil, decimals: current.snapshot.skill.decimals, entries,
    });
  }
  return skills;
}

async function appealsPage<E extends AppEnv>(
  c: Context<E>,
  token: string,
  link: FoundLink,
  extra: { values?: { bib: string; text: string }; errors?: FieldErrors; notice?: { kind: 'success' | 'error'; text: string } } = {},
  status: 200 | 409 | 422 = 200,
) {
  const { organization } = link;
  const [skills, rows] = await Promise.all([publishedResults(c, link, new Date()), appeals(c.get('db'), { organizationId: organization.id })]);
  return c.html(
    <DelegationAppealsPage page={pageContext(c)} base={`/d/${token}`} organizationName={organization.name} eventName={organization.event.name}
      skills={skills} appeals={rows} form={{ values: extra.values ?? { bib: '', text: '' }, errors: extra.errors ?? {} }} notice={extra.notice} />,
    status,
  );
}

appealRoutes.get('/d/:token/appeals', delegationLink, async (c) => {
  const { token, link } = c.var;
  const notice = c.req.query('done') === 'filed' ? { kind: 'success' as const, text: c.get('t')('appeal.delegation.done') } : undefined;
  return appealsPage(c, token, link, { notice });
});

appealRoutes.post('/d/:token/appeals', delegationLink, async (c) => {
  const { token, link } = c.var;
  const body = formObject(await c.req.parseBody());
  const { organization } = link;
  const outcome = await fileAppeal(c.get('db'), { id: organization.id, eventId: organization.eventId, name: organization.name }, body);
  if (outcome.ok) return seeOther(c, `/d/${token}/appeals?done=filed`);
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  const errors = problemMessages(outcome.problems, c.get('t'));
  const values = { bib: String(body.bib ?? ''), text: String(body.text ?? '') };
  const general = errors[''];
  return appealsPage(c, token, link, { values, errors, notice: general ? { kind: 'error', text: general } : undefined }, outcome.status);
});

import { Hono, type Context } from 'hono';
import { createApiToken, listApiTokens, revokeApiToken } from '../api/tokens.ts';
import { judge, type SignedIn } from '../auth/guards.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam } from '../http/ids.ts';
import { pageContext, renderError } from '../http/render.tsx';
import { JudgeApiTokenPage } from '../../views/pages/desk.tsx';

const PAGE = '/judge/api-token';
const MAX_NAME = 60;

/**
 * A judge (or chief judge) creates a bearer token for a tablet integration that posts marks
 * and signatures through /api/v1/judge/*. Shown once; the organizer's "sign out everywhere"
 * and "New PIN" for the judge revoke it along with the sessions.
 */
export const judgeTokenRoutes = new Hono<AppEnv>();

async function render<E extends AppEnv & SignedIn>(c: Context<E>, props: { name: string; error?: string; created?: { name: string; token: string } }, status: 200 | 201 | 422 = 200) {
  const judge = await c.get('db').eventJudge.findFirst({ where: { accountId: c.get('account').id }, select: { id: true } });
  if (!judge) return renderError(c, 403, 'forbidden');
  const tokens = await listApiTokens(c.get('db'), c.get('account').id);
  return c.html(<JudgeApiTokenPage page={pageContext(c)} tokens={tokens} {...props} />, status);
}

judgeTokenRoutes.get(PAGE, judge, (c) => render(c, { name: '' }));

judgeTokenRoutes.post(PAGE, judge, async (c) => {
  const judge = await c.get('db').eventJudge.findFirst({ where: { accountId: c.get('account').id }, select: { id: true } });
  if (!judge) return renderError(c, 403, 'forbidden');
  const name = String((await c.req.parseBody()).name ?? '').trim();
  if (name === '') return render(c, { name, error: c.get('t')('validation.required') }, 422);
  if (name.length > MAX_NAME) return render(c, { name, error: c.get('t')('validation.tooLong', { max: MAX_NAME }) }, 422);
  const { token, row } = await createApiToken(c.get('db'), c.get('account').id, name);
  // The token is in this response only, so it must not linger in caches or history.
  c.header('Cache-Control', 'no-store');
  return render(c, { name: '', created: { name: row.name, token } }, 201);
});

judgeTokenRoutes.post(`${PAGE}/:id{[0-9]+}/revoke`, judge, async (c) => {
  await revokeApiToken(c.get('db'), c.get('account').id, idParam(c));
  return c.redirect(PAGE, 303);
});

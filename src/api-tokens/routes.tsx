import { Hono, type Context } from 'hono';
import { z } from '../zod.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../api/tokens.ts';
import { organizer, type SignedIn } from '../auth/guards.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam } from '../http/ids.ts';
import { pageContext } from '../http/render.tsx';
import { formStrings, validateForm } from '../http/validation.ts';
import { ApiTokensPage, type ApiTokensPageProps } from '../../views/pages/api-tokens.tsx';

const PAGE = '/settings/api-tokens';

const tokenForm = z.object({
  name: z.string().trim().min(1, 'validation.required').max(60, 'validation.tooLong'),
});

/** Organizer screen to create and revoke the bearer tokens of the JSON API. */
export const apiTokenRoutes = new Hono<AppEnv>();

// Hono's `/*` also matches the page itself.

async function render<E extends AppEnv & SignedIn>(c: Context<E>, props: Omit<ApiTokensPageProps, 'page' | 'tokens'>, status: 200 | 201 | 422 = 200) {
  const tokens = await listApiTokens(c.get('db'), c.get('account').id);
  return c.html(<ApiTokensPage page={pageContext(c)} tokens={tokens} {...props} />, status);
}

apiTokenRoutes.get(PAGE, organizer, (c) =>
  render(c, { name: '', notice: c.req.query('revoked') === '1' ? 'revoked' : undefined }),
);

apiTokenRoutes.post(PAGE, organizer, async (c) => {
  const form = formStrings(await c.req.parseBody(), ['name']);
  const result = validateForm(tokenForm, form, c.get('t'));
  if (!result.ok) return render(c, { name: form.name, errors: result.errors }, 422);
  const { token, row } = await createApiToken(c.get('db'), c.get('account').id, result.data.name);
  // The token is shown in this response only, so it must not linger in caches or history.
  c.header('Cache-Control', 'no-store');
  return render(c, { name: '', created: { name: row.name, token } }, 201);
});

apiTokenRoutes.post(`${PAGE}/:id{[0-9]+}/revoke`, organizer, async (c) => {
  const revoked = await revokeApiToken(c.get('db'), c.get('account').id, idParam(c));
  return revoked ? c.redirect(`${PAGE}?revoked=1`, 303) : c.redirect(PAGE, 303);
});

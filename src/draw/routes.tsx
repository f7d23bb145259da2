import { Hono, type Context } from 'hono';
import { recordAudit } from '../audit/record.ts';
import { eventSetup, resultsStaff, type SignedIn } from '../auth/guards.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam } from '../http/ids.ts';
import { pageContext, renderError, seeOther } from '../http/render.tsx';
import { formObject, problemMessages } from '../http/validation.ts';
import { attendanceCounts } from '../registration/queries.ts';
import { drawInput } from '../registration/schemas.ts';
import { DrawPage } from '../../views/pages/draw.tsx';
import { CodeCardsPage, DecryptionPage, SeatingSheetPage } from '../../views/pages/draw-print.tsx';
import { drawLots, issueCodeCards } from './commands.ts';
import * as queries from './queries.ts';

/** The draw of lots (抽签 / 二次加密), its printouts, and decryption after the lock: those who set the event up, and its results staff for decryption. */
export const drawRoutes = new Hono<AppEnv>();

async function drawPage<E extends AppEnv>(c: Context<E>, skillId: number, extra: { values?: { roundId: string; reason: string }; errors?: Record<string, string | undefined>; notice?: { kind: 'success' | 'error'; text: string } } = {}, status: 200 | 404 | 409 | 422 = 200) {
  const skill = await c.get('db').skill.findUnique({
    where: { id: skillId },
    include: { event: { select: { id: true, name: true } }, rounds: { orderBy: { position: 'asc' }, select: { id: true, name: true, lockedAt: true } } },
  });
  if (!skill) return renderError(c, 404, 'notFound');
  const history = await queries.drawHistory(c.get('db'), skillId);
  const current = await Promise.all(history.filter((d) => !d.supersededAt).map(async (draw) => ({ draw, seating: await queries.seating(c.get('db'), draw.id) })));
  const counts = await attendanceCounts(c.get('db'), skill.eventId, skillId);
  return c.html(
    <DrawPage page={pageContext(c)} skill={{ id: skill.id, name: skill.name, eventId: skill.event.id, eventName: skill.event.name, rounds: skill.rounds }}
      counts={counts} current={current} history={history} values={extra.values ?? { roundId: '', reason: '' }} errors={extra.errors ?? {}} notice={extra.notice} />,
    status,
  );
}

drawRoutes.get('/skills/:id/draw', eventSetup, (c) => {
  const id = idParam(c);
  const notice = c.req.query('drawn') ? { kind: 'success' as const, text: c.get('t')('draw.done') } : undefined;
  return drawPage(c, id, { notice });
});

drawRoutes.post('/skills/:id/draw', eventSetup, async (c) => {
  const id = idParam(c);
  const body = formObject(await c.req.parseBody());
  const input = drawInput.safeParse(body);
  const values = { roundId: String(body.roundId ?? ''), reason: String(body.reason ?? '') };
  if (!input.success) return drawPage(c, id, { values, errors: { roundId: c.get('t')('validation.choice') } }, 422);
  const outcome = await drawLots(c.get('db'), id, input.data, c.get('account').id);
  // Redirect after the draw, so reloading the page can never submit a second draw.
  if (outcome.ok) return seeOther(c, `/skills/${id}/draw?drawn=1`);
  if (outcome.status === 404) return renderError(c, 404, 'notFound');
  const errors = problemMessages(outcome.problems, c.get('t'));
  return drawPage(c, id, { values, errors, notice: errors[''] ? { kind: 'error', text: errors[''] } : undefined }, outcome.status);
});

async function printable<E extends AppEnv>(c: Context<E>) {
  const id = idParam(c);
  const draw = await c.get('db').draw.findUnique({ where: { id }, include: { skill: { include: { event: true } }, round: true } });
  return draw || null;
}

drawRoutes.get('/draws/:id/seating', eventSetup, async (c) => {
  const draw = await printable(c);
  if (!draw) return renderError(c, 404, 'notFound');
  return c.html(<SeatingSheetPage page={pageContext(c)} eventName={draw.skill.event.name} skillName={draw.skill.name} roundName={draw.round?.name ?? null} rows={await queries.seating(c.get('db'), draw.id)} />);
});

drawRoutes.get('/draws/:id/code-cards', eventSetup, async (c) => {
  const issued = await issueCodeCards(c.get('db'), idParam(c), c.get('account').id);
  if (!issued.ok) return renderError(c, 404, 'notFound');
  c.header('Cache-Control', 'no-store');
  return c.html(<CodeCardsPage page={pageContext(c)} eventName={issued.value.eventName} skillName={issued.value.skillName} cards={issued.value.cards} />);
});

/**
 * Decryption reveals who is behind every code and is on record, so it is a POST (with CSRF, as
 * every form): a GET, which any page could trigger cross-site, only shows the confirmation.
 */
async function decryption<E extends AppEnv & SignedIn>(c: Context<E>, reveal: boolean) {
  const id = idParam(c);
  const round = await c.get('db').round.findUnique({ where: { id }, include: { skill: { include: { event: true } } } });
  if (!round) return renderError(c, 404, 'notFound');
  const rows = await queries.decryption(c.get('db'), round.id);
  const page = (shown: typeof rows | 'confirm', status: 200 | 409 = 200) =>
    c.html(<DecryptionPage page={pageContext(c)} eventName={round.skill.event.name} skillName={round.skill.name} roundName={round.name} skillId={round.skillId} rows={shown} />, status);
  if (rows === null) return page(null, 409);
  if (!reveal) return page('confirm');
  await recordAudit(c.get('db'), { accountId: c.get('account').id, eventId: round.skill.eventId, action: 'decrypt', subject: `${round.skill.name} · ${round.name}` });
  return page(rows);
}

drawRoutes.get('/rounds/:id/decrypt', resultsStaff, (c) => decryption(c, false));
drawRoutes.post('/rounds/:id/decrypt', resultsStaff, (c) => decryption(c, true));

import { raw } from 'hono/html';
import type { IssuedPin } from '../../src/judges/commands.ts';
import type { RoundCoverage } from '../../src/judges/queries.ts';
import { CsrfField, Notice, type FieldErrors } from '../components/form.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { PrintLayout } from '../print-layout.tsx';

export interface RosterJudge {
  id: number;
  number: number;
  name: string;
  chief: boolean;
  organizationId: number | null;
  organizationName: string | null;
  assignments: number;
  /** No marks and no signatures: a judge added by mistake can go again. */
  removable: boolean;
}

export function JudgesPage(props: {
  page: PageContext;
  event: { id: number; name: string; judgeCode: string | null };
  skills: { id: number; name: string }[];
  judges: RosterJudge[];
  organizations: { id: number; name: string }[];
  errors: FieldErrors;
  lines: string;
  notice?: string | undefined;
}) {
  const { t, csrfToken } = props.page;
  const { event } = props;
  return (
    <Layout page={props.page} title={t('judges.title')}>
      <p class="crumbs"><a href={`/events/${event.id}`}>{event.name}</a></p>
      <div class="page-head">
        <h1>{t('judges.title')}</h1>
        {event.judgeCode && <span class="badge badge-big">{t('judges.eventCode')} <strong class="mono">{event.judgeCode}</strong></span>}
      </div>
      {props.notice && <Notice kind="info">{props.notice}</Notice>}
      <section class="card">
        {props.judges.length === 0 ? <p class="empty">{t('judges.empty')}</p> : (
          <div class="table-wrap">
            <table class="table table-stack" data-testid="judges">
              <thead><tr><th>{t('judges.number')}</th><th>{t('contestant.field.name')}</th><th>{t('judges.organization')}</th><th>{t('judges.assignments')}</th><th><span class="sr-only">{t('common.actions')}</span></th></tr></thead>
              <tbody>
                {props.judges.map((j) => (
                  <tr>
                    <td class="mono keep stack-inline">J{j.number}</td>
                    <td class="keep stack-inline">{j.name} {j.chief && <span class="badge">{t('role.chief_judge')}</span>}</td>
                    <td data-label={t('judges.organization')}>
                      <form method="post" action={`/judges/${j.id}/organization`} class="inline-form">
                        <CsrfField token={csrfToken} />
                        <label class="sr-only" for={`org-${j.id}`}>{t('judges.organization')}</label>
                        <select id={`org-${j.id}`} name="organizationId">
                          <option value="">{t('judges.noOrganization')}</option>
                          {props.organizations.map((o) => <option value={String(o.id)} selected={o.id === j.organizationId}>{o.name}</option>)}
                        </select>
                        <button type="submit" class="button">{t('common.save')}</button>
                      </form>
                    </td>
                    <td data-label={t('judges.assignments')}>{j.assignments}</td>
                    <td class="actions">
                      {/* Each asks first: what it does, then the button that does it. */}
                      <details class="confirm" data-testid={`pin-J${j.number}`}>
                        <summary class="button">{t('judges.resetPin')}</summary>
                        <form method="post" action={`/judges/${j.id}/pin`}>
                          <CsrfField token={csrfToken} />
                          <p>{t('judges.resetPin.confirm', { number: j.number })}</p>
                          <button type="submit" class="button button-primary">{t('judges.resetPin.submit')}</button>
                        </form>
                      </details>
                      <details class="confirm" data-testid={`signout-J${j.number}`}>
                        <summary class="button">{t('judges.signOut')}</summary>
                        <form method="post" action={`/judges/${j.id}/revoke`}>
                          <CsrfField token={csrfToken} />
                          <p>{t('judges.signOut.confirm', { number: j.number })}</p>
                          <button type="submit" class="button button-danger">{t('judges.signOut.submit', { number: j.number })}</button>
                        </form>
                      </details>
                      {j.removable && (
                        <details class="confirm" data-testid={`remove-J${j.number}`}>
                          <summary class="button">{t('judges.remove')}</summary>
                          <form method="post" action={`/judges/${j.id}/remove`}>
                            <CsrfField token={csrfToken} />
                            <p>{t('judges.remove.confirm', { number: j.number, name: j.name })}</p>
                            <button type="submit" class="button button-danger">{t('judges.remove.submit', { number: j.number })}</button>
                          </form>
                        </details>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p class="hint">{t('judges.recusalHint')}</p>
      </section>
      {props.skills.length > 0 && (
        <section class="card">
          <h2>{t('judges.assign')}</h2>
          <ul class="list">{props.skills.map((s) => <li><a class="list-title" href={`/skills/${s.id}/assignments`}>{s.name}</a></li>)}</ul>
        </section>
      )}
      <section class="card">
        <h2>{t('judges.add')}</h2>
        <form method="post" action={`/events/${event.id}/judges`}>
          <CsrfField token={csrfToken} />
          <div class={props.errors.lines ? 'field field-invalid' : 'field'}>
            <label for="judge-lines">{t('judges.lines')}</label>
            <textarea id="judge-lines" name="lines" rows={6} placeholder={t('judges.lines.placeholder')}>{props.lines}</textarea>
            <p class="hint">{t('judges.lines.hint')}</p>
            {props.errors.lines && <p class="error" role="alert">{props.errors.lines}</p>}
          </div>
          <button type="submit" class="button button-primary">{t('judges.add.submit')}</button>
        </form>
      </section>
    </Layout>
  );
}

/** Shown once after creating judges or resetting a PIN: cards to hand out, with a sign-in QR-free URL. */
export function PinCardsPage(props: { page: PageContext; eventId: number; eventName: string; eventCode: string; loginUrl: string; pins: (IssuedPin & { qr: string })[] }) {
  const { t } = props.page;
  return (
    <PrintLayout page={props.page} title={t('judges.cards.title')} subtitle={props.eventName}>
      <p class="no-print"><a href={`/events/${props.eventId}/judges`}>{t('judges.title')}</a> · {t('judges.cards.once')}</p>
      <div class="code-cards" data-testid="pin-cards">
        {props.pins.map((p) => (
          <div class="code-card judge-card">
            <div>{p.name}</div>
            <div class="muted">{props.loginUrl}</div>
            <div>{t('judge.login.eventCode')} <strong class="mono">{props.eventCode}</strong></div>
            <div>{t('judge.login.number')} <strong class="mono" data-number>{p.number}</strong></div>
            <div>{t('judge.login.pin')} <strong class="mono code" data-pin>{p.pin}</strong></div>
            <div class="judge-card-qr" role="img" aria-label={t('judges.cards.qr')}>{raw(p.qr)}</div>
          </div>
        ))}
      </div>
    </PrintLayout>
  );
}

export function AssignmentsPage(props: {
  page: PageContext;
  skill: { id: number; name: string; eventId: number; eventName: string; chiefJudgeId: number | null };
  rounds: { id: number; name: string; locked: boolean; aspects: { id: number; code: string; name: string }[] }[];
  judges: { id: number; number: number; name: string; organizationName: string | null }[];
  assignments: { judgeId: number; roundId: number; aspectId: number | null }[];
  /** Per round: each aspect's judges against judgesPerAspect, and the recusal gaps (as saved). */
  coverage: RoundCoverage[];
  notice?: { kind: 'success' | 'error'; text: string } | undefined;
}) {
  const { t, csrfToken } = props.page;
  const has = (judgeId: number, roundId: number, aspectId: number | null) =>
    props.assignments.some((a) => a.judgeId === judgeId && a.roundId === roundId && a.aspectId === aspectId);
  return (
    <Layout page={props.page} title={t('judges.assign.title', { skill: props.skill.name })}>
      <p class="crumbs"><a href={`/events/${props.skill.eventId}/judges`}>{t('judges.title')}</a></p>
      <h1>{t('judges.assign.title', { skill: props.skill.name })}</h1>
      {props.notice && <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
      {props.judges.length === 0 ? <p class="empty">{t('judges.empty')}</p> : (
        <form method="post" action={`/skills/${props.skill.id}/assignments`} class="card">
          <CsrfField token={csrfToken} />
          <div class="field">
            <label for="chief">{t('role.chief_judge')}</label>
            <select id="chief" name="chief">
              <option value="">—</option>
              {props.judges.map((j) => <option value={String(j.id)} selected={j.id === props.skill.chiefJudgeId}>J{j.number} {j.name}</option>)}
            </select>
          </div>
          {props.rounds.map((round) => (
            <fieldset class="assign-round">
              <legend>{round.name}</legend>
              <CoverageTable page={props.page} coverage={props.coverage.find((c) => c.roundId === round.id)} />
              <div class="table-wrap">
                <table class="table">
                  <thead><tr><th>{t('judges.number')}</th><th>{t('judges.assign.all')}</th><th>{t('judges.assign.some')}</th></tr></thead>
                  <tbody>
                    {props.judges.map((j) => (
                      <tr>
                        <td>J{j.number} {j.name}{j.organizationName && <span class="muted block">{j.organizationName}</span>}</td>
                        <td><input type="checkbox" class="big-check" name={`r${round.id}.j${j.id}`} value="all" checked={has(j.id, round.id, null)} aria-label={`J${j.number} ${round.name}`} /></td>
                        <td>
                          <details>
                            <summary>{t('judges.assign.choose')}</summary>
                            {round.aspects.map((a) => (
                              <label class="block"><input type="checkbox" name={`a${a.id}.j${j.id}`} value="on" checked={has(j.id, round.id, a.id)} /> {a.code} {a.name}</label>
                            ))}
                          </details>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </fieldset>
          ))}
          <button type="submit" class="button button-primary">{t('common.save')}</button>
        </form>
      )}
    </Layout>
  );
}

/** Each aspect's judges against the requirement, and whose entries fall short after recusal. */
function CoverageTable(props: { page: PageContext; coverage: RoundCoverage | undefined }) {
  const { t } = props.page;
  if (!props.coverage || props.coverage.aspects.length === 0) return null;
  return (
    <div class="table-wrap">
      <table class="table coverage" data-testid={`coverage-${props.coverage.roundId}`}>
        <caption>{t('judges.coverage.title')}</caption>
        <thead><tr><th>{t('judges.coverage.aspect')}</th><th>{t('judges.coverage.assigned')}</th><th>{t('judges.coverage.recusal')}</th></tr></thead>
        <tbody>
          {props.coverage.aspects.map((a) => {
            const short = a.judges < a.required;
            return (
              <tr data-aspect={a.code} data-short={short || a.gaps.length > 0 ? 'true' : 'false'}>
                <td><span class="aspect-code">{a.code}</span> {a.name}</td>
                <td class={short ? 'text-flagged' : ''}>
                  {t('judges.coverage.count', { count: a.judges, required: a.required })}
                  {short && <span class="badge badge-flagged">{t('judges.coverage.short')}</span>}
                </td>
                <td>
                  {a.gaps.length === 0 ? <span class="muted">{t('judges.coverage.noGap')}</span> : a.gaps.map((g) => (
                    <span class="block text-flagged">{t('judges.coverage.gap', { organization: g.organizationName, count: g.judges, required: a.required })}</span>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

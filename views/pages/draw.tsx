import type { DrawSummary, SeatingRow } from '../../src/draw/queries.ts';
import { CsrfField, Notice, SelectField, TextareaField, type FieldErrors } from '../components/form.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { dateFormat } from '../format.ts';

export interface DrawPageSkill {
  id: number;
  name: string;
  eventId: number;
  eventName: string;
  rounds: { id: number; name: string; lockedAt: Date | null }[];
}

export function DrawPage(props: {
  page: PageContext;
  skill: DrawPageSkill;
  counts: { present: number; absent: number; unchecked: number };
  current: { draw: DrawSummary; seating: SeatingRow[] }[];
  history: DrawSummary[];
  values: { roundId: string; reason: string };
  errors: FieldErrors;
  notice?: { kind: 'success' | 'error'; text: string } | undefined;
}) {
  const { t, csrfToken, locale } = props.page;
  const { skill } = props;
  const when = (d: Date) => dateFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(d);
  const roundName = (d: DrawSummary) => d.roundName ?? t('draw.wholeSkill');
  return (
    <Layout page={props.page} title={t('draw.title', { skill: skill.name })}>
      <p class="crumbs"><a href={`/events/${skill.eventId}`}>{skill.eventName}</a></p>
      <h1>{t('draw.title', { skill: skill.name })}</h1>
      <p class="counts">
        <span class="badge badge-published">{t('checkin.present')} {props.counts.present}</span>
        <span class="badge badge-in_progress">{t('checkin.absent')} {props.counts.absent}</span>
        <span class="badge">{t('checkin.unchecked')} {props.counts.unchecked}</span>
      </p>
      {props.notice && <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
      <section class="card">
        <h2>{props.current.length > 0 ? t('draw.again') : t('draw.do')}</h2>
        <p class="hint">{t('draw.explain')}</p>
        <form method="post" action={`/skills/${skill.id}/draw`}>
          <CsrfField token={csrfToken} />
          <SelectField name="roundId" label={t('draw.for')} value={props.values.roundId} error={props.errors.roundId}
            options={[{ value: '', label: t('draw.wholeSkill') }, ...skill.rounds.map((r) => ({ value: String(r.id), label: r.name }))]} />
          {props.current.length > 0 && (
            <TextareaField name="reason" label={t('draw.reason')} hint={t('draw.reason.hint')} value={props.values.reason} error={props.errors.reason} />
          )}
          <button type="submit" class="button button-primary">{props.current.length > 0 ? t('draw.again') : t('draw.do')}</button>
        </form>
      </section>

      {props.current.map(({ draw, seating }) => (
        <section class="card" data-testid="seating">
          <div class="page-head">
            <h2>{t('draw.seating', { round: roundName(draw) })}</h2>
            <span class="actions">
              <a class="button" href={`/draws/${draw.id}/seating`}>{t('draw.print.seating')}</a>
              <a class="button" href={`/draws/${draw.id}/code-cards`}>{t('draw.print.codeCards')}</a>
            </span>
          </div>
          <p class="hint">{t('draw.sealed')}</p>
          <div class="table-wrap">
            <table class="table">
              <thead><tr><th>{t('draw.station')}</th><th>{t('contestant.field.bib')}</th><th>{t('contestant.field.name')}</th><th>{t('contestant.field.organization')}</th></tr></thead>
              <tbody>
                {seating.map((row) => (
                  <tr><td class="station">{row.station}</td><td>{row.bib}</td><td>{row.name}</td><td>{row.organizationName}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}

      {skill.rounds.some((r) => r.lockedAt) && (
        <section class="card">
          <h2>{t('draw.decrypt')}</h2>
          <ul>{skill.rounds.filter((r) => r.lockedAt).map((r) => <li><a href={`/rounds/${r.id}/decrypt`}>{r.name}</a></li>)}</ul>
        </section>
      )}

      {props.history.length > 0 && (
        <section class="card">
          <h2>{t('draw.history')}</h2>
          <ol class="history" reversed>
            {props.history.map((d) => (
              <li class={d.supersededAt ? 'superseded' : ''}>
                <strong>{roundName(d)}</strong> · {when(d.drawnAt)} · {d.drawnBy}
                {d.supersededAt && <span class="badge">{t('draw.superseded')}</span>}
                {d.reason && <span class="block">{t('draw.reason')}: {d.reason}</span>}
                <span class="block muted mono seed">
                  {d.seed ? `${t('draw.seed')}: ${d.seed}` : `${t('draw.seedCommitment')}: ${d.seedSha256}`}
                </span>
              </li>
            ))}
          </ol>
        </section>
      )}
    </Layout>
  );
}

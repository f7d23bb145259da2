import type { EventDuty } from '../../src/domain/event-roles.ts';
import { isEventStatus, type EventStatus } from '../../src/domain/event-lifecycle.ts';
import { eventNextStep, type SkillProgress } from '../../src/domain/event-progress.ts';
import { AppealsBadge, NextStepLink } from '../components/progress.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { dateFormat } from '../format.ts';

export interface DashboardEvent {
  id: number;
  name: string;
  status: string;
  startsOn: Date | null;
  venue: string;
  /** What the account may do there: the next step is a link only for whoever does it. */
  duties: ReadonlySet<EventDuty>;
  /** Its skills' progress, for organizers; null for judges. */
  progress: SkillProgress[] | null;
}

/** An event's line on the dashboard: its numbers in one sentence, open appeals, and the next step. */
function EventLine(props: { page: PageContext; event: DashboardEvent; status: EventStatus; progress: SkillProgress[] }) {
  const { t } = props.page;
  const p = props.progress;
  const sum = (pick: (s: SkillProgress) => number) => p.reduce((total, s) => total + pick(s), 0);
  const next = eventNextStep(props.status, p);
  const appeals = sum((s) => s.openAppeals);
  return (
    <span class="event-line" data-testid={`event-line-${props.event.id}`}>
      <span class="block muted">
        {t('dashboard.progress', {
          entries: sum((s) => s.entries), present: sum((s) => s.present),
          published: p.filter((s) => s.published !== null).length, skills: p.length,
        })}
      </span>
      <span class="actions-inline">
        <AppealsBadge page={props.page} count={appeals} href={`/events/${props.event.id}#progress`} />
        <NextStepLink page={props.page} eventId={props.event.id} step={next.step} skill={next.skill} />
      </span>
    </span>
  );
}

export function DashboardPage(props: { page: PageContext; events: DashboardEvent[] }) {
  const { t, account, locale } = props.page;
  const day = dateFormat(locale, { dateStyle: 'medium' });
  return (
    <Layout page={props.page} title={t('dashboard.title')}>
      <h1>{t('dashboard.welcome', { name: account?.displayName ?? '' })}</h1>
      {account && <p class="lead">{t('dashboard.role', { role: t(`role.${account.role}`) })}</p>}
      <section class="card">
        <div class="page-head">
          <h2>{t('dashboard.events')}</h2>
          {account?.role === 'organizer' && <a class="button button-primary" href="/events/new">{t('event.new')}</a>}
        </div>
        {props.events.length === 0 ? (
          <p class="empty">{t('dashboard.noEvents')}</p>
        ) : (
          <ul class="list">
            {props.events.map((event) => (
              <li>
                {account?.role === 'organizer' ? <a class="list-title" href={`/events/${event.id}`}>{event.name}</a> : <strong>{event.name}</strong>}
                {isEventStatus(event.status) && <span class="badge">{t(`event.status.${event.status}`)}</span>}
                {event.startsOn && <span class="muted">{day.format(event.startsOn)}</span>}
                {event.venue && <span class="muted">{event.venue}</span>}
                {event.progress && isEventStatus(event.status) && <EventLine page={{ ...props.page, duties: event.duties }} event={event} status={event.status} progress={event.progress} />}
              </li>
            ))}
          </ul>
        )}
      </section>
      {account?.role === 'organizer' && (
        <p>
          <a href="/settings/api-tokens">{t('apiTokens.title')}</a>
          {account.rootAdmin && <> · <a href="/settings/backups">{t('backups.title')}</a></>}
          {account.isAdmin && <> · <a href="/staff">{t('staff.title')}</a> · <a href="/federations">{t('federation.link')}</a> · <a href="/figures">{t('figures.link')}</a></>}
          {account.role === 'organizer' && <> · <a href="/pool">{t('pool.link')}</a></>}
        </p>
      )}
    </Layout>
  );
}

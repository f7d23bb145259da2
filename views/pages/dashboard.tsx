import { isEventStatus } from '../../src/domain/event-lifecycle.ts';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { dateFormat } from '../format.ts';

export interface DashboardEvent {
  id: number;
  name: string;
  status: string;
  startsOn: Date | null;
  venue: string;
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
              </li>
            ))}
          </ul>
        )}
      </section>
      {account?.role === 'organizer' && (
        <p><a href="/settings/api-tokens">{t('apiTokens.title')}</a> · <a href="/settings/backups">{t('backups.title')}</a></p>
      )}
    </Layout>
  );
}

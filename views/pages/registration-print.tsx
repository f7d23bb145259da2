import { raw } from 'hono/html';
import type { SkillLevel } from '../../src/domain/contestant-sheet.ts';
import { CsrfField } from '../components/form.tsx';
import type { PageContext } from '../page-context.ts';
import { PrintLayout } from '../print-layout.tsx';
import { dateFormat } from '../format.ts';

/**
 * The organizer's registration printouts on A4: the list by organization, for each delegation
 * leader to sign, and the admission tickets (参赛证), four to a page. ID numbers arrive masked
 * unless the organizer asked for the full ones (and then the page says so in print).
 */

export interface PrintFilter {
  /** The printout's own path; the filter form submits to it. */
  action: string;
  skills: { id: number; name: string }[];
  organizations: { id: number; name: string }[];
  skillId: number | null;
  organizationId: number | null;
  /** Kept across a filter change. */
  hidden: Record<string, string>;
}

/** On screen only: narrow the printout to one skill or one organization. */
function FilterForm(props: { page: PageContext; filter: PrintFilter }) {
  const { t } = props.page;
  const { filter } = props;
  return (
    <form method="get" action={filter.action} class="print-filter no-print">
      {Object.entries(filter.hidden).map(([name, value]) => <input type="hidden" name={name} value={value} />)}
      <div class="field">
        <label for="print-skill">{t('contestant.field.skill')}</label>
        <select id="print-skill" name="skill">
          <option value="">{t('print.registration.allSkills')}</option>
          {filter.skills.map((s) => <option value={String(s.id)} selected={s.id === filter.skillId}>{s.name}</option>)}
        </select>
      </div>
      <div class="field">
        <label for="print-organization">{t('contestant.field.organization')}</label>
        <select id="print-organization" name="organization">
          <option value="">{t('print.registration.allOrganizations')}</option>
          {filter.organizations.map((o) => <option value={String(o.id)} selected={o.id === filter.organizationId}>{o.name}</option>)}
        </select>
      </div>
      <div class="field"><button type="submit" class="button">{t('print.registration.apply')}</button></div>
    </form>
  );
}

export interface RegistrationListGroup {
  organizationName: string;
  leaderName: string;
  rows: {
    bib: string;
    name: string;
    gender: 'male' | 'female';
    skillName: string;
    skillLevel: SkillLevel;
    /** Masked unless the organizer asked for full numbers. */
    idNumber: string;
  }[];
}

export function RegistrationListPrint(props: {
  page: PageContext;
  eventName: string;
  groups: RegistrationListGroup[];
  full: boolean;
  /** Asked for full numbers with a plain link (?full=1): the button below is the next step. */
  confirming: boolean;
  /** The masked list's link, and where the form asking for full numbers posts, keeping the filter. */
  maskedHref: string;
  fullAction: string;
  filter: PrintFilter;
}) {
  const { t, csrfToken } = props.page;
  const entries = props.groups.reduce((n, g) => n + g.rows.length, 0);
  return (
    <PrintLayout page={props.page} title={t('print.registration.title')} subtitle={props.eventName}>
      <div class="no-print print-options">
        <FilterForm page={props.page} filter={props.filter} />
        {props.full ? (
          <p><a class="button" href={props.maskedHref}>{t('print.registration.hideFull')}</a></p>
        ) : (
          <form method="post" action={props.fullAction} data-testid="show-full">
            <CsrfField token={csrfToken} />
            <input type="hidden" name="full" value="1" />
            {props.confirming && <p class="print-warning">{t('print.registration.confirmFull')}</p>}
            <button type="submit" class="button">{t('print.registration.showFull')}</button>
          </form>
        )}
      </div>
      {props.full
        ? <p class="print-warning" data-testid="full-warning">{t('print.registration.fullWarning')}</p>
        : <p class="print-note">{t('print.registration.maskedNote')}</p>}
      <p class="print-note">{t('print.registration.total', { organizations: props.groups.length, entries })}</p>
      {props.groups.length === 0 && <p class="empty">{t('print.registration.empty')}</p>}
      {props.groups.map((group) => (
        <section class="print-group" data-testid="print-group">
          <h2>{group.organizationName} <span class="print-count">{t('print.registration.count', { count: group.rows.length })}</span></h2>
          <table class="print-table">
            <thead>
              <tr>
                <th class="print-num">{t('print.registration.number')}</th>
                <th>{t('contestant.field.bib')}</th>
                <th>{t('contestant.field.name')}</th>
                <th>{t('contestant.field.gender')}</th>
                <th>{t('contestant.field.skill')}</th>
                <th>{t('contestant.field.skillLevel')}</th>
                <th>{t('contestant.field.idNumber')}</th>
              </tr>
            </thead>
            <tbody>
              {group.rows.map((row, index) => (
                <tr>
                  <td class="print-num">{index + 1}</td>
                  <td class="mono">{row.bib}</td>
                  <td>{row.name}</td>
                  <td>{t(`contestant.gender.${row.gender}`)}</td>
                  <td>{row.skillName}</td>
                  <td>{t(`contestant.level.${row.skillLevel || 'none'}`)}</td>
                  <td class="mono">{row.idNumber}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="signature-line print-signature">
            <span>{t('print.registration.leader')}{group.leaderName ? ` ${group.leaderName}` : ''}</span>
            <span>{t('print.registration.leaderSignature')}<span class="signature-blank"></span></span>
            <span>{t('print.registration.date')}<span class="signature-blank signature-blank-short"></span></span>
          </div>
        </section>
      ))}
    </PrintLayout>
  );
}

export interface Ticket {
  bib: string;
  name: string;
  organizationName: string;
  skillName: string;
  /** SVG markup from the qrcode package (no style attributes, so the CSP allows it inline). */
  qrSvg: string;
  photoUrl: string | null;
}

export function TicketsPrint(props: { page: PageContext; eventName: string; tickets: Ticket[]; photo: boolean; photoToggleHref: string; filter: PrintFilter }) {
  const { t } = props.page;
  const sheets: Ticket[][] = [];
  for (let i = 0; i < props.tickets.length; i += 4) sheets.push(props.tickets.slice(i, i + 4));
  return (
    <PrintLayout page={props.page} title={t('print.tickets.title')} subtitle={props.eventName}>
      <div class="no-print print-options">
        <FilterForm page={props.page} filter={props.filter} />
        <p><a class="button" href={props.photoToggleHref}>{props.photo ? t('print.tickets.hidePhoto') : t('print.tickets.showPhoto')}</a></p>
        <p class="hint">{t('print.tickets.hint')}</p>
      </div>
      {props.tickets.length === 0 && <p class="empty">{t('print.tickets.empty')}</p>}
      {sheets.map((sheet) => (
        <div class="ticket-sheet">
          {sheet.map((ticket) => (
            <article class="ticket" data-testid={`ticket-${ticket.bib}`}>
              <header class="ticket-head">
                <p class="ticket-event">{props.eventName}</p>
                <p class="ticket-title">{t('print.tickets.heading')}</p>
                <p class="ticket-skill">{ticket.skillName}</p>
              </header>
              <div class={props.photo ? 'ticket-body' : 'ticket-body ticket-body-nophoto'}>
                {props.photo && (
                  <div class="ticket-photo" aria-hidden="true">
                    {ticket.photoUrl ? <img src={ticket.photoUrl} alt="" /> : t('print.tickets.photo')}
                  </div>
                )}
                <dl class="ticket-facts">
                  <dt>{t('contestant.field.name')}</dt>
                  <dd class="ticket-name">{ticket.name}</dd>
                  <dt>{t('contestant.field.organization')}</dt>
                  <dd>{ticket.organizationName}</dd>
                </dl>
              </div>
              <footer class="ticket-foot">
                <div class="ticket-bib">
                  <span>{t('contestant.field.bib')}</span>
                  <strong>{ticket.bib}</strong>
                </div>
                <div class="ticket-qr" role="img" aria-label={t('print.tickets.qr', { bib: ticket.bib })}>{raw(ticket.qrSvg)}</div>
              </footer>
            </article>
          ))}
        </div>
      ))}
    </PrintLayout>
  );
}

/**
 * Delegation links on A4, four to a page, to cut apart and hand to each delegation leader at
 * the briefing: the organization, a QR code of its private link, the link written out and the
 * deadline. Only from the one-time view of links just issued (links are stored hashed).
 */
export function DelegationLinksPrint(props: { page: PageContext; eventName: string; deadline: Date; links: { organizationName: string; contactName: string; url: string; qrSvg: string }[] }) {
  const { t, locale } = props.page;
  const until = dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(props.deadline);
  const sheets: (typeof props.links)[] = [];
  for (let i = 0; i < props.links.length; i += 4) sheets.push(props.links.slice(i, i + 4));
  return (
    <PrintLayout page={props.page} title={t('delegation.print.title')} subtitle={props.eventName}>
      {sheets.map((sheet) => (
        <div class="ticket-sheet">
          {sheet.map((link) => (
            <article class="link-card" data-testid="link-card">
              <p class="ticket-event">{props.eventName}</p>
              <h2 class="link-card-org">{link.organizationName}</h2>
              {link.contactName && <p class="link-card-contact">{link.contactName}</p>}
              <div class="link-card-qr" role="img" aria-label={t('delegation.print.qr', { name: link.organizationName })}>{raw(link.qrSvg)}</div>
              <p class="link-card-url">{link.url}</p>
              <p class="link-card-until">{t('delegation.openUntil', { when: until })}</p>
              <p class="link-card-how">{t('delegation.print.how')}</p>
            </article>
          ))}
        </div>
      ))}
    </PrintLayout>
  );
}

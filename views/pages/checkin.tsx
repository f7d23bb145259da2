import type { CheckInRow } from '../../src/registration/queries.ts';
import { CsrfField, Notice } from '../components/form.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';

/** Check-in desk (检录), tablet first: search, then one big tap per contestant. */
export function CheckInPage(props: {
  page: PageContext;
  event: { id: number; name: string; status: string };
  skills: { id: number; name: string }[];
  query: string;
  skillId: number | null;
  /** The desk asks the last four ID digits before "present" (a choice of the desk, kept in its address). */
  verify: boolean;
  rows: CheckInRow[];
  counts: { present: number; absent: number; unchecked: number };
  /** How many the last "the rest are absent" marked. */
  marked?: number | null;
}) {
  const { t, csrfToken } = props.page;
  const { event } = props;
  return (
    <Layout page={props.page} title={t('checkin.title')}>
      <p class="crumbs"><a href={`/events/${event.id}`}>{event.name}</a></p>
      <h1>{t('checkin.title')}</h1>
      {event.status !== 'in_progress' && <Notice kind="info">{t('checkin.error.notStarted')}</Notice>}
      {props.marked !== null && props.marked !== undefined && <Notice kind="success">{t('checkin.restAbsent.done', { count: props.marked })}</Notice>}
      <form class="field-row checkin-search" method="get" action={`/events/${event.id}/check-in`}
        hx-get={`/events/${event.id}/check-in`} hx-trigger="input changed delay:250ms from:#checkin-q, change from:#checkin-skill, change from:#checkin-verify, submit"
        hx-target="#checkin-results" hx-select="#checkin-results" hx-swap="outerHTML" hx-push-url="true">
        <div class="field field-grow">
          <label for="checkin-q">{t('checkin.search')} <span class="htmx-indicator searching" role="status">{t('common.searching')}</span></label>
          <input id="checkin-q" type="search" name="q" value={props.query} placeholder={t('checkin.search.placeholder')} autocomplete="off" autofocus />
        </div>
        <div class="field field-submit checkin-scan" hidden>
          {/* Shown by static/checkin.js where the tablet's browser can read QR codes with its camera. */}
          <button type="button" class="button" data-scan-ticket>{t('checkin.scan')}</button>
        </div>
        <div class="field">
          <label for="checkin-skill">{t('contestant.field.skill')}</label>
          <select id="checkin-skill" name="skill">
            <option value="">{t('checkin.allSkills')}</option>
            {props.skills.map((s) => <option value={String(s.id)} selected={s.id === props.skillId}>{s.name}</option>)}
          </select>
        </div>
        <div class="field field-check checkin-verify">
          <input type="checkbox" id="checkin-verify" name="verify" value="1" checked={props.verify} />
          <label for="checkin-verify">{t('checkin.verify')}</label>
        </div>
      </form>
      <dialog class="scan-dialog" data-scan-dialog aria-label={t('checkin.scan')}>
        <video data-scan-video playsinline muted></video>
        <p class="hint">{t('checkin.scan.hint')}</p>
        <button type="button" class="button" data-scan-close>{t('common.close')}</button>
      </dialog>
      <div id="checkin-results">
        <CheckInCounts page={props.page} counts={props.counts} />
        {event.status === 'in_progress' && props.counts.unchecked > 0 && (
          // The end of check-in, asked first: who is not here by now did not come.
          <details class="confirm" data-testid="rest-absent">
            <summary class="button">{t('checkin.restAbsent', { count: props.counts.unchecked })}</summary>
            <form method="post" action={`/events/${event.id}/check-in/absent`}>
              <CsrfField token={csrfToken} />
              {props.skillId && <input type="hidden" name="skill" value={String(props.skillId)} />}
              <p>{t(props.skillId ? 'checkin.restAbsent.confirmSkill' : 'checkin.restAbsent.confirm', { count: props.counts.unchecked, skill: props.skills.find((s) => s.id === props.skillId)?.name ?? '' })}</p>
              <button type="submit" class="button button-danger-solid">{t('checkin.restAbsent.submit', { count: props.counts.unchecked })}</button>
            </form>
          </details>
        )}
        {props.rows.length === 0 ? <p class="empty">{t('checkin.none')}</p> : (
          <ul class="checkin-list">
            {props.rows.map((row) => <CheckInItem page={props.page} row={row} skillId={props.skillId} verify={props.verify} />)}
          </ul>
        )}
      </div>
      <script src="/static/checkin.js" defer></script>
    </Layout>
  );
}

export function CheckInCounts(props: { page: PageContext; counts: { present: number; absent: number; unchecked: number }; oob?: boolean }) {
  const { t } = props.page;
  return (
    <p class="counts" id="checkin-counts" data-testid="checkin-counts" {...(props.oob ? { 'hx-swap-oob': 'true' } : {})}>
      <span class="badge badge-published">{t('checkin.present')} {props.counts.present}</span>
      <span class="badge badge-in_progress">{t('checkin.absent')} {props.counts.absent}</span>
      <span class="badge">{t('checkin.unchecked')} {props.counts.unchecked}</span>
    </p>
  );
}

/** One contestant at the desk; `skillId` is the desk's filter, so the counts that come back match it. */
export function CheckInItem(props: { page: PageContext; row: CheckInRow; skillId: number | null; verify?: boolean; error?: string | undefined }) {
  const { t, csrfToken } = props.page;
  const { row } = props;
  const state = row.attendance ?? 'unchecked';
  return (
    <li class={`checkin-item checkin-${state}`} id={`entry-${row.entryId}`} data-testid={`checkin-${row.bib}`}>
      <span class="checkin-bib">{row.bib}</span>
      {row.hasPhoto
        ? <img class="checkin-photo" src={`/contestants/${row.contestantId}/photo`} alt={t('checkin.photo', { name: row.name })} width="56" height="72" loading="lazy" />
        : <span class="checkin-photo checkin-nophoto" aria-hidden="true"></span>}
      <span class="checkin-who">
        <strong>{row.name}</strong>
        <span class="muted block">{row.organizationName} · <span class="keep">{row.skillName}</span></span>
      </span>
      <span class="checkin-state">{t(row.attendance === 'present' ? 'checkin.present' : row.attendance === 'absent' ? 'checkin.absent' : 'checkin.unchecked')}</span>
      <form class="checkin-actions" hx-post={`/entries/${row.entryId}/attendance`} hx-target={`#entry-${row.entryId}`} hx-swap="outerHTML">
        <CsrfField token={csrfToken} />
        {props.skillId && <input type="hidden" name="skill" value={String(props.skillId)} />}
        {/* Carried on every post of a checking desk, so the row that comes back still asks (a correction to absent, then present again). */}
        {props.verify && <input type="hidden" name="verify" value="1" />}
        {(props.verify || row.identityCheck) && state !== 'present' && (
          <span class="checkin-last4">
            <label for={`last4-${row.entryId}`}>{t('checkin.last4')}</label>
            <input id={`last4-${row.entryId}`} name="last4" inputmode="numeric" autocomplete="off" maxlength={4} pattern="[0-9Xx]{4}" size={4} />
          </span>
        )}
        <button type="submit" name="attendance" value="present" class={state === 'present' ? 'button button-ok-solid' : 'button'} aria-pressed={state === 'present' ? 'true' : 'false'}>
          {t('checkin.markPresent')}
        </button>
        <button type="submit" name="attendance" value="absent" class={state === 'absent' ? 'button button-danger-solid' : 'button'} aria-pressed={state === 'absent' ? 'true' : 'false'}>
          {t('checkin.markAbsent')}
        </button>
      </form>
      {props.error && <p class="error checkin-error" role="alert">{props.error}</p>}
    </li>
  );
}

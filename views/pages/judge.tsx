import type { Mark, MarkInputSpec } from '../../src/domain/judging.ts';
import { CsrfField, Notice } from '../components/form.tsx';
import { formatNumber } from '../components/scheme.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';

/**
 * Judges' tablet screens. They show station codes only, never names or organizations. Marks
 * are entered with large buttons and saved by static/judge.js through an offline queue.
 */

export function JudgeLoginPage(props: { page: PageContext; eventCode: string; number: string; next?: string | undefined; error?: string }) {
  const { t, csrfToken } = props.page;
  return (
    <Layout page={props.page} title={t('judge.login.title')} narrow>
      <section class="card">
        <h1>{t('judge.login.title')}</h1>
        {props.error && <Notice kind="error">{props.error}</Notice>}
        <form method="post" action="/judge/login" class="judge-login">
          <CsrfField token={csrfToken} />
          {props.next && <input type="hidden" name="next" value={props.next} />}
          <div class="field">
            <label for="judge-event">{t('judge.login.eventCode')}</label>
            <input id="judge-event" name="eventCode" value={props.eventCode} required maxlength={12} autocomplete="off" autocapitalize="characters" class="big-input" autofocus={!props.eventCode} />
          </div>
          <div class="field">
            <label for="judge-number">{t('judge.login.number')}</label>
            <input id="judge-number" name="number" value={props.number} required inputmode="numeric" maxlength={4} autocomplete="off" class="big-input" autofocus={!!props.eventCode && !props.number} />
          </div>
          <div class="field">
            <label for="judge-pin">{t('judge.login.pin')}</label>
            <input id="judge-pin" name="pin" type="password" required inputmode="numeric" maxlength={12} autocomplete="off" class="big-input" autofocus={!!props.eventCode && !!props.number} />
          </div>
          <button type="submit" class="button button-primary button-block button-big">{t('judge.login.submit')}</button>
        </form>
      </section>
    </Layout>
  );
}

export function JudgeHomePage(props: { page: PageContext; judgeName: string; eventName: string; chief: boolean; rounds: { roundId: number; roundName: string; skillName: string; locked: boolean; drawn: boolean }[] }) {
  const { t } = props.page;
  return (
    <Layout page={props.page} title={t('judge.home.title')}>
      <h1>{props.eventName}</h1>
      <p class="lead">{t('judge.home.hello', { name: props.judgeName })}</p>
      <p class="actions">
        {props.chief && <a class="button" href="/desk">{t('desk.index.title')}</a>}
        <a class="button button-quiet" href="/judge/api-token">{t('judge.home.apiToken')}</a>
      </p>
      {props.rounds.length === 0 ? <p class="empty">{t('judge.home.none')}</p> : (
        <ul class="tile-list">
          {props.rounds.map((r) => (
            <li>
              {r.drawn ? (
                <a class="tile" href={`/judge/rounds/${r.roundId}`}>
                  <strong>{r.skillName}</strong><span>{r.roundName}</span>
                  {r.locked && <span class="badge">{t('judge.locked')}</span>}
                </a>
              ) : (
                <span class="tile tile-disabled"><strong>{r.skillName}</strong><span>{r.roundName}</span><span class="muted">{t('judge.home.notDrawn')}</span></span>
              )}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export type Progress = 'not_started' | 'partial' | 'complete' | 'signed';

/** What "sign all" did, shown above the codes. */
export interface SignAllDone {
  signed: string[];
  incomplete: { code: string; missing: number }[];
}

export function JudgeRoundPage(props: {
  page: PageContext;
  round: { id: number; name: string; skillName: string; lockedAt: Date | null };
  codes: { code: string; progress: Progress }[];
  /** The tablet's queue runs here too (static/judge.js), so "sign all" waits for marks still queued. */
  judgeId: number;
  loginUrl: string;
  signAllError?: string | undefined;
  signAllDone?: SignAllDone | undefined;
}) {
  const { t, csrfToken } = props.page;
  const toSign = props.codes.filter((c) => c.progress === 'complete').map((c) => c.code);
  const unfinished = props.codes.filter((c) => c.progress === 'not_started' || c.progress === 'partial').map((c) => c.code);
  const done = props.signAllDone;
  return (
    <Layout page={props.page} title={`${props.round.skillName} · ${props.round.name}`}>
      <p class="crumbs"><a href="/judge">{t('judge.home.title')}</a></p>
      <h1>{props.round.skillName} · {props.round.name}</h1>
      {props.round.lockedAt && <Notice kind="info">{t('judge.lockedNotice')}</Notice>}
      {done && done.signed.length > 0 && <Notice kind="success">{t('judge.signAll.done', { count: done.signed.length, codes: done.signed.join(', ') })}</Notice>}
      <p class="legend">
        {(['not_started', 'partial', 'complete', 'signed'] as const).map((p) => <span class={`progress progress-${p}`}>{t(`judge.progress.${p}`)}</span>)}
      </p>
      <ul class="code-grid" data-testid="codes">
        {props.codes.map((c) => (
          <li>
            <a class={`code-tile progress-${c.progress}`} href={`/judge/rounds/${props.round.id}/sheets/${encodeURIComponent(c.code)}`} data-testid={`code-${c.code}`}>
              <span class="code-number">{c.code}</span>
              <span class="code-progress">{t(`judge.progress.${c.progress}`)}</span>
            </a>
          </li>
        ))}
      </ul>
      {!props.round.lockedAt && (
        <section class="card sign-card sign-all" id="sign-all" data-judge-sheet data-round-id={String(props.round.id)} data-code="" data-csrf={csrfToken} data-read-only="false"
          data-judge-id={String(props.judgeId)} data-login-url={props.loginUrl} data-messages={JSON.stringify(scriptMessages(t))} data-testid="sign-all">
          <h2>{t('judge.signAll.title')}</h2>
          <p class="sync-status" data-sync-status role="status" aria-live="polite">
            <span data-pending hidden>{t('judge.sync.waiting')} <strong data-pending-count>0</strong></span>
            <span data-online-state></span>
          </p>
          {props.signAllError && <div id="sign-all-error"><Notice kind="error">{props.signAllError}</Notice></div>}
          {unfinished.length > 0 && <p class="hint" data-testid="sign-all-incomplete">{t('judge.signAll.incomplete', { codes: unfinished.join(', ') })}</p>}
          {toSign.length === 0 ? <p class="muted" data-testid="sign-all-none">{t('judge.signAll.none')}</p> : (
            <form method="post" action={`/judge/rounds/${props.round.id}/sign-all`} class="field-row" data-sign-all-form>
              <CsrfField token={csrfToken} />
              <div class="field">
                <p class="hint" data-testid="sign-all-codes">{t('judge.signAll.hint', { count: toSign.length, codes: toSign.join(', ') })}</p>
                <label for="sign-all-pin">{t('judge.login.pin')}</label>
                <input id="sign-all-pin" name="pin" type="password" inputmode="numeric" required maxlength={12} autocomplete="off" class="big-input"
                  {...(props.signAllError ? { autofocus: true, 'aria-invalid': 'true', 'aria-describedby': 'sign-all-error' } : {})} />
                <p class="error" data-sign-status role="status" hidden></p>
              </div>
              <div class="field field-submit"><button type="submit" class="button button-primary button-big">{t('judge.signAll.submit', { count: toSign.length })}</button></div>
            </form>
          )}
        </section>
      )}
      {!props.round.lockedAt && <script src="/static/judge.js" defer></script>}
    </Layout>
  );
}

export interface SheetAspect {
  id: number;
  code: string;
  name: string;
  criterionCode: string;
  criterionName: string;
  maxMark: number;
  input: MarkInputSpec;
  mark: Mark | null;
  version: number;
  points: number | null;
}

function MarkInput(props: { page: PageContext; aspect: SheetAspect; readOnly: boolean }) {
  const { t } = props.page;
  const { aspect, readOnly } = props;
  const { input, mark } = aspect;
  const scored = mark?.state === 'scored' ? mark.value : null;
  const pressed = (value: number) => (scored === value ? 'true' : 'false');
  switch (input.kind) {
    case 'levels':
      return (
        <div class="levels-grid">
          {input.levels.map((descriptor, level) => (
            <button type="button" class="level-button" data-value={String(level)} aria-pressed={pressed(level)} disabled={readOnly}>
              <span class="level-number">{level}</span>
              <span class="level-text">{descriptor}</span>
            </button>
          ))}
        </div>
      );
    case 'passFail':
      return (
        <div class="pass-fail">
          <button type="button" class="mark-button" data-value="1" aria-pressed={pressed(1)} disabled={readOnly}>{t('judge.mark.pass', { max: formatNumber(aspect.maxMark) })}</button>
          <button type="button" class="mark-button" data-value="0" aria-pressed={pressed(0)} disabled={readOnly}>{t('judge.mark.fail')}</button>
        </div>
      );
    case 'counter':
      return (
        <div class="counter">
          {/* The usual answer is one tap; "−" on an empty card would be a 0 nobody chose. */}
          <button type="button" class="mark-button counter-none" data-value="0" aria-pressed={pressed(0)} disabled={readOnly}>{t('judge.mark.noDeductions')}</button>
          <button type="button" class="counter-button" data-step="-1" aria-label={t('judge.mark.less')} disabled={readOnly}>−</button>
          {/* – until marked: a deduction count of 0 is a mark, an empty card is not. */}
          <output class="counter-value" data-counter>{scored ?? '–'}</output>
          <button type="button" class="counter-button" data-step="1" aria-label={t('judge.mark.more')} disabled={readOnly}>+</button>
          <span class="muted">{t('judge.mark.counterHint', { per: formatNumber(input.perOccurrence), cap: formatNumber(input.cap) })}</span>
        </div>
      );
    case 'measured':
    case 'points':
    case 'minutes': {
      const id = `aspect-input-${aspect.id}`;
      const hint = input.kind === 'measured'
        ? t('judge.mark.measuredHint', { nominal: formatNumber(input.nominal), unit: input.unit, step: formatNumber(input.step) })
        : input.kind === 'points'
          ? t('judge.mark.pointsHint', { max: formatNumber(input.max), step: formatNumber(input.step) })
          : t('judge.mark.minutesHint', { limit: formatNumber(input.limitMinutes) });
      const label = input.kind === 'measured' ? t('judge.mark.measured') : input.kind === 'points' ? t('judge.mark.points') : t('judge.mark.minutes');
      // Time as a stopwatch shows it, minutes and seconds (95:30), each on the number pad; the minutes field also takes 95.5.
      const time = input.kind === 'minutes' && scored !== null ? minutesAndSeconds(scored) : null;
      return (
        <div class="number-mark">
          <label for={id}>{label}</label>
          {input.kind === 'minutes' ? (
            <div class="time-fields">
              <input id={id} class="big-input" type="text" inputmode="decimal" data-number value={time ? String(time.minutes) : ''}
                data-step="0.01" disabled={readOnly} autocomplete="off" aria-describedby={`${id}-min`} />
              <span id={`${id}-min`} class="time-unit">{t('judge.mark.minutesUnit')}</span>
              <input class="big-input time-seconds" type="text" inputmode="numeric" data-seconds value={time ? String(time.seconds).padStart(2, '0') : ''}
                disabled={readOnly} autocomplete="off" maxlength={2} aria-label={t('judge.mark.secondsLabel')} />
              <span class="time-unit" aria-hidden="true">{t('judge.mark.secondsUnit')}</span>
            </div>
          ) : (
            <input id={id} class="big-input" type="text" inputmode="decimal" data-number value={scored === null ? '' : formatNumber(scored)}
              data-step={String(input.step)} disabled={readOnly} autocomplete="off" />
          )}
          <span class="hint">{hint}</span>
          {input.kind === 'measured' && (
            // Filled and shown by static/judge.js when a value falls outside the plausible range.
            <div class="confirm-value" data-confirm-box role="alertdialog" aria-live="assertive" hidden>
              <p data-confirm-text></p>
              <button type="button" class="button button-primary button-big" data-confirm-value></button>
              <button type="button" class="button button-big" data-correct-value>{t('judge.mark.correctValue')}</button>
            </div>
          )}
        </div>
      );
    }
  }
}

/** Minutes as whole minutes and seconds (95.5 → 95 min 30 s), as static/judge.js splits them too. */
function minutesAndSeconds(value: number): { minutes: number; seconds: number } {
  let minutes = Math.floor(value);
  let seconds = Math.round((value - minutes) * 60);
  if (seconds === 60) [minutes, seconds] = [minutes + 1, 0];
  return { minutes, seconds };
}

/**
 * What static/judge.js says to the judge, translated here (the script has no catalogue).
 * Placeholders such as {value} and {count} are left for the script to fill.
 */
function scriptMessages(t: PageContext['t']) {
  return {
    waiting: t('judge.mark.waiting'),
    saved: t('judge.mark.saved'),
    empty: t('judge.mark.empty'),
    notScored: t('judge.mark.notScored'),
    notScoredState: t('judge.mark.notScoredState'),
    conflict: t('judge.sync.conflict'),
    online: t('judge.sync.online'),
    offline: t('judge.sync.offline'),
    sending: t('judge.sync.sending'),
    retrying: t('judge.sync.retrying'),
    signedOut: t('judge.sync.signedOut'),
    signIn: t('judge.sync.signIn'),
    noStorage: t('judge.sync.noStorage'),
    badNumber: t('mark.error.notFinite'),
    signHint: t('judge.sign.hint'),
    signMissing: t('judge.sign.missing'),
    signWaiting: t('judge.sign.waiting'),
    signSending: t('judge.sign.sending'),
    signReview: t('judge.sign.review'),
    implausible: t('judge.mark.implausible'),
    confirmValue: t('judge.mark.confirmValue'),
  };
}

export function JudgeSheetPage(props: {
  page: PageContext;
  round: { id: number; name: string; skillName: string };
  code: string;
  aspects: SheetAspect[];
  total: number;
  signed: boolean;
  locked: boolean;
  previous: string | null;
  next: string | null;
  missing: number[];
  /** The tablet's queue is kept per judge: marks queued by one judge are never sent in another's session. */
  judgeId: number;
  /** Where the tablet signs in again when its session has ended, coming back to this sheet. */
  loginUrl: string;
  signError?: string | undefined;
}) {
  const { t, csrfToken } = props.page;
  const readOnly = props.signed || props.locked;
  const base = `/judge/rounds/${props.round.id}/sheets/`;
  return (
    <Layout page={props.page} title={t('judge.sheet.title', { code: props.code })}>
      <div class="sheet" data-judge-sheet data-round-id={String(props.round.id)} data-code={props.code} data-csrf={csrfToken} data-read-only={readOnly ? 'true' : 'false'}
        data-judge-id={String(props.judgeId)} data-login-url={props.loginUrl} data-messages={JSON.stringify(scriptMessages(t))}>
        <div class="sheet-head">
          <a class="button" href={`/judge/rounds/${props.round.id}`}>{t('judge.sheet.allCodes')}</a>
          <div class="sheet-title">
            <span class="muted">{props.round.skillName} · {props.round.name}</span>
            <h1>{t('judge.sheet.code')} <span class="sheet-code">{props.code}</span></h1>
          </div>
          <div class="sheet-total">
            <span class="muted">{t('judge.sheet.total')}</span>
            {/* – until something is marked, as on each card: a total of 0 is a result, an empty sheet is not. */}
            <strong data-running-total>{props.aspects.some((a) => a.mark) ? formatNumber(props.total) : '–'}</strong>
          </div>
          {/* Inside the sticky head: "offline, 3 marks waiting" stays in sight while the judge scrolls. */}
          <p class="sync-status" data-sync-status role="status" aria-live="polite">
            <span data-pending hidden>{t('judge.sync.waiting')} <strong data-pending-count>0</strong></span>
            <span data-online-state></span>
          </p>
        </div>
        <noscript><Notice kind="error">{t('judge.sheet.noScript')}</Notice></noscript>
        {/* Shown by static/judge.js on plain HTTP (no secure context), before the network drops: README "HTTPS at the venue". */}
        <p class="notice notice-warning" data-insecure-notice data-testid="keep-open" hidden>{t('judge.sheet.keepOpen')}</p>
        {props.signed && <Notice kind="success">{t('judge.sheet.signed')}</Notice>}
        {props.locked && <Notice kind="info">{t('judge.lockedNotice')}</Notice>}
        {props.aspects.map((aspect) => (
          <section class={`aspect-card mark-${aspect.input.kind}`} data-aspect-id={String(aspect.id)} data-kind={aspect.input.kind} data-max={String(aspect.maxMark)}
            {...(aspect.input.kind === 'counter' ? { 'data-per': String(aspect.input.perOccurrence), 'data-cap': String(aspect.input.cap) } : {})}
            {...(aspect.input.kind === 'measured'
              ? { 'data-plausible-low': String(aspect.input.plausible.low), 'data-plausible-high': String(aspect.input.plausible.high), 'data-nominal': String(aspect.input.nominal), 'data-unit': aspect.input.unit }
              : {})}
            data-version={String(aspect.version)} data-state={aspect.mark?.state ?? 'empty'}
            data-value={aspect.mark?.state === 'scored' ? String(aspect.mark.value) : ''} data-points={aspect.points === null ? '' : String(aspect.points)}
            data-testid={`aspect-${aspect.code}`}>
            <header class="aspect-card-head">
              <span class="aspect-code">{aspect.code}</span>
              <span class="aspect-name">{aspect.name}<span class="muted block">{aspect.criterionCode} {aspect.criterionName}</span></span>
              <span class="aspect-points"><span data-points-shown>{aspect.points === null ? '–' : formatNumber(aspect.points)}</span> / {formatNumber(aspect.maxMark)}</span>
            </header>
            <MarkInput page={props.page} aspect={aspect} readOnly={readOnly} />
            <div class="aspect-card-foot">
              <button type="button" class="button not-scored" data-not-scored aria-pressed={aspect.mark?.state === 'not_scored' ? 'true' : 'false'} disabled={readOnly}>
                {t('judge.mark.markNotScored')}
              </button>
              <span class="mark-state" data-mark-state>{aspect.mark === null ? t('judge.mark.empty') : aspect.mark.state === 'not_scored' ? t('judge.mark.notScoredState') : t('judge.mark.saved')}</span>
              <p class="error" data-mark-error role="alert" hidden></p>
            </div>
          </section>
        ))}
        <section class="card sign-card" id="sign">
          <h2>{t('judge.sign.title')}</h2>
          {/* A refused signature answers here, where the judge is looking: the PIN field is focused (autofocus scrolls to it) and tied to the message. */}
          {props.signError && <div id="sign-error"><Notice kind="error">{props.signError}</Notice></div>}
          {props.signed ? <p>{t('judge.sheet.signed')}</p> : props.locked ? null : (
            <form method="post" action={`${base}${encodeURIComponent(props.code)}/sign`} class="field-row" data-sign-form>
              <CsrfField token={csrfToken} />
              <div class="field">
                <label for="sign-pin">{t('judge.login.pin')}</label>
                <input id="sign-pin" name="pin" type="password" inputmode="numeric" required maxlength={12} autocomplete="off" class="big-input"
                  {...(props.signError ? { autofocus: true, 'aria-invalid': 'true', 'aria-describedby': 'sign-error' } : {})} />
                <p class="hint" data-sign-hint>{props.missing.length > 0 ? t('judge.sign.missing', { count: props.missing.length }) : t('judge.sign.hint')}</p>
                <p class="error" data-sign-status role="status" hidden></p>
              </div>
              <div class="field field-submit"><button type="submit" class="button button-primary button-big">{t('judge.sign.submit')}</button></div>
            </form>
          )}
        </section>
        <nav class="sheet-nav">
          {props.previous ? <a class="button button-big" href={`${base}${encodeURIComponent(props.previous)}`}>← {props.previous}</a> : <span></span>}
          {/* The next sheet with marks to enter; when there is none, the round's page, where every complete sheet is signed at once. */}
          {props.next
            ? <a class="button button-big" href={`${base}${encodeURIComponent(props.next)}`} data-testid="next-sheet">{props.next} →</a>
            : <a class="button button-big" href={`/judge/rounds/${props.round.id}`} data-testid="next-sheet">{t('judge.sheet.allMarked')} →</a>}
        </nav>
      </div>
      <script src="/static/judge.js" defer></script>
    </Layout>
  );
}

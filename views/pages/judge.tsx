import type { SheetProgress } from '../../src/domain/judging.ts';
import type { JudgeRoundView, SheetAspect } from '../../src/judging/sheet-view.ts';
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
      </p>
      {/* A judge's own rounds only; the API token page (/judge/api-token) is for integrators, who find it in the API's documentation. */}
      {props.rounds.length === 0 ? <p class="empty" data-testid="no-rounds">{t(props.chief ? 'judge.home.noneChief' : 'judge.home.none')}</p> : (
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

export type Progress = SheetProgress;

/** What "sign all" did, shown above the codes. */
export interface SignAllDone {
  signed: string[];
  incomplete: { code: string; missing: number }[];
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
    signQueued: t('judge.sign.queued'),
    signRefused: t('judge.sign.refusedOn'),
    signLeave: t('judge.sign.leave'),
    pinRequired: t('validation.required'),
    sheetTitle: t('judge.sheet.title'),
    codeLabel: t('judge.sheet.code'),
    allMarked: t('judge.sheet.allMarked'),
    signAllHint: t('judge.signAll.hint'),
    signAllIncomplete: t('judge.signAll.incomplete'),
    signAllSubmit: t('judge.signAll.submit'),
    signAllDone: t('judge.signAll.done'),
    signAllFlagged: t('judge.signAll.flagged'),
    codeSeparator: t('judge.codeSeparator'),
    offlineShort: t('judge.sync.offlineShort'),
    retryingShort: t('judge.sync.retryingShort'),
    badSeconds: t('judge.mark.badSeconds'),
    progress: {
      not_started: t('judge.progress.not_started'), partial: t('judge.progress.partial'), complete: t('judge.progress.complete'), signed: t('judge.progress.signed'),
      signing: t('judge.progress.signing'),
    },
  };
}

/**
 * A round on the judge's tablet, one page for all of it: the codes with "sign all", and the sheet
 * of one code. The page carries the round (RoundState, JSON) and static/judge.js moves between
 * codes, marks and signs in place, so a judge who loses the network keeps marking the whole
 * round. The server renders the view asked for (`sheet` null: the codes), so the page reads right
 * before the script runs, and every link and form also works without it.
 */
export function JudgeRoundPage(props: {
  page: PageContext;
  round: { id: number; name: string; skillName: string; lockedAt: Date | null };
  view: JudgeRoundView;
  /** The tablet's queue is kept per judge: marks queued by one judge are never sent in another's session. */
  judgeId: number;
  /** Where the tablet signs in again when its session has ended, coming back to this page. */
  loginUrl: string;
  signError?: string | undefined;
  signAllError?: string | undefined;
  signAllDone?: SignAllDone | undefined;
}) {
  const { t, csrfToken } = props.page;
  const { state, sheet } = props.view;
  const locked = props.round.lockedAt !== null;
  const readOnly = locked || (sheet?.signed ?? false);
  const roundUrl = `/judge/rounds/${props.round.id}`;
  const base = `${roundUrl}/sheets/`;
  const roundTitle = `${props.round.skillName} · ${props.round.name}`;
  const toSign = state.sheets.filter((s) => s.progress === 'complete').map((s) => s.code);
  const listed = (codes: string[]) => codes.join(t('judge.codeSeparator'));
  const unfinished = state.sheets.filter((s) => s.progress === 'not_started' || s.progress === 'partial').map((s) => s.code);
  const done = props.signAllDone;
  const aspects = sheet?.aspects ?? props.view.aspects;
  return (
    <Layout page={props.page} title={sheet ? t('judge.sheet.title', { code: sheet.code }) : roundTitle}>
      <div class="sheet judge-round" data-judge-sheet data-view={sheet ? 'sheet' : 'codes'} data-round-id={String(props.round.id)} data-code={sheet?.code ?? ''}
        data-csrf={csrfToken} data-read-only={readOnly ? 'true' : 'false'} data-locked={locked ? 'true' : 'false'} data-round-title={roundTitle}
        data-judge-id={String(props.judgeId)} data-login-url={props.loginUrl} data-messages={JSON.stringify(scriptMessages(t))}>
        {/* The round for the script; `<` escaped so that no code or name can end the element. */}
        <script type="application/json" data-round-state dangerouslySetInnerHTML={{ __html: JSON.stringify(state).replace(/</g, '\\u003c') }}></script>
        <div class="sheet-head">
          {/* Inside the sticky head: "offline, 3 marks waiting" stays in sight while the judge scrolls. */}
          <a class="button" href={roundUrl} data-nav data-sheet-only hidden={!sheet}>{t('judge.sheet.allCodes')}</a>
          <a class="button" href="/judge" data-codes-only hidden={!!sheet}>{t('judge.home.title')}</a>
          <div class="sheet-title">
            <span class="muted" data-sheet-only hidden={!sheet}>{roundTitle}</span>
            <h1 data-heading>{sheet ? <>{t('judge.sheet.code')} <span class="sheet-code">{sheet.code}</span></> : roundTitle}</h1>
          </div>
          <div class="sheet-total" data-sheet-only hidden={!sheet}>
            <span class="muted">{t('judge.sheet.total')}</span>
            {/* – until something is marked, as on each card: a total of 0 is a result, an empty sheet is not. */}
            <strong data-running-total>{sheet && sheet.aspects.some((a) => a.mark) ? formatNumber(sheet.total) : '–'}</strong>
          </div>
          <p class="sync-status" data-sync-status role="status" aria-live="polite">
            <span data-pending hidden>{t('judge.sync.waiting')}<strong data-pending-count>0</strong></span>
            <span data-signatures-pending hidden>{t('judge.sync.signaturesWaiting')}<strong data-signatures-count>0</strong></span>
            <span data-online-state></span>
          </p>
          {/* A signature refused while the judge has moved on to another sheet: said where he is looking. */}
          <p class="error head-notice" data-head-notice role="alert" hidden></p>
        </div>
        <noscript><Notice kind="error">{t('judge.sheet.noScript')}</Notice></noscript>
        {/* Shown by static/judge.js on plain HTTP (no secure context), before the network drops: README "HTTPS at the venue". */}
        <p class="notice notice-warning" data-insecure-notice data-testid="keep-open" hidden>{t('judge.sheet.keepOpen')}</p>
        <div data-locked-notice hidden={!locked}><Notice kind="info">{t('judge.lockedNotice')}</Notice></div>

        <section data-panel="codes" hidden={!!sheet}>
          <div data-sign-all-done>{done && done.signed.length > 0 && <Notice kind="success">{t('judge.signAll.done', { count: done.signed.length, codes: listed(done.signed) })}</Notice>}</div>
          <p class="legend">
            {(['not_started', 'partial', 'complete', 'signed'] as const).map((p) => <span class={`progress progress-${p}`}>{t(`judge.progress.${p}`)}</span>)}
          </p>
          <ul class="code-grid" data-testid="codes">
            {state.sheets.map((c) => (
              <li>
                <a class={`code-tile progress-${c.progress}`} href={`${base}${encodeURIComponent(c.code)}`} data-testid={`code-${c.code}`} data-nav data-code-tile={c.code}>
                  <span class="code-number">{c.code}</span>
                  <span class="code-progress">{t(`judge.progress.${c.progress}`)}</span>
                </a>
              </li>
            ))}
          </ul>
          {!locked && (
            <section class="card sign-card sign-all" id="sign-all" data-testid="sign-all">
              <h2>{t('judge.signAll.title')}</h2>
              {props.signAllError && <div id="sign-all-error"><Notice kind="error">{props.signAllError}</Notice></div>}
              <p class="hint" data-testid="sign-all-incomplete" hidden={unfinished.length === 0}>{t('judge.signAll.incomplete', { codes: listed(unfinished) })}</p>
              {/* Filled by static/judge.js: complete sheets with a refused or conflicting mark the judge has not looked at again. */}
              <p class="hint" data-testid="sign-all-flagged" hidden></p>
              <p class="muted" data-testid="sign-all-none" hidden={toSign.length > 0}>{t('judge.signAll.none')}</p>
              <form method="post" action={`${roundUrl}/sign-all`} class="field-row" data-sign-all-form hidden={toSign.length === 0}>
                <CsrfField token={csrfToken} />
                <div class="field">
                  <p class="hint" data-testid="sign-all-codes">{t('judge.signAll.hint', { count: toSign.length, codes: listed(toSign) })}</p>
                  <label for="sign-all-pin">{t('judge.login.pin')}</label>
                  <input id="sign-all-pin" name="pin" type="password" inputmode="numeric" required maxlength={12} autocomplete="off" class="big-input"
                    {...(props.signAllError ? { autofocus: true, 'aria-invalid': 'true', 'aria-describedby': 'sign-all-error' } : {})} />
                </div>
                <div class="field field-submit"><button type="submit" class="button button-primary button-big" data-sign-all-submit>{t('judge.signAll.submit', { count: toSign.length })}</button></div>
              </form>
              {/* Outside the form: it says what waits also when there is nothing left to sign. */}
              <p class="sign-status" data-sign-status role="status" hidden></p>
            </section>
          )}
        </section>

        <section data-panel="sheet" hidden={!sheet}>
          <div data-signed-notice hidden={!sheet?.signed}><Notice kind="success">{t('judge.sheet.signed')}</Notice></div>
          {aspects.map((aspect) => (
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
            <div id="sign-error" data-sign-error>{props.signError && <Notice kind="error">{props.signError}</Notice>}</div>
            <p data-signed-text hidden={!sheet?.signed}>{t('judge.sheet.signed')}</p>
            <form method="post" action={sheet ? `${base}${encodeURIComponent(sheet.code)}/sign` : ''} class="field-row" data-sign-form hidden={readOnly}>
              <CsrfField token={csrfToken} />
              <div class="field">
                <label for="sign-pin">{t('judge.login.pin')}</label>
                <input id="sign-pin" name="pin" type="password" inputmode="numeric" required maxlength={12} autocomplete="off" class="big-input"
                  {...(props.signError ? { autofocus: true, 'aria-invalid': 'true', 'aria-describedby': 'sign-error' } : {})} />
                <p class="hint" data-sign-hint>{sheet && sheet.missing.length > 0 ? t('judge.sign.missing', { count: sheet.missing.length }) : t('judge.sign.hint')}</p>
              </div>
              <div class="field field-submit"><button type="submit" class="button button-primary button-big">{t('judge.sign.submit')}</button></div>
            </form>
            <p class="sign-status" data-sign-status role="status" hidden></p>
          </section>
          <nav class="sheet-nav">
            {sheet?.previous ? <a class="button button-big" href={`${base}${encodeURIComponent(sheet.previous)}`} data-nav data-testid="previous-sheet">← {sheet.previous}</a> : <a class="button button-big" data-nav data-testid="previous-sheet" hidden>←</a>}
            {/* The next sheet with marks to enter; when there is none, the round's page, where every complete sheet is signed at once. */}
            {sheet?.next
              ? <a class="button button-big" href={`${base}${encodeURIComponent(sheet.next)}`} data-nav data-testid="next-sheet">{sheet.next} →</a>
              : <a class="button button-big" href={roundUrl} data-nav data-testid="next-sheet">{t('judge.sheet.allMarked')} →</a>}
          </nav>
        </section>
      </div>
      <script src="/static/judge.js" defer></script>
    </Layout>
  );
}

import { eventNextStep, nextStep, stepDuty, stepPlace, type NextStep, type SkillProgress } from '../../src/domain/event-progress.ts';
import type { EventStatus } from '../../src/domain/event-lifecycle.ts';
import { may, type PageContext } from '../page-context.ts';

/** Where a step is done, as a link; null for 'done'. */
export function stepHref(step: NextStep, eventId: number, skillId: number | null): string | null {
  const skill = skillId ?? 0;
  switch (stepPlace[step]) {
    case 'skill': return `/skills/${skill}`;
    case 'registration': return `/events/${eventId}/registration`;
    case 'event': return `/events/${eventId}#stage`;
    case 'checkIn': return `/events/${eventId}/check-in${skillId ? `?skill=${skillId}` : ''}`;
    case 'draw': return `/skills/${skill}/draw`;
    case 'desk': return '/desk';
    case 'results': return `/skills/${skill}/results`;
    case 'appeals': return `/skills/${skill}/appeals`;
    case null: return null;
  }
}

/** "Next: …" as a link to where it is done, or a plain "all done". */
export function NextStepLink(props: { page: PageContext; eventId: number; step: NextStep; skill: { skillId: number; skillName: string } | null; primary?: boolean }) {
  const { t } = props.page;
  const href = stepHref(props.step, props.eventId, props.skill?.skillId ?? null);
  const text = t(`progress.step.${props.step}`, { skill: props.skill?.skillName ?? '' });
  const duty = stepDuty[props.step];
  if (!href || (duty && !may(props.page, duty))) return <span class="muted" data-testid="next-step-text">{text}</span>;
  return <a class={props.primary ? 'button button-primary' : 'button button-quiet'} href={href} data-testid="next-step">{text}</a>;
}

/** Open appeals as a badge that stands out in a list; nothing when there are none. */
export function AppealsBadge(props: { page: PageContext; count: number; href?: string }) {
  if (props.count === 0) return <></>;
  const text = props.page.t('progress.appeals', { count: props.count });
  return props.href
    ? <a class="badge badge-alert" href={props.href} data-testid="appeals-badge">{text}</a>
    : <span class="badge badge-alert" data-testid="appeals-badge">{text}</span>;
}

/**
 * Each skill's progress from registration to results, and its next step: one row per skill,
 * a labelled card on a phone.
 */
export function ProgressTable(props: { page: PageContext; eventId: number; status: EventStatus; skills: SkillProgress[] }) {
  const { t } = props.page;
  const { eventId, status } = props;
  const next = eventNextStep(status, props.skills);
  return (
    <section class="card" id="progress" data-testid="progress">
      <div class="page-head">
        <h2>{t('progress.title')}</h2>
        <NextStepLink page={props.page} eventId={eventId} step={next.step} skill={next.skill} primary />
      </div>
      {props.skills.length > 0 && (
        <div class="table-wrap">
          <table class="table table-stack progress-table">
            <thead>
              <tr>
                <th>{t('contestant.field.skill')}</th>
                <th>{t('progress.registered')}</th>
                <th>{t('progress.approved')}</th>
                <th>{t('progress.checkedIn')}</th>
                <th>{t('progress.drawn')}</th>
                <th>{t('progress.marked')}</th>
                <th>{t('progress.signed')}</th>
                <th>{t('progress.locked')}</th>
                <th>{t('progress.published')}</th>
                <th>{t('progress.next')}</th>
              </tr>
            </thead>
            <tbody>
              {props.skills.map((s) => {
                const step = nextStep(status, s);
                return (
                  <tr data-testid={`progress-${s.skillId}`}>
                    <td class="keep"><a href={`/skills/${s.skillId}`}><strong>{s.skillName}</strong></a></td>
                    <td class="num" data-label={t('progress.registered')}>{s.entries}</td>
                    <td class="num" data-label={t('progress.approved')}>{s.approved} / {s.entries}</td>
                    <td class="num" data-label={t('progress.checkedIn')}>
                      {s.present}{s.absent > 0 && <span class="muted"> {t('progress.absent', { count: s.absent })}</span>}
                    </td>
                    <td class="num" data-label={t('progress.drawn')}>{s.drawn}</td>
                    <td class="num" data-label={t('progress.marked')}>{s.marked}</td>
                    <td class="num" data-label={t('progress.signed')}>{s.signed}</td>
                    <td class="num" data-label={t('progress.locked')}>{s.locked} / {s.rounds}</td>
                    <td data-label={t('progress.published')}>
                      {s.published === null ? '—' : t('progress.version', { version: s.published })}
                      {' '}<AppealsBadge page={props.page} count={s.openAppeals} {...(may(props.page, 'results') ? { href: `/skills/${s.skillId}/appeals` } : {})} />
                    </td>
                    <td data-label={t('progress.next')}><NextStepLink page={props.page} eventId={eventId} step={step} skill={s} /></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

import type { AspectRule, AspectType } from '../../src/domain/marking-scheme.ts';
import { aspectTypes, measurementMode, roundMarksTotal, roundScorings, sumExact } from '../../src/domain/marking-scheme.ts';
import type { StoredAspect, StoredCriterion, StoredRound } from '../../src/events/queries.ts';
import type { Translate } from '../../src/i18n/index.ts';
import { CsrfField, Field, NumberField, SelectField, TextareaField, type FieldErrors } from './form.tsx';

/**
 * The marking-scheme editor: rounds → criteria → aspects. Every form posts with htmx and
 * targets itself, so a refused edit comes back with its errors in place; a saved edit answers
 * with the whole #scheme section (HX-Retarget), so totals and the problem list stay right.
 */

export interface SchemeView {
  t: Translate;
  csrfToken: string;
  skillId: number;
  editable: boolean;
}

const hxForm = (url: string) => ({ 'hx-post': url, 'hx-target': 'this', 'hx-swap': 'outerHTML' });

export function formatNumber(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

export function SchemeSection(props: { view: SchemeView; rounds: StoredRound[] }) {
  const { t } = props.view;
  const weights = sumExact(props.rounds.map((r) => r.weight));
  return (
    <section id="scheme" class="card">
      <div class="page-head">
        <h2>{t('scheme.title')}</h2>
        <span class={weights === 100 ? 'total total-ok' : 'total total-bad'} data-testid="weights-total">
          {t('round.weightsTotal', { total: formatNumber(weights) })}
        </span>
      </div>
      {props.rounds.map((round) => <RoundBlock view={props.view} round={round} />)}
      {props.view.editable && <RoundForm view={props.view} values={{}} errors={{}} />}
    </section>
  );
}

function RoundBlock(props: { view: SchemeView; round: StoredRound }) {
  const { t, editable } = props.view;
  const { round } = props;
  const total = roundMarksTotal(round);
  return (
    <div class="round" id={`round-${round.id}`}>
      {editable ? (
        <RoundForm view={props.view} roundId={round.id} errors={{}}
          values={{ code: round.code, name: round.name, weight: formatNumber(round.weight), maxScore: formatNumber(round.maxScore), scoring: round.scoring }} />
      ) : (
        // The code is the spreadsheet's and the tie-breaks' identifier ("theory", "practical"), not a heading's word.
        <h3 title={round.code}>{round.name} <span class="muted">{t('round.heading.meta', { weight: formatNumber(round.weight), max: formatNumber(round.maxScore) })}</span></h3>
      )}
      {round.scoring === 'imported' ? (
        // The exam system scores this round: nothing to mark, so no criteria and no total to reach.
        <p class="total total-ok" data-testid={`round-imported-${round.code}`}>
          {t('round.importedNote', { max: formatNumber(round.maxScore) })} <a href={`/rounds/${round.id}/scores`}>{t('scores.open')}</a>
        </p>
      ) : (
        <>
          <p class={total === round.maxScore ? 'total total-ok' : 'total total-bad'} data-testid={`round-total-${round.code}`}>
            {t('round.total', { total: formatNumber(total), max: formatNumber(round.maxScore) })}
          </p>
          {round.criteria.map((criterion) => <CriterionBlock view={props.view} criterion={criterion} />)}
          {editable && <CriterionForm view={props.view} roundId={round.id} values={{}} errors={{}} />}
        </>
      )}
    </div>
  );
}

export function RoundForm(props: { view: SchemeView; roundId?: number; values: Record<string, string>; errors: FieldErrors }) {
  const { t, csrfToken, skillId } = props.view;
  const { values, errors, roundId } = props;
  const url = roundId ? `/rounds/${roundId}` : `/skills/${skillId}/rounds`;
  return (
    <form class={roundId ? 'inline-edit round-head' : 'inline-edit add-form'} {...hxForm(url)}>
      <CsrfField token={csrfToken} />
      <Field name="code" label={t('round.field.code')} value={values.code ?? ''} error={errors.code} class="field-code" />
      <Field name="name" label={t('round.field.name')} value={values.name ?? ''} error={errors.name} class="field-grow" />
      <NumberField name="weight" label={t('round.field.weight')} value={values.weight ?? ''} error={errors.weight} class="field-num" />
      <NumberField name="maxScore" label={t('round.field.maxScore')} value={values.maxScore ?? ''} error={errors.maxScore} class="field-num" />
      <SelectField name="scoring" label={t('round.field.scoring')} value={values.scoring ?? 'marks'} error={errors.scoring}
        options={roundScorings.map((s) => ({ value: s, label: t(`round.scoring.${s}`) }))} />
      <div class="field field-submit">
        <button type="submit" class={roundId ? 'button' : 'button button-primary'}>{roundId ? t('common.save') : t('round.add')}</button>
        {roundId && (
          <button type="button" class="button button-danger" hx-post={`/rounds/${roundId}/delete`} hx-target="#scheme" hx-swap="outerHTML" hx-confirm={t('common.confirmDelete')}>
            {t('common.delete')}
          </button>
        )}
      </div>
    </form>
  );
}

function CriterionBlock(props: { view: SchemeView; criterion: StoredCriterion }) {
  const { t, editable } = props.view;
  const { criterion } = props;
  return (
    <div class="criterion" id={`criterion-${criterion.id}`}>
      {editable ? (
        <CriterionForm view={props.view} criterionId={criterion.id} values={{ code: criterion.code, name: criterion.name }} errors={{}} />
      ) : (
        <h4>{criterion.code} {criterion.name}</h4>
      )}
      <div class="aspects">
        {criterion.aspects.length === 0 && <p class="empty">{t('scheme.aspect.empty')}</p>}
        {criterion.aspects.map((aspect) => <AspectRow view={props.view} aspect={aspect} />)}
        <div id={`new-aspect-${criterion.id}`}></div>
      </div>
      {editable && (
        <button type="button" class="button button-quiet" hx-get={`/criteria/${criterion.id}/aspects/new`}
          hx-target={`#new-aspect-${criterion.id}`} hx-swap="innerHTML">
          + {t('scheme.aspect.add')}
        </button>
      )}
    </div>
  );
}

export function CriterionForm(props: { view: SchemeView; roundId?: number; criterionId?: number; values: Record<string, string>; errors: FieldErrors }) {
  const { t, csrfToken } = props.view;
  const { values, errors, criterionId } = props;
  const url = criterionId ? `/criteria/${criterionId}` : `/rounds/${props.roundId}/criteria`;
  return (
    <form class={criterionId ? 'inline-edit criterion-head' : 'inline-edit add-form'} {...hxForm(url)}>
      <CsrfField token={csrfToken} />
      <Field name="code" label={t('scheme.criterion.code')} value={values.code ?? ''} error={errors.code} class="field-code" />
      <Field name="name" label={t('scheme.criterion.name')} value={values.name ?? ''} error={errors.name} class="field-grow" />
      <div class="field field-submit">
        <button type="submit" class={criterionId ? 'button' : 'button button-primary'}>{criterionId ? t('common.save') : t('scheme.criterion.add')}</button>
        {criterionId && (
          <button type="button" class="button button-danger" hx-post={`/criteria/${criterionId}/delete`} hx-target="#scheme" hx-swap="outerHTML" hx-confirm={t('common.confirmDelete')}>
            {t('common.delete')}
          </button>
        )}
      </div>
    </form>
  );
}

export function ruleSummary(t: Translate, aspect: { maxMark: number; rule: AspectRule }): string {
  const { rule } = aspect;
  switch (rule.type) {
    case 'judgement':
      return t('scheme.rule.summary.judgement');
    case 'deduction':
      return t('scheme.rule.summary.deduction', { per: formatNumber(rule.perOccurrence), cap: formatNumber(rule.cap) });
    case 'time':
      return aspect.maxMark === 0
        ? t('scheme.rule.summary.timeRecord', { limit: formatNumber(rule.limitMinutes) })
        : t('scheme.rule.summary.time', { limit: formatNumber(rule.limitMinutes), penalty: formatNumber(rule.penaltyPerMinute) });
    case 'measurement':
      switch (measurementMode(rule)) {
        case 'points':
          return t('scheme.rule.summary.measurementPoints', { max: formatNumber(aspect.maxMark), step: formatNumber(rule.step) });
        case 'passFail':
          return t('scheme.rule.summary.measurementAll');
        case 'bands':
          return t('scheme.rule.summary.measurementBands', { nominal: formatNumber(rule.nominal ?? 0), unit: rule.unit, count: rule.bands.length });
      }
  }
}

export function AspectRow(props: { view: SchemeView; aspect: StoredAspect }) {
  const { t, editable } = props.view;
  const { aspect } = props;
  return (
    <div class="aspect" id={`aspect-${aspect.id}`} data-testid={`aspect-${aspect.code}`}>
      <span class="aspect-code">{aspect.code}</span>
      <span class="aspect-name">
        {aspect.name}
        <span class="aspect-rule">{t(`scheme.type.${aspect.rule.type}`)} · {ruleSummary(t, aspect)}</span>
      </span>
      <span class="aspect-mark">{formatNumber(aspect.maxMark)}</span>
      {editable && (
        <span class="aspect-actions">
          <button type="button" class="button button-quiet" hx-get={`/aspects/${aspect.id}/edit`} hx-target={`#aspect-${aspect.id}`} hx-swap="outerHTML">
            {t('common.edit')}
          </button>
        </span>
      )}
    </div>
  );
}

/** Flat form values of an aspect, named by their path in the API shape (e.g. "rule.cap"). */
export function aspectFormValues(aspect: { code: string; name: string; maxMark: number; rule: AspectRule }): Record<string, string> {
  const { rule } = aspect;
  const values: Record<string, string> = { code: aspect.code, name: aspect.name, maxMark: formatNumber(aspect.maxMark), 'rule.type': rule.type };
  switch (rule.type) {
    case 'judgement':
      rule.levels.forEach((level, i) => (values[`rule.levels.${i}`] = level));
      break;
    case 'deduction':
      values['rule.perOccurrence'] = formatNumber(rule.perOccurrence);
      values['rule.cap'] = formatNumber(rule.cap);
      break;
    case 'time':
      values['rule.limitMinutes'] = formatNumber(rule.limitMinutes);
      values['rule.penaltyPerMinute'] = formatNumber(rule.penaltyPerMinute);
      break;
    case 'measurement':
      values['rule.nominal'] = rule.nominal === null ? '' : formatNumber(rule.nominal);
      values['rule.unit'] = rule.unit;
      values['rule.step'] = formatNumber(rule.step);
      values['rule.bands'] = rule.bands.map((b) => `${formatNumber(b.tolerance)}:${formatNumber(b.mark)}`).join('; ');
      values['rule.entry'] = rule.entry ?? '';
      break;
  }
  return values;
}

export function AspectForm(props: {
  view: SchemeView;
  target: { criterionId: number } | { aspectId: number };
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { t, csrfToken, skillId } = props.view;
  const { values, errors, target } = props;
  const type = (aspectTypes as readonly string[]).includes(values['rule.type'] ?? '') ? (values['rule.type'] as AspectType) : 'judgement';
  const url = 'aspectId' in target ? `/aspects/${target.aspectId}` : `/criteria/${target.criterionId}/aspects`;
  const v = (name: string) => values[name] ?? '';
  const e = (name: string) => errors[name];
  const points = v('rule.entry') === 'points';
  const rerender = { 'hx-get': `/skills/${skillId}/aspect-form`, 'hx-include': 'closest form', 'hx-target': 'closest form', 'hx-swap': 'outerHTML', 'hx-trigger': 'change' };
  return (
    <form class="aspect-form" {...hxForm(url)} data-testid="aspect-form">
      <CsrfField token={csrfToken} />
      {'aspectId' in target
        ? <input type="hidden" name="aspectId" value={String(target.aspectId)} />
        : <input type="hidden" name="criterionId" value={String(target.criterionId)} />}
      <div class="field-row">
        <Field name="code" label={t('scheme.aspect.code')} value={v('code')} error={e('code')} class="field-code" />
        <SelectField name="rule.type" label={t('scheme.aspect.type')} value={type} error={e('rule.type')}
          options={aspectTypes.map((value) => ({ value, label: t(`scheme.type.${value}`) }))}
          attributes={rerender} />
        <NumberField name="maxMark" label={t('scheme.aspect.maxMark')} value={v('maxMark')} error={e('maxMark')} class="field-num" />
      </div>
      <TextareaField name="name" label={t('scheme.aspect.name')} value={v('name')} error={e('name')} />
      {type === 'judgement' && (
        <fieldset class="levels">
          <legend>{t('scheme.rule.levels')}</legend>
          {[0, 1, 2, 3].map((level) => (
            <TextareaField name={`rule.levels.${level}`} label={t('scheme.rule.level', { level })} value={v(`rule.levels.${level}`)} error={e(`rule.levels.${level}`)} />
          ))}
        </fieldset>
      )}
      {type === 'deduction' && (
        <div class="field-row">
          <NumberField name="rule.perOccurrence" label={t('scheme.rule.perOccurrence')} value={v('rule.perOccurrence')} error={e('rule.perOccurrence')} />
          <NumberField name="rule.cap" label={t('scheme.rule.cap')} value={v('rule.cap')} error={e('rule.cap')} />
        </div>
      )}
      {type === 'time' && (
        <div class="field-row">
          <NumberField name="rule.limitMinutes" label={t('scheme.rule.limitMinutes')} value={v('rule.limitMinutes')} error={e('rule.limitMinutes')} />
          <NumberField name="rule.penaltyPerMinute" label={t('scheme.rule.penaltyPerMinute')} hint={t('scheme.rule.penaltyPerMinute.hint')} value={v('rule.penaltyPerMinute')} error={e('rule.penaltyPerMinute')} />
        </div>
      )}
      {type === 'measurement' && (
        <>
          {/* Choosing "points earned" re-renders the form without the nominal and the bands, which it does not use. */}
          <SelectField name="rule.entry" label={t('scheme.rule.entry')} value={points ? 'points' : ''} error={e('rule.entry')}
            options={[{ value: '', label: t('scheme.rule.entry.measured') }, { value: 'points', label: t('scheme.rule.entry.points') }]}
            attributes={rerender} />
          <div class="field-row">
            {!points && <NumberField name="rule.nominal" label={t('scheme.rule.nominal')} value={v('rule.nominal')} error={e('rule.nominal')} />}
            {!points && <Field name="rule.unit" label={t('scheme.rule.unit')} value={v('rule.unit')} error={e('rule.unit')} class="field-code" />}
            <NumberField name="rule.step" label={t('scheme.rule.step')} value={v('rule.step') || (points ? '1' : '0.01')} error={e('rule.step')} />
          </div>
          {!points && <Field name="rule.bands" label={t('scheme.rule.bands')} hint={t('scheme.rule.bands.hint')} value={v('rule.bands')} error={e('rule.bands')} />}
          {points && e('rule.bands') && <p class="error">{e('rule.bands')}</p>}
        </>
      )}
      <div class="actions">
        <button type="submit" class="button button-primary">{t('common.save')}</button>
        <button type="button" class="button" hx-get={`/skills/${skillId}/scheme`} hx-target="#scheme" hx-swap="outerHTML">{t('common.cancel')}</button>
        {'aspectId' in target && (
          <button type="button" class="button button-danger" hx-post={`/aspects/${target.aspectId}/delete`} hx-target="#scheme" hx-swap="outerHTML" hx-confirm={t('common.confirmDelete')}>
            {t('common.delete')}
          </button>
        )}
      </div>
    </form>
  );
}

import { skillLevelLadder, TITLE_RULE_LIMITS } from '../../src/domain/title-rules.ts';
import type { TitleRuleRow } from '../../src/events/title-rule-form.ts';
import { CheckboxField, CsrfField, Field, Notice, NumberField, SelectField, type FieldErrors } from './form.tsx';
import type { PageContext } from '../page-context.ts';

/**
 * The ordered title rules of a skill (src/domain/title-rules.ts) as a server-rendered list
 * editor: one card per rule, stacked, so it fits a phone; buttons add, remove and move rules
 * (the list is sent back unsaved) and "Save the rules" stores it. Field names are those of the
 * settings ("titleRules.0.rankTo"), so errors land beside their inputs.
 */
export function TitleRulesSection(props: {
  page: PageContext;
  skillId: number;
  rounds: { code: string; name: string }[];
  editable: boolean;
  rows: TitleRuleRow[];
  errors: FieldErrors;
  saved?: boolean;
  unsaved?: boolean;
}) {
  const { t, csrfToken } = props.page;
  const { rows, errors, rounds } = props;
  const action = `/skills/${props.skillId}/title-rules`;
  const levelOptions = skillLevelLadder.map((level) => ({ value: level, label: t(`contestant.level.${level}`) }));
  return (
    <form id="title-rules" class="card title-rules" method="post" action={action} hx-post={action} hx-target="this" hx-swap="outerHTML" data-testid="title-rules">
      <CsrfField token={csrfToken} />
      {/* First in the form, so Enter in a field saves instead of pressing "Move up". */}
      {props.editable && <button type="submit" class="sr-only" name="action" value="save" tabindex={-1} aria-hidden="true">{t('titleRules.save')}</button>}
      <fieldset disabled={!props.editable}>
        <h2>{t('titleRules.heading')}</h2>
        <p class="hint">{t('titleRules.hint')}</p>
        {props.saved && <Notice kind="success">{t('common.saved')}</Notice>}
        {props.unsaved && <Notice kind="info">{t('titleRules.unsaved')}</Notice>}
        {Object.keys(errors).length > 0 && <Notice kind="error">{t('validation.formHasErrors')}</Notice>}
        {errors.titleRules && <p class="error" role="alert">{errors.titleRules}</p>}
        {rows.length === 0 && <p class="muted">{t('titleRules.none')}</p>}
        <ol class="rule-list">
          {rows.map((row, i) => {
            const p = (name: string) => `titleRules.${i}.${name}`;
            return (
              <li class="rule-card" data-testid={`title-rule-${i + 1}`}>
                <div class="rule-head">
                  <h3>{t('titleRules.rule', { n: i + 1 })}</h3>
                  {props.editable && (
                    <div class="rule-moves">
                      <button type="submit" class="button" name="action" value={`up.${i}`} disabled={i === 0}>{t('titleRules.up')}</button>
                      <button type="submit" class="button" name="action" value={`down.${i}`} disabled={i === rows.length - 1}>{t('titleRules.down')}</button>
                      <button type="submit" class="button button-danger" name="action" value={`remove.${i}`}>{t('titleRules.remove')}</button>
                    </div>
                  )}
                </div>
                <fieldset class="rule-prizes">
                  <legend>{t('titleRules.prizes')}</legend>
                  {([1, 2, 3] as const).map((prize, k) => (
                    <label class="check-inline">
                      <input type="checkbox" name={p(`prizes.${k}`)} value={String(prize)} checked={row.prizes.includes(String(prize))} />
                      {' '}{t(`results.prize.${prize}`)}
                    </label>
                  ))}
                  {errors[p('prizes')] && <p class="error" role="alert">{errors[p('prizes')]}</p>}
                </fieldset>
                <div class="field-row">
                  <NumberField name={p('rankFrom')} label={t('titleRules.rankFrom')} value={row.rankFrom} error={errors[p('rankFrom')]} class="field-num" />
                  <NumberField name={p('rankTo')} label={t('titleRules.rankTo')} value={row.rankTo} error={errors[p('rankTo')]} class="field-num" />
                </div>
                <CheckboxField name={p('topHalf')} label={t('titleRules.topHalf')} checked={row.topHalf} error={errors[p('topHalf')]} />
                <div class="field-row">
                  {rounds.map((round, j) => (
                    <>
                      <input type="hidden" name={p(`minScores.${j}.round`)} value={round.code} />
                      <NumberField name={p(`minScores.${j}.min`)} label={t('titleRules.minScore', { round: round.name })} value={row.minScores[round.code] ?? ''}
                        error={errors[p(`minScores.${j}.min`)] ?? errors[p(`minScores.${round.code}`)]} class="field-num" />
                    </>
                  ))}
                  <NumberField name={p('underAge')} label={t('titleRules.underAge')} hint={t('titleRules.underAge.hint')} value={row.underAge} error={errors[p('underAge')]} class="field-num" />
                  <SelectField name={p('gender')} label={t('titleRules.gender')} value={row.gender} error={errors[p('gender')]}
                    options={[{ value: '', label: t('titleRules.gender.any') }, { value: 'female', label: t('contestant.gender.female') }, { value: 'male', label: t('contestant.gender.male') }]} />
                </div>
                <div class="field-row">
                  <Field name={p('title')} label={t('titleRules.title')} hint={t('titleRules.title.hint')} value={row.title} error={errors[p('title')]} maxlength={TITLE_RULE_LIMITS.title} class="field-grow" />
                  <SelectField name={p('promotion')} label={t('titleRules.promotion')} value={row.promotion} error={errors[p('promotion')]}
                    options={(['none', 'step', 'to'] as const).map((kind) => ({ value: kind, label: t(`titleRules.promotion.${kind}`) }))} />
                  <SelectField name={p('promotionTo')} label={t('titleRules.promotionTo')} value={row.promotionTo} error={errors[p('promotionTo')]}
                    options={[{ value: '', label: '—' }, ...levelOptions]} />
                </div>
              </li>
            );
          })}
        </ol>
        {props.editable && (
          <div class="actions">
            <button type="submit" class="button" name="action" value="add" disabled={rows.length >= TITLE_RULE_LIMITS.rules}>{t('titleRules.add')}</button>
            <button type="submit" class="button button-primary" name="action" value="save">{t('titleRules.save')}</button>
          </div>
        )}
      </fieldset>
    </form>
  );
}

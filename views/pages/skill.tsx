import { dateTime } from '../format.ts';
import { aggregations, awardModes, roundAbsenceRules, teamScorings, type SchemeIssue, type SchemeWarning, type SkillSettings } from '../../src/domain/marking-scheme.ts';
import type { SkillDetail } from '../../src/events/queries.ts';
import type { Translate } from '../../src/i18n/index.ts';
import { CheckboxField, CsrfField, Field, Notice, NumberField, SelectField, type FieldErrors } from '../components/form.tsx';
import { SchemeSection, formatNumber, type SchemeView } from '../components/scheme.tsx';
import { TitleRulesSection } from '../components/title-rules-form.tsx';
import { rowFromRule } from '../../src/events/title-rule-form.ts';
import { Layout } from '../layout.tsx';
import { may, type PageContext } from '../page-context.ts';

export interface SheetProblem {
  row: number;
  column: string;
  message: string;
}

export function settingsFormValues(settings: SkillSettings): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(settings)) {
    if (name === 'tieBreaks' || name === 'titleRules') continue;
    values[name] = value === null ? '' : typeof value === 'number' ? formatNumber(value) : String(value);
  }
  settings.tieBreaks.forEach((tieBreak, i) => (values[`tieBreaks.${i}`] = tieBreak));
  return values;
}

/** Where a problem is, in the organizer's words: "理论知识 · A1" rather than a path. */
export function describeIssue(t: Translate, skill: SkillDetail, issue: SchemeIssue | ({ warning: true } & SchemeWarning)): string {
  const match = /^rounds\.(\d+)(?:\.criteria\.(\d+)(?:\.aspects\.(\d+))?)?/.exec(issue.path);
  const message = 'warning' in issue ? t(`scheme.warning.${issue.code}`, issue.params) : t(`scheme.issue.${issue.code}`, issue.params);
  if (!match) return issue.path.startsWith('settings.') ? `${t('skill.settings')}: ${message}` : message;
  const round = skill.rounds[Number(match[1])];
  const criterion = match[2] !== undefined ? round?.criteria[Number(match[2])] : undefined;
  const aspect = match[3] !== undefined ? criterion?.aspects[Number(match[3])] : undefined;
  const where = [round?.name, criterion?.code, aspect?.code].filter(Boolean).join(' · ');
  return `${where}: ${message}`;
}

export function SettingsSection(props: {
  page: PageContext;
  skill: SkillDetail;
  editable: boolean;
  values: Record<string, string>;
  errors: FieldErrors;
  saved?: boolean;
}) {
  const { t, csrfToken } = props.page;
  const { values, errors, skill } = props;
  const v = (name: string) => values[name] ?? '';
  const tieBreakOptions = [
    { value: '', label: t('skill.settings.tieBreak.none') },
    { value: 'completion_time', label: t('skill.settings.tieBreak.completion_time') },
    ...skill.rounds.map((round) => ({ value: `round:${round.code}`, label: t('skill.settings.tieBreak.round', { round: round.name }) })),
  ];
  return (
    <form id="settings" class="card settings" hx-post={`/skills/${skill.id}/settings`} hx-target="this" hx-swap="outerHTML">
      <CsrfField token={csrfToken} />
      <fieldset disabled={!props.editable}>
        <h2>{t('skill.settings')}</h2>
        {props.saved && <Notice kind="success">{t('common.saved')}</Notice>}
        {Object.keys(errors).length > 0 && <Notice kind="error">{t('validation.formHasErrors')}</Notice>}
        <h3>{t('skill.settings.judging')}</h3>
        <div class="field-row">
          <NumberField name="judgesPerAspect" label={t('skill.settings.judgesPerAspect')} value={v('judgesPerAspect')} error={errors.judgesPerAspect} class="field-num" />
          <SelectField name="aggregation" label={t('skill.settings.aggregation')} value={v('aggregation')} error={errors.aggregation}
            options={aggregations.map((a) => ({ value: a, label: t(`skill.settings.aggregation.${a}`) }))} />
          <NumberField name="spreadLimit" label={t('skill.settings.spreadLimit')} hint={t('skill.settings.spreadLimit.hint')} value={v('spreadLimit')} error={errors.spreadLimit} />
        </div>
        <h3>{t('skill.settings.ranking')}</h3>
        <div class="field-row">
          <SelectField name="decimals" label={t('skill.settings.decimals')} value={v('decimals')} error={errors.decimals}
            options={[0, 1, 2, 3, 4].map((d) => ({ value: String(d), label: String(d) }))} />
        </div>
        <fieldset class="tie-breaks">
          <legend>{t('skill.settings.tieBreaks')}</legend>
          <ol>
            {[0, 1, 2, 3].map((i) => (
              <li>
                <SelectField name={`tieBreaks.${i}`} label={`${i + 1}.`} value={v(`tieBreaks.${i}`)} error={errors[`tieBreaks.${i}`]} options={tieBreakOptions} />
              </li>
            ))}
          </ol>
          <p class="hint">{t('skill.settings.tieBreak.shared')}</p>
        </fieldset>
        <h3>{t('skill.settings.awards')}</h3>
        <div class="field-row">
          <SelectField name="awardMode" label={t('skill.settings.awardMode')} value={v('awardMode')} error={errors.awardMode}
            options={awardModes.map((m) => ({ value: m, label: t(`skill.settings.awardMode.${m}`) }))} />
          <NumberField name="awardFirst" label={t('skill.settings.awardFirst')} value={v('awardFirst')} error={errors.awardFirst} class="field-num" />
          <NumberField name="awardSecond" label={t('skill.settings.awardSecond')} value={v('awardSecond')} error={errors.awardSecond} class="field-num" />
          <NumberField name="awardThird" label={t('skill.settings.awardThird')} value={v('awardThird')} error={errors.awardThird} class="field-num" />
        </div>
        <div class="field-row">
          <NumberField name="awardMinimumScore" label={t('skill.settings.awardMinimumScore')} hint={t('skill.settings.awardMinimumScore.hint')} value={v('awardMinimumScore')} error={errors.awardMinimumScore} />
          <NumberField name="awardMinimumField" label={t('skill.settings.awardMinimumField')} value={v('awardMinimumField')} error={errors.awardMinimumField} />
        </div>
        <CheckboxField name="standardisedScore" label={t('skill.settings.standardisedScore')} checked={v('standardisedScore') === 'true'} error={errors.standardisedScore} />
        <TeamSettings t={t} v={v} errors={errors} />
        <SelectField name="roundAbsence" label={t('skill.settings.roundAbsence')} value={v('roundAbsence')} error={errors.roundAbsence}
          options={roundAbsenceRules.map((r) => ({ value: r, label: t(`skill.settings.roundAbsence.${r}`) }))} />
        <CheckboxField name="identityCheck" label={t('skill.settings.identityCheck')} hint={t('skill.settings.identityCheck.hint')} checked={v('identityCheck') === 'true'} error={errors.identityCheck} />
        {props.editable && (
          <div class="actions">
            <button type="submit" class="button button-primary">{t('common.save')}</button>
          </div>
        )}
      </fieldset>
    </form>
  );
}

/**
 * The team settings: the sizes and the team score appear only once "team skill" is ticked (CSS
 * :has() in app.css, no script), and only a team skill's values are validated and used.
 */
function TeamSettings(props: { t: Translate; v: (name: string) => string; errors: FieldErrors }) {
  const { t, v, errors } = props;
  return (
    <div class="team-settings" data-testid="team-settings">
      <h3>{t('skill.settings.teams')}</h3>
      <CheckboxField name="teamSkill" label={t('skill.settings.teamSkill')} hint={t('skill.settings.teamSkill.hint')} checked={v('teamSkill') === 'true'} error={errors.teamSkill} />
      <div class="field-row team-only">
        <NumberField name="teamSizeMin" label={t('skill.settings.teamSizeMin')} value={v('teamSizeMin')} error={errors.teamSizeMin} class="field-num" />
        <NumberField name="teamSizeMax" label={t('skill.settings.teamSizeMax')} value={v('teamSizeMax')} error={errors.teamSizeMax} class="field-num" />
        <SelectField name="teamScoring" label={t('skill.settings.teamScoring')} value={v('teamScoring')} error={errors.teamScoring}
          options={teamScorings.map((s) => ({ value: s, label: t(`skill.settings.teamScoring.${s}`) }))} />
      </div>
    </div>
  );
}

/** A scheme read from a file, before it replaces the skill's: each side's rounds in brief. */
export interface SchemePreview {
  /** The one-time view the confirmation sends (src/events/scheme-import.tsx). */
  view: string;
  fileName: string;
  current: { code: string; name: string; weight: number; maxScore: number; imported: boolean; criteria: number; aspects: number }[];
  incoming: SchemePreview['current'];
}

/** What an import would replace: the rounds now and in the file, side by side, and the confirm button. */
function SchemePreviewCard(props: { page: PageContext; skillId: number; preview: SchemePreview }) {
  const { t, csrfToken } = props.page;
  const { preview } = props;
  const side = (rounds: SchemePreview['current'], heading: string, testId: string) => (
    <div class="scheme-side" data-testid={testId}>
      <h3>{heading}</h3>
      {rounds.length === 0 ? <p class="empty">{t('scheme.import.preview.empty')}</p> : (
        <ul class="list">
          {rounds.map((r) => (
            <li>
              <strong>{r.name}</strong>
              <span class="muted">{t('scheme.import.preview.round', { weight: r.weight, max: r.maxScore })}</span>
              <span class="muted">{r.imported ? t('scheme.import.preview.importedRound') : t('scheme.import.preview.counts', { criteria: r.criteria, aspects: r.aspects })}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
  return (
    <section class="card" data-testid="scheme-preview">
      <h2>{t('scheme.import.preview.title', { file: preview.fileName })}</h2>
      <p>{t('scheme.import.preview.intro')}</p>
      <div class="scheme-compare">
        {side(preview.current, t('scheme.import.preview.now'), 'scheme-now')}
        {side(preview.incoming, t('scheme.import.preview.file'), 'scheme-file')}
      </div>
      <form method="post" action={`/skills/${props.skillId}/scheme/import/confirm`} class="actions">
        <CsrfField token={csrfToken} />
        <input type="hidden" name="view" value={preview.view} />
        <button type="submit" class="button button-primary">{t('scheme.import.preview.confirm')}</button>
        <a class="button" href={`/skills/${props.skillId}`}>{t('common.cancel')}</a>
      </form>
    </section>
  );
}

export function SkillPage(props: {
  page: PageContext;
  skill: SkillDetail;
  eventName: string;
  editable: boolean;
  issues: string[];
  warnings: string[];
  sheetProblems?: SheetProblem[] | undefined;
  notice?: { kind: 'success' | 'error'; text: string } | undefined;
  /** A file read and waiting for confirmation. */
  schemePreview?: SchemePreview | undefined;
  /** The last import, while it can be undone. */
  undo?: { at: Date; fileName: string } | null | undefined;
}) {
  const { t, csrfToken } = props.page;
  const { skill, editable } = props;
  const view: SchemeView = { t, csrfToken, skillId: skill.id, editable };
  return (
    <Layout page={props.page} title={skill.name}>
      <p class="crumbs"><a href={`/events/${skill.eventId}`}>{t('skill.back', { event: props.eventName })}</a></p>
      <div class="page-head">
        <h1>{skill.name}{skill.nameEn && <span class="muted"> · {skill.nameEn}</span>}</h1>
      </div>
      {!editable && <Notice kind="info">{may(props.page, 'setup') ? t('skill.locked') : t('skill.readOnly')}</Notice>}
      {props.notice && <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
      {props.sheetProblems && props.sheetProblems.length > 0 && (
        <section class="card" data-testid="import-errors">
          <table class="table">
            <thead><tr><th>{t('scheme.import.row')}</th><th>{t('scheme.import.column')}</th><th>{t('scheme.import.reason')}</th></tr></thead>
            <tbody>
              {props.sheetProblems.map((p) => <tr><td>{p.row || ''}</td><td>{p.column}</td><td>{p.message}</td></tr>)}
            </tbody>
          </table>
        </section>
      )}
      {props.schemePreview && <SchemePreviewCard page={props.page} skillId={skill.id} preview={props.schemePreview} />}
      <SkillStatus t={t} issues={props.issues} warnings={props.warnings} />
      <SchemeSection view={view} rounds={skill.rounds} />
      <SettingsSection page={props.page} skill={skill} editable={editable} values={settingsFormValues(skill.settings)} errors={{}} />
      <TitleRulesSection page={props.page} skillId={skill.id} rounds={skill.rounds} editable={editable} rows={skill.settings.titleRules.map(rowFromRule)} errors={{}} />
      <section class="card">
        <h2>{t('scheme.import')}</h2>
        <p>
          {t('scheme.export')}: <a href={`/skills/${skill.id}/scheme.xlsx`}>XLSX</a> · <a href={`/skills/${skill.id}/scheme.csv`}>CSV</a>
          {' · '}{t('scheme.template')}: <a href="/scheme-template.xlsx">XLSX</a> · <a href="/scheme-template.csv">CSV</a>
        </p>
        {editable && (
          <form method="post" action={`/skills/${skill.id}/scheme/import`} enctype="multipart/form-data" class="field-row">
            <CsrfField token={csrfToken} />
            <div class="field field-grow">
              <label for="scheme-file">{t('scheme.import.file')}</label>
              <input id="scheme-file" type="file" name="file" accept=".xlsx,.csv" required />
              <p class="hint">{t('scheme.import.hint')}</p>
            </div>
            <div class="field field-submit">
              <button type="submit" class="button">{t('scheme.import.submit')}</button>
            </div>
          </form>
        )}
        {editable && props.undo && (
          <details class="confirm" data-testid="scheme-undo">
            <summary class="button">{t('scheme.import.undo', { file: props.undo.fileName })}</summary>
            <form method="post" action={`/skills/${skill.id}/scheme/import/undo`}>
              <CsrfField token={csrfToken} />
              <p>{t('scheme.import.undo.confirm', { file: props.undo.fileName, when: dateTime(props.undo.at, props.page.locale) })}</p>
              <button type="submit" class="button button-primary">{t('scheme.import.undo.submit')}</button>
            </form>
          </details>
        )}
      </section>
      {editable && (
        <section class="card">
          <h2>{t('skill.field.name')}</h2>
          <form method="post" action={`/skills/${skill.id}`} class="field-row">
            <CsrfField token={csrfToken} />
            <Field name="name" label={t('skill.field.name')} value={skill.name} required maxlength={60} />
            <Field name="nameEn" label={t('skill.field.nameEn')} value={skill.nameEn} maxlength={80} />
            <div class="field field-submit"><button type="submit" class="button">{t('common.save')}</button></div>
          </form>
          <form method="post" action={`/skills/${skill.id}/delete`} hx-post={`/skills/${skill.id}/delete`} hx-confirm={t('skill.delete.confirm')}>
            <CsrfField token={csrfToken} />
            <button type="submit" class="button button-danger">{t('skill.delete')}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}

/** The list of what still stops this skill from being judged; re-sent with every scheme change. */
export function SkillStatus(props: { t: Translate; issues: string[]; warnings: string[]; oob?: boolean }) {
  const { t, issues, warnings } = props;
  return (
    <div id="skill-status" data-testid="skill-status" {...(props.oob ? { 'hx-swap-oob': 'true' } : {})}>
      {issues.length === 0 ? (
        <Notice kind="success">{t('skill.ready')}</Notice>
      ) : (
        <div class="notice notice-info" role="status">
          <p>{t('skill.problems', { count: issues.length })}</p>
          <ul>{issues.map((issue) => <li>{issue}</li>)}</ul>
        </div>
      )}
      {warnings.length > 0 && (
        <div class="notice notice-warning" role="status" data-testid="skill-warnings">
          <p>{t('scheme.warnings')}</p>
          <ul>{warnings.map((warning) => <li>{warning}</li>)}</ul>
        </div>
      )}
    </div>
  );
}

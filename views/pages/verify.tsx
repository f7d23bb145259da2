import type { Award, CertificateCheck } from '../../src/certificates/queries.ts';
import { formatVerificationCode, maskName } from '../../src/domain/certificate-number.ts';
import { Field, Notice } from '../components/form.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { awardLabel } from '../results/title-rules.ts';
import { dateTime, entryNames, sheetNames } from '../format.ts';

const awardText = (page: PageContext, award: Award | null): string => (award ? awardLabel(page.t, award) : page.t('verify.noAward'));

/** The form that takes a code typed from paper (the QR code opens the result directly). */
function CodeForm(props: { page: PageContext; typed: string; error?: string | undefined }) {
  const { t } = props.page;
  return (
    <form method="get" action="/verify" class="field-row" novalidate>
      <Field name="code" label={t('verify.code')} hint={t('verify.code.hint')} value={props.typed} error={props.error} required maxlength={20} autocomplete="off" />
      <div class="field field-submit"><button type="submit" class="button button-primary">{t('verify.submit')}</button></div>
    </form>
  );
}

/** /verify and /verify/<code>: whether a certificate is genuine, and still in force. */
export function VerifyPage(props: { page: PageContext; typed: string; error?: string | undefined; code?: string; check?: CertificateCheck | null }) {
  const { t, locale } = props.page;
  const { check } = props;
  return (
    <Layout page={props.page} title={t('verify.title')} narrow>
      <h1>{t('verify.title')}</h1>
      <p class="lead">{t('verify.intro')}</p>
      {props.code !== undefined && check === null && (
        <Notice kind="error"><span data-testid="verify-unknown">{t('verify.unknown', { code: formatVerificationCode(props.code) })}</span></Notice>
      )}
      {check && (() => {
        const names = sheetNames(check.sheet, locale);
        const person = entryNames(check.entry, locale);
        const valid = check.supersededAt === null;
        return (
          <section class="card" data-testid="verify-result" data-state={valid ? 'valid' : 'superseded'}>
            {valid
              ? <Notice kind="success">{t('verify.valid')}</Notice>
              : <Notice kind="warning">{t('verify.superseded', { version: check.current?.version ?? check.version + 1, date: dateTime(check.supersededAt!, locale) })}</Notice>}
            <dl class="facts">
              <dt>{t('verify.name')}</dt><dd data-testid="verify-name">{maskName(person.name)}</dd>
              <dt>{t('verify.organization')}</dt><dd>{person.organization}</dd>
              <dt>{t('verify.event')}</dt><dd>{names.event}</dd>
              <dt>{t('verify.skill')}</dt><dd>{names.skill}</dd>
              <dt>{t('verify.award')}</dt><dd data-testid="verify-award">{awardText(props.page, check.award)}</dd>
              <dt>{t('verify.number')}</dt><dd>{check.number}</dd>
              <dt>{t('verify.publication')}</dt><dd>{t('verify.version', { version: check.version, date: dateTime(check.publishedAt, locale) })}</dd>
              {check.current && <><dt>{t('verify.now')}</dt><dd data-testid="verify-now">{t('verify.nowAward', { version: check.current.version, award: awardText(props.page, check.current.award) })}</dd></>}
            </dl>
            <p><a href={`/public/skills/${check.skillId}`}>{t('verify.results')}</a></p>
          </section>
        );
      })()}
      <section class="card">
        <h2>{t('verify.another')}</h2>
        <CodeForm page={props.page} typed={props.typed} error={props.error} />
      </section>
    </Layout>
  );
}

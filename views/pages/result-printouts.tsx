import { raw } from 'hono/html';
import type { IssuedCertificate } from '../../src/certificates/commands.ts';
import { formatVerificationCode } from '../../src/domain/certificate-number.ts';
import type { PublicationDetail } from '../../src/results/queries.ts';
import { entryTitles, shownRoundScore, unrankedOf, type ResultsSheet, type SheetEntry } from '../../src/results/snapshot.ts';
import { TECHNICAL_EXPERT } from '../../src/domain/title-rules.ts';
import type { Locale, Translate } from '../../src/i18n/index.ts';
import type { PageContext } from '../page-context.ts';
import { PrintLayout } from '../print-layout.tsx';
import { RulesExplained, ResultsNotes } from './results.tsx';
import { titleLabel } from '../results/title-rules.ts';
import { dateFormat, entryNames, sheetNames } from '../format.ts';

/**
 * Printouts of a publication (成绩公示), read from its frozen snapshot only:
 * - the result notice (成绩公示表) to post on the notice board, A4 portrait;
 * - award certificates (获奖证书), one A4 landscape page per prize winner or title holder, in
 *   Chinese or English whatever the screen's language.
 */

const fixed = (value: number | null, decimals: number) => (value === null ? '' : value.toFixed(decimals));
/** Scores and totals not taken or void print as "—", never as 0 or a blank that reads as missing ink. */
const dash = (value: number | null, decimals: number) => (value === null ? '—' : value.toFixed(decimals));
const longDate = (date: Date, locale: string) => dateFormat(locale, { dateStyle: 'long' }).format(date);
const dateTime = (date: Date, locale: string) => dateFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(date);


export function ResultNoticePrint(props: { page: PageContext; publication: PublicationDetail }) {
  const { t, locale } = props.page;
  const { publication } = props;
  const sheet = publication.snapshot;
  const { decimals } = sheet.skill;
  const standardised = sheet.standardisation !== null;
  return (
    <PrintLayout page={props.page} title={`${sheet.skill.name} ${t('notice.title')}`} subtitle={sheet.event.name}>
      <div class="notice-sheet" data-testid="notice">
        <p class="notice-meta">
          <span data-testid="notice-version">{t('notice.version', { version: publication.version, when: dateTime(publication.publishedAt, locale) })}</span>
          <span data-testid="notice-period">{t('notice.period', { from: dateTime(publication.publishedAt, locale), until: dateTime(publication.noticeUntil, locale) })}</span>
        </p>
        {publication.changeNote && <p class="notice-change">{t('notice.changeNote', { note: publication.changeNote })}</p>}
        <table class="print-table notice-table" data-testid="notice-table">
          <thead>
            <tr>
              <th>{t('results.col.rank')}</th>
              <th>{t('results.col.bib')}</th>
              <th>{t('results.col.name')}</th>
              <th>{t('results.col.organization')}</th>
              {sheet.rounds.map((r) => <th class="notice-num">{t('results.col.round', { round: r.name, weight: r.weight })}</th>)}
              <th class="notice-num">{t('results.col.total')}</th>
              {standardised && <th class="notice-num">{t('results.col.standardised')}</th>}
              <th>{t('results.col.prize')}</th>
              <th>{t('results.col.title')}</th>
            </tr>
          </thead>
          <tbody>
            {sheet.entries.map((e) => (
              <tr data-testid={`notice-${e.bib}`}>
                <td>{e.rank ?? t(`results.status.${unrankedOf(e) ?? e.status}`)}</td>
                <td>{e.bib}</td>
                <td>{e.name}</td>
                <td>{e.organizationName}</td>
                {sheet.rounds.map((r) => <td class="notice-num">{dash(shownRoundScore(e, r.code), decimals)}</td>)}
                <td class="notice-num"><strong>{dash(e.total, decimals)}</strong></td>
                {standardised && <td class="notice-num">{fixed(e.standardised, decimals)}</td>}
                <td>{e.prize ? t(`results.prize.${e.prize}`) : ''}</td>
                <td>
                  {entryTitles(sheet, e).map((title) => titleLabel(t, title)).join(t('titleRules.words.listSeparator'))}
                  {e.promotion && (
                    <span class="notice-promotion">{t('results.promotion', { from: t(`contestant.level.${e.promotion.from || 'none'}`), to: t(`contestant.level.${e.promotion.to || 'none'}`) })}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <section class="notice-rules">
          <h2>{t('notice.rules')}</h2>
          <RulesExplained page={props.page} sheet={sheet} />
          <ResultsNotes page={props.page} sheet={sheet} />
        </section>
        <p class="notice-appeal" data-testid="notice-appeal">{t('notice.appeal', { until: dateTime(publication.appealUntil, locale) })}</p>
        <div class="notice-signatures">
          <p>{t('notice.chiefJudge')}<span class="signature-blank"></span></p>
          <p>{t('notice.committee')}<span class="signature-blank"></span></p>
          <p class="notice-date">{t('notice.date')}：{longDate(publication.publishedAt, locale)}</p>
        </div>
      </div>
    </PrintLayout>
  );
}

function Certificate(props: { t: Translate; locale: Locale; sheet: ResultsSheet; entry: SheetEntry; number: string; date: Date; code: string; qr: string; verifyUrl: string }) {
  const { t, locale, sheet, entry } = props;
  // An English certificate names everything in English where the organizer gave the names.
  const { event, skill } = sheetNames(sheet, locale);
  const person = entryNames(entry, locale);
  // The certificate's own wording of 技术能手 ("Technical Expert"); other titles are the organizer's text.
  const titles = entryTitles(sheet, entry).map((title) => (title === TECHNICAL_EXPERT ? t('cert.title.default') : title));
  const prize = entry.prize ? t(`cert.prize.${entry.prize}`) : null;
  const [firstTitle, ...moreTitles] = titles;
  return (
    <section class="cert-page" data-testid={`cert-${entry.bib}`} lang={locale}>
      <div class="cert-frame">
        <h2 class="cert-heading">{t('cert.heading')}</h2>
        <p class="cert-lead">
          {t('cert.lead')} <strong class="cert-name">{person.name}</strong> {t('cert.of', { organization: person.organization })}
        </p>
        <p class="cert-text">{t('cert.text', { event, skill })}</p>
        <p class="cert-award" data-testid="cert-award">{prize ?? t('cert.titleOnly', { title: firstTitle ?? '' })}</p>
        {(prize ? titles : moreTitles).map((title) => <p class="cert-title-line">{t('cert.titleLine', { title })}</p>)}
        <p class="cert-closing">{t('cert.closing')}</p>
        <div class="cert-foot">
          <div class="cert-verify" data-testid="cert-verify">
            <div class="cert-qr" role="img" aria-label={t('cert.verify.qr')}>{raw(props.qr)}</div>
            <div>
              <p class="cert-number">{t('cert.number', { number: props.number })}</p>
              <p class="cert-code">{t('cert.verify.code')} <strong class="mono" data-code={props.code}>{formatVerificationCode(props.code)}</strong></p>
              <p class="cert-verify-url">{t('cert.verify.at', { url: props.verifyUrl })}</p>
            </div>
          </div>
          <div class="cert-seal">
            <p class="cert-issuer">{t('cert.issuer', { event })}</p>
            {/* An honour certificate carries the issuer's seal, not a signature. */}
            <p class="cert-sign">{t('cert.seal')}</p>
            <p class="cert-date">{longDate(props.date, locale)}</p>
          </div>
        </div>
      </div>
    </section>
  );
}

export function CertificatesPrint(props: {
  page: PageContext; certT: Translate; certLocale: Locale; publication: PublicationDetail;
  /** In rank order, each with its QR code (an SVG opening /verify/<code>). */
  certificates: (IssuedCertificate & { qr: string })[];
  /** Where a code is checked by hand: https://…/verify. */
  verifyUrl: string;
}) {
  const { t, locale } = props.page;
  const { publication } = props;
  const sheet = publication.snapshot;
  const entries = props.certificates;
  const names = sheetNames(sheet, locale);
  return (
    <PrintLayout page={props.page} title={t('cert.pageTitle', { skill: names.skill })} subtitle={names.event} landscape>
      <p class="no-print" data-testid="cert-count">{entries.length === 0 ? t('cert.none') : t('cert.count', { count: entries.length, version: publication.version })}</p>
      <div class="cert-sheets">
        {entries.map((issued) => (
          <Certificate t={props.certT} locale={props.certLocale} sheet={sheet} entry={issued.entry} number={issued.number}
            code={issued.code} qr={issued.qr} verifyUrl={props.verifyUrl} date={publication.publishedAt} />
        ))}
      </div>
    </PrintLayout>
  );
}

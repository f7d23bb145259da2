import type { SeatingRow } from '../../src/draw/queries.ts';
import { CsrfField, Notice } from '../components/form.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { PrintLayout } from '../print-layout.tsx';

/** Station sheet for the venue: who goes to which station. No secret codes. */
export function SeatingSheetPage(props: { page: PageContext; eventName: string; skillName: string; roundName: string | null; rows: SeatingRow[] }) {
  const { t } = props.page;
  return (
    <PrintLayout page={props.page} title={t('print.seating.title', { skill: props.skillName })} subtitle={[props.eventName, props.roundName].filter(Boolean).join(' · ')}>
      <table class="print-table">
        <thead><tr><th>{t('draw.station')}</th><th>{t('contestant.field.bib')}</th><th>{t('contestant.field.name')}</th><th>{t('contestant.field.organization')}</th><th>{t('print.signature')}</th></tr></thead>
        <tbody>{props.rows.map((r) => <tr><td>{r.station}</td><td>{r.bib}</td><td>{r.name}</td><td>{r.organizationName}</td><td></td></tr>)}</tbody>
      </table>
    </PrintLayout>
  );
}

/** One card per station with its secret code and no name, placed at the station by the staff. */
export function CodeCardsPage(props: { page: PageContext; eventName: string; skillName: string; cards: { station: number; code: string }[] }) {
  const { t } = props.page;
  return (
    <PrintLayout page={props.page} title={t('print.codeCards.title', { skill: props.skillName })} subtitle={props.eventName}>
      <p class="no-print hint">{t('print.codeCards.hint')}</p>
      <div class="code-cards">
        {props.cards.map((card) => (
          <div class="code-card">
            <div class="station">{t('draw.station')} {card.station}</div>
            <div class="code">{card.code}</div>
            <div class="muted">{props.skillName}</div>
          </div>
        ))}
      </div>
    </PrintLayout>
  );
}

/** Code → contestant, only after the round is locked; refused (rows null) before. */
export function DecryptionPage(props: {
  page: PageContext;
  eventName: string;
  skillName: string;
  roundName: string;
  skillId: number;
  /** null: not every round with these codes is locked; 'confirm': the step before revealing. */
  rows: { code: string; station: number; bib: string; name: string; organizationName: string }[] | null | 'confirm';
}) {
  const { t, csrfToken } = props.page;
  const title = t('draw.decrypt.title', { skill: props.skillName, round: props.roundName });
  return (
    <Layout page={props.page} title={title}>
      <p class="crumbs"><a href={`/skills/${props.skillId}/draw`}>{t('draw.title', { skill: props.skillName })}</a></p>
      <h1>{title}</h1>
      {props.rows === null ? (
        <Notice kind="error">{t('draw.error.notLocked')}</Notice>
      ) : props.rows === 'confirm' ? (
        <section class="card" data-testid="decrypt-confirm">
          <p>{t('draw.decrypt.confirm')}</p>
          <form method="post">
            <CsrfField token={csrfToken} />
            <button type="submit" class="button button-primary">{t('draw.decrypt.submit')}</button>
          </form>
        </section>
      ) : (
        <section class="card">
          <table class="table" data-testid="decryption">
            <thead><tr><th>{t('draw.code')}</th><th>{t('draw.station')}</th><th>{t('contestant.field.bib')}</th><th>{t('contestant.field.name')}</th><th>{t('contestant.field.organization')}</th></tr></thead>
            <tbody>{props.rows.map((r) => <tr><td class="mono">{r.code}</td><td>{r.station}</td><td>{r.bib}</td><td>{r.name}</td><td>{r.organizationName}</td></tr>)}</tbody>
          </table>
        </section>
      )}
    </Layout>
  );
}

import type { JudgeCell } from '../../src/desk/queries.ts';
import type { Aggregation } from '../../src/domain/marking-scheme.ts';
import { formatNumber } from '../components/scheme.tsx';
import type { PageContext } from '../page-context.ts';
import { PrintLayout } from '../print-layout.tsx';
import { dateFormat } from '../format.ts';

/**
 * Score sheets (评分表) of one round on A4, one per code: the aspects as rows, one column pair
 * (mark, points) per judge, the aspect's combined points and the total, then a signature line
 * for every judge who marks the code, the chief judge and the date. Codes only: the sheets are
 * signed before the round is decrypted, so no name, bib, organization or station number (the
 * seating sheet maps stations to names) is ever printed here. Before the lock every sheet
 * carries a DRAFT line.
 */

/** A judge's cell: what the desk shows, or "not assigned" where the judge does not mark the aspect. */
export type SheetMarkCell = JudgeCell | { judgeNumber: number; state: 'unassigned' };

export interface SheetAspectRow {
  code: string;
  name: string;
  type: string;
  maxMark: number;
  /** One per judge column, in column order. */
  cells: SheetMarkCell[];
  status: 'incomplete' | 'not_scored' | 'scored';
  /** The combined points, null unless status is 'scored'. */
  points: number | null;
  spread: number | null;
  flagged: boolean;
  accepted: boolean;
}

export interface ScoreSheet {
  code: string;
  /** registered / competed compete; dns, withdrawn, disqualified get a sheet that says so. */
  status: string;
  competing: boolean;
  criteria: { code: string; name: string; aspects: SheetAspectRow[] }[];
  /**
   * Per judge column: the sum of the judge's points once the judge has marked everything expected
   * of them here; 'pending' before; 'none' when the judge marks nothing of this code (recused).
   */
  judgeTotals: (number | 'pending' | 'none')[];
  total: number | null;
  /** Who signs: every judge of the round, with recusal and the electronic sign-off on the tablet. */
  signers: { judgeNumber: number; recused: boolean; signedAt: Date | null }[];
}

export interface ScoreSheetsData {
  roundId: number;
  eventName: string;
  skillName: string;
  roundName: string;
  locked: boolean;
  lockedAt: Date | null;
  lockedBy: string | null;
  drawn: boolean;
  decimals: number;
  aggregation: Aggregation;
  spreadLimit: number;
  maxTotal: number;
  /** Judge numbers: the table's judge columns. */
  judges: number[];
  /** Every code of the round, for the on-screen choice of one sheet. */
  codes: string[];
  selectedCode: string | null;
  sheets: ScoreSheet[];
}

const fixed = (value: number, decimals: number) => value.toFixed(decimals);

function JudgeCells(props: { page: PageContext; cell: SheetMarkCell; decimals: number; testId: string }) {
  const { t } = props.page;
  const { cell } = props;
  switch (cell.state) {
    case 'unassigned':
      return <td colspan={2} class="ss-na" data-testid={props.testId} data-state="unassigned">/</td>;
    case 'recused':
      return <td colspan={2} class="ss-na" data-testid={props.testId} data-state="recused">{t('desk.cell.recused')}</td>;
    case 'empty':
      return <><td class="num" data-testid={props.testId} data-state="empty">—</td><td class="num">—</td></>;
    case 'not_scored':
      return <td colspan={2} class="ss-not-scored" data-testid={props.testId} data-state="not_scored">{t('desk.cell.notScored')}</td>;
    case 'scored':
      return (
        <>
          <td class="num" data-testid={props.testId} data-state="scored" data-value={String(cell.value)}>{formatNumber(cell.value)}</td>
          <td class="num" data-testid={`${props.testId}-points`}>{fixed(cell.points, props.decimals)}</td>
        </>
      );
  }
}

function AspectPoints(props: { page: PageContext; row: SheetAspectRow; decimals: number; testId: string }) {
  const { t } = props.page;
  const { row } = props;
  const shown = row.status === 'scored' ? fixed(row.points!, props.decimals) : row.status === 'not_scored' ? t('desk.cell.notScored') : '—';
  return (
    <td class="num ss-points" data-testid={props.testId}>
      <strong>{shown}</strong>
      {row.flagged && <span class="ss-flag">{t('sheets.flag.flagged', { spread: formatNumber(row.spread!) })}</span>}
      {row.accepted && <span class="ss-flag">{t('sheets.flag.accepted', { spread: formatNumber(row.spread!) })}</span>}
    </td>
  );
}

function Sheet(props: { page: PageContext; data: ScoreSheetsData; sheet: ScoreSheet; index: number; printedAt: string }) {
  const { t, locale } = props.page;
  const { data, sheet } = props;
  const judgeColumns = data.judges.length * 2;
  const when = (date: Date) => dateFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(date);
  return (
    <section class="score-sheet" data-testid={`sheet-${sheet.code}`} data-code={sheet.code}
      {...(data.locked ? {} : { 'data-watermark': t('sheets.watermark') })}>
      {!data.locked && <p class="ss-draft" data-testid="draft">{t('sheets.draft')}</p>}
      <div class="ss-head">
        <p class="ss-event">{data.eventName}</p>
        <h2>{t('sheets.heading')}</h2>
        <div class="ss-meta">
          <span>{t('sheets.skill')}<strong>{data.skillName}</strong></span>
          <span>{t('sheets.round')}<strong>{data.roundName}</strong></span>
          <span class="ss-code">{t('sheets.codeLabel')}<strong>{sheet.code}</strong></span>
        </div>
        <p class="ss-rule">
          {t('sheets.rule', { aggregation: t(`skill.settings.aggregation.${data.aggregation}`), limit: formatNumber(data.spreadLimit) })}
          {data.lockedAt && <> · {t('desk.lockedAt', { time: when(data.lockedAt), name: data.lockedBy ?? '' })}</>}
        </p>
      </div>
      {!sheet.competing ? (
        <p class="ss-out" data-testid={`out-${sheet.code}`}>
          {t('sheets.notCompeting', { status: t(`desk.status.${sheet.status}` as never) })}
        </p>
      ) : (
        <table class="print-table ss-table">
          <thead>
            <tr>
              <th rowspan={2} scope="col" class="ss-aspect-code">{t('sheets.col.aspect')}</th>
              <th rowspan={2} scope="col">{t('sheets.col.description')}</th>
              <th rowspan={2} scope="col" class="num">{t('sheets.col.max')}</th>
              {data.judges.map((n) => <th colspan={2} scope="colgroup" class="ss-judge">J{n}</th>)}
              <th rowspan={2} scope="col" class="num">{t('sheets.col.aspectPoints')}</th>
            </tr>
            <tr>
              {data.judges.map(() => <><th scope="col" class="num">{t('sheets.col.mark')}</th><th scope="col" class="num">{t('sheets.col.points')}</th></>)}
            </tr>
          </thead>
          <tbody>
            {sheet.criteria.map((criterion) => (
              <>
                <tr class="ss-criterion"><th colspan={4 + judgeColumns} scope="rowgroup">{criterion.code} {criterion.name}</th></tr>
                {criterion.aspects.map((row) => (
                  <tr data-testid={`row-${sheet.code}-${row.code}`}>
                    <td class="mono">{row.code}</td>
                    <td>{row.name} <span class="ss-type">{t(`scheme.type.${row.type}` as never)}</span></td>
                    <td class="num">{formatNumber(row.maxMark)}</td>
                    {row.cells.map((cell) => (
                      <JudgeCells page={props.page} cell={cell} decimals={data.decimals} testId={`mark-${sheet.code}-${row.code}-J${cell.judgeNumber}`} />
                    ))}
                    <AspectPoints page={props.page} row={row} decimals={data.decimals} testId={`points-${sheet.code}-${row.code}`} />
                  </tr>
                ))}
              </>
            ))}
          </tbody>
          <tfoot>
            <tr class="ss-total">
              <th colspan={2} scope="row">{t('sheets.total')}</th>
              <td class="num">{formatNumber(data.maxTotal)}</td>
              {sheet.judgeTotals.map((total, i) => (
                <><td></td><td class="num" data-testid={`judge-total-${sheet.code}-J${data.judges[i]}`}>{total === 'none' ? '/' : total === 'pending' ? '—' : fixed(total, data.decimals)}</td></>
              ))}
              <td class="num ss-points" data-testid={`total-${sheet.code}`}><strong>{sheet.total === null ? '—' : fixed(sheet.total, data.decimals)}</strong></td>
            </tr>
          </tfoot>
        </table>
      )}
      <div class="ss-signatures" data-testid={`signatures-${sheet.code}`}>
        {sheet.competing && sheet.signers.map((s) => (
          <div class="ss-signature" data-testid={`signature-${sheet.code}-J${s.judgeNumber}`}>
            {s.recused ? (
              <span class="muted">{t('sheets.recusedSigner', { number: s.judgeNumber })}</span>
            ) : (
              <>
                <span>{t('sheets.judgeSignature', { number: s.judgeNumber })}<span class="signature-blank"></span></span>
                {s.signedAt && <span class="ss-signed">{t('sheets.signedOnTablet', { time: when(s.signedAt) })}</span>}
              </>
            )}
          </div>
        ))}
        <div class="ss-signature ss-signature-chief" data-testid={`signature-${sheet.code}-chief`}>
          <span>{t('sheets.chiefSignature')}<span class="signature-blank"></span></span>
          <span>{t('sheets.date')}<span class="signature-blank signature-blank-short"></span></span>
        </div>
      </div>
      <div class="ss-foot">
        <span>{t('sheets.legend')}</span>
        <span>{props.printedAt} · {t('sheets.sheetOf', { n: props.index + 1, count: data.sheets.length })}</span>
      </div>
    </section>
  );
}

export function ScoreSheetsPage(props: { page: PageContext; data: ScoreSheetsData }) {
  const { t, locale } = props.page;
  const { data } = props;
  const printedAt = t('print.printedAt', { when: dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date()) });
  return (
    <PrintLayout page={props.page} title={t('sheets.title', { skill: data.skillName, round: data.roundName })} subtitle={data.eventName}>
      <div class="no-print print-options">
        <form method="get" action={`/rounds/${data.roundId}/score-sheets`} class="print-filter">
          <div class="field">
            <label for="sheets-code">{t('sheets.code')}</label>
            <select id="sheets-code" name="code">
              <option value="">{t('sheets.allCodes')}</option>
              {data.codes.map((code) => <option value={code} selected={code === data.selectedCode}>{code}</option>)}
            </select>
          </div>
          <div class="field"><button type="submit" class="button">{t('print.registration.apply')}</button></div>
        </form>
        <p class="hint">{t('sheets.hint')}</p>
      </div>
      {!data.drawn ? <p class="empty">{t('desk.notDrawn')}</p>
        : data.sheets.map((sheet, index) => <Sheet page={props.page} data={data} sheet={sheet} index={index} printedAt={printedAt} />)}
    </PrintLayout>
  );
}

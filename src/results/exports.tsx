import { Hono, type Context } from 'hono';
import { recordAudit } from '../audit/record.ts';
import { chiefOrResultsStaff, resultsStaff, type SignedIn } from '../auth/guards.ts';
import type { Db } from '../db/client.ts';
import { deskMatrix, groupBy, roundState, settingsOf, type RoundState } from '../desk/queries.ts';
import { isCompeting, isRecused, markPoints } from '../domain/judging.ts';
import type { SheetCell } from '../domain/sheet-header.ts';
import { currentDraw, decryption } from '../draw/queries.ts';
import { sheetDownload } from '../http/download.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam, parseId } from '../http/ids.ts';
import { formStrings } from '../http/validation.ts';
import { pageContext, renderError } from '../http/render.tsx';
import type { MessageKey, Translate } from '../i18n/index.ts';
import { resultFileRoutes } from './result-files.tsx';
import { ScoreSheetsPage, type ScoreSheet, type ScoreSheetsData, type SheetAspectRow, type SheetMarkCell } from '../../views/pages/score-sheets.tsx';

/**
 * What the chief judge signs and what arbitration reads: the printable score sheets of a round
 * (评分表, codes only, signed before decryption) and the mark details of a skill as CSV/XLSX,
 * one row per code, aspect and judge. Open to the event's results staff and to the skill's chief judge (the
 * desk's rule, chairOf); everyone else signed in gets 403.
 *
 * Names in the mark details: only for the results staff who ask by POST, only for rounds whose codes
 * may be revealed (see revealableRounds), and every such export is recorded in the audit log
 * (decrypt.export).
 */
export const resultExportRoutes = new Hono<AppEnv>();

/* ------------------------------------------------------------------------------------------ */
/* Score sheets                                                                                */
/* ------------------------------------------------------------------------------------------ */

/** The sheets of a round (every code, or the one asked for), from the desk's matrix. */
export function scoreSheets(state: RoundState, selectedCode: string | null): ScoreSheetsData {
  const matrix = deskMatrix(state);
  const { context } = state;
  const judges = state.judges;
  const signedAt = new Map(state.signoffs.map((s) => [`${s.entryId}:${s.judgeId}`, s.signedAt]));
  const entryOf = new Map(context.entries.map((e) => [e.code, e]));
  const rows = selectedCode === null ? matrix.rows : matrix.rows.filter((r) => r.code === selectedCode);

  const sheets: ScoreSheet[] = rows.map((row) => {
    const entry = entryOf.get(row.code)!;
    const aspectRows: SheetAspectRow[] = matrix.aspects.map((aspect, i) => {
      const cell = row.cells[i]!;
      const byNumber = new Map(cell.judges.map((j) => [j.judgeNumber, j]));
      const cells: SheetMarkCell[] = judges.map((j) => byNumber.get(j.number) ?? { judgeNumber: j.number, state: 'unassigned' });
      const { outcome } = cell;
      return {
        code: aspect.code, name: aspect.name, type: aspect.type, maxMark: aspect.maxMark, cells,
        status: outcome.status, points: outcome.points, spread: outcome.spread, flagged: outcome.flagged, accepted: cell.accepted,
      };
    });
    const criteria: ScoreSheet['criteria'] = [];
    context.aspects.forEach((aspect, i) => {
      const last = criteria[criteria.length - 1];
      if (last && last.code === aspect.criterionCode) last.aspects.push(aspectRows[i]!);
      else criteria.push({ code: aspect.criterionCode, name: aspect.criterionName, aspects: [aspectRows[i]!] });
    });
    // A judge's column adds up once nothing expected of the judge is missing.
    const judgeTotals = judges.map((_, column) => {
      const cells = aspectRows.map((r) => r.cells[column]!);
      if (cells.every((c) => c.state === 'recused' || c.state === 'unassigned')) return 'none' as const;
      if (cells.some((c) => c.state === 'empty')) return 'pending' as const;
      return cells.reduce((sum, c) => sum + (c.state === 'scored' ? c.points : 0), 0);
    });
    return {
      code: row.code,
      status: row.status,
      competing: isCompeting(row.status),
      criteria,
      judgeTotals,
      total: row.total,
      signers: judges.map((j) => ({ judgeNumber: j.number, recused: isRecused(j, entry), signedAt: signedAt.get(`${entry.entryId}:${j.id}`) ?? null })),
    };
  });

  return {
    roundId: context.round.id,
    eventName: state.skill.eventName,
    skillName: state.skill.name,
    roundName: context.round.name,
    locked: context.round.lockedAt !== null,
    lockedAt: context.round.lockedAt,
    lockedBy: state.lockedBy,
    drawn: state.drawn,
    decimals: state.skill.decimals,
    aggregation: settingsOf(context).aggregation,
    spreadLimit: settingsOf(context).spreadLimit,
    maxTotal: context.aspects.reduce((sum, a) => sum + a.maxMark, 0),
    judges: judges.map((j) => j.number),
    codes: matrix.rows.map((r) => r.code),
    selectedCode,
    sheets,
  };
}

resultExportRoutes.get('/rounds/:id/score-sheets', chiefOrResultsStaff('round'), async (c) => {
  const { db, roundId } = c.var;
  const state = (await roundState(db, roundId))!;
  const code = c.req.query('code') || null;
  if (code !== null && !state.context.entries.some((e) => e.code === code)) return renderError(c, 404, 'notFound');
  c.header('Cache-Control', 'no-store');
  return c.html(<ScoreSheetsPage page={pageContext(c)} data={scoreSheets(state, code)} />);
});

/* ------------------------------------------------------------------------------------------ */
/* Mark details                                                                                */
/* ------------------------------------------------------------------------------------------ */

/**
 * The rounds of a skill whose code → name mapping may be revealed: locked, and, when the round
 * uses the skill-wide draw, so is every other round using that draw. Codes are shared by the
 * rounds of one draw, so naming the codes of a locked theory round would name them in a
 * practical round still being marked (the draw's seed follows the same rule, drawHistory).
 */
export async function revealableRounds(db: Db, skillId: number): Promise<Set<number>> {
  const rounds = await db.round.findMany({ where: { skillId }, select: { id: true, lockedAt: true } });
  const drawOf = new Map<number, number | null>();
  for (const round of rounds) drawOf.set(round.id, (await currentDraw(db, skillId, round.id))?.id ?? null);
  const revealable = new Set<number>();
  for (const round of rounds) {
    const draw = drawOf.get(round.id);
    if (round.lockedAt === null || draw === null || draw === undefined) continue;
    if (rounds.every((other) => other.lockedAt !== null || drawOf.get(other.id) !== draw)) revealable.add(round.id);
  }
  return revealable;
}

type DetailState = 'scored' | 'not_scored' | 'empty' | 'recused' | 'uncounted';

const statusKey = (status: string): MessageKey => (status === 'registered' ? 'sheets.status.registered' : (`desk.status.${status}` as MessageKey));

export interface MarkDetails {
  skill: { id: number; name: string; eventId: number };
  rows: SheetCell[][];
  /** Rounds whose rows carry bib, name and organization (empty: the export is codes only). */
  named: { id: number; name: string }[];
}

/**
 * One row per code, aspect and judge of each round of the skill (or of `roundId`), header first:
 * round, code, [bib, name, organization,] entry status, criterion, aspect, aspect name, max,
 * judge, state, raw value, the judge's points, the aspect's combined points, spread, spread flag.
 * Judges assigned to an aspect get a row even without a mark (state "no mark") or when recused;
 * a mark by a judge no longer assigned is listed as "not counted". Points are rounded to the
 * skill's decimals, as the desk shows them. Null when there is no such skill.
 */
export async function markDetails(
  db: Db,
  skillId: number,
  options: { roundId: number | null; names: boolean },
  t: Translate,
): Promise<MarkDetails | null> {
  const skill = await db.skill.findUnique({
    where: { id: skillId },
    select: { id: true, name: true, eventId: true, decimals: true, rounds: { orderBy: [{ position: 'asc' }, { id: 'asc' }], select: { id: true, name: true } } },
  });
  if (!skill) return null;
  const rounds = skill.rounds.filter((r) => options.roundId === null || !skill.rounds.some((s) => s.id === options.roundId) || r.id === options.roundId);
  const revealable = options.names ? await revealableRounds(db, skillId) : new Set<number>();
  const named = rounds.filter((r) => revealable.has(r.id));
  const withNames = named.length > 0;
  const round2 = (value: number) => Number(value.toFixed(skill.decimals));

  const header: SheetCell[] = [
    t('sheets.details.col.round'), t('sheets.details.col.code'),
    ...(withNames ? [t('sheets.details.col.bib'), t('sheets.details.col.name'), t('sheets.details.col.organization')] : []),
    t('sheets.details.col.status'), t('sheets.details.col.criterion'), t('sheets.details.col.aspect'), t('sheets.details.col.aspectName'),
    t('sheets.details.col.max'), t('sheets.details.col.judge'), t('sheets.details.col.state'), t('sheets.details.col.value'),
    t('sheets.details.col.points'), t('sheets.details.col.aspectPoints'), t('sheets.details.col.spread'), t('sheets.details.col.flag'),
  ];
  const rows: SheetCell[][] = [header];
  for (const round of rounds) {
    const state = (await roundState(db, round.id))!;
    const matrix = deskMatrix(state);
    const people = revealable.has(round.id) ? new Map((await decryption(db, round.id) ?? []).map((p) => [p.code, p])) : null;
    const entryOf = new Map(state.context.entries.map((e) => [e.code, e]));
    const numberOf = new Map(state.involved.map((j) => [j.id, j.number]));
    // The round's marks by cell, once: searching them per cell is quadratic (176,000 marks × 36,000 cells at 3,000 entries).
    const marksOfCell = groupBy(state.marks, (m) => `${m.entryId}:${m.aspectId}`);
    for (const row of matrix.rows) {
      const entry = entryOf.get(row.code)!;
      const person = people?.get(row.code);
      matrix.aspects.forEach((aspect, i) => {
        const cell = row.cells[i]!;
        const context = state.context.aspects[i]!;
        const { outcome } = cell;
        const aspectPoints = outcome.status === 'scored' ? round2(outcome.points!) : outcome.status === 'not_scored' ? t('desk.cell.notScored') : '';
        const flag = outcome.flagged ? t('sheets.details.flagged') : cell.accepted ? t('sheets.details.accepted') : '';
        const line = (judge: number, detail: DetailState, value: number | null, points: number | null): SheetCell[] => [
          round.name, row.code,
          ...(withNames ? [person?.bib ?? '', person?.name ?? '', person?.organizationName ?? ''] : []),
          t(statusKey(row.status)), `${context.criterionCode} ${context.criterionName}`, aspect.code, aspect.name, aspect.maxMark,
          `J${judge}`, t(`sheets.state.${detail}`), value, points === null ? null : round2(points), aspectPoints,
          outcome.spread, flag,
        ];
        for (const judge of cell.judges) {
          if (judge.state === 'scored') rows.push(line(judge.judgeNumber, 'scored', judge.value, judge.points));
          else rows.push(line(judge.judgeNumber, judge.state, null, null));
        }
        // Marks left by a judge who no longer marks this aspect: listed, never counted.
        const assigned = new Set(cell.judges.map((j) => j.judgeNumber));
        const strays = (marksOfCell.get(`${entry.entryId}:${aspect.id}`) ?? [])
          .filter((m) => !assigned.has(numberOf.get(m.judgeId) ?? -1))
          .sort((a, b) => (numberOf.get(a.judgeId) ?? 0) - (numberOf.get(b.judgeId) ?? 0));
        for (const stray of strays) {
          const value = stray.mark.state === 'scored' ? stray.mark.value : null;
          rows.push(line(numberOf.get(stray.judgeId) ?? 0, 'uncounted', value, value === null ? null : markPoints(context.aspect, value)));
        }
      });
    }
  }
  return { skill: { id: skill.id, name: skill.name, eventId: skill.eventId }, rows, named: named.map((r) => ({ id: r.id, name: r.name })) };
}

/**
 * Mark details show codes to everyone. After the lock an organizer may download them with
 * bib, name and organization: that reveals identities and is audited, so it takes a POST (with
 * the CSRF token, from a button); a GET, which any page could trigger cross-site, never does.
 */
async function markDetailsDownload<E extends AppEnv & SignedIn>(c: Context<E>, skillId: number, format: 'csv' | 'xlsx', withNames: boolean) {
  const { db, t, account } = c.var;
  const roundId = parseId(withNames ? formStrings(await c.req.parseBody(), ['round']).round : c.req.query('round'));
  const details = await markDetails(db, skillId, { roundId, names: withNames }, t);
  if (!details) return renderError(c, 404, 'notFound');
  if (details.named.length > 0) {
    await recordAudit(db, {
      accountId: account.id, eventId: details.skill.eventId, action: 'decrypt.export',
      subject: `${details.skill.name} · ${details.named.map((r) => r.name).join(', ')}`,
      details: { skillId, roundIds: details.named.map((r) => r.id), rows: details.rows.length - 1, format },
    });
  }
  c.header('Cache-Control', 'no-store');
  return sheetDownload(c, details.rows, `${details.skill.name}-${t('sheets.details.title')}`, format, t('sheets.details.title'));
}

for (const format of ['csv', 'xlsx'] as const) {
  resultExportRoutes.get(`/skills/:id/mark-details.${format}`, chiefOrResultsStaff('skill'), (c) => markDetailsDownload(c, c.get('skillId'), format, false));
  resultExportRoutes.post(`/skills/:id/mark-details.${format}`, resultsStaff, (c) => markDetailsDownload(c, idParam(c), format, true));
}

// Result exports, the printed notice and certificates (src/results/result-files.tsx).
resultExportRoutes.route('/', resultFileRoutes);

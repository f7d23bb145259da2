import { issueCertificates } from '../certificates/commands.ts';
import { skillNumberInEvent } from '../events/queries.ts';
import { qrSvg } from '../http/qr.ts';
import { Hono, type Context } from 'hono';
import { resultsStaff } from '../auth/guards.ts';
import type { SheetCell } from '../domain/sheet-header.ts';
import { sheetDownload } from '../http/download.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam, parseId } from '../http/ids.ts';
import { pageContext, renderError } from '../http/render.tsx';
import { isLocale, translator, type Translate } from '../i18n/index.ts';
import { ErrorPage } from '../../views/pages/error.tsx';
import { CertificatesPrint, ResultNoticePrint } from '../../views/pages/result-printouts.tsx';
import { levelLabel } from '../../views/results/title-rules.ts';
import { currentPublication, idNumbersByBib, publication, resultsPreview, type PublicationDetail } from './queries.ts';
import { entryTitles, sheetTitleRules, shownRoundScore, unrankedOf, type ResultsSheet } from './snapshot.ts';
import { titleLabel, titleRuleSentence } from '../../views/results/title-rules.ts';
import { maskIdNumber } from '../domain/id-number.ts';

/**
 * The result files (the event's results staff and administrators; everyone else signed in gets 403):
 * - GET /skills/:id/results.xlsx|.csv — the publication in force (?version=n for another one),
 *   or before the first publication the live preview, with names only once every round is
 *   locked (codes before, as the preview shows them);
 * - GET /skills/:id/team-results.xlsx|.csv — the same choice of sheet, the team ranking of a team skill;
 * - GET /skills/:id/promotions.xlsx — the promotion list (晋升名单) from the same sheet, only
 *   once names are shown (409 before);
 * - GET /skills/:id/notice — the printed result notice (成绩公示表) of the publication in force;
 * - GET /skills/:id/certificates?lang=zh-CN|en — award certificates of the publication in force,
 *   in the language asked for (default: the screen's).
 * Notice and certificates are printed from a publication only: before one, a 404 page says so.
 */
export const resultFileRoutes = new Hono<AppEnv>();

/**
 * The export's rows, header first: rank (or status), [bib, name, organization | code], round
 * scores, total, [standardised,] prize, title, promotion, status. Numbers are the sheet's
 * rounded values, as numbers (a spreadsheet can sort them).
 */
export function resultRows(sheet: ResultsSheet, revealed: boolean, t: Translate): SheetCell[][] {
  const standardised = sheet.standardisation !== null;
  const header: SheetCell[] = [
    t('results.col.rank'),
    ...(revealed ? [t('results.col.bib'), t('results.col.name'), t('results.col.organization')] : [t('results.col.code')]),
    ...sheet.rounds.map((r) => t('results.col.round', { round: r.name, weight: r.weight })),
    t('results.col.total'),
    ...(standardised ? [t('results.col.standardised')] : []),
    t('results.col.prize'), t('exports.col.title'), t('exports.col.promotion'), t('exports.col.status'),
  ];
  const level = (value: string) => levelLabel(t, value);
  const rows = sheet.entries.map((e): SheetCell[] => [
    e.rank,
    ...(revealed ? [e.bib, e.name, e.organizationName] : [(e.codes ?? []).join('/')]),
    ...sheet.rounds.map((r) => shownRoundScore(e, r.code)),
    e.total,
    ...(standardised ? [e.standardised] : []),
    e.prize ? t(`results.prize.${e.prize}`) : '',
    entryTitles(sheet, e).map((title) => titleLabel(t, title)).join(t('titleRules.words.listSeparator')),
    e.promotion ? `${level(e.promotion.from)} → ${level(e.promotion.to)}` : '',
    t(`results.status.${unrankedOf(e) ?? e.status}`),
  ]);
  return [header, ...rows];
}

/**
 * The sheet a result file is made from: the version asked for (?version=n), else the one in
 * force, else the live preview (names only once every round is locked); null: no such skill or version.
 */
async function sheetToExport<E extends AppEnv>(c: Context<E>): Promise<{ sheet: ResultsSheet; revealed: boolean; basename: string } | null> {
  const { db, t } = c.var;
  const skillId = idParam(c);
  const versionQuery = c.req.query('version');
  if (versionQuery !== undefined) {
    const version = parseId(versionQuery);
    const found = version ? await publication(db, skillId, version) : null;
    if (!found) return null;
    return { sheet: found.snapshot, revealed: true, basename: t('exports.filename.version', { skill: found.snapshot.skill.name, version: found.version }) };
  }
  const current = await currentPublication(db, skillId);
  if (current) return { sheet: current.snapshot, revealed: true, basename: t('exports.filename.version', { skill: current.snapshot.skill.name, version: current.version }) };
  const computed = await resultsPreview(db, skillId);
  if (!computed) return null;
  const revealed = computed.data.allLocked;
  const { sheet } = computed;
  return { sheet, revealed, basename: t('exports.filename.preview', { skill: sheet.skill.name }) };
}

/**
 * The team sheet of a team skill: rank, [team, organization,] team score, members competing, then
 * each member as "name (bib) total" (codes before the lock) — the sums can be checked by hand.
 */
export function teamRows(sheet: ResultsSheet, revealed: boolean, t: Translate): SheetCell[][] {
  const header: SheetCell[] = [
    t('results.col.rank'),
    ...(revealed ? [t('team.field.name'), t('results.col.organization')] : []),
    t('results.teams.score'), t('exports.col.teamCompeting'), t('results.teams.members'),
  ];
  const member = (m: NonNullable<ResultsSheet['teams']>['ranking'][number]['members'][number]) =>
    `${revealed ? `${m.name} (${m.bib})` : (m.codes ?? []).join('/')} ${m.total === null ? `${t('common.none')} ${t(`results.status.${m.status}`)}` : m.total.toFixed(sheet.skill.decimals)}`;
  const rows = (sheet.teams?.ranking ?? []).map((team): SheetCell[] => [
    team.rank,
    ...(revealed ? [team.name, team.organizationName] : []),
    team.score, team.competing, team.members.map(member).join('; '),
  ]);
  return [header, ...rows];
}

for (const format of ['xlsx', 'csv'] as const) {
  resultFileRoutes.get(`/skills/:id/results.${format}`, resultsStaff, async (c) => {
    const found = await sheetToExport(c);
    if (!found) return renderError(c, 404, 'notFound');
    c.header('Cache-Control', 'no-store');
    return sheetDownload(c, resultRows(found.sheet, found.revealed, c.get('t')), found.basename, format, c.get('t')('exports.sheet'));
  });
  // Team skills only: an individual skill (or a version published before teams) has no team sheet.
  resultFileRoutes.get(`/skills/:id/team-results.${format}`, resultsStaff, async (c) => {
    const found = await sheetToExport(c);
    if (!found?.sheet.teams) return renderError(c, 404, 'notFound');
    c.header('Cache-Control', 'no-store');
    const { t } = c.var;
    return sheetDownload(c, teamRows(found.sheet, found.revealed, t), `${found.basename}-${t('exports.teamSheet')}`, format, t('exports.teamSheet'));
  });
}

/**
 * The promotion list (晋升名单) for the labour bureau, header first: number, bib, name, ID
 * number masked as on every printout (maskIdNumber), organization, current level, new level, and
 * the rule that gave the promotion in words. Only entries with a promotion, in rank order.
 */
export function promotionRows(sheet: ResultsSheet, idNumbers: Map<string, string>, t: Translate): SheetCell[][] {
  const level = (value: string) => levelLabel(t, value);
  const rules = sheetTitleRules(sheet);
  const roundName = (code: string) => sheet.rounds.find((r) => r.code === code)?.name ?? code;
  const header: SheetCell[] = [
    t('promotions.col.number'), t('results.col.bib'), t('results.col.name'), t('promotions.col.idNumber'), t('results.col.organization'),
    t('promotions.col.from'), t('promotions.col.to'), t('promotions.col.rule'),
  ];
  const promoted = sheet.entries.filter((e) => e.status === 'competed' && e.promotion !== null);
  const rows = promoted.map((e, i): SheetCell[] => {
    // Snapshots from before title rules had one rule and no index.
    const rule = rules[e.promotion!.rule ?? 0];
    const idNumber = idNumbers.get(e.bib);
    return [
      i + 1, e.bib, e.name, idNumber ? maskIdNumber(idNumber) : '', e.organizationName,
      level(e.promotion!.from), level(e.promotion!.to), rule ? titleRuleSentence(t, rule, roundName) : '',
    ];
  });
  return [header, ...rows];
}

resultFileRoutes.get('/skills/:id/promotions.xlsx', resultsStaff, async (c) => {
  const { t } = c.var;
  const found = await sheetToExport(c);
  if (!found) return renderError(c, 404, 'notFound');
  if (!found.revealed) return c.html(<ErrorPage page={pageContext(c)} title={t('promotions.sheet')} body={t('promotions.hidden')} />, 409);
  c.header('Cache-Control', 'no-store');
  const rows = promotionRows(found.sheet, await idNumbersByBib(c.get('db'), idParam(c)), t);
  return sheetDownload(c, rows, `${found.basename}-${t('promotions.sheet')}`, 'xlsx', t('promotions.sheet'));
});

/** The publication in force, or the response to send instead (404: no skill, or nothing published). */
async function inForce<E extends AppEnv>(c: Context<E>): Promise<{ skillId: number; publication: PublicationDetail } | Response> {
  const skillId = idParam(c);
  const exists = (await c.get('db').skill.count({ where: { id: skillId } })) === 1;
  if (!exists) return renderError(c, 404, 'notFound');
  const current = await currentPublication(c.get('db'), skillId);
  if (!current) return c.html(<ErrorPage page={pageContext(c)} title={c.get('t')('error.notFound.title')} body={c.get('t')('notice.unpublished')} />, 404);
  return { skillId, publication: current };
}

resultFileRoutes.get('/skills/:id/notice', resultsStaff, async (c) => {
  const found = await inForce(c);
  if (found instanceof Response) return found;
  c.header('Cache-Control', 'no-store');
  return c.html(<ResultNoticePrint page={pageContext(c)} publication={found.publication} />);
});

resultFileRoutes.get('/skills/:id/certificates', resultsStaff, async (c) => {
  const found = await inForce(c);
  if (found instanceof Response) return found;
  const page = pageContext(c);
  const asked = c.req.query('lang');
  const certLocale = isLocale(asked) ? asked : page.locale;
  const skillNumber = await skillNumberInEvent(c.get('db'), found.skillId);
  const issued = await issueCertificates(c.get('db'), found.publication, skillNumber);
  const verifyUrl = new URL('/verify', c.req.url).toString();
  const certificates = await Promise.all(issued.map(async (cert) => ({ ...cert, qr: await qrSvg(`${verifyUrl}/${cert.code}`) })));
  c.header('Cache-Control', 'no-store');
  return c.html(
    <CertificatesPrint page={page} certT={translator(certLocale)} certLocale={certLocale} publication={found.publication} certificates={certificates} verifyUrl={verifyUrl} />,
  );
});

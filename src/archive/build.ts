/**
 * The contest archive (竞赛档案) of one event, which the rules require the federation to keep:
 * one zip of CSV files (open in Excel: UTF-8 with BOM) and JSON files (exact, for software),
 * with a README and a manifest.json that give each file's SHA-256 and row count.
 *
 * Why a zip of CSV/JSON rather than an SQLite file of the event: an archive is read in ten years'
 * time by people without Jiangxin, in a spreadsheet; the checksums let them show it is unchanged.
 *
 * It is the organizer's own record, so it holds the full registration (ID numbers, phones, birth
 * dates), every mark with every change, sign-offs, locks, draws (the seed and the codes only
 * where the seed is revealed, i.e. once the rounds it applies to are locked, as on the draw
 * page), publications as published, appeals and the event's audit log.
 *
 * Reproducible: the same data gives the same bytes (rows in id order, fixed file times, nothing
 * about the moment of the download inside). The download's own audit entry is written after the
 * archive is built, so it appears in the next archive, not in this one.
 */
import { createHash } from 'node:crypto';
import { zip, type AsyncZippable } from 'fflate';
import type { Db } from '../db/client.ts';
import { drawHistory } from '../draw/queries.ts';
import type { SheetCell } from '../domain/sheet-header.ts';
import { writeCsv } from '../events/scheme-files.ts';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { byKeys, inChunks } from '../db/chunks.ts';

/** Zip entries carry a modification time; a fixed one keeps the archive byte-for-byte reproducible. */
const FILE_TIME = new Date('2000-01-01T00:00:00Z');

export const ARCHIVE_FORMAT = 'jiangxin-event-archive/1';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : '');

interface ArchiveFile {
  name: string;
  bytes: Uint8Array;
  rows: number;
  what: string;
}

const CHUNK = 2000;
const BOM = Buffer.from('\ufeff', 'utf8');

/** A CSV file of `source`, one row each, mapped and written CHUNK rows at a time. */
async function csv<T>(name: string, what: string, header: string[], source: T[], toRow: (item: T) => SheetCell[]): Promise<ArchiveFile> {
  const parts: Buffer[] = [];
  for (let i = 0; i === 0 || i < source.length; i += CHUNK) {
    const rows = source.slice(i, i + CHUNK).map(toRow);
    const part = writeCsv(i === 0 ? [header, ...rows] : rows);
    // writeCsv starts every call with the BOM; the file has one, at its start.
    parts.push(i > 0 && part.subarray(0, BOM.length).equals(BOM) ? part.subarray(BOM.length) : part);
    await nextTurn();
  }
  return { name, what, rows: source.length, bytes: Buffer.concat(parts) };
}

function json(name: string, what: string, value: unknown, rows: number): ArchiveFile {
  return { name, what, rows, bytes: Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8') };
}

export interface EventArchive {
  filename: string;
  bytes: Uint8Array;
  /** The last audit entry included (the archive's cut-off). */
  auditUpTo: number;
}

/** Builds the archive of an event; null when there is no such event. */
export async function buildEventArchive(db: Db, eventId: number): Promise<EventArchive | null> {
  const event = await db.event.findUnique({ where: { id: eventId } });
  if (!event) return null;
  const skills = await db.skill.findMany({
    where: { eventId },
    orderBy: [{ position: 'asc' }, { id: 'asc' }],
    include: { rounds: { orderBy: [{ position: 'asc' }, { id: 'asc' }], include: { criteria: { orderBy: [{ position: 'asc' }, { id: 'asc' }], include: { aspects: { orderBy: [{ position: 'asc' }, { id: 'asc' }] } } } } } },
  });
  const skillIds = skills.map((s) => s.id);
  const roundIds = skills.flatMap((s) => s.rounds.map((r) => r.id));
  const skillName = new Map(skills.map((s) => [s.id, s.name]));
  const roundName = new Map(skills.flatMap((s) => s.rounds.map((r) => [r.id, `${s.name} ${r.name}`] as const)));
  const aspectCode = new Map(skills.flatMap((s) => s.rounds.flatMap((r) => r.criteria.flatMap((c) => c.aspects.map((a) => [a.id, `${r.code}.${c.code}.${a.code}`] as const)))));

  const [organizations, contestants, entries, judges, accounts] = await Promise.all([
    db.organization.findMany({ where: { eventId }, orderBy: { id: 'asc' } }),
    db.contestant.findMany({ where: { eventId }, orderBy: { id: 'asc' } }),
    db.entry.findMany({ where: { eventId }, orderBy: { id: 'asc' } }),
    db.eventJudge.findMany({ where: { eventId }, orderBy: { number: 'asc' }, include: { account: { select: { displayName: true } }, assignments: true } }),
    db.account.findMany({ select: { id: true, username: true, displayName: true } }),
  ]);
  const who = new Map(accounts.map((a) => [a.id, `${a.displayName} (${a.username})`]));
  const organizationName = new Map(organizations.map((o) => [o.id, o.name]));
  const entryBib = new Map(entries.map((e) => [e.id, e.bib]));
  const judgeNumber = new Map(judges.map((j) => [j.id, j.number]));

  const draws = (await Promise.all(skillIds.map((id) => drawHistory(db, id).then((list) => list.map((d) => ({ ...d, skillId: id }))))))
    .flat().sort((a, b) => a.id - b.id);
  const revealed = new Set(draws.filter((d) => d.seed !== null).map((d) => d.id));
  // ~20 entries' marks, or 500 marks' changes, per read: a few thousand rows at most.
  const marks = await byKeys(entries.map((e) => e.id), 20, (chunk) => db.mark.findMany({ where: { entryId: { in: chunk } } }));
  const changes = await byKeys(marks.map((m) => m.id), 500, (chunk) => db.markChange.findMany({ where: { markId: { in: chunk } } }));
  const [drawAssignments, signoffs, reviews, publications, appeals, audit] = await Promise.all([
    db.drawAssignment.findMany({ where: { drawId: { in: draws.map((d) => d.id) } }, orderBy: { id: 'asc' } }),
    db.sheetSignoff.findMany({ where: { roundId: { in: roundIds } }, orderBy: { id: 'asc' } }),
    byKeys(entries.map((e) => e.id), 500, (chunk) => db.aspectReview.findMany({ where: { entryId: { in: chunk } } })),
    db.publication.findMany({ where: { skillId: { in: skillIds } }, orderBy: { id: 'asc' } }),
    db.appeal.findMany({ where: { publication: { skillId: { in: skillIds } } }, orderBy: { id: 'asc' } }),
    inChunks((after, take) => db.auditEntry.findMany({ where: { eventId, id: { gt: after } }, orderBy: { id: 'asc' }, take })),
  ]);
  const markById = new Map(marks.map((m) => [m.id, m]));
  const markCells = (markId: number): SheetCell[] => {
    const m = markById.get(markId)!;
    return [entryBib.get(m.entryId) ?? '', aspectCode.get(m.aspectId) ?? '', judgeNumber.get(m.judgeId) ?? ''];
  };

  const files: ArchiveFile[] = await Promise.all([
    json('event.json', 'The event, its skills, rounds, weights, marking schemes and scoring rules', {
      event: { ...event, judgeCode: undefined },
      skills: skills.map((s) => ({
        ...s,
        tieBreaks: JSON.parse(s.tieBreaks),
        rounds: s.rounds.map((r) => ({ ...r, criteria: r.criteria.map((c) => ({ ...c, aspects: c.aspects.map((a) => ({ ...a, rule: JSON.parse(a.rule) })) })) })),
      })),
    }, skills.length),
    csv('organizations.csv', 'Organizations (参赛单位) with their contacts and approval', ['id', 'name', 'contact', 'phone', 'submitted_at', 'approved_at', 'link_deadline'],
      organizations, (o) => [o.id, o.name, o.contactName, o.contactPhone, iso(o.submittedAt), iso(o.approvedAt), iso(o.linkDeadline)]),
    csv('contestants.csv', 'Contestants with full registration data (ID numbers, birth dates, phones): keep this archive safe', ['id', 'name', 'gender', 'id_number', 'birth_date', 'phone', 'skill_level', 'organization', 'registered_at'],
      contestants, (c) => [c.id, c.name, c.gender, c.idNumber, c.birthDate, c.phone, c.skillLevel, organizationName.get(c.organizationId) ?? '', iso(c.createdAt)]),
    csv('entries.csv', 'Entries: a contestant in a skill, with bib, status and check-in', ['id', 'bib', 'contestant_id', 'skill', 'status', 'attendance', 'checked_in_at'],
      entries, (e) => [e.id, e.bib, e.contestantId, skillName.get(e.skillId) ?? '', e.status, e.attendance ?? '', iso(e.checkedInAt)]),
    csv('judges.csv', 'Judges, their organization (recusal), chief judges and assigned rounds', ['number', 'name', 'organization', 'chief_judge_of', 'rounds'],
      judges, (j) => [j.number, j.account.displayName, j.organizationId ? (organizationName.get(j.organizationId) ?? '') : '',
        skills.filter((s) => s.chiefJudgeId === j.id).map((s) => s.name).join('; '),
        [...new Set(j.assignments.map((a) => roundName.get(a.roundId) ?? ''))].join('; ')]),
    csv('draws.csv', 'Draws of lots: who, when, why; the seed once revealed (its SHA-256 commitment always)', ['id', 'skill', 'round', 'drawn_at', 'drawn_by', 'reason', 'superseded_at', 'supersedes', 'seed_sha256', 'seed'],
      draws, (d) => [d.id, skillName.get(d.skillId) ?? '', d.roundName ?? '', iso(d.drawnAt), d.drawnBy, d.reason, iso(d.supersededAt), d.supersedes ?? '', d.seedSha256, d.seed ?? '']),
    csv('draw-assignments.csv', 'Stations of every draw, and the secret codes of revealed draws', ['draw_id', 'bib', 'station', 'code'],
      drawAssignments, (a) => [a.drawId, entryBib.get(a.entryId) ?? '', a.station, revealed.has(a.drawId) ? a.code : '']),
    csv('round-locks.csv', 'Rounds and their locks (锁定)', ['round_id', 'round', 'weight', 'max_score', 'locked_at', 'locked_by'],
      skills.flatMap((s) => s.rounds), (r) => [r.id, roundName.get(r.id) ?? '', r.weight, r.maxScore, iso(r.lockedAt), r.lockedById ? (who.get(r.lockedById) ?? '') : '']),
    csv('marks.csv', 'Every mark as it stands: entry, aspect (round.criterion.aspect), judge', ['mark_id', 'bib', 'aspect', 'judge', 'state', 'value', 'version', 'updated_at'],
      marks, (m) => [m.id, ...markCells(m.id), m.state, m.value ?? '', m.version, iso(m.updatedAt)]),
    csv('mark-changes.csv', 'Every change of every mark, in order: by whom, from which device, why', ['change_id', 'mark_id', 'bib', 'aspect', 'judge', 'at', 'by', 'device', 'old_state', 'old_value', 'new_state', 'new_value', 'reason'],
      changes, (c) => [c.id, c.markId, ...markCells(c.markId), iso(c.at), who.get(c.accountId) ?? '', c.deviceId, c.oldState ?? '', c.oldValue ?? '', c.newState, c.newValue ?? '', c.reason]),
    csv('signoffs.csv', 'Judges’ sign-offs (签字确认) of each sheet, and their revocations', ['id', 'round', 'judge', 'bib', 'signed_at', 'revoked_at', 'revoked_reason'],
      signoffs, (s) => [s.id, roundName.get(s.roundId) ?? '', judgeNumber.get(s.judgeId) ?? '', entryBib.get(s.entryId) ?? '', iso(s.signedAt), iso(s.revokedAt), s.revokedReason]),
    csv('reviews.csv', 'The chief judge’s send-backs for re-marking and accepted spreads', ['id', 'bib', 'aspect', 'kind', 'reason', 'by', 'at', 'resolved_at'],
      reviews, (r) => [r.id, entryBib.get(r.entryId) ?? '', aspectCode.get(r.aspectId) ?? '', r.kind, r.reason, who.get(r.accountId) ?? '', iso(r.at), iso(r.resolvedAt)]),
    json('publications.json', 'Every publication (成绩公示) of every skill, each version exactly as published', publications.map((p) => ({
      id: p.id, skill: skillName.get(p.skillId) ?? '', skillId: p.skillId, version: p.version, publishedAt: iso(p.publishedAt), publishedBy: who.get(p.publishedById) ?? '',
      appealUntil: iso(p.appealUntil), noticeUntil: iso(p.noticeUntil), changeNote: p.changeNote, supersededAt: iso(p.supersededAt), results: JSON.parse(p.snapshot),
    })), publications.length),
    csv('appeals.csv', 'Appeals (申诉) and the arbitration decisions', ['id', 'publication_id', 'organization', 'bib', 'text', 'filed_at', 'decision', 'decision_reason', 'decided_at', 'decided_by'],
      appeals, (a) => [a.id, a.publicationId, organizationName.get(a.organizationId) ?? '', a.entryBib, a.text, iso(a.filedAt), a.decision ?? '', a.decisionReason, iso(a.decidedAt), a.decidedById ? (who.get(a.decidedById) ?? '') : '']),
    csv('audit-log.csv', 'The event’s audit log, in order', ['id', 'at', 'by', 'action', 'subject', 'details'],
      audit, (a) => [a.id, iso(a.at), a.accountId ? (who.get(a.accountId) ?? '') : '', a.action, a.subject, a.details]),
  ]);

  const auditUpTo = audit.at(-1)?.id ?? 0;
  const listed = files.map((f) => ({ name: f.name, rows: f.rows, bytes: f.bytes.length, sha256: createHash('sha256').update(f.bytes).digest('hex'), what: f.what }));
  const manifest = { format: ARCHIVE_FORMAT, event: { id: event.id, name: event.name, status: event.status }, auditUpTo, files: listed };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const readme = [
    `${event.name} — 竞赛档案 / contest archive`,
    '',
    '本档案由匠心导出，供组织者（总工会）按竞赛规则存档。内含完整的报名信息（身份证号、出生日期、电话），请妥善保管，不得公开。',
    'Exported by Jiangxin for the organizer\'s own records, as the contest rules require. It contains full registration data',
    '(ID numbers, birth dates, phone numbers): keep it safe and do not publish it.',
    '',
    `Audit log up to entry ${auditUpTo}. manifest.json lists every file with its SHA-256 (check with: sha256sum FILE).`,
    'CSV files are UTF-8 with BOM (Excel shows Chinese); JSON files hold the exact values.',
    '',
    ...listed.map((f) => `${f.sha256}  ${f.name}  (${f.rows} rows) ${f.what}`),
    `${createHash('sha256').update(manifestBytes).digest('hex')}  manifest.json`,
    '',
  ].join('\r\n');

  const entriesOfZip: AsyncZippable = {};
  const add = (name: string, bytes: Uint8Array) => { entriesOfZip[name] = [bytes, { mtime: FILE_TIME }]; };
  add('README.txt', Buffer.from(`\ufeff${readme}`, 'utf8'));
  add('manifest.json', manifestBytes);
  for (const f of files) add(f.name, f.bytes);
  // fflate's asynchronous zip deflates in worker threads: a big event's files do not hold the event loop.
  const bytes = await new Promise<Uint8Array>((resolve, reject) => {
    zip(entriesOfZip, { level: 6 }, (error, data) => (error ? reject(error) : resolve(data)));
  });
  const day = (event.startsOn ?? event.createdAt).toISOString().slice(0, 10);
  return { filename: `${event.name}-竞赛档案-${day}.zip`, bytes, auditUpTo };
}

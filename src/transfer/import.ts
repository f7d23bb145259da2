/**
 * Imports an event's transfer file (export.ts) as a new event of the importer's federation, in
 * one transaction: all of it or, on any problem, nothing.
 *
 * The file is checked before anything is written: a zip of the known files only, no bigger
 * unpacked than it says and than the limits (a zip bomb is refused while inflating), each file's
 * SHA-256 as the manifest gives it, the columns this version has, every value of its column's
 * type, every reference to a row that is in the file. Rows get new ids; nothing in a file can name
 * a row of the database it is imported into.
 *
 * Accounts: the event's judges get new accounts with their PIN's hash, so they sign in with the
 * same number and PIN (and the same event code, unless another event here has it). An organizer
 * named by the rows (creator, staff, who drew, published, decided) is this federation's
 * organizer account of the same username if there is one; otherwise an account is made for the
 * name, disabled, for an administrator to enable (/staff) if that person is to work here.
 */
import { createHash, randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { isStoredHash } from '../auth/password.ts';
import { recordAudit } from '../audit/record.ts';
import type { Db } from '../db/client.ts';
import { chunks } from '../db/chunks.ts';
import { storageFailure } from '../db/errors.ts';
import { dialectOf } from '../db/native.ts';
import { zipEntries, ZipRefused } from '../http/zip-entries.ts';
import { insertRows, reserveIds, type BulkType } from '../db/bulk-write.ts';
import { isEventStatus } from '../domain/event-lifecycle.ts';
import { isEventRole } from '../domain/event-roles.ts';
import { aspectRuleInput } from '../events/schemas.ts';
import { isReadableSnapshot } from '../results/snapshot-shape.ts';
import { detectPhotoType, MAX_PHOTO_BYTES } from '../domain/image-type.ts';
import { judgeUsername, unusedJudgeCode } from '../judges/commands.ts';
import { conflict, done, invalid, type Outcome } from '../outcome.ts';
import { photoRows, type PhotoStore } from '../registration/photo-store.ts';
import { MANIFEST, TRANSFER_FORMAT, photoFile, tableFile, type Manifest } from './export.ts';
import { accountColumns, columnType, tableSpec, tables, type Column, type TableName } from './tables.ts';

/**
 * Bounds on what a file may hold. A 3,000-contestant event with every mark is some 150 MB of
 * tables and a million rows, plus its photos. Rows are parsed one at a time (each table file has
 * one row a line) and counted, so a small zip of tiny rows cannot fill the memory.
 */
export const TRANSFER_LIMITS = { maxFiles: 30_000, maxUnpackedBytes: 1024 ** 3, maxFileBytes: 256 * 1024 ** 2, maxRows: 3_000_000 };

export interface ImportSummary {
  eventId: number;
  name: string;
  rows: number;
  photos: number;
  /** The event code judges type at sign-in, when another event here already had the file's. */
  newJudgeCode: string | null;
  /** Organizer accounts made, disabled, for names this federation had no account of. */
  accountsMade: string[];
  /** Delegation links that had to be dropped (issue new ones from the organizations' screen). */
  linksDropped: number;
}

type Row = Record<string, unknown>;
type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

const refuse = (key: string, params?: Record<string, string | number>): Outcome<never> =>
  invalid([{ field: 'file', key, ...(params ? { params } : {}) }]);

class Refusal extends Error {
  constructor(readonly key: string, readonly params: Record<string, string | number> = {}) {
    super(key);
  }
}

const allowedName = (name: string) =>
  name === MANIFEST || name === tableFile('Account') || tables.some((t) => name === tableFile(t.name)) || /^photos\/[A-Za-z0-9._-]{1,100}$/.test(name);

/** The zip's files, checked and inflated within the limits (src/http/zip-entries.ts). */
async function unpack(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  try {
    const entries = zipEntries(bytes, {
      maxEntries: TRANSFER_LIMITS.maxFiles,
      maxUnpackedBytes: TRANSFER_LIMITS.maxUnpackedBytes,
      maxEntryBytes: (name) => (name.startsWith('photos/') ? MAX_PHOTO_BYTES : TRANSFER_LIMITS.maxFileBytes),
      accept: allowedName,
    });
    for await (const entry of entries) {
      if (files.has(entry.name)) throw new Refusal('transfer.unreadable');
      const chunks: Buffer[] = [];
      for await (const chunk of entry.chunks) chunks.push(chunk);
      files.set(entry.name, Buffer.concat(chunks));
    }
  } catch (error) {
    if (!(error instanceof ZipRefused)) throw error;
    if (error.reason === 'unknownEntry') throw new Refusal('transfer.unknownFile', { name: error.entry });
    throw new Refusal(error.reason === 'unreadable' ? 'transfer.unreadable' : 'transfer.tooLarge');
  }
  return files;
}

function readManifest(files: Map<string, Buffer>): Manifest {
  const raw = files.get(MANIFEST);
  if (!raw) throw new Refusal('transfer.notTransfer');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(raw.toString('utf8')) as Manifest;
  } catch {
    throw new Refusal('transfer.notTransfer');
  }
  if (manifest?.format !== TRANSFER_FORMAT) throw new Refusal('transfer.notTransfer');
  if (!Array.isArray(manifest.files)) throw new Refusal('transfer.damaged');
  const listed = new Set<string>();
  for (const file of manifest.files) {
    const bytes = typeof file?.name === 'string' ? files.get(file.name) : undefined;
    if (!bytes || bytes.length !== file.bytes || createHash('sha256').update(bytes).digest('hex') !== file.sha256) throw new Refusal('transfer.damaged');
    listed.add(file.name);
  }
  // A file the manifest does not vouch for is not read either.
  for (const name of files.keys()) if (name !== MANIFEST && !listed.has(name)) throw new Refusal('transfer.damaged');
  return manifest;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** One cell of the file as the database takes it, or a Refusal. */
function cell(value: unknown, column: Column, where: string): unknown {
  const type = columnType(column);
  const nullable = type.endsWith('?');
  if (value === null) {
    if (nullable) return null;
    throw new Refusal('transfer.badValue', { where });
  }
  switch (type.replace('?', '')) {
    case 'int':
      // Prisma's Int is 32 bits: a bigger one would be stored, then fail every read of its row.
      if (Number.isInteger(value) && Math.abs(value as number) <= 2 ** 31 - 1) return value;
      break;
    case 'float':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      break;
    case 'text':
      if (typeof value === 'string') return value;
      break;
    case 'bool':
      if (typeof value === 'boolean') return value;
      break;
    case 'date':
      if (typeof value === 'string' && ISO.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value);
      break;
  }
  throw new Refusal('transfer.badValue', { where });
}

/**
 * A table file's rows as objects, each value checked against its column. The file is export.ts's:
 * the columns on the first line, then one row a line. Read a line at a time, so that what a row
 * costs in memory is counted (rows) before it is made.
 */
async function readTable(files: Map<string, Buffer>, name: string, columns: Record<string, Column>, budget: { rows: number }): Promise<Row[]> {
  const raw = files.get(tableFile(name));
  if (!raw) throw new Refusal('transfer.damaged');
  const lines = raw.toString('utf8').split('\n');
  const head = /^\{"columns":(\[.*\]),"rows":\[$/.exec(lines[0] ?? '');
  if (!head || lines.at(-1) !== '' || lines.at(-2) !== ']}') throw new Refusal('transfer.damaged');
  let names: unknown;
  try {
    names = JSON.parse(head[1]!);
  } catch {
    throw new Refusal('transfer.damaged');
  }
  const expected = Object.keys(columns);
  // The same columns, in any order: a file of another version of Jiangxin is refused, not guessed at.
  if (!Array.isArray(names) || names.length !== expected.length || !expected.every((c) => (names as unknown[]).includes(c))) {
    throw new Refusal('transfer.otherVersion', { table: name });
  }
  const body = lines.slice(1, -2);
  budget.rows -= body.length;
  if (budget.rows < 0) throw new Refusal('transfer.tooLarge');
  const rows: Row[] = [];
  for (const [index, line] of body.entries()) {
    let values: unknown;
    try {
      values = JSON.parse(index < body.length - 1 ? line.replace(/,$/, '') : line);
    } catch {
      throw new Refusal('transfer.damaged');
    }
    if (!Array.isArray(values) || values.length !== names.length) throw new Refusal('transfer.damaged');
    const row: Row = {};
    (names as string[]).forEach((column, i) => { row[column] = cell(values[i], columns[column]!, `${name} ${index + 1} ${column}`); });
    rows.push(row);
    // Others' requests in between: a big event's table is 400,000 lines.
    if (index % YIELD_EVERY === YIELD_EVERY - 1) await nextTurn();
  }
  return rows;
}
const YIELD_EVERY = 5000;

/** What the rest of the code takes for granted of a few columns, checked rather than trusted. */
function checkRules(read: Map<string, Row[]>) {
  const bad = (table: string, index: number, column: string) => new Refusal('transfer.badValue', { where: `${table} ${index + 1} ${column}` });
  if (read.get('Event')!.length !== 1) throw new Refusal('transfer.damaged');
  read.get('Event')!.forEach((e, i) => { if (!isEventStatus(e.status)) throw bad('Event', i, 'status'); });
  read.get('EventStaff')!.forEach((s, i) => { if (!isEventRole(s.role)) throw bad('EventStaff', i, 'role'); });
  for (const name of ['Organization', 'Contestant', 'Entry', 'Team']) {
    read.get(name)!.forEach((r, i) => { if (r.importBatch !== null) throw bad(name, i, 'importBatch'); });
  }
  // What pages parse later: beyond this event too (the talent pool and the figures read every
  // publication in force of a federation and those below it).
  read.get('Aspect')!.forEach((a, i) => {
    let rule: unknown;
    try {
      rule = JSON.parse(a.rule as string);
    } catch {
      throw bad('Aspect', i, 'rule');
    }
    if (!aspectRuleInput.safeParse(rule).success || (rule as { type?: unknown }).type !== a.type) throw bad('Aspect', i, 'rule');
  });
  read.get('Publication')!.forEach((p, i) => { if (!isReadableSnapshot(p.snapshot as string)) throw bad('Publication', i, 'snapshot'); });
  const drawsInForce = new Set<string>();
  read.get('Draw')!.forEach((d, i) => {
    if (d.supersededAt !== null) return;
    const key = `${d.skillId as number}:${d.roundId as number | null}`;
    if (drawsInForce.has(key)) throw bad('Draw', i, 'supersededAt');
    drawsInForce.add(key);
  });
  const judges = new Set(read.get('EventJudge')!.map((j) => j.accountId));
  read.get('Account')!.forEach((a, i) => {
    if (judges.has(a.id)) {
      if (a.role !== 'judge' && a.role !== 'chief_judge') throw bad('Account', i, 'role');
      if (typeof a.passwordHash !== 'string' || !isStoredHash(a.passwordHash)) throw bad('Account', i, 'passwordHash');
    } else if (a.passwordHash !== null) throw bad('Account', i, 'passwordHash');
  });
}

/** Maps each table's file ids to new ones and rewrites every reference; a dangling one is a Refusal. */
class IdMap {
  private readonly maps = new Map<string, Map<number, number>>();

  set(table: string, pairs: Map<number, number>) {
    this.maps.set(table, pairs);
  }

  has(table: string, id: number): boolean {
    return this.maps.get(table)?.has(id) ?? false;
  }

  of(table: string, id: unknown, where: string): number {
    const mapped = typeof id === 'number' ? this.maps.get(table)?.get(id) : undefined;
    if (mapped === undefined) throw new Refusal('transfer.danglingReference', { where });
    return mapped;
  }
}

function assertUnique(rows: Row[], table: string) {
  const seen = new Set<unknown>();
  for (const row of rows) {
    if (seen.has(row.id)) throw new Refusal('transfer.damaged', { table });
    seen.add(row.id);
  }
}

const unusablePassword = '!';

/** One import at a time in this process: each holds a file's rows in memory, and on SQLite the one connection. */
let importing = false;

export async function importTransferFile(
  db: Db, photos: PhotoStore, bytes: Uint8Array, target: { federationId: number; accountId: number },
): Promise<Outcome<ImportSummary>> {
  if (importing) return conflict('transfer.busy');
  importing = true;
  try {
    return await importFile(db, photos, bytes, target);
  } finally {
    importing = false;
  }
}

async function importFile(db: Db, photos: PhotoStore, bytes: Uint8Array, target: { federationId: number; accountId: number }): Promise<Outcome<ImportSummary>> {
  let files: Map<string, Buffer>;
  let manifest: Manifest;
  const read = new Map<string, Row[]>();
  try {
    files = await unpack(bytes);
    manifest = readManifest(files);
    const budget = { rows: TRANSFER_LIMITS.maxRows };
    read.set('Account', await readTable(files, 'Account', accountColumns, budget));
    for (const table of tables) read.set(table.name, await readTable(files, table.name, table.columns, budget));
    checkRules(read);
    for (const table of tables) if (table.ids) assertUnique(read.get(table.name)!, table.name);
    assertUnique(read.get('Account')!, 'Account');
  } catch (error) {
    if (error instanceof Refusal) return refuse(error.key, error.params);
    throw error;
  }

  for (const codes of chunks(read.get('Certificate')!.map((c) => c.code as string))) {
    const taken = await db.certificate.findFirst({ where: { code: { in: codes } }, select: { publication: { select: { skill: { select: { event: { select: { name: true } } } } } } } });
    if (taken) return refuse('transfer.certificatesHere', { event: taken.publication.skill.event.name });
  }

  const dialect = dialectOf(db);
  const audit = {
    sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, exportedAt: manifest.exportedAt, source: manifest.source,
  };
  // Photo files written for an import that then failed: removed again (rows go with the transaction).
  const written: string[] = [];
  try {
    return done(await db.$transaction(async (tx) => {
      // Under new names, before the rows that name them. PostgreSQL's are rows of this
      // transaction; SQLite's are files (the database's snapshots stay small).
      const store = dialect === 'postgresql' ? photoRows(tx) : photos;
      const photoNames = new Map<number, string>();
      for (const contestant of read.get('Contestant')!) {
        const name = contestant.photoPath as string | null;
        const file = name ? files.get(photoFile(name)) : undefined;
        const type = file ? detectPhotoType(file) : null;
        if (!file || !type) continue;
        const stored = `${randomBytes(8).toString('hex')}.${type.extension}`;
        await store.write(stored, file);
        if (dialect === 'sqlite') written.push(stored);
        photoNames.set(contestant.id as number, stored);
      }
      const summary = await write(tx, dialect, read, photoNames, target);
      // In the transaction: an event is never there without its import's audit entry.
      await recordAudit(tx, {
        accountId: target.accountId, eventId: summary.eventId, action: 'event.transfer.import', subject: manifest.source?.name ?? '',
        details: { ...audit, rows: summary.rows, photos: summary.photos, newJudgeCode: summary.newJudgeCode !== null, accountsMade: summary.accountsMade, linksDropped: summary.linksDropped },
      });
      return summary;
    }, { timeout: 10 * 60_000, maxWait: 60_000 }));
  } catch (error) {
    for (const name of written) await photos.remove(name).catch(() => undefined);
    if (error instanceof Refusal) return refuse(error.key, error.params);
    // Busy, full, unreachable: the usual "try again" answer. Anything else is the database
    // refusing what the file holds (a trigger, a unique key): nothing was written.
    if (storageFailure(error)) throw error;
    console.error('event transfer refused by the database:', error instanceof Error ? error.message : error);
    return refuse('transfer.refusedByDatabase');
  }
}

async function write(tx: Tx, dialect: 'sqlite' | 'postgresql', read: Map<string, Row[]>, photoNames: Map<number, string>, target: { federationId: number }): Promise<ImportSummary> {
  const ids = new IdMap();
  const now = new Date();
  let rows = 0;

  // Accounts: judges' made new after the event (their usernames carry its id), organizers matched or made.
  const judgeOf = new Map(read.get('EventJudge')!.map((j) => [j.accountId as number, j]));
  const accountsMade: string[] = [];
  const accounts = new Map<number, number>();
  const organizers = read.get('Account')!.filter((a) => !judgeOf.has(a.id as number));
  for (const person of organizers) {
    const username = person.username as string;
    const here = await tx.account.findUnique({ where: { username }, select: { id: true, role: true, federationId: true } });
    if (here && here.role === 'organizer' && here.federationId === target.federationId) {
      accounts.set(person.id as number, here.id);
      continue;
    }
    let name = username.slice(0, 28);
    for (let n = 2; await tx.account.findUnique({ where: { username: name }, select: { id: true } }); n++) name = `${username.slice(0, 28)}-${n}`;
    const made = await tx.account.create({
      data: { username: name, displayName: person.displayName as string, role: 'organizer', passwordHash: unusablePassword, disabledAt: now, federationId: target.federationId },
    });
    accounts.set(person.id as number, made.id);
    accountsMade.push(name);
  }

  // The event.
  const event = read.get('Event')![0]!;
  let judgeCode = event.judgeCode as string | null;
  const codeChanged = judgeCode !== null && (await tx.event.findUnique({ where: { judgeCode }, select: { id: true } })) !== null;
  if (codeChanged) judgeCode = await unusedJudgeCode(tx);
  const [eventId] = await reserveIds(tx, dialect, 'Event', 1);
  ids.set('Event', new Map([[event.id as number, eventId!]]));
  const createdById = event.createdById === null ? null : accounts.get(event.createdById as number) ?? null;
  await tx.event.create({ data: { ...event, id: eventId!, judgeCode, createdById, federationId: target.federationId } as never });
  rows++;

  const people = new Map(read.get('Account')!.map((a) => [a.id as number, a]));
  for (const [fileId, judge] of judgeOf) {
    const person = people.get(fileId);
    if (!person) throw new Refusal('transfer.danglingReference', { where: `EventJudge ${judge.id as number} accountId` });
    const made = await tx.account.create({
      data: {
        username: judgeUsername(eventId!, judge.number as number, now), displayName: person.displayName as string,
        role: person.role as string, passwordHash: person.passwordHash as string, disabledAt: person.disabledAt as Date | null,
      },
    });
    accounts.set(fileId, made.id);
  }
  ids.set('Account', accounts);

  let linksDropped = 0;
  for (const table of tables) {
    if (table.name === 'Event') continue;
    const list = read.get(table.name)!;
    if (list.length === 0) continue;
    const fresh = table.ids ? await reserveIds(tx, dialect, table.name, list.length) : [];
    if (table.ids) ids.set(table.name, new Map(list.map((r, i) => [r.id as number, fresh[i]!])));
    const references = Object.entries(table.columns).filter((e): e is [string, Exclude<Column, string>] => typeof e[1] !== 'string');
    const rewritten: Row[] = [];
    for (const [index, row] of list.entries()) {
      const out: Row = { ...row };
      if (table.ids) out.id = fresh[index];
      for (const [column, type] of references) {
        if (row[column] === null) continue;
        // An account a nullable column names that is not in the file (none should be) is left unnamed.
        if (type.to === 'Account' && type.nullable && !ids.has('Account', row[column] as number)) out[column] = null;
        else out[column] = ids.of(type.to, row[column], `${table.name} ${index + 1} ${column}`);
      }
      rewritten.push(out);
      if (index % YIELD_EVERY === YIELD_EVERY - 1) await nextTurn();
    }
    await adjust(tx, dialect, table.name as TableName, rewritten, list, { ids, photoNames, onLinkDropped: () => linksDropped++ });
    rows += list.length;
  }
  return {
    eventId: eventId!, name: event.name as string, rows, photos: photoNames.size, newJudgeCode: codeChanged ? judgeCode : null, accountsMade, linksDropped,
  };
}

/** Writes one table's rows, the way its triggers and unique keys allow. */
async function adjust(
  tx: Tx, dialect: 'sqlite' | 'postgresql', name: TableName, rows: Row[], original: Row[],
  context: { ids: IdMap; photoNames: Map<number, string>; onLinkDropped: () => void },
) {
  const types = Object.fromEntries(Object.entries(tableSpec.get(name)!.columns).map(([column, type]) => [column, columnType(type).replace('?', '') as BulkType]));
  const many = (list: Row[]) => insertRows(tx, dialect, name, types, list);
  switch (name) {
    case 'Organization': {
      // A delegation link's hash is unique: where this database has it (the same event imported
      // before), the organization gets no link, and the organizer issues a new one.
      const here = new Set<string | null>();
      for (const hashes of chunks(rows.map((r) => r.linkTokenHash).filter((h): h is string => typeof h === 'string'))) {
        for (const o of await tx.organization.findMany({ where: { linkTokenHash: { in: hashes } }, select: { linkTokenHash: true } })) here.add(o.linkTokenHash);
      }
      for (const row of rows) {
        if (typeof row.linkTokenHash === 'string' && here.has(row.linkTokenHash)) {
          row.linkTokenHash = null;
          row.linkDeadline = null;
          context.onLinkDropped();
        }
      }
      return many(rows);
    }
    case 'Contestant':
      rows.forEach((row, i) => { row.photoPath = context.photoNames.get(original[i]!.id as number) ?? null; });
      return many(rows);
    case 'DisplaySetting':
      for (const row of rows) {
        let skills: unknown;
        try {
          skills = JSON.parse(row.skillIds as string);
        } catch {
          skills = [];
        }
        const list = Array.isArray(skills) ? skills.filter((id) => context.ids.has('Skill', id)).map((id) => context.ids.of('Skill', id, 'DisplaySetting skillIds')) : [];
        row.skillIds = JSON.stringify(list);
      }
      return many(rows);
    case 'AuditEntry':
      // Details name the event's rows by id; the one a screen reads back (a scheme import's skill,
      // to offer its undo) is rewritten, so that it names the new skill and never another.
      for (const row of rows) {
        let details: unknown;
        try {
          details = JSON.parse(row.details as string);
        } catch {
          continue;
        }
        if (!details || typeof details !== 'object' || !('skillId' in details)) continue;
        const skillId = (details as { skillId: unknown }).skillId;
        const { skillId: _old, ...rest } = details as Record<string, unknown>;
        row.details = JSON.stringify(context.ids.has('Skill', skillId as number) ? { ...rest, skillId: context.ids.of('Skill', skillId, 'AuditEntry details') } : rest);
      }
      return many(rows);
    case 'RoundScore':
      // One current score per (round, entry) at any moment: the superseded ones go in first.
      return many([...rows.filter((r) => r.supersededAt !== null), ...rows.filter((r) => r.supersededAt === null)]);
    case 'Publication':
      // Each version is written as the newest, then superseded as the next one came (the triggers' order).
      for (const row of [...rows].sort((a, b) => (a.skillId as number) - (b.skillId as number) || (a.version as number) - (b.version as number))) {
        await tx.publication.create({ data: { ...row, supersededAt: null } as never });
        if (row.supersededAt !== null) await tx.publication.update({ where: { id: row.id as number }, data: { supersededAt: row.supersededAt as Date } });
      }
      return;
    case 'Appeal':
      // Filed undecided, then decided once.
      for (const row of rows) {
        const { decidedAt, decision, decisionReason, decidedById, ...filed } = row;
        await tx.appeal.create({ data: { ...filed, decidedAt: null, decision: null, decidedById: null } as never });
        if (decidedAt !== null) {
          await tx.appeal.update({ where: { id: row.id as number }, data: { decidedAt: decidedAt as Date, decision: decision as string, decisionReason: decisionReason as string, decidedById: decidedById as number } });
        }
      }
      return;
    default:
      return many(rows);
  }
}

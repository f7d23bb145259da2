/**
 * The transfer file of one event (赛事迁移文件): everything the event is made of, to be imported
 * whole into another installation (a venue laptop's SQLite file ⇄ the platform's PostgreSQL).
 * Unlike the contest archive (src/archive/), which people read in a spreadsheet, this one is for
 * Jiangxin to read back: every column of every row of the event (tables.ts), the accounts its
 * rows name, the contestants' photos, and a manifest with each file's SHA-256.
 *
 * Organizers' password hashes never leave: their accounts travel as names only. The event's
 * own judges' accounts carry the hash of their PIN, so they sign in at the other end as before.
 */
import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { zip, type AsyncZippable } from 'fflate';
import type { Db } from '../db/client.ts';
import { byKeys, inChunks } from '../db/chunks.ts';
import { dialectOf } from '../db/native.ts';
import type { PhotoStore } from '../registration/photo-store.ts';
import { accountColumns, delegateOf, tables, type Column, type TableName, type TableSpec } from './tables.ts';

export const TRANSFER_FORMAT = 'jiangxin-event-transfer/1';
export const MANIFEST = 'manifest.json';
export const tableFile = (name: string) => `tables/${name}.json`;
export const photoFile = (name: string) => `photos/${name}`;
/** Zip entries carry a modification time; a fixed one keeps equal data equal bytes. */
const FILE_TIME = new Date('2000-01-01T00:00:00Z');

type Row = Record<string, unknown>;

export interface ManifestFile {
  name: string;
  bytes: number;
  sha256: string;
  /** Rows of a table file. */
  rows?: number;
}

export interface Manifest {
  format: string;
  exportedAt: string;
  source: { provider: 'sqlite' | 'postgresql'; eventId: number; name: string; status: string };
  files: ManifestFile[];
}

export interface TransferFile {
  filename: string;
  bytes: Uint8Array;
  sha256: string;
  rows: number;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * A table file: the column names on the first line, then each row as an array in that order (a
 * third of the size of objects), one a line, which is how import.ts reads them.
 */
export function tableBytes(columns: string[], lines: string[]): Uint8Array {
  const body = lines.length > 0 ? `${lines.join(',\n')}\n` : '';
  return Buffer.from(`{"columns":${JSON.stringify(columns)},"rows":[\n${body}]}\n`, 'utf8');
}

const cell = (value: unknown) => (value instanceof Date ? value.toISOString() : value ?? null);

/** The rows' lines, LINE_CHUNK at a time: a big event's 400,000 mark changes would hold the event loop for seconds. */
async function rowLines(columns: string[], rows: Row[]): Promise<string[]> {
  const lines: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    lines.push(JSON.stringify(columns.map((c) => cell(rows[i]![c]))));
    if (i % LINE_CHUNK === LINE_CHUNK - 1) await nextTurn();
  }
  return lines;
}
const LINE_CHUNK = 5000;

const isReference = (column: Column): column is Exclude<Column, string> => typeof column !== 'string';

async function readTable(db: Db, table: TableSpec, eventId: number, read: Map<TableName, Row[]>): Promise<Row[]> {
  const delegate = delegateOf(db, table);
  const select = Object.fromEntries(Object.keys(table.columns).map((c) => [c, true]));
  if (table.through) {
    const { column, size } = table.through;
    const keys = (read.get(table.through.table) ?? []).map((r) => r.id as number);
    return byKeys(keys, size, (chunk) => delegate.findMany({ where: { [column]: { in: chunk } }, select }) as Promise<{ id: number }[]>);
  }
  const where = table.where(eventId);
  if (!table.ids) return delegate.findMany({ where, select });
  return inChunks((after, take) => delegate.findMany({ where: { AND: [where, { id: { gt: after } }] }, orderBy: { id: 'asc' }, take, select }) as Promise<{ id: number }[]>);
}

/** Builds the transfer file of an event; null when there is no such event. */
export async function buildTransferFile(db: Db, photos: PhotoStore, eventId: number, now = new Date()): Promise<TransferFile | null> {
  const read = new Map<TableName, Row[]>();
  for (const table of tables) {
    read.set(table.name, await readTable(db, table, eventId, read));
    if (table.name === 'Event' && read.get('Event')!.length === 0) return null;
  }
  const event = read.get('Event')![0]!;

  // Every account a row names; the event's judges' with their PIN's hash.
  const accountIds = new Set<number>();
  for (const table of tables) {
    const refs = Object.entries(table.columns).filter(([, c]) => isReference(c) && c.to === 'Account').map(([name]) => name);
    for (const row of read.get(table.name)!) for (const name of refs) if (typeof row[name] === 'number') accountIds.add(row[name] as number);
  }
  const judgeAccounts = new Set(read.get('EventJudge')!.map((j) => j.accountId as number));
  const accounts = (await byKeys([...accountIds].sort((a, b) => a - b), 500, (chunk) =>
    db.account.findMany({ where: { id: { in: chunk } }, select: { id: true, username: true, displayName: true, role: true, disabledAt: true, passwordHash: true } })))
    .map((a) => ({ ...a, passwordHash: judgeAccounts.has(a.id) ? a.passwordHash : null }));

  const entries: AsyncZippable = {};
  const files: ManifestFile[] = [];
  const add = (name: string, bytes: Uint8Array, rows?: number) => {
    entries[name] = [bytes, { mtime: FILE_TIME }];
    files.push({ name, bytes: bytes.length, sha256: sha256(bytes), ...(rows === undefined ? {} : { rows }) });
  };
  add(tableFile('Account'), tableBytes(Object.keys(accountColumns), await rowLines(Object.keys(accountColumns), accounts)), accounts.length);
  let rows = accounts.length;
  for (const table of tables) {
    const list = read.get(table.name)!;
    add(tableFile(table.name), tableBytes(Object.keys(table.columns), await rowLines(Object.keys(table.columns), list)), list.length);
    rows += list.length;
  }
  for (const contestant of read.get('Contestant')!) {
    const name = contestant.photoPath as string | null;
    if (!name) continue;
    const bytes = await photos.read(name);
    // A photo whose file is gone travels as no photo (the contestant's page offers an upload).
    if (bytes) add(photoFile(name), bytes);
  }

  const manifest: Manifest = {
    format: TRANSFER_FORMAT,
    exportedAt: now.toISOString(),
    source: { provider: dialectOf(db), eventId, name: event.name as string, status: event.status as string },
    files,
  };
  entries[MANIFEST] = [Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'), { mtime: FILE_TIME }];
  // fflate's asynchronous zip deflates in worker threads: a big event's files do not hold the event loop.
  const bytes = await new Promise<Uint8Array>((resolve, reject) => {
    zip(entries, { level: 6 }, (error, data) => (error ? reject(error) : resolve(data)));
  });
  const day = now.toISOString().slice(0, 10);
  return { filename: `${event.name as string}-赛事迁移-${day}.zip`, bytes, sha256: sha256(bytes), rows };
}

/**
 * Where contestants' photos (for admission tickets) are kept, each under a random name that
 * Contestant.photoPath holds: files under DATA_DIR/photos with SQLite (one server, one folder;
 * the database snapshots stay small), rows of the Photo table with PostgreSQL, so that every
 * app node serves what any node stored.
 */
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/client.ts';
import { dialectOf } from '../db/native.ts';

export interface PhotoStore {
  read(name: string): Promise<Uint8Array | null>;
  write(name: string, bytes: Uint8Array): Promise<void>;
  remove(name: string): Promise<void>;
  /** Every stored name, with when it was written (ms since the epoch). */
  list(): Promise<{ name: string; writtenAt: number }[]>;
}

export function photoFiles(dataDir: string): PhotoStore {
  const dir = path.join(dataDir, 'photos');
  // basename: a name is never a path, whatever a row says.
  const file = (name: string) => path.join(dir, path.basename(name));
  return {
    read: (name) => readFile(file(name)).then((b) => new Uint8Array(b), () => null),
    async write(name, bytes) {
      await mkdir(dir, { recursive: true });
      await writeFile(file(name), bytes);
    },
    remove: (name) => rm(file(name), { force: true }),
    async list() {
      const names = await readdir(dir).catch(() => [] as string[]);
      const found = await Promise.all(names.map(async (name) => {
        const info = await stat(path.join(dir, name)).catch(() => null);
        return info?.isFile() ? { name, writtenAt: info.mtimeMs } : null;
      }));
      return found.filter((f) => f !== null);
    },
  };
}

/** On PostgreSQL: `db` may be a transaction's client, whose rows go with it. */
export function photoRows(db: Pick<Db, 'photo'>): PhotoStore {
  return {
    read: async (name) => (await db.photo.findUnique({ where: { name }, select: { bytes: true } }))?.bytes ?? null,
    async write(name, bytes) {
      await db.photo.upsert({ where: { name }, create: { name, bytes: bytes as Uint8Array<ArrayBuffer> }, update: { bytes: bytes as Uint8Array<ArrayBuffer> } });
    },
    async remove(name) {
      await db.photo.deleteMany({ where: { name } });
    },
    list: async () => (await db.photo.findMany({ select: { name: true, createdAt: true } })).map((p) => ({ name: p.name, writtenAt: p.createdAt.getTime() })),
  };
}

/** The photo store of this database. */
export const photoStoreOf = (db: Db, dataDir: string): PhotoStore => (dialectOf(db) === 'postgresql' ? photoRows(db) : photoFiles(dataDir));

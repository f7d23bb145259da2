/**
 * Where contestants' photos (for admission tickets) are kept: files under DATA_DIR/photos, each
 * under a random name that Contestant.photoPath holds.
 */
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

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

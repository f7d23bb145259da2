import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Hono, type Context } from 'hono';
import { registrationStaff } from '../auth/guards.ts';
import { detectPhotoType, MAX_PHOTO_BYTES } from '../domain/image-type.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam } from '../http/ids.ts';
import { renderError, seeOther } from '../http/render.tsx';

/**
 * Contestants' photos (for admission tickets), stored as files under DATA_DIR/photos with
 * a random name, and served to organizers only: a face is personal data.
 */
export const photoRoutes = new Hono<AppEnv>();

const photoDir = <E extends AppEnv>(c: Context<E>) => path.join(c.get('config').dataDir, 'photos');

/** Files this young are left alone: an upload writes its file a moment before the row names it. */
const SWEEP_GRACE_MS = 5 * 60_000;

/**
 * Removes the photo files no contestant names any more (deleted contestants, a deleted event):
 * a face is personal data and goes with the registration. Called after deletions.
 */
export async function sweepPhotos<E extends AppEnv>(c: Context<E>, now = Date.now()): Promise<number> {
  const dir = photoDir(c);
  const files = await readdir(dir).catch(() => [] as string[]);
  if (files.length === 0) return 0;
  const named = new Set((await c.get('db').contestant.findMany({ where: { photoPath: { not: null } }, select: { photoPath: true } })).map((p: { photoPath: string | null }) => path.basename(p.photoPath!)));
  let removed = 0;
  for (const file of files) {
    if (named.has(file)) continue;
    const info = await stat(path.join(dir, file)).catch(() => null);
    if (!info?.isFile() || now - info.mtimeMs < SWEEP_GRACE_MS) continue;
    await rm(path.join(dir, file), { force: true });
    removed++;
  }
  return removed;
}
const MIME = { jpg: 'image/jpeg', png: 'image/png' } as const;

photoRoutes.get('/contestants/:id/photo', registrationStaff, async (c) => {
  const contestant = await c.get('db').contestant.findUnique({ where: { id: idParam(c) } });
  if (!contestant?.photoPath) return renderError(c, 404, 'notFound');
  const file = path.join(photoDir(c), path.basename(contestant.photoPath));
  const bytes = await readFile(file).catch(() => null);
  if (!bytes) return renderError(c, 404, 'notFound');
  c.header('Content-Type', MIME[contestant.photoPath.endsWith('.png') ? 'png' : 'jpg']);
  c.header('Cache-Control', 'private, no-store');
  return c.body(new Uint8Array(bytes));
});

photoRoutes.post('/contestants/:id/photo', registrationStaff, async (c) => {
  const contestant = await c.get('db').contestant.findUnique({ where: { id: idParam(c) } });
  if (!contestant) return renderError(c, 404, 'notFound');
  const file = (await c.req.parseBody()).photo;
  const back = `/contestants/${contestant.id}/edit`;
  if (!(file instanceof File) || file.size === 0) return seeOther(c, `${back}?photo=missing`);
  if (file.size > MAX_PHOTO_BYTES) return seeOther(c, `${back}?photo=tooLarge`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = detectPhotoType(bytes);
  if (!type) return seeOther(c, `${back}?photo=type`);
  await mkdir(photoDir(c), { recursive: true });
  // A fresh name each time: no stale copy in a browser cache, and the old file goes only after the switch.
  const name = `${contestant.id}-${randomBytes(8).toString('hex')}.${type.extension}`;
  await writeFile(path.join(photoDir(c), name), bytes);
  await c.get('db').contestant.update({ where: { id: contestant.id }, data: { photoPath: name } });
  if (contestant.photoPath) await rm(path.join(photoDir(c), path.basename(contestant.photoPath)), { force: true });
  return seeOther(c, `${back}?photo=saved`);
});

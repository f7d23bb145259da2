import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Hono, type Context } from 'hono';
import { registrationStaff } from '../auth/guards.ts';
import { detectPhotoType, MAX_PHOTO_BYTES } from '../domain/image-type.ts';
import type { AppEnv } from '../http/env.ts';
import { idParam } from '../http/ids.ts';
import { renderError, seeOther } from '../http/render.tsx';
import { photoStoreOf, type PhotoStore } from './photo-store.ts';

/**
 * Contestants' photos (for admission tickets), stored as files under DATA_DIR/photos with
 * a random name, and served to organizers only: a face is personal data.
 */
export const photoRoutes = new Hono<AppEnv>();

export const photoStore = <E extends AppEnv>(c: Context<E>): PhotoStore => photoStoreOf(c.get('db'), c.get('config').dataDir);

/** Files this young are left alone: an upload writes its file a moment before the row names it. */
const SWEEP_GRACE_MS = 5 * 60_000;

/**
 * Removes the photo files no contestant names any more (deleted contestants, a deleted event):
 * a face is personal data and goes with the registration. Called after deletions.
 */
export async function sweepPhotos<E extends AppEnv>(c: Context<E>, now = Date.now()): Promise<number> {
  const store = photoStore(c);
  const files = await store.list();
  if (files.length === 0) return 0;
  const named = new Set((await c.get('db').contestant.findMany({ where: { photoPath: { not: null } }, select: { photoPath: true } })).map((p: { photoPath: string | null }) => path.basename(p.photoPath!)));
  let removed = 0;
  for (const file of files) {
    if (named.has(file.name) || now - file.writtenAt < SWEEP_GRACE_MS) continue;
    await store.remove(file.name);
    removed++;
  }
  return removed;
}
const MIME = { jpg: 'image/jpeg', png: 'image/png' } as const;

photoRoutes.get('/contestants/:id/photo', registrationStaff, async (c) => {
  const contestant = await c.get('db').contestant.findUnique({ where: { id: idParam(c) } });
  if (!contestant?.photoPath) return renderError(c, 404, 'notFound');
  const bytes = await photoStore(c).read(contestant.photoPath);
  if (!bytes) return renderError(c, 404, 'notFound');
  c.header('Content-Type', MIME[contestant.photoPath.endsWith('.png') ? 'png' : 'jpg']);
  c.header('Cache-Control', 'private, no-store');
  return c.body(bytes as Uint8Array<ArrayBuffer>);
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
  // A fresh name each time: no stale copy in a browser cache, and the old file goes only after the switch.
  const name = `${contestant.id}-${randomBytes(8).toString('hex')}.${type.extension}`;
  await photoStore(c).write(name, bytes);
  await c.get('db').contestant.update({ where: { id: contestant.id }, data: { photoPath: name } });
  if (contestant.photoPath) await photoStore(c).remove(contestant.photoPath);
  return seeOther(c, `${back}?photo=saved`);
});

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Hono, type Context } from 'hono';
import { organizer } from '../auth/guards.ts';
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
const MIME = { jpg: 'image/jpeg', png: 'image/png' } as const;

photoRoutes.get('/contestants/:id/photo', organizer, async (c) => {
  const contestant = await c.get('db').contestant.findUnique({ where: { id: idParam(c) } });
  if (!contestant?.photoPath) return renderError(c, 404, 'notFound');
  const file = path.join(photoDir(c), path.basename(contestant.photoPath));
  const bytes = await readFile(file).catch(() => null);
  if (!bytes) return renderError(c, 404, 'notFound');
  c.header('Content-Type', MIME[contestant.photoPath.endsWith('.png') ? 'png' : 'jpg']);
  c.header('Cache-Control', 'private, no-store');
  return c.body(new Uint8Array(bytes));
});

photoRoutes.post('/contestants/:id/photo', organizer, async (c) => {
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

/**
 * The picture formats accepted for contestant photos, told by their first bytes rather than
 * by the file name or the browser's claim, so a renamed file cannot pass for a photo.
 */
export type PhotoType = { mime: 'image/jpeg'; extension: 'jpg' } | { mime: 'image/png'; extension: 'png' };

export function detectPhotoType(bytes: Uint8Array): PhotoType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { mime: 'image/jpeg', extension: 'jpg' };
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= png.length && png.every((b, i) => bytes[i] === b)) return { mime: 'image/png', extension: 'png' };
  return null;
}

export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;

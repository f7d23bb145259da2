import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { detectPhotoType } from '../../src/domain/image-type.ts';

test('JPEG and PNG are recognised by their first bytes', () => {
  assert.equal(detectPhotoType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), { mime: 'image/jpeg', extension: 'jpg' });
  assert.equal(detectPhotoType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])), { mime: 'image/png', extension: 'png' });
});

test('anything else is refused, whatever its name', () => {
  assert.is(detectPhotoType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')), null);
  assert.is(detectPhotoType(new TextEncoder().encode('GIF89a')), null);
  assert.is(detectPhotoType(new Uint8Array([0xff, 0xd8])), null, 'too short to be a JPEG');
  assert.is(detectPhotoType(new Uint8Array([])), null);
});

test.run();

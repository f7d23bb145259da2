import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { certificateNumber } from '../../src/domain/certificate-number.ts';

test('year, skill number, serial; a later version says so', () => {
  const issued = new Date(2026, 10, 20, 15, 0);
  assert.is(certificateNumber({ issued, skillNumber: 3, serial: 7, version: 1 }), '2026-03-007');
  assert.is(certificateNumber({ issued, skillNumber: 12, serial: 120, version: 1 }), '2026-12-120');
  assert.is(certificateNumber({ issued, skillNumber: 3, serial: 7, version: 2 }), '2026-03-007-2');
  assert.is(certificateNumber({ issued, skillNumber: 1, serial: 1234, version: 1 }), '2026-01-1234', 'past 999 the serial grows');
});

test.run();

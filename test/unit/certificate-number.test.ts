import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { certificateNumber, formatVerificationCode, maskName, normaliseVerificationCode } from '../../src/domain/certificate-number.ts';

test('year, skill number, serial; a later version says so', () => {
  const issued = new Date(2026, 10, 20, 15, 0);
  assert.is(certificateNumber({ issued, skillNumber: 3, serial: 7, version: 1 }), '2026-03-007');
  assert.is(certificateNumber({ issued, skillNumber: 12, serial: 120, version: 1 }), '2026-12-120');
  assert.is(certificateNumber({ issued, skillNumber: 3, serial: 7, version: 2 }), '2026-03-007-2');
  assert.is(certificateNumber({ issued, skillNumber: 1, serial: 1234, version: 1 }), '2026-01-1234', 'past 999 the serial grows');
});

test('a verification code as typed from paper: case and separators forgiven, nothing else', () => {
  for (const typed of ['7K3M9-QP2XA', '7k3m9qp2xa', ' 7K3M9 QP2XA ', '7K3M9－QP2XA', '7K3M9.QP2XA']) assert.is(normaliseVerificationCode(typed), '7K3M9QP2XA', typed);
  for (const typed of ['', '7K3M9-QP2X', '7K3M9-QP2XAB', '0K3M9-QP2XA', '7K3M9-QP2XI', '7K3M9-QP2X1', '7K3M9/QP2XA', '７K3M9QP2XA', 'x'.repeat(1000), "7K3M9' OR 1=1"]) {
    assert.is(normaliseVerificationCode(typed), null, typed);
  }
  assert.is(formatVerificationCode('7K3M9QP2XA'), '7K3M9-QP2XA');
});

test('names on the public verification page are masked', () => {
  assert.is(maskName('张伟'), '张*');
  assert.is(maskName('王小明'), '王*明');
  assert.is(maskName('欧阳娜娜'), '欧**娜');
  assert.is(maskName('阿卜杜·热合曼'), '阿*****曼');
  assert.is(maskName(' 李 '), '李*');
  assert.is(maskName('Zhang Wei'), 'Z**** W**');
  assert.is(maskName('Li'), 'L*');
  assert.is(maskName('A'), 'A*', 'a single letter still hides something');
});

test.run();

import { Hono } from 'hono';
import { anyone } from '../auth/guards.ts';
import { normaliseVerificationCode } from '../domain/certificate-number.ts';
import type { AppEnv } from '../http/env.ts';
import { pageContext } from '../http/render.tsx';
import { VerifyPage } from '../../views/pages/verify.tsx';
import { checkCertificate } from './queries.ts';

/**
 * Certificate verification (证书查验), public: the QR code on a certificate opens /verify/<code>;
 * the short code typed on /verify does the same. A code no certificate has (forged, or mistyped)
 * says so; a certificate of a superseded publication says so, with what the version in force awards.
 */
export const certificateRoutes = new Hono<AppEnv>();

certificateRoutes.get('/verify', anyone, (c) => {
  const typed = (c.req.query('code') ?? '').slice(0, 40);
  if (typed === '') return c.html(<VerifyPage page={pageContext(c)} typed="" />);
  const code = normaliseVerificationCode(typed);
  if (code) return c.redirect(`/verify/${code}`, 303);
  return c.html(<VerifyPage page={pageContext(c)} typed={typed} error={c.get('t')('verify.code.invalid')} />, 422);
});

certificateRoutes.get('/verify/:code', anyone, async (c) => {
  const typed = c.req.param('code');
  const code = normaliseVerificationCode(typed);
  // A state that changes when a correction is published: never kept by a cache.
  c.header('Cache-Control', 'no-store');
  if (!code) return c.html(<VerifyPage page={pageContext(c)} typed={typed.slice(0, 40)} error={c.get('t')('verify.code.invalid')} />, 404);
  if (code !== typed) return c.redirect(`/verify/${code}`, 301);
  const check = await checkCertificate(c.get('db'), code);
  return c.html(<VerifyPage page={pageContext(c)} typed="" code={code} check={check} />, check ? 200 : 404);
});

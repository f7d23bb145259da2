import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { apiRoutes } from './api/index.ts';
import { accountRoutes } from './account/routes.tsx';
import { staffRoutes } from './staff/routes.tsx';
import { eventStaffRoutes } from './event-staff/routes.tsx';
import { federationRoutes } from './federations/routes.tsx';
import { certificateRoutes } from './certificates/routes.tsx';
import { poolRoutes } from './pool/routes.tsx';
import { figureRoutes } from './figures/routes.tsx';
import { apiTokenRoutes } from './api-tokens/routes.tsx';
import { archiveRoutes } from './archive/routes.tsx';
import { attachBackups } from './backups/index.ts';
import { backupRoutes } from './backups/routes.tsx';
import { Snapshots, snapshotSettings } from './backups/snapshots.ts';
import { loadAccount, sessionCookieName, sessionToken } from './auth/middleware.ts';
import { limiterFactoryFor, LoginThrottle } from './auth/login-throttle.ts';
import { authRoutes } from './auth/routes.tsx';
import type { AppConfig } from './config.ts';
import type { Db } from './db/client.ts';
import { storageFailure } from './db/errors.ts';
import { isPostgresqlUrl } from './db/location.ts';
import { RestoreGate } from './backups/gate.tsx';
import { eventRoutes } from './events/routes.tsx';
import { schemeFileRoutes } from './events/scheme-import.tsx';
import { checkInRoutes } from './checkin/routes.tsx';
import { drawRoutes } from './draw/routes.tsx';
import { importRoutes } from './registration/import.tsx';
import { scoreRoutes } from './scores/routes.tsx';
import { registrationRoutes } from './registration/routes.tsx';
import { delegationHeaders, delegationRoutes } from './registration/delegation.tsx';
import { printRoutes } from './registration/printables.tsx';
import { photoRoutes } from './registration/photos.tsx';
import { healthRoutes } from './health/routes.ts';
import { judgeRoutes } from './judging/routes.tsx';
import { judgeAdminRoutes } from './judges/routes.tsx';
import { homeRoutes } from './home/routes.tsx';
import { deskRoutes } from './desk/routes.tsx';
import { judgeTokenRoutes } from './desk/judge-token.tsx';
import { appealRoutes } from './results/appeal-routes.tsx';
import { resultRoutes } from './results/routes.tsx';
import { resultExportRoutes } from './results/exports.tsx';
import { displayRoutes } from './public/display.tsx';
import { publicRoutes } from './public/routes.tsx';
import { limitBody } from './http/body-limit.ts';
import { TRANSFER_IMPORT_PATH, transferRoutes } from './transfer/routes.tsx';
import { csrfProtection } from './http/csrf.ts';
import { replayCache } from './http/replay.ts';
import type { AppEnv } from './http/env.ts';
import { NoSuchId } from './http/ids.ts';
import { renderError, renderUnavailable } from './http/render.tsx';
import { MalformedFormError } from './http/validation.ts';
import { staticRoutes } from './http/static.ts';
import { languageMiddleware, localeOf, translator } from './i18n/index.ts';
import { StreamSlots } from './live/stream-slots.ts';

export interface AppDependencies {
  db: Db;
  config: AppConfig;
  loginThrottle?: LoginThrottle;
  streams?: StreamSlots;
  /** Tests mount the features shuffled, to prove that their order decides nothing. */
  featureOrder?: (list: typeof features) => typeof features;
}

/**
 * Every feature's routes. Each route states its own guard (src/auth/guards.ts) and each
 * feature's middleware covers its own paths only, so this order decides nothing.
 */
export const features: Hono<AppEnv, any, '/'>[] = [
  healthRoutes,
  // Public results and the big screen: no sign-in, published snapshots only.
  publicRoutes,
  displayRoutes,
  authRoutes,
  homeRoutes,
  deskRoutes,
  resultExportRoutes,
  eventRoutes,
  schemeFileRoutes,
  registrationRoutes,
  delegationRoutes,
  printRoutes,
  photoRoutes,
  importRoutes,
  checkInRoutes,
  scoreRoutes,
  drawRoutes,
  resultRoutes,
  appealRoutes,
  judgeAdminRoutes,
  judgeRoutes,
  judgeTokenRoutes,
  apiTokenRoutes,
  accountRoutes,
  staffRoutes,
  eventStaffRoutes,
  federationRoutes,
  certificateRoutes,
  poolRoutes,
  figureRoutes,
  backupRoutes,
  archiveRoutes,
  transferRoutes,
  apiRoutes,
];

const FORM_BODY_LIMIT = 1024 * 1024;
/** Spreadsheet and photo uploads (2 MB files) plus multipart overhead. */
const UPLOAD_BODY_LIMIT = 3 * 1024 * 1024;
const isUpload = (path: string) => path.endsWith('/import') || path.endsWith('/photo');
/** An event's transfer file (src/transfer/): a big event with its contestants' photos. */
const TRANSFER_BODY_LIMIT = 256 * 1024 * 1024;

export function createApp({ db, config, loginThrottle = new LoginThrottle(undefined, limiterFactoryFor(db)), streams = new StreamSlots(), featureOrder = (list) => list }: AppDependencies) {
  const app = new Hono<AppEnv>();
  // Snapshots copy the SQLite file; PostgreSQL's backups are the database server's (README).
  const backups = isPostgresqlUrl(config.database) ? null : attachBackups(db, new Snapshots(snapshotSettings(config)));
  const gate = backups?.gate ?? new RestoreGate();

  // Before everything: public answers replayed as they were sent, security headers included
  // (only these paths offer any: see sendCached).
  const replay = replayCache({ db, sessionCookie: sessionCookieName(config.secureCookies), paused: () => gate.closed });
  app.use('/public/*', replay);
  app.use('/api/v1/public/*', replay);
  // Outside secureHeaders: the private-link pages replace its Referrer-Policy with no-referrer.
  app.use('/d/*', delegationHeaders);
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: 'same-origin',
      // Judges' tablets may reach the app over plain HTTP on a venue LAN; HSTS would lock them out.
      strictTransportSecurity: config.secureCookies ? 'max-age=15552000' : false,
    }),
  );
  app.route('/', staticRoutes);

  app.use(async (c, next) => {
    c.set('db', db);
    c.set('config', config);
    c.set('loginThrottle', loginThrottle);
    c.set('streams', streams);
    c.set('account', null);
    c.set('csrfToken', () => '');
    await next();
  });
  app.use(languageMiddleware({ secureCookies: config.secureCookies }));
  app.use(async (c, next) => {
    const locale = localeOf(c.get('language'));
    c.set('locale', locale);
    c.set('t', translator(locale));
    c.header('Content-Language', locale);
    c.header('Vary', 'Accept-Language, Cookie');
    await next();
  });
  // While a backup is being restored into the live database, nothing else runs.
  app.use(gate.middleware);
  const formLimit = limitBody(FORM_BODY_LIMIT, (c) => renderError(c, 413, 'tooLarge'));
  const uploadLimit = limitBody(UPLOAD_BODY_LIMIT, (c) => renderError(c, 413, 'tooLarge'));
  const transferLimit = limitBody(TRANSFER_BODY_LIMIT, (c) => renderError(c, 413, 'tooLarge'));
  const limitOf = (path: string) => (path === TRANSFER_IMPORT_PATH ? transferLimit : isUpload(path) ? uploadLimit : formLimit);
  // Nothing reads the body of a GET or HEAD; asking for it would make node-server build a full Request per page view.
  app.use((c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitOf(c.req.path)(c, next)));
  // The account first: the CSRF token is bound to the session.
  app.use(loadAccount);
  app.use(
    csrfProtection({
      secureCookies: config.secureCookies,
      exempt: (path) => path.startsWith('/api/'),
      session: (c) => ({ token: sessionToken(c), live: c.get('account') !== null }),
      onReject: (c) => renderError(c, 403, 'csrf'),
    }),
  );

  for (const routes of featureOrder(features)) app.route('/', routes);

  app.notFound((c) => renderError(c, 404, 'notFound'));
  app.onError((error, c) => {
    if (error instanceof NoSuchId) return renderError(c, 404, 'notFound');
    if (error instanceof HTTPException && error.status < 500) return error.getResponse();
    if (error instanceof MalformedFormError) return renderError(c, 400, 'badForm');
    if (!c.get('t')) c.set('t', translator(localeOf(undefined)));
    const failure = storageFailure(error);
    if (failure) {
      console.error(`${c.req.method} ${c.req.path}: database unavailable (${failure.code})`);
      return renderUnavailable(c, failure);
    }
    // The reference ties what the user sees to the log line, without showing internals.
    const ref = randomUUID().slice(0, 8);
    console.error(`[${ref}] ${c.req.method} ${c.req.path}`, error);
    return renderError(c, 500, 'server', { ref });
  });
  return app;
}

export type App = ReturnType<typeof createApp>;

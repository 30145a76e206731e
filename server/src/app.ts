/** The Hono app: feature sub-apps under /api, one error handler, and the built PWA for everything else. */
import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, appErrorStatus, type AppErrorCode } from '../../shared/src/errors.js';
import { absoluteSessionTimeout, clientIp, membershipMiddleware, originCheck, sessionMiddleware } from './auth/middleware.js';
import { signInLimiter } from './auth/sign-in-limiter.js';
import { invitationRoutes, teamRoutes } from './features/team/routes.js';
import type { AppEnv, Deps } from './env.js';
import { clinicRoutes } from './features/clinics/routes.js';
import { meRoutes } from './features/me/routes.js';
import { syncRoutes } from './sync/routes.js';

export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>();

  app.use('/api/*', clientIp(), originCheck(deps), absoluteSessionTimeout(deps));
  app.use('/api/auth/sign-in/email', signInLimiter(deps));
  app.on(['GET', 'POST'], '/api/auth/*', (c) => deps.auth.handler(c.req.raw));
  app.use('/api/*', sessionMiddleware(deps));
  app.route('/api/me', meRoutes(deps));
  app.route('/api/invitations', invitationRoutes(deps));
  app.use('/api/clinics/:clinicId/*', membershipMiddleware(deps));
  app.route('/api/clinics/:clinicId/sync', syncRoutes(deps));
  app.route('/api/clinics/:clinicId/team', teamRoutes(deps));
  app.route('/api/clinics', clinicRoutes(deps));
  app.all('/api/*', () => {
    throw new AppError('not_found', 'No such endpoint');
  });

  if (deps.config.clientDir && fs.existsSync(deps.config.clientDir)) mountClient(app, deps.config.clientDir);

  app.onError((error, c) => {
    if (error instanceof AppError) return c.json(error.toBody(), appErrorStatus(error.code));
    if (error instanceof HTTPException && error.status < 500) {
      const code: AppErrorCode = error.status === 413 ? 'payload_too_large' : 'bad_request';
      return c.json(new AppError(code, error.message || 'Malformed request').toBody(), appErrorStatus(code));
    }
    console.error('Unhandled error', error);
    return c.json(new AppError('internal', 'Something went wrong on the server').toBody(), 500);
  });

  return app;
}

/** Serves the built PWA: hashed assets cached for a year, the shell and service worker always revalidated. */
function mountClient(app: Hono<AppEnv>, clientDir: string) {
  const root = path.relative(process.cwd(), clientDir);
  const indexHtml = fs.readFileSync(path.join(clientDir, 'index.html'), 'utf8');
  app.use('/assets/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  app.use('*', serveStatic({ root, onFound: (filePath, c) => {
    if (!filePath.includes(`${path.sep}assets${path.sep}`)) c.header('Cache-Control', 'no-cache');
  } }));
  app.get('*', (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.html(indexHtml);
  });
}

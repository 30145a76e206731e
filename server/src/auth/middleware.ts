/** Session → user → clinic membership, for every API route; the Origin check against CSRF; the client's IP. */
import { getConnInfo } from '@hono/node-server/conninfo';
import { and, eq } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../../shared/src/errors.js';
import { schema } from '../db/client.js';
import type { AppEnv, Deps, SessionUser } from '../env.js';
import { CLIENT_IP_HEADER } from './auth.js';
import { wasRemovedFromClinic } from './sessions.js';

/**
 * Ends a session older than the absolute timeout before anything reads it, better-auth's own routes included
 * (so an expired session cannot change the password and get a fresh one).
 */
export function absoluteSessionTimeout({ auth, db, config }: Deps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.header('cookie')?.includes('session_token')) {
      const session = await auth.api.getSession({ headers: c.req.raw.headers, query: { disableRefresh: true } });
      if (session && Date.now() - new Date(session.session.createdAt).getTime() > config.sessionAbsoluteMs) {
        db.delete(schema.session).where(eq(schema.session.id, session.session.id)).run();
      }
    }
    await next();
  });
}

/**
 * Puts the signed-in user (or null) on `c.var.user`. When better-auth slides the session's expiry it re-issues the
 * cookie; that Set-Cookie is forwarded. Cookie-clearing headers for an unknown session are not: a device removed
 * from a clinic must keep presenting its old token, so every request it makes is told `access_revoked`.
 */
export function sessionMiddleware({ auth }: Deps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const { headers, response: session } = await auth.api.getSession({ headers: c.req.raw.headers, returnHeaders: true });
    if (session) for (const cookie of headers.getSetCookie()) c.header('Set-Cookie', cookie, { append: true });
    c.set('user', session ? { id: session.user.id, email: session.user.email, name: session.user.name } : null);
    await next();
  });
}

/** The signed-in user; throws AppError `unauthenticated` (401) when there is none. */
export function requireUser(user: SessionUser | null): SessionUser {
  if (!user) throw new AppError('unauthenticated', 'Sign in to continue');
  return user;
}

/**
 * Requires membership of the clinic named by the `:clinicId` path parameter and puts it on `c.var.member`.
 * Not a member answers 404 exactly like a clinic that does not exist (DESIGN.md), so existence never leaks.
 * A device whose session was ended by removal from this clinic is told so (403 access_revoked), so it can wipe
 * the clinic's local data instead of asking to sign in.
 */
export function membershipMiddleware({ db }: Deps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const clinicId = c.req.param('clinicId') ?? '';
    if (!c.var.user && wasRemovedFromClinic(db, c.req.header('cookie'), clinicId)) {
      throw new AppError('access_revoked', 'You no longer have access to this clinic');
    }
    const user = requireUser(c.var.user);
    const member = db
      .select({ role: schema.clinicMembers.role })
      .from(schema.clinicMembers)
      .where(and(eq(schema.clinicMembers.clinicId, clinicId), eq(schema.clinicMembers.userId, user.id)))
      .get();
    if (!member) throw new AppError('not_found', 'No such clinic');
    c.set('member', { clinicId, userId: user.id, role: member.role });
    await next();
  });
}

/**
 * CSRF defence for state-changing requests: a browser always sends `Origin` on them, and it must be ours.
 * Requests without `Origin` come from non-browser clients, which carry no ambient cookies to abuse.
 * (hono's csrf() checks only form content types; our API is JSON.)
 */
export function originCheck({ config }: Deps) {
  const allowed = new Set([new URL(config.publicUrl).origin]);
  return createMiddleware<AppEnv>(async (c, next) => {
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
      const origin = c.req.header('origin');
      if (origin !== undefined && !allowed.has(origin)) throw new AppError('forbidden', 'Cross-site request refused');
    }
    await next();
  });
}

/** Stamps the TCP peer's address on the request (overwriting anything the client sent) for per-IP rate limits. */
export function clientIp() {
  return createMiddleware<AppEnv>(async (c, next) => {
    let address = 'unknown';
    try {
      address = getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      // app.request() in tests has no socket.
    }
    c.req.raw.headers.set(CLIENT_IP_HEADER, address);
    await next();
  });
}

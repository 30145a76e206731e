/** Session → user → clinic membership, for every API route; and the Origin check against CSRF. */
import { and, eq } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../../shared/src/errors.js';
import { schema } from '../db/client.js';
import type { AppEnv, Deps, SessionUser } from '../env.js';

/**
 * Puts the signed-in user (or null) on `c.var.user`. When better-auth slides the session's expiry it also
 * re-issues the cookie; that Set-Cookie is forwarded so the browser's cookie slides too.
 */
export function sessionMiddleware({ auth }: Deps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const { headers, response: session } = await auth.api.getSession({ headers: c.req.raw.headers, returnHeaders: true });
    for (const cookie of headers.getSetCookie()) c.header('Set-Cookie', cookie, { append: true });
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
 */
export function membershipMiddleware({ db }: Deps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const user = requireUser(c.var.user);
    const clinicId = c.req.param('clinicId') ?? '';
    const member = db
      .select({ role: schema.clinicMembers.role })
      .from(schema.clinicMembers)
      .where(and(eq(schema.clinicMembers.clinicId, clinicId), eq(schema.clinicMembers.userId, user.id)))
      .get();
    if (!member) throw new AppError('not_found', 'No such clinic');
    c.set('member', { clinicId, role: member.role });
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

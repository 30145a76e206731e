/**
 * Per-account sign-in limit (ASVS 6.3.1): after N failed sign-ins for one email within 15 minutes, further attempts
 * are refused until the window ends, whichever address they come from. Counters live in SQLite, surviving restarts.
 * (better-auth limits per IP and path only.)
 */
import { eq } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../../shared/src/errors.js';
import { schema } from '../db/client.js';
import type { AppEnv, Deps } from '../env.js';

const WINDOW_MS = 15 * 60 * 1000;

/** Wraps `POST /api/auth/sign-in/email`: refuses a locked account (429), counts failures, clears on success. */
export function signInLimiter({ db, config }: Deps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const limit = config.rateLimits?.perAccountPer15Min;
    if (!limit || c.req.method !== 'POST') return next();
    const body = (await c.req.raw.clone().json().catch(() => ({}))) as { email?: unknown };
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
    if (!email) return next();
    const now = Date.now();
    const row = db.select().from(schema.signInFailures).where(eq(schema.signInFailures.email, email)).get();
    const isCurrent = row !== undefined && now - row.windowStart.getTime() < WINDOW_MS;
    if (isCurrent && row.count >= limit) {
      c.header('Retry-After', String(Math.ceil((row.windowStart.getTime() + WINDOW_MS - now) / 1000)));
      throw new AppError('rate_limited', 'Too many failed sign-ins for this account; try again later');
    }
    await next();
    if (c.res.status === 401) {
      db.insert(schema.signInFailures)
        .values({ email, count: 1, windowStart: new Date(now) })
        .onConflictDoUpdate({
          target: schema.signInFailures.email,
          set: isCurrent ? { count: row.count + 1 } : { count: 1, windowStart: new Date(now) },
        })
        .run();
    } else if (c.res.ok && row) {
      db.delete(schema.signInFailures).where(eq(schema.signInFailures.email, email)).run();
    }
  });
}

/**
 * Ending a removed member's sessions, and recognising their devices afterwards: the session tokens are remembered
 * (hashed) per clinic, so the device's next request learns "access revoked" rather than just "sign in".
 */
import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { schema } from '../db/client.js';
import type { Transaction } from '../sync/registry.js';

/** SHA-256 (hex) of a secret token; only hashes are stored. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** The session token in a Cookie header (better-auth's `[__Secure-]better-auth.session_token=<token>.<signature>`). */
export function sessionTokenFromCookie(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  const match = /(?:^|;\s*)(?:__Secure-)?better-auth\.session_token=([^;]+)/.exec(cookieHeader);
  if (!match) return null;
  return decodeURIComponent(match[1]!).split('.')[0] ?? null;
}

/** Ends every session of `userId` (all devices) and remembers them as revoked for `clinicId`. Inside a transaction. */
export function endSessionsForRemoval(tx: Transaction, clinicId: string, userId: string): void {
  const sessions = tx.select({ token: schema.session.token }).from(schema.session).where(eq(schema.session.userId, userId)).all();
  const now = new Date();
  for (const { token } of sessions) {
    tx.insert(schema.revokedSessions).values({ tokenHash: hashToken(token), clinicId, userId, revokedAt: now }).run();
  }
  tx.delete(schema.session).where(eq(schema.session.userId, userId)).run();
}

/** Whether the request's (now unknown) session token was ended by removal from `clinicId`. */
export function wasRemovedFromClinic(db: Db, cookieHeader: string | undefined, clinicId: string): boolean {
  const token = sessionTokenFromCookie(cookieHeader);
  if (!token) return false;
  const row = db
    .select({ userId: schema.revokedSessions.userId })
    .from(schema.revokedSessions)
    .where(and(eq(schema.revokedSessions.tokenHash, hashToken(token)), eq(schema.revokedSessions.clinicId, clinicId)))
    .get();
  return row !== undefined;
}

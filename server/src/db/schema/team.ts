/**
 * Invitations to a clinic, sessions revoked by removing a member (so the removed device learns why), and the
 * counters behind sign-in rate limits (kept in the database so a restart does not reset them).
 */
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { clinics } from './clinics.js';

export const invitations = sqliteTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    clinicId: text('clinic_id')
      .notNull()
      .references(() => clinics.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role', { enum: ['owner', 'admin', 'doctor', 'receptionist', 'marketer'] }).notNull(),
    /** SHA-256 of the link's token; the token itself is only in the email. */
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: text('invited_by').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    acceptedAt: integer('accepted_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('invitations_clinic_idx').on(t.clinicId)],
);

/** Session tokens ended by removal from a clinic: a request still carrying one is told "access revoked", not "sign in". */
export const revokedSessions = sqliteTable(
  'revoked_sessions',
  {
    tokenHash: text('token_hash').notNull(),
    clinicId: text('clinic_id').notNull(),
    userId: text('user_id').notNull(),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('revoked_sessions_token_idx').on(t.tokenHash)],
);

/** better-auth's rate-limit counters (model `rateLimit`): per IP and path. */
export const rateLimit = sqliteTable('rate_limit', {
  id: text('id').primaryKey(),
  key: text('key').notNull().unique(),
  count: integer('count').notNull(),
  lastRequest: integer('last_request').notNull(),
});

/** Failed sign-ins per account (lower-cased email) in the current window. */
export const signInFailures = sqliteTable('sign_in_failures', {
  email: text('email').primaryKey(),
  count: integer('count').notNull(),
  windowStart: integer('window_start', { mode: 'timestamp_ms' }).notNull(),
});

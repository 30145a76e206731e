/**
 * better-auth for email + password sign-up, sign-in, password reset and change, stored through drizzle in the
 * server database. Passwords are hashed with argon2id at OWASP's minimum strength (19 MiB, 2 iterations, 1 lane).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { hash, verify } from '@node-rs/argon2';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import type { Db } from '../db/client.js';
import { schema } from '../db/client.js';
import type { ServerConfig } from '../config.js';
import type { Mailer } from '../mail/mailer.js';

/** argon2id parameters (OWASP Password Storage Cheat Sheet minimum). `algorithm: 2` is Argon2id; the enum is const-only. */
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

/** Idle timeout: a session unused this long ends (it slides forward at most once a day while used). */
export const SESSION_IDLE_SECONDS = 60 * 60 * 24 * 30;

/** The header our server sets from the TCP peer address, so better-auth's per-IP limits see the real client. */
export const CLIENT_IP_HEADER = 'x-kabinet-client-ip';

/** Reads the auth secret from `DATA_DIR/auth-secret`, generating 32 random bytes on first start. */
export function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'auth-secret');
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

/** Creates the better-auth instance mounted at `/api/auth/*`. */
export function createAuth(db: Db, config: ServerConfig, mailer: Mailer) {
  return betterAuth({
    appName: 'Kabinet',
    baseURL: config.publicUrl,
    basePath: '/api/auth',
    secret: loadOrCreateSecret(config.dataDir),
    trustedOrigins: [config.publicUrl],
    database: drizzleAdapter(db, {
      provider: 'sqlite',
      schema: { user: schema.user, session: schema.session, account: schema.account, verification: schema.verification, rateLimit: schema.rateLimit },
    }),
    emailAndPassword: {
      enabled: true,
      autoSignIn: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      password: {
        hash: (password) => hash(password, ARGON2_OPTIONS),
        verify: ({ hash: stored, password }) => verify(stored, password),
      },
      resetPasswordTokenExpiresIn: 60 * 60,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, token }) => {
        const link = `${config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
        await mailer.send({
          to: user.email,
          subject: 'Kabinet: сброс пароля / скидання пароля / password reset',
          text: `Чтобы задать новый пароль, откройте ссылку (действует 1 час):\nЩоб задати новий пароль, відкрийте посилання (діє 1 годину):\nTo set a new password, open this link (valid for 1 hour):\n\n${link}\n`,
        });
      },
    },
    session: {
      // Offline devices must stay signed in across long gaps: the idle timeout is long and the session slides
      // while used. The absolute timeout (config.sessionAbsoluteMs) is enforced in sessionMiddleware.
      expiresIn: SESSION_IDLE_SECONDS,
      updateAge: 60 * 60 * 24,
    },
    rateLimit: config.rateLimits
      ? {
          enabled: true,
          storage: 'database',
          window: 60,
          max: 300,
          customRules: {
            '/sign-in/email': { window: 60, max: config.rateLimits.perIpPerMinute },
            '/sign-up/email': { window: 60, max: config.rateLimits.perIpPerMinute },
            '/request-password-reset': { window: 60, max: config.rateLimits.perIpPerMinute },
            '/change-password': { window: 60, max: config.rateLimits.perIpPerMinute },
          },
        }
      : { enabled: false },
    advanced: {
      useSecureCookies: config.isProduction || config.publicUrl.startsWith('https://'),
      defaultCookieAttributes: { sameSite: 'lax', httpOnly: true },
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;

/**
 * better-auth for email + password sign-up and sign-in, stored through drizzle in the server database,
 * passwords hashed with argon2id at OWASP's minimum strength (19 MiB, 2 iterations, 1 lane).
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

/** argon2id parameters (OWASP Password Storage Cheat Sheet minimum). `algorithm: 2` is Argon2id; the enum is const-only. */
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

/** Reads the auth secret from `DATA_DIR/auth-secret`, generating 32 random bytes on first start. */
export function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'auth-secret');
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

/** Creates the better-auth instance mounted at `/api/auth/*`. */
export function createAuth(db: Db, config: ServerConfig) {
  return betterAuth({
    appName: 'Kabinet',
    baseURL: config.publicUrl,
    basePath: '/api/auth',
    secret: loadOrCreateSecret(config.dataDir),
    trustedOrigins: [config.publicUrl],
    database: drizzleAdapter(db, {
      provider: 'sqlite',
      schema: { user: schema.user, session: schema.session, account: schema.account, verification: schema.verification },
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
    },
    session: {
      // Offline devices must stay signed in across long gaps; the session slides while used.
      expiresIn: 60 * 60 * 24 * 30,
      updateAge: 60 * 60 * 24,
    },
    advanced: {
      useSecureCookies: config.publicUrl.startsWith('https://'),
      defaultCookieAttributes: { sameSite: 'lax', httpOnly: true },
    },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** Server configuration from the environment, with defaults that let `npm start` run with no set-up. */
import path from 'node:path';

export interface ServerConfig {
  /** TCP port; env `PORT`, default 3000. */
  port: number;
  /** Folder for the database, the generated auth secret and backups; env `DATA_DIR`, default `./data`. */
  dataDir: string;
  /** The origin people open, e.g. `https://clinic.example`; env `PUBLIC_URL`, default `http://localhost:PORT`. */
  publicUrl: string;
  /** SSE heartbeat period in milliseconds (DESIGN.md: at most 30 s). */
  heartbeatMs: number;
  /** Folder with the built PWA to serve, or null to serve only the API. */
  clientDir: string | null;
  isProduction: boolean;
  /** Interface to listen on; env `HOST`, default all interfaces. */
  hostname?: string;
  /** SMTP connection URL (`smtps://user:pass@host:465`); unset writes mail to `DATA_DIR/outbox/`. */
  smtpUrl?: string;
  /**
   * Sign-in rate limits (per IP, per account). On by default; tests that sign up many people from one address
   * turn them off and test them on their own.
   */
  rateLimits: { perIpPerMinute: number; perAccountPer15Min: number } | null;
  /** A session ends this long after it was created, however active (ms). Default 90 days. */
  sessionAbsoluteMs: number;
  /** Automatic backup period in ms; env `BACKUP_INTERVAL_HOURS` (default 24; 0 turns it off). */
  backupIntervalMs: number;
  /** Backups kept; env `BACKUP_KEEP` (default 14). */
  backupKeep: number;
}

/** Reads {@link ServerConfig} from `env`; throws on a malformed `PORT`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    port,
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    heartbeatMs: 25_000,
    clientDir: path.resolve('dist/client'),
    isProduction: env.NODE_ENV === 'production',
    hostname: env.HOST,
    smtpUrl: env.SMTP_URL || undefined,
    rateLimits: { perIpPerMinute: 10, perAccountPer15Min: 10 },
    sessionAbsoluteMs: 90 * 24 * 60 * 60 * 1000,
    backupIntervalMs: Number(env.BACKUP_INTERVAL_HOURS ?? 24) * 60 * 60 * 1000,
    backupKeep: Number(env.BACKUP_KEEP ?? 14),
    ...overrides,
  };
}

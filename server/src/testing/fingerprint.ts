/**
 * A fingerprint of a test server's data, read straight from its SQLite file (read-only): take one before and one
 * after a request to prove the request wrote nothing (or that it did write).
 */
import crypto from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { getTableName } from 'drizzle-orm';
import { SYNC_COLLECTIONS } from '../sync/registry.js';

export interface DataFingerprint {
  /** The last `seq` handed out (sync_counter); any accepted sync write moves it. */
  seq: number;
  counts: Record<string, number>;
  hashes: Record<string, string>;
}

/** Per table: the columns whose content makes up the fingerprint, in a stable order. */
const TABLES: Record<string, string> = {
  clinics: 'SELECT id, name FROM clinics ORDER BY id',
  clinic_members: 'SELECT clinic_id, user_id, role FROM clinic_members ORDER BY clinic_id, user_id',
  invitations: 'SELECT id, clinic_id, email, role, token_hash, expires_at, accepted_at, revoked_at FROM invitations ORDER BY id',
  revoked_sessions: 'SELECT token_hash, clinic_id, user_id FROM revoked_sessions ORDER BY token_hash, clinic_id',
  // Every synced collection's table, from the server's registry.
  ...Object.fromEntries(
    Object.values(SYNC_COLLECTIONS).map((collection) => {
      const table = getTableName(collection.table);
      return [table, `SELECT clinic_id, id, seq, deleted, doc FROM ${table} ORDER BY clinic_id, id`];
    }),
  ),
};

/** Path of the server database inside a data dir. */
export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'kabinet.sqlite');
}

/** Reads the fingerprint of the database in `dataDir`. */
export function fingerprint(dataDir: string): DataFingerprint {
  const sqlite = new Database(databaseFile(dataDir), { readonly: true, fileMustExist: true });
  try {
    const seq = (sqlite.prepare('SELECT max(seq) AS seq FROM sync_counter').get() as { seq: number | null }).seq ?? 0;
    const counts: Record<string, number> = {};
    const hashes: Record<string, string> = {};
    for (const [table, query] of Object.entries(TABLES)) {
      const rows = sqlite.prepare(query).raw().all();
      counts[table] = rows.length;
      hashes[table] = crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex');
    }
    return { seq, counts, hashes };
  } finally {
    sqlite.close();
  }
}

/** Runs `statement` with `params` against the database in `dataDir`, read-write (test set-up only). */
export function execute(dataDir: string, statement: string, ...params: unknown[]): Database.RunResult {
  const sqlite = new Database(databaseFile(dataDir), { fileMustExist: true });
  try {
    sqlite.pragma('busy_timeout = 5000');
    return sqlite.prepare(statement).run(...params);
  } finally {
    sqlite.close();
  }
}

/** Runs a read-only query against the database in `dataDir`. */
export function query<T = Record<string, unknown>>(dataDir: string, statement: string, ...params: unknown[]): T[] {
  const sqlite = new Database(databaseFile(dataDir), { readonly: true, fileMustExist: true });
  try {
    return sqlite.prepare(statement).all(...params) as T[];
  } finally {
    sqlite.close();
  }
}

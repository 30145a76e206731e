/**
 * Backups of the server database: SQLite's online backup (consistent while the server writes) into
 * `DATA_DIR/backups/kabinet-<UTC timestamp>.sqlite`, keeping the newest N; and restore into a stopped server's data dir.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export const DATABASE_FILE = 'kabinet.sqlite';
const BACKUP_PATTERN = /^kabinet-\d{8}T\d{6}(\d{3})?Z\.sqlite$/;

/** Where backups of `dataDir` go. */
export function backupsDir(dataDir: string): string {
  return path.join(dataDir, 'backups');
}

/**
 * Writes an online backup of `source` (an open connection, or the data dir's database) and prunes to `keep` newest.
 * @returns the backup file's path.
 */
export async function backupDatabase(dataDir: string, options: { keep: number; source?: Database.Database; now?: Date }): Promise<string> {
  const dir = backupsDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const stamp = (options.now ?? new Date()).toISOString().replace(/[-:]/g, '').replace('.', '');
  const file = path.join(dir, `kabinet-${stamp}.sqlite`);
  const source = options.source ?? new Database(path.join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    await source.backup(file);
  } finally {
    if (!options.source) source.close();
  }
  pruneBackups(dataDir, options.keep);
  return file;
}

/** Deletes all but the newest `keep` backups. */
export function pruneBackups(dataDir: string, keep: number): void {
  const dir = backupsDir(dataDir);
  const backups = fs.readdirSync(dir).filter((f) => BACKUP_PATTERN.test(f)).sort();
  for (const old of backups.slice(0, Math.max(0, backups.length - keep))) fs.rmSync(path.join(dir, old));
}

/** Result of `PRAGMA integrity_check` on a database file: `ok`, or the problems found. */
export function integrityCheck(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/** The pid file a running server keeps in its data dir. */
export function pidFile(dataDir: string): string {
  return path.join(dataDir, 'server.pid');
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Restores `backupFile` as the database of a stopped server in `dataDir`. The current database (and its WAL) is kept
 * beside it as `kabinet.sqlite.before-restore-<stamp>`.
 * @throws Error if the server is running, or the backup fails its integrity check.
 */
export function restoreDatabase(dataDir: string, backupFile: string): { replacedWith: string; previousKeptAs: string | null } {
  const pid = fs.existsSync(pidFile(dataDir)) ? Number(fs.readFileSync(pidFile(dataDir), 'utf8')) : NaN;
  if (Number.isInteger(pid) && pid !== process.pid && isRunning(pid)) {
    throw new Error(`The server (pid ${pid}) is running on ${dataDir}; stop it before restoring.`);
  }
  const check = integrityCheck(backupFile);
  if (check !== 'ok') throw new Error(`The backup ${backupFile} is damaged: ${check}`);
  const target = path.join(dataDir, DATABASE_FILE);
  let previousKeptAs: string | null = null;
  if (fs.existsSync(target)) {
    previousKeptAs = `${target}.before-restore-${new Date().toISOString().replace(/[-:.]/g, '')}`;
    fs.renameSync(target, previousKeptAs);
  }
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(target + suffix)) fs.renameSync(target + suffix, `${previousKeptAs ?? target}${suffix}`);
  }
  fs.copyFileSync(backupFile, target);
  return { replacedWith: backupFile, previousKeptAs };
}

/**
 * `npm run backup` — online backup of DATA_DIR's database (works while the server runs).
 * `npm run restore -- FILE` — restore FILE into DATA_DIR of a stopped server.
 * Env: DATA_DIR (default ./data), BACKUP_KEEP (default 14).
 */
import path from 'node:path';
import { backupDatabase, integrityCheck, restoreDatabase } from './backup.js';

const [command, file] = process.argv.slice(2);
const dataDir = path.resolve(process.env.DATA_DIR ?? './data');
const keep = Number(process.env.BACKUP_KEEP ?? 14);

try {
  if (command === 'backup') {
    const written = await backupDatabase(dataDir, { keep });
    console.log(`Backup written: ${path.relative(process.cwd(), written)} (integrity: ${integrityCheck(written)}; keeping the newest ${keep})`);
  } else if (command === 'restore') {
    if (!file) throw new Error('Usage: npm run restore -- FILE');
    const result = restoreDatabase(dataDir, path.resolve(file));
    console.log(`Restored ${file} into ${dataDir}.${result.previousKeptAs ? ` The previous database is kept as ${path.basename(result.previousKeptAs)}.` : ''}`);
  } else {
    throw new Error('Usage: backup-cli.ts backup | restore FILE');
  }
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { startTestServer, TestClient, type TestServer } from '../testing/harness.js';
import { backupDatabase, backupsDir, DATABASE_FILE, integrityCheck, pidFile, restoreDatabase } from './backup.js';

const cleanup: string[] = [];
afterAll(() => cleanup.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

async function pullEverything(client: TestClient, clinicId: string) {
  const all: Record<string, unknown[]> = {};
  for (const collection of ['catalog', 'patients', 'appointments', 'ledger']) {
    all[collection] = (await client.json('POST', `/api/clinics/${clinicId}/sync/${collection}/pull`, { checkpoint: null, limit: 1000 })).documents;
  }
  return all;
}

describe('backup and restore', () => {
  it('backs up online, and a damaged database restored from the backup has every document', async () => {
    let server: TestServer = await startTestServer();
    const dataDir = server.dataDir;
    cleanup.push(dataDir);
    const owner = new TestClient(server.url);
    const { email } = await owner.signUp('Backup Owner');
    const clinicId = await owner.createClinic('Backed up');
    const now = new Date().toISOString();
    const patients = Array.from({ length: 120 }, (_, i) => ({ id: uuidv7(), clinicId, updatedAt: now, _deleted: false, name: `Пацієнт ${i}`, phone: `+38050${String(1_000_000 + i)}`, tags: [] }));
    await owner.json('POST', `/api/clinics/${clinicId}/sync/patients/push`, patients.map((doc) => ({ newDocumentState: doc })));

    const backup = await backupDatabase(dataDir, { keep: 5 });
    expect(integrityCheck(backup)).toBe('ok');
    const before = await pullEverything(owner, clinicId);
    expect(before.patients).toHaveLength(120);
    await server.close();

    // Damage: overwrite pages in the middle of the database file and lose the WAL.
    const file = path.join(dataDir, DATABASE_FILE);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(8192, 0xab), 0, 8192, 4096);
    fs.closeSync(fd);
    fs.rmSync(`${file}-wal`, { force: true });
    let damagedCheck: string;
    try {
      damagedCheck = integrityCheck(file);
    } catch (error) {
      damagedCheck = String(error);
    }
    expect(damagedCheck).not.toBe('ok');

    const result = restoreDatabase(dataDir, backup);
    expect(result.previousKeptAs).toMatch(/before-restore/);
    expect(integrityCheck(file)).toBe('ok');

    server = await startTestServer({ dataDir });
    const again = new TestClient(server.url);
    await again.json('POST', '/api/auth/sign-in/email', { email, password: 'correct horse battery' });
    expect(await pullEverything(again, clinicId)).toEqual(before);
    await server.close();
  });

  it('keeps only the newest N backups', async () => {
    const server = await startTestServer();
    cleanup.push(server.dataDir);
    await server.close();
    for (let i = 0; i < 4; i += 1) await backupDatabase(server.dataDir, { keep: 2, now: new Date(Date.UTC(2026, 10, 21, 3, 0, i)) });
    expect(fs.readdirSync(backupsDir(server.dataDir)).sort()).toEqual(['kabinet-20261121T030002000Z.sqlite', 'kabinet-20261121T030003000Z.sqlite']);
  });

  it('refuses to restore while the server is running, and `npm run backup` works from the command line', async () => {
    const server = await startTestServer();
    cleanup.push(server.dataDir);
    await server.close();
    const output = execFileSync(path.resolve('node_modules/.bin/tsx'), ['server/src/db/backup-cli.ts', 'backup'], { env: { ...process.env, DATA_DIR: server.dataDir }, encoding: 'utf8' });
    expect(output).toMatch(/Backup written: .*kabinet-\d{8}T\d+Z\.sqlite \(integrity: ok/);
    const [backup] = fs.readdirSync(backupsDir(server.dataDir));

    const running = spawn('sleep', ['10']);
    fs.writeFileSync(pidFile(server.dataDir), String(running.pid));
    expect(() => restoreDatabase(server.dataDir, path.join(backupsDir(server.dataDir), backup!))).toThrow(/running/);
    running.kill();
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './client.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('openDatabase', () => {
  it('opens SQLite in WAL mode with synchronous=FULL and foreign keys, migrated', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-db-'));
    dirs.push(dir);
    const opened = openDatabase(dir);
    expect(opened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(opened.sqlite.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL
    expect(opened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = opened.sqlite.prepare("select name from sqlite_master where type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['user', 'session', 'clinics', 'clinic_members', 'catalog', 'patients', 'appointments', 'ledger', 'sync_counter']));
    opened.close();
  });

  it('runs migrations again on restart without touching existing data', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-db-'));
    dirs.push(dir);
    const first = openDatabase(dir);
    first.sqlite.prepare("insert into clinics (id, name, created_at) values ('c1', 'Smile', 0)").run();
    first.close();
    const second = openDatabase(dir);
    expect(second.sqlite.prepare('select name from clinics').pluck().all()).toEqual(['Smile']);
    second.close();
  });
});

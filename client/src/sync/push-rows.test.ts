import 'fake-indexeddb/auto';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patient } from '../../../shared/src/domain/index.js';
import { deleteClinicDatabase, openClinicDatabase, useStorageForTests, type ClinicDatabase } from '../db/database.js';
import { saveDocument } from '../db/repository.js';
import { withoutStaleRows } from './push-rows.js';

// Node has no localStorage; the pending-changes log only needs get/set/remove.
const memory = new Map<string, string>();
Object.assign(globalThis, {
  localStorage: { getItem: (k: string) => memory.get(k) ?? null, setItem: (k: string, v: string) => memory.set(k, v), removeItem: (k: string) => memory.delete(k) },
});

const userId = 'push-rows';
const clinicId = uuidv7();
let db: ClinicDatabase;

beforeAll(async () => {
  useStorageForTests(() => getRxStorageDexie());
  db = await openClinicDatabase(userId, clinicId, { multiInstance: false, collections: ['patients'] });
});
afterAll(() => deleteClinicDatabase(userId, clinicId));

/** A document as RxDB's upstream hands it to the push handler (no _meta, _rev, _attachments). */
async function pushState(id: string): Promise<Patient & { _deleted: boolean }> {
  const [doc] = await db.patients.storageInstance.findDocumentsById([id], true);
  const { _meta: _m, _rev: _r, _attachments: _a, ...state } = doc as unknown as Record<string, unknown>;
  return state as Patient & { _deleted: boolean };
}

describe('withoutStaleRows', () => {
  it('sends rows that carry what the device holds and holds back those the device has moved past', async () => {
    const draft = { id: uuidv7(), clinicId, name: 'Олена Коваль', phone: '+380501234567', tags: [] };
    await saveDocument(db, 'patients', draft);
    const old = await pushState(draft.id);
    await saveDocument(db, 'patients', { ...draft, name: 'Олена Коваль-Петренко' });
    const now = await pushState(draft.id);
    const other = { id: uuidv7(), clinicId, name: 'Іван Бондар', phone: '+380671112233', tags: [] };
    await saveDocument(db, 'patients', other);
    const otherNow = await pushState(other.id);

    // The race: the upstream read `old`, the downstream then stored `now` as the assumed master state.
    const staleRow = { newDocumentState: old, assumedMasterState: now };
    const freshRow = { newDocumentState: now, assumedMasterState: old };
    const otherRow = { newDocumentState: otherNow };
    const { rows, stale } = await withoutStaleRows(db.patients, [staleRow, otherRow, freshRow]);
    expect(rows).toEqual([otherRow, freshRow]);
    expect(stale).toEqual([staleRow]);
  });

  it('counts a deletion as a change of state', async () => {
    const draft = { id: uuidv7(), clinicId, name: 'Марія Шевчук', phone: '+380931234567', tags: [] };
    await saveDocument(db, 'patients', draft);
    const alive = await pushState(draft.id);
    await (await db.patients.findOne(draft.id).exec())!.remove();
    const deleted = await pushState(draft.id);
    expect(deleted._deleted).toBe(true);

    const { rows, stale } = await withoutStaleRows(db.patients, [{ newDocumentState: alive }, { newDocumentState: deleted, assumedMasterState: alive }]);
    expect(rows.map((row) => row.newDocumentState._deleted)).toEqual([true]);
    expect(stale.map((row) => row.newDocumentState._deleted)).toEqual([false]);
  });

  it('holds back a row for a document the device does not hold', async () => {
    const ghost = { id: uuidv7(), clinicId, name: 'Нікого', phone: '+380501234567', tags: [], updatedAt: new Date().toISOString(), _deleted: false };
    const { rows, stale } = await withoutStaleRows(db.patients, [{ newDocumentState: ghost }]);
    expect(rows).toEqual([]);
    expect(stale).toHaveLength(1);
  });
});

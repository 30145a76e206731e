import 'fake-indexeddb/auto';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patient } from '../../../shared/src/domain/index.js';
import { threeWayMerge } from '../../../shared/src/sync/merge.js';
import { deleteClinicDatabase, openClinicDatabase, useStorageForTests, type ClinicDatabase } from '../db/database.js';
import { saveDocument } from '../db/repository.js';
import { pushWithoutReverting, splitStaleRows } from './push-rows.js';

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

describe('splitStaleRows', () => {
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
    const { fresh, stale } = await splitStaleRows(db.patients, [staleRow, otherRow, freshRow]);
    expect(fresh).toEqual([otherRow, freshRow]);
    expect(stale).toEqual([staleRow]);
  });

  it('counts a deletion as a change of state', async () => {
    const draft = { id: uuidv7(), clinicId, name: 'Марія Шевчук', phone: '+380931234567', tags: [] };
    await saveDocument(db, 'patients', draft);
    const alive = await pushState(draft.id);
    await (await db.patients.findOne(draft.id).exec())!.remove();
    const deleted = await pushState(draft.id);
    expect(deleted._deleted).toBe(true);

    const { fresh, stale } = await splitStaleRows(db.patients, [{ newDocumentState: alive }, { newDocumentState: deleted, assumedMasterState: alive }]);
    expect(fresh.map((row) => row.newDocumentState._deleted)).toEqual([true]);
    expect(stale.map((row) => row.newDocumentState._deleted)).toEqual([false]);
  });

  it('holds back a row for a document the device does not hold', async () => {
    const ghost = { id: uuidv7(), clinicId, name: 'Нікого', phone: '+380501234567', tags: [], updatedAt: new Date().toISOString(), _deleted: false };
    const { fresh, stale } = await splitStaleRows(db.patients, [{ newDocumentState: ghost }]);
    expect(fresh).toEqual([]);
    expect(stale).toHaveLength(1);
  });
});

describe('pushWithoutReverting', () => {
  /** Two states of one patient: `older` was replaced on the device by `newer`. */
  async function twoStates() {
    const draft = { id: uuidv7(), clinicId, name: 'Олена Коваль', phone: '+380501234567', tags: [] };
    await saveDocument(db, 'patients', draft);
    const older = await pushState(draft.id);
    await saveDocument(db, 'patients', { ...draft, name: 'Олена Коваль-Петренко' });
    return { older, newer: await pushState(draft.id) };
  }

  it('sends fresh rows as they are and returns the server conflicts untouched', async () => {
    const { older, newer } = await twoStates();
    const serverState = { ...newer, notes: 'змінено на іншому пристрої' };
    const requests: unknown[] = [];
    const rows = [{ newDocumentState: newer, assumedMasterState: older }];
    const answer = await pushWithoutReverting(db.patients, rows, async (sent) => (requests.push(sent), [serverState]));
    expect(requests).toEqual([rows]);
    expect(answer).toEqual([serverState]);
  });

  it('sends a stale row as its own state over itself, so the server can only find it already stored or refuse it', async () => {
    const { older, newer } = await twoStates();
    // The race: the upstream read `older`; the downstream then stored the server's `newer` as the assumed master.
    const requests: unknown[][] = [];
    const answer = await pushWithoutReverting(db.patients, [{ newDocumentState: older, assumedMasterState: newer }], async (sent) => (requests.push(sent), []));
    expect(requests).toEqual([[{ newDocumentState: older, assumedMasterState: older }]]);
    // The server held exactly that state (a re-sent push): a success for RxDB, which then assumes `older` as master.
    expect(answer).toEqual([]);
  });

  it('answers a refused stale row with the row itself, so the merge changes nothing and records no conflict', async () => {
    const { older, newer } = await twoStates();
    const answer = await pushWithoutReverting(db.patients, [{ newDocumentState: older, assumedMasterState: newer }], async () => [newer]);
    expect(answer).toEqual([older]);
    // What RxDB's conflict handler then merges: base = the assumed master, ours = the row, theirs = the answer.
    expect(threeWayMerge(newer, older, older)).toEqual({ merged: older, lost: [] });
  });
});

import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { ZodError } from 'zod';
import { checkSchema } from 'rxdb/plugins/dev-mode';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { COLLECTION_NAMES } from '../../../shared/src/domain/index.js';
import { closeClinicDatabase, mergeConflictHandler, openClinicDatabase, useStorageForTests, type ClinicDatabase } from './database.js';
import { pendingCount } from './pending-changes.js';
import { deleteDocument, saveDocument } from './repository.js';
import { rxSchemaOf } from './rx-schema.js';

const userId = 'user-1';
const clinicId = uuidv7();
let db: ClinicDatabase;

beforeAll(async () => {
  useStorageForTests(() => getRxStorageDexie());
  db = await openClinicDatabase(userId, clinicId, { multiInstance: false });
});
afterAll(() => closeClinicDatabase(userId, clinicId));

describe('RxDB schemas generated from the shared zod schemas', () => {
  it.each(COLLECTION_NAMES)('%s matches its snapshot', (collection) => {
    expect(rxSchemaOf(collection)).toMatchSnapshot();
  });

  // Production builds skip dev-mode, where a field named like an RxDocument member (e.g. `collection`) only
  // fails at run time; run dev-mode's schema checks here instead.
  it.each(COLLECTION_NAMES)('%s passes RxDB dev-mode schema checks', (collection) => {
    expect(() => checkSchema(rxSchemaOf(collection))).not.toThrow();
    expect(() => checkSchema({ ...rxSchemaOf(collection), properties: { ...rxSchemaOf(collection).properties, collection: { type: 'string' } } })).toThrow();
  });
});

describe('local database', () => {
  it('is opened once per (user, clinic)', async () => {
    expect(await openClinicDatabase(userId, clinicId)).toBe(db);
  });

  it('saves a valid patient, stamps updatedAt and records it as pending', async () => {
    const id = uuidv7();
    const saved = await saveDocument(db, 'patients', { id, clinicId, name: 'Іван Петренко', phone: '+380501234567', tags: [] });
    expect(Date.parse(saved.updatedAt)).toBeGreaterThan(0);
    expect((await db.patients.findOne(id).exec())?.toJSON()).toMatchObject({ name: 'Іван Петренко', phone: '+380501234567' });
    expect(pendingCount(db.name)).toBe(1);
  });

  it('refuses an invalid document naming the field, and writes nothing', async () => {
    const id = uuidv7();
    const attempt = saveDocument(db, 'patients', { id, clinicId, name: 'Без телефона', phone: '12', tags: [] });
    await expect(attempt).rejects.toBeInstanceOf(ZodError);
    await expect(attempt).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['phone'] })] });
    expect(await db.patients.findOne(id).exec()).toBeNull();
  });

  it('queries appointments by start through the index, and soft-deletes', async () => {
    const base = { clinicId, patientId: uuidv7(), doctorId: uuidv7(), chairId: uuidv7(), items: [], status: 'scheduled' as const, totalMinor: 0 };
    const monday = await saveDocument(db, 'appointments', { ...base, id: uuidv7(), start: '2026-11-23T07:00:00.000Z', end: '2026-11-23T07:30:00.000Z' });
    await saveDocument(db, 'appointments', { ...base, id: uuidv7(), start: '2026-11-30T07:00:00.000Z', end: '2026-11-30T07:30:00.000Z' });
    const week = await db.appointments.find({ selector: { start: { $gte: '2026-11-23T00:00:00.000Z', $lt: '2026-11-30T00:00:00.000Z' } } }).exec();
    expect(week.map((d) => d.id)).toEqual([monday.id]);
    await deleteDocument(db, 'appointments', monday.id);
    expect(await db.appointments.findOne(monday.id).exec()).toBeNull();
  });
});

describe('conflict handler', () => {
  it('merges field by field: one-sided changes kept, both-sided take the server value', async () => {
    const base = { id: 'p', name: 'Anna', phone: '+380501112233', notes: 'a', updatedAt: '2026-01-01T10:00:00.000Z', _deleted: false };
    const merged = await mergeConflictHandler.resolve(
      { assumedMasterState: base, newDocumentState: { ...base, name: 'Anna K.', notes: 'ours' }, realMasterState: { ...base, phone: '+380509998877', notes: 'theirs' } },
      'test',
    );
    expect(merged).toMatchObject({ name: 'Anna K.', phone: '+380509998877', notes: 'theirs' });
    expect(mergeConflictHandler.isEqual(base, { ...base }, 'test')).toBe(true);
  });
});

import 'fake-indexeddb/auto';
import { strFromU8, unzipSync } from 'fflate';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import { closeClinicDatabase, openClinicDatabase } from '../../db/database.js';
import { saveDocument } from '../../db/repository.js';
import { documentsToCsv, exportClinicData } from './export-data.js';

const clinicId = uuidv7();
afterAll(() => closeClinicDatabase('exporter', clinicId));

describe('export all data', () => {
  it('writes one CSV column per field, nested values as JSON, with a BOM and ; separators', () => {
    const csv = documentsToCsv([{ id: '1', name: 'Іван', tags: ['vip'] }, { id: '2', name: 'Anna; K', email: 'a@b.c' }]);
    expect(csv).toBe('\uFEFFid;name;tags;email\r\n1;Іван;"[""vip""]";\r\n2;"Anna; K";;a@b.c');
  });

  it('zips every collection as JSON and CSV from the local database', async () => {
    const db = await openClinicDatabase('exporter', clinicId, { multiInstance: false });
    const patient = await saveDocument(db, 'patients', { id: uuidv7(), clinicId, name: 'Марія Бондар', phone: '+380671112233', tags: [] });
    const files = unzipSync(await exportClinicData(db));
    expect(Object.keys(files).sort()).toEqual(['activities.csv', 'activities.json', 'appointments.csv', 'appointments.json', 'catalog.csv', 'catalog.json', 'ledger.csv', 'ledger.json', 'patients.csv', 'patients.json']);
    expect(JSON.parse(strFromU8(files['patients.json']!))).toEqual([expect.objectContaining({ id: patient.id, name: 'Марія Бондар', phone: '+380671112233' })]);
    expect(strFromU8(files['patients.csv']!)).toContain('Марія Бондар;+380671112233');
  });
});

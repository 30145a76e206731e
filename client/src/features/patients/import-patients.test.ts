import 'fake-indexeddb/auto';
import i18next from 'i18next';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { ZodError } from 'zod';
import { buildPatientImport, guessMapping, type PatientImport } from '../../../../shared/src/import/patient-import.js';
import { closeClinicDatabase, openClinicDatabase, type ClinicDatabase } from '../../db/database.js';
import { pendingCount } from '../../db/pending-changes.js';
import { ru } from '../../i18n/ru.js';
import { columnLetter, importReportTable, savePatientImport } from './import-patients.js';
import { ImportFileError, readImportFile } from './read-import-file.js';

const userId = 'import-user';
const clinicId = uuidv7();
let db: ClinicDatabase;
const t = i18next.createInstance();

beforeAll(async () => {
  // The database's default Dexie storage runs over fake-indexeddb.
  db = await openClinicDatabase(userId, clinicId, { multiInstance: false });
  await t.init({ lng: 'ru', resources: { ru: { translation: ru } }, keySeparator: false, interpolation: { escapeValue: false } });
});
afterAll(() => closeClinicDatabase(userId, clinicId));

/** Windows-1251 bytes of Cyrillic text (А…я, Іі), as Excel on a Russian or Ukrainian Windows saves CSV. */
function windows1251(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from([...text].map((ch) => {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) return code;
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
    return { І: 0xb2, і: 0xb3 }[ch] ?? 0x3f;
  }));
}

async function importOf(file: Blob): Promise<PatientImport> {
  const table = await readImportFile(file);
  return buildPatientImport(table, guessMapping(table, 'UA'), { clinicId, defaultCountry: 'UA', existing: [], newId: uuidv7, today: '2026-03-01' });
}

describe('reading the picked file', () => {
  it('reads a Windows-1251 CSV whatever its name says', async () => {
    const result = await importOf(new Blob([windows1251('ФИО;Телефон\r\nПетренко Іван;8 (050) 123-45-67\r\n')]));
    expect(result.toImport.map((r) => [r.patient.name, r.patient.phone])).toEqual([['Петренко Іван', '+380501234567']]);
  });

  it('reads the first non-empty sheet of an XLSX with read-excel-file’s browser entry', async () => {
    const xlsx = await writeXlsxFile([
      { sheet: 'Пусто', data: [[null]] },
      { sheet: 'Пациенты', data: [['Пацієнт', 'Телефон', 'Дата народження'], ['Коваль Олена', 671112233, { value: new Date(Date.UTC(1990, 6, 15)), type: Date, format: 'dd.mm.yyyy' }]] },
    ]).toBuffer();
    const result = await importOf(new Blob([new Uint8Array(xlsx)]));
    expect(result.toImport.map((r) => [r.patient.name, r.patient.phone, r.patient.birthDate])).toEqual([['Коваль Олена', '+380671112233', '1990-07-15']]);
  });

  it.each([
    ['an old binary .xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'xls'],
    ['a binary file', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'unsupported'],
    ['a file with only blank lines', new TextEncoder().encode(';;\r\n\r\n ; \r\n'), 'empty'],
  ])('refuses %s', async (_, bytes, code) => {
    const attempt = readImportFile(new Blob([bytes as Uint8Array<ArrayBuffer>]));
    await expect(attempt).rejects.toBeInstanceOf(ImportFileError);
    await expect(attempt).rejects.toMatchObject({ code });
  });
});

describe('saving an import', () => {
  const csv = 'Имя;Телефон;Email\nАнна;0501112233;\nБорис;0502223344;boris@example.com\nВера;0503334455;\nГриша;12;\n';

  it('writes every patient in one go and records each as pending sync', async () => {
    const result = await importOf(new Blob([csv]));
    expect(result.toImport).toHaveLength(3);
    const pendingBefore = pendingCount(db.name);
    expect(await savePatientImport(db, result)).toBe(3);
    const stored = await db.patients.find({ selector: { id: { $in: result.toImport.map((r) => r.patient.id) } } }).exec();
    expect(stored.map((d) => d.name).sort()).toEqual(['Анна', 'Борис', 'Вера']);
    expect(stored.find((d) => d.name === 'Борис')?.email).toBe('boris@example.com');
    expect(pendingCount(db.name)).toBe(pendingBefore + 3);
  });

  it('writes nothing when one patient is invalid', async () => {
    const result = await importOf(new Blob([csv]));
    const broken: PatientImport = { ...result, toImport: result.toImport.map((r, i) => (i === 2 ? { ...r, patient: { ...r.patient, phone: '0503334455' } } : r)) };
    const countBefore = (await db.patients.find().exec()).length;
    const pendingBefore = pendingCount(db.name);
    const attempt = savePatientImport(db, broken);
    await expect(attempt).rejects.toBeInstanceOf(ZodError);
    await expect(attempt).rejects.toMatchObject({ issues: [expect.objectContaining({ path: [2, 'phone'] })] });
    expect((await db.patients.find().exec()).length).toBe(countBefore);
    expect(pendingCount(db.name)).toBe(pendingBefore);
  });
});

describe('the report of skipped rows', () => {
  it('lists each skipped row with its number, reason in words and cells under the file’s titles', async () => {
    const existing = [{ id: uuidv7(), name: 'Анна (картка)', phone: '+380501112233' }];
    const table = await readImportFile(new Blob(['Имя;Телефон;\nАнна;0501112233;x\nБорис;12;\nБорис К.;0502223344;\nБорис;050 222 33 44;\n']));
    const result = buildPatientImport(table, guessMapping(table, 'UA'), { clinicId, defaultCountry: 'UA', existing, newId: uuidv7 });
    expect(importReportTable(t.t, table.headers, result)).toEqual({
      header: ['Строка', 'Причина', 'Имя', 'Телефон', 'Столбец C'],
      rows: [
        [2, 'Пациент с этим телефоном уже есть: Анна (картка)', 'Анна', '0501112233', 'x'],
        [3, 'Неверный телефон: 12', 'Борис', '12', ''],
        [5, 'Тот же телефон, что в строке 4 (Борис К.)', 'Борис', '050 222 33 44', ''],
      ],
    });
  });

  it('names columns like a spreadsheet', () => {
    expect([0, 2, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'C', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

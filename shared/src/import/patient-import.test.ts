import readXlsxFile from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { describe, expect, it } from 'vitest';
import { patientSchema } from '../domain/patient.js';
import {
  buildPatientImport,
  decodeCsv,
  guessFieldOfHeader,
  guessMapping,
  parseCsv,
  parseImportDate,
  parseImportPhones,
  readCsvTable,
  toImportTable,
  type CellValue,
  type ColumnMapping,
  type ImportTable,
  type PatientImportOptions,
} from './patient-import.js';

const clinicId = '0190a3b2-0000-7000-8000-000000000001';
const today = '2026-03-01';

/** Deterministic UUIDs for the drafts (the app passes uuidv7). */
function idMaker(): () => string {
  let n = 0;
  return () => `0190a3b2-0000-7000-8000-${String(++n).padStart(12, '0')}`;
}

function options(overrides: Partial<PatientImportOptions> = {}): PatientImportOptions {
  return { clinicId, defaultCountry: 'UA', existing: [], newId: idMaker(), today, ...overrides };
}

function importCsv(csv: string | Uint8Array, overrides: Partial<PatientImportOptions> = {}) {
  const table = readCsvTable(typeof csv === 'string' ? new TextEncoder().encode(csv) : csv);
  const mapping = guessMapping(table, 'UA');
  return { table, mapping, result: buildPatientImport(table, mapping, options(overrides)) };
}

/** Windows-1251 bytes of `text` (ASCII plus the Russian and Ukrainian letters), as Excel on a Cyrillic Windows saves CSV. */
function encodeWindows1251(text: string): Uint8Array {
  const special: Record<string, number> = { Ё: 0xa8, ё: 0xb8, Є: 0xaa, є: 0xba, І: 0xb2, і: 0xb3, Ї: 0xaf, ї: 0xbf, Ґ: 0xa5, ґ: 0xb4, '№': 0xb9 };
  return Uint8Array.from([...text].map((ch) => {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) return code;
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0; // А…я
    if (special[ch] !== undefined) return special[ch];
    throw new Error(`no Windows-1251 byte for ${ch}`);
  }));
}

describe('decoding CSV bytes', () => {
  const text = 'ФИО;Телефон\nІван Петренко;050 123 45 67\n';

  it('reads UTF-8 with and without a BOM', () => {
    const utf8 = new TextEncoder().encode(text);
    expect(decodeCsv(utf8)).toBe(text);
    expect(decodeCsv(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]))).toBe(text);
  });

  it('takes bytes that are not valid UTF-8 for Windows-1251', () => {
    const bytes = encodeWindows1251(text);
    expect(bytes[0]).toBe(0xd4); // «Ф» is one byte: this really is not UTF-8
    expect(decodeCsv(bytes)).toBe(text);
  });

  it('reads UTF-16 LE with a BOM (Excel "Unicode text")', () => {
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    [...text].forEach((ch, i) => new DataView(bytes.buffer).setUint16(2 + i * 2, ch.charCodeAt(0), true));
    expect(decodeCsv(bytes)).toBe(text);
  });
});

describe('parsing CSV', () => {
  it('detects `;` and `,` delimiters', () => {
    expect(parseCsv('a;b;c\n1;2,5;3')).toEqual([['a', 'b', 'c'], ['1', '2,5', '3']]);
    expect(parseCsv('a,b,c\n1,"2;5",3')).toEqual([['a', 'b', 'c'], ['1', '2;5', '3']]);
    expect(parseCsv('a\tb\n1\t2')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('is not thrown off by blank lines in a narrow file, and splits a file of blank rows at its most frequent delimiter', () => {
    expect(parseCsv('ФИО;Телефон\n\nІван;0501234567\n\n')).toEqual([['ФИО', 'Телефон'], [''], ['Іван', '0501234567'], [''], ['']]);
    expect(parseCsv(';;\n\n;;')).toEqual([['', '', ''], [''], ['', '', '']]);
  });

  it('keeps quoted fields with line breaks, delimiters and doubled quotes in one cell', () => {
    expect(parseCsv('name;notes\r\n"Коваль, Олена";"алергія\r\nна ""лідокаїн"""\r\nПетро;ok')).toEqual([
      ['name', 'notes'],
      ['Коваль, Олена', 'алергія\r\nна "лідокаїн"'],
      ['Петро', 'ok'],
    ]);
  });

  it('honours Excel’s `sep=` first line', () => {
    expect(parseCsv('sep=,\na;b,c\n1;2,3')).toEqual([['a;b', 'c'], ['1;2', '3']]);
  });
});

describe('guessing columns', () => {
  it.each([
    ['ФИО', 'name'], ['Пациент', 'name'], ['Пацієнт', 'name'], ['Имя', 'name'], ['Ім’я', 'name'], ["Ім'я", 'name'], ['Прізвище', 'name'],
    ['Фамилия', 'name'], ['ПІБ', 'name'], ['Full name', 'name'], ['Клиент', 'name'],
    ['Телефон', 'phone'], ['Тел.', 'phone'], ['Моб.', 'phone'], ['Мобильный', 'phone'], ['Телефон пациента', 'phone'], ['Phone', 'phone'], ['Tel', 'phone'],
    ['Email', 'email'], ['E-mail', 'email'], ['Почта', 'email'], ['Эл. почта', 'email'], ['Електронна пошта', 'email'],
    ['Дата рождения', 'birthDate'], ['Дата народження', 'birthDate'], ['Д.р.', 'birthDate'], ['Date of birth', 'birthDate'], ['DOB', 'birthDate'],
    ['Примечание', 'notes'], ['Коментар', 'notes'], ['Комментарий', 'notes'], ['Примітки', 'notes'], ['Notes', 'notes'],
    ['Источник', 'source'], ['Джерело', 'source'], ['Откуда узнал', 'source'], ['Source', 'source'],
    ['Теги', 'tags'], ['Мітки', 'tags'], ['Tags', 'tags'],
  ])('«%s» → %s', (header, field) => {
    expect(guessFieldOfHeader(header)).toBe(field);
  });

  it.each(['ФИО врача', 'Лікар', 'ID пациента', 'Номер карты пациента', 'Код клиента', 'Дата визита', 'Адрес', ''])('«%s» is not guessed', (header) => {
    expect(guessFieldOfHeader(header)).toBeNull();
  });

  it('joins surname and first name columns, pools two phone columns, and leaves unknown columns out', () => {
    const table = toImportTable([['Прізвище', "Ім'я", 'Телефон', 'Моб.', 'Адреса', 'Email', 'E-mail 2']]);
    expect(guessMapping(table)).toEqual(['name', 'name', 'phone', 'phone', null, 'email', null]);
  });

  it('guesses the columns of a file without a header from their contents', () => {
    const table = toImportTable([
      // Row numbers in an Excel number column are not birth dates, though 1 is Excel's day 1900-01-01.
      [1, 'Петренко Іван', '050 123 45 67', '12.03.1985', 'ivan@example.com'],
      [2, 'Коваль Олена', '+380671112233', '01.01.1990', ''],
      [3, 'Бондар Марія', '(093) 111-22-33', '', 'maria@example.com'],
    ]);
    expect(table.headerRow).toBe(0);
    expect(table.rows).toHaveLength(3);
    expect(guessMapping(table, 'UA')).toEqual([null, 'name', 'phone', 'birthDate', 'email']);
  });

  it('finds the header under a title line and blank rows, and keeps spreadsheet row numbers', () => {
    const table = toImportTable([['Список пациентов клиники «Улыбка»'], [], ['', ''], ['ФИО', 'Телефон'], ['Іван', '0501234567'], [' ', ''], ['Олена', '0671112233']]);
    expect(table.headerRow).toBe(4);
    expect(table.headers).toEqual(['ФИО', 'Телефон']);
    expect(table.rows.map((r) => r.row)).toEqual([5, 7]);
  });
});

describe('phones', () => {
  it.each([
    ['+380 50 123 45 67', '+380501234567'],
    ['+38 (050) 123-45-67', '+380501234567'],
    ['8 (050) 123-45-67', '+380501234567'],
    ['8-067-111-22-33', '+380671112233'],
    ['050 123 45 67', '+380501234567'],
    ['0501234567', '+380501234567'],
    ['380501234567', '+380501234567'],
    ['00380501234567', '+380501234567'],
    ['+7 (916) 123-45-67', '+79161234567'],
    ['79161234567', '+79161234567'],
  ])('%s → %s with the Ukrainian default', (input, e164) => {
    expect(parseImportPhones(input, 'UA').phones).toEqual([e164]);
  });

  it('reads `8 (9xx)` as Russian with the Russian default', () => {
    expect(parseImportPhones('8 (916) 123-45-67', 'RU').phones).toEqual(['+79161234567']);
    // With the Russian default a Ukrainian `8 0xx` number still stays Ukrainian.
    expect(parseImportPhones('8 (050) 123-45-67', 'RU').phones).toEqual(['+380501234567']);
  });

  it('reads an Excel number cell that lost its leading zero', () => {
    expect(parseImportPhones(501234567, 'UA').phones).toEqual(['+380501234567']);
    expect(parseImportPhones(380501234567, 'UA').phones).toEqual(['+380501234567']);
  });

  it('finds every number in a cell with several, ignoring words around them', () => {
    expect(parseImportPhones('050 123 45 67 (мама), 067 111 22 33; 050-123-45-67', 'UA').phones).toEqual(['+380501234567', '+380671112233']);
  });

  it('finds none in text that is not a phone, and tells blank from bad', () => {
    expect(parseImportPhones('123', 'UA')).toEqual({ phones: [], hasText: true });
    expect(parseImportPhones('нет', 'UA')).toEqual({ phones: [], hasText: true });
    expect(parseImportPhones('  ', 'UA')).toEqual({ phones: [], hasText: false });
    expect(parseImportPhones(null, 'UA')).toEqual({ phones: [], hasText: false });
  });
});

describe('birth dates', () => {
  it.each<[CellValue, string]>([
    ['12.03.1985', '1985-03-12'],
    ['2.3.1985', '1985-03-02'],
    ['12/03/1985', '1985-03-12'],
    ['03/25/1990', '1990-03-25'],
    ['12-03-1985', '1985-03-12'],
    ['12.03.85', '1985-03-12'],
    ['01.02.03', '2003-02-01'],
    ['12.03.1985 0:00:00', '1985-03-12'],
    ['1985-03-12', '1985-03-12'],
    ['1985-03-12T00:00:00', '1985-03-12'],
    ['1985.03.12', '1985-03-12'],
    [31118, '1985-03-12'],
    ['31118', '1985-03-12'],
    [1, '1900-01-01'],
    [61, '1900-03-01'],
    [new Date(Date.UTC(1985, 2, 12)), '1985-03-12'],
    [new Date(Date.UTC(1985, 2, 11, 23, 59, 59, 990)), '1985-03-12'],
  ])('%s → %s', (input, iso) => {
    expect(parseImportDate(input, today)).toBe(iso);
  });

  it.each<CellValue>(['31.02.1990', '12.13.1985', '1985', 'вчера', '2030-01-01', '1899-12-31', 60, 1.5, '12.03.1985г'])('%s is not a birth date', (input) => {
    expect(parseImportDate(input, today)).toBeNull();
  });
});

describe('turning rows into patients', () => {
  /** A messy export: a title line, blank lines, `;`, Cyrillic headers, every phone format, notes over two lines. */
  const messy = [
    'Пациенты на 01.03.2026;;;;;;',
    ';;;;;;',
    'ФИО;Тел.;Дата рождения;E-mail;Примечание;Источник;Теги',
    'Петренко Іван;8 (050) 123-45-67;12.03.1985;ivan@example.com;"Алергія на лідокаїн,',
    'боїться уколів";Instagram;VIP, ортодонтия',
    'Коваль Олена;+380671112233;31118;;;;',
    ';;;;;;',
    ';0931112233;;;;;',
    'Бондар Марія;12-34;;;;;',
    'Шевченко Тарас;050 123 45 67;;;;;',
    'Мельник Петро;0661234567;;petro@;;;',
    'Лисенко Анна;0991234567;31.02.1990;;;;',
    'Ткаченко Ольга;;;;;;',
    '   Гончар    Ігор  ;(063) 555 44 33;1990-07-15;;;Сайт;',
  ].join('\r\n');

  it('imports the good rows with normalised fields and reports every other row with its number and reason', () => {
    const { table, mapping, result } = importCsv(encodeWindows1251(messy));
    expect(table.headerRow).toBe(3);
    expect(mapping).toEqual(['name', 'phone', 'birthDate', 'email', 'notes', 'source', 'tags']);
    expect(result.toImport.map((r) => [r.row, r.patient.name, r.patient.phone])).toEqual([
      [4, 'Петренко Іван', '+380501234567'],
      [5, 'Коваль Олена', '+380671112233'],
      [13, 'Гончар Ігор', '+380635554433'],
    ]);
    expect(result.toImport[0]!.patient).toEqual({
      id: expect.any(String),
      clinicId,
      name: 'Петренко Іван',
      phone: '+380501234567',
      email: 'ivan@example.com',
      birthDate: '1985-03-12',
      notes: 'Алергія на лідокаїн,\r\nбоїться уколів',
      source: 'Instagram',
      tags: ['VIP', 'ортодонтия'],
    });
    expect(result.toImport[1]!.patient.birthDate).toBe('1985-03-12');
    expect(result.toImport[2]!.patient).toMatchObject({ birthDate: '1990-07-15', source: 'Сайт', tags: [] });
    expect(result.skipped.map((s) => [s.row, s.reason, s.detail])).toEqual([
      [7, 'no_name', undefined],
      [8, 'bad_phone', '12-34'],
      [9, 'duplicate_in_file', '+380501234567'],
      [10, 'bad_email', 'petro@'],
      [11, 'bad_date', '31.02.1990'],
      [12, 'no_phone', undefined],
    ]);
    expect(result.skipped[1]!.values).toEqual(['Бондар Марія', '12-34', '', '', '', '', '']);
    expect(result.duplicates).toEqual([
      { row: 9, reason: 'duplicate_in_file', name: 'Шевченко Тарас', phone: '+380501234567', of: { row: 4, name: 'Петренко Іван' } },
    ]);
    for (const { patient } of result.toImport) expect(patientSchema.safeParse({ ...patient, updatedAt: '2026-03-01T00:00:00.000Z', _deleted: false }).success).toBe(true);
  });

  it('skips rows whose phone an existing patient already has, however the file writes it', () => {
    const existing = [{ id: '0190a3b2-0000-7000-8000-0000000000aa', name: 'Іван Петренко (картка)', phone: '+380501234567' }];
    const { result } = importCsv(encodeWindows1251(messy), { existing });
    expect(result.toImport.map((r) => r.row)).toEqual([5, 13]);
    expect(result.duplicates).toEqual([
      { row: 4, reason: 'duplicate_existing', name: 'Петренко Іван', phone: '+380501234567', of: { patientId: existing[0]!.id, name: 'Іван Петренко (картка)' } },
      // Row 4 is not imported, so row 9 (same phone) repeats the existing patient, not row 4.
      { row: 9, reason: 'duplicate_existing', name: 'Шевченко Тарас', phone: '+380501234567', of: { patientId: existing[0]!.id, name: 'Іван Петренко (картка)' } },
    ]);
  });

  it('reads the same rows from a UTF-8 file with a BOM and `,` delimiters', () => {
    const csv = '\uFEFF' + messy.replace(/;/g, ',').replace('VIP, ортодонтия', '"VIP; ортодонтия"').replace('"Алергія на лідокаїн,', '"Алергія на лідокаїн;');
    const { result } = importCsv(csv);
    expect(result.toImport.map((r) => r.row)).toEqual([4, 5, 13]);
    expect(result.toImport[0]!.patient).toMatchObject({ notes: 'Алергія на лідокаїн;\r\nбоїться уколів', tags: ['VIP', 'ортодонтия'] });
    expect(result.skipped.map((s) => s.reason)).toEqual(['no_name', 'bad_phone', 'duplicate_in_file', 'bad_email', 'bad_date', 'no_phone']);
  });

  it('keeps a row skipped for another reason from blocking a later row with its phone', () => {
    const { result } = importCsv('Имя;Телефон;Email\nАнна;0501234567;bad\nАнна Коваль;050 123 45 67;\n');
    expect(result.skipped.map((s) => [s.row, s.reason])).toEqual([[2, 'bad_email']]);
    expect(result.toImport.map((r) => [r.row, r.patient.phone])).toEqual([[3, '+380501234567']]);
    expect(result.duplicates).toEqual([]);
  });

  it('puts extra phones and emails, and several notes columns, into notes under their titles', () => {
    const { result } = importCsv(
      'Фамилия,Имя,Отчество,Телефон,Моб.,Email,Примечание,Коментар\n' +
        'Шевченко,Тарас,Григорович,"050 123 45 67, 067 111 22 33",0931112233,"taras@example.com, t@example.org",Пломба 36,Дзвонити ввечері\n',
    );
    expect(result.toImport).toHaveLength(1);
    expect(result.toImport[0]!.patient).toMatchObject({
      name: 'Шевченко Тарас Григорович',
      phone: '+380501234567',
      email: 'taras@example.com',
      notes: 'Примечание: Пломба 36\nКоментар: Дзвонити ввечері\nТелефон: +380671112233\nМоб.: +380931112233\nEmail: t@example.org',
    });
  });

  it('refuses a field longer than the patient card allows', () => {
    const { result } = importCsv(`Имя;Телефон;Источник\n${'Я'.repeat(201)};0501234567;\nОлена;0671112233;${'x'.repeat(101)}\n`);
    expect(result.toImport).toEqual([]);
    expect(result.skipped.map((s) => [s.row, s.reason, s.detail])).toEqual([[2, 'too_long', 'name'], [3, 'too_long', 'source']]);
  });

  it('follows a mapping the person changed, and skips everything without a name or phone column', () => {
    const table: ImportTable = toImportTable([['Контакт', 'Кто'], ['050 123 45 67', 'Іван'], ['067 111 22 33', 'Олена']]);
    const mapping: ColumnMapping = ['phone', 'name'];
    expect(buildPatientImport(table, mapping, options()).toImport.map((r) => r.patient.name)).toEqual(['Іван', 'Олена']);
    expect(buildPatientImport(table, ['phone', null], options()).skipped.map((s) => s.reason)).toEqual(['no_name', 'no_name']);
    expect(buildPatientImport(table, [null, 'name'], options()).skipped.map((s) => s.reason)).toEqual(['no_phone', 'no_phone']);
  });

  it('needs the clinic’s country for numbers written without a country code', () => {
    const { table, mapping } = importCsv('ФИО;Телефон\nІван;050 123 45 67\nОлена;+380671112233\n');
    const result = buildPatientImport(table, mapping, options({ defaultCountry: undefined }));
    expect(result.skipped.map((s) => [s.row, s.reason])).toEqual([[2, 'bad_phone']]);
    expect(result.toImport.map((r) => r.row)).toEqual([3]);
  });
});

describe('XLSX', () => {
  it('reads an Excel sheet with date cells, serial numbers, number phones and blank rows', async () => {
    const buffer = await writeXlsxFile([
      ['Картотека'],
      [],
      ['Пацієнт', 'Телефон', 'Дата народження', 'Примітка'],
      ['Петренко Іван', 501234567, { value: new Date(Date.UTC(1985, 2, 12)), type: Date, format: 'dd.mm.yyyy' }, 'Пломба'],
      [null, null, null, null],
      ['Коваль Олена', 380671112233, 33000, null],
      ['Бондар Марія', '+380 93 111 22 33', '15.07.1990', null],
      ['Мельник Петро', '050 123 45 67', null, null],
      ['Сидоренко Ганна', '0661234567', { value: new Date(Date.UTC(2031, 0, 1)), type: Date, format: 'dd.mm.yyyy' }, null],
    ]).toBuffer();
    const [sheet] = await readXlsxFile(buffer);
    const table = toImportTable(sheet!.data as CellValue[][]);
    expect(table.headerRow).toBe(3);
    const mapping = guessMapping(table, 'UA');
    expect(mapping).toEqual(['name', 'phone', 'birthDate', 'notes']);
    const result = buildPatientImport(table, mapping, options());
    expect(result.toImport.map((r) => [r.row, r.patient.name, r.patient.phone, r.patient.birthDate])).toEqual([
      [4, 'Петренко Іван', '+380501234567', '1985-03-12'],
      [6, 'Коваль Олена', '+380671112233', '1990-05-07'],
      [7, 'Бондар Марія', '+380931112233', '1990-07-15'],
    ]);
    expect(result.toImport[0]!.patient.notes).toBe('Пломба');
    expect(result.skipped.map((s) => [s.row, s.reason, s.detail])).toEqual([
      [8, 'duplicate_in_file', '+380501234567'],
      [9, 'bad_date', '2031-01-01'],
    ]);
  });
});

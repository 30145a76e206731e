/**
 * Importing patients from a clinic's old spreadsheet (CSV or XLSX): decoding the bytes, finding the header row,
 * guessing which column is which, and turning every row into a patient draft or a reason it is skipped.
 * Pure: the app reads the file and writes the drafts (all of them or none) with `saveDocuments`.
 */
import type { CountryCode } from 'libphonenumber-js';
import Papa from 'papaparse';
import { z } from 'zod';
import { patientSchema, type Patient } from '../domain/patient.js';
import { parsePhone } from '../domain/phone.js';

/** One cell as a CSV parser (`string`) or read-excel-file (`string | number | boolean | Date | null`) gives it. */
export type CellValue = string | number | boolean | Date | null | undefined;

/** The patient fields a column can fill. */
export const PATIENT_IMPORT_FIELDS = ['name', 'phone', 'email', 'birthDate', 'notes', 'tags', 'source'] as const;
export type PatientImportField = (typeof PATIENT_IMPORT_FIELDS)[number];

/** Which field each column fills, by column index; `null` = the column is not imported. */
export type ColumnMapping = readonly (PatientImportField | null)[];

/** A sheet ready for mapping: the header row (if one was recognised) and the non-empty rows under it. */
export interface ImportTable {
  /**
   * Column titles, one per column (as many as the widest row). `''` for a column without a title, and for every
   * column when the file has no recognisable header row.
   */
  headers: string[];
  /** Row number of the header row; 0 when the file has none and data starts at the first non-empty row. */
  headerRow: number;
  /** Rows under the header that have at least one non-blank cell, each with its row number. */
  rows: ImportTableRow[];
}

export interface ImportTableRow {
  /** Row number as a spreadsheet program shows it: the file's first record is row 1 (a CSV field with a line break is still one row). */
  row: number;
  cells: CellValue[];
}

/** A patient as it will be written: everything but the sync stamps (`updatedAt`, `_deleted`), which `saveDocuments` adds. */
export type PatientImportDraft = Omit<Patient, 'updatedAt' | '_deleted'>;

/** Why a row is not imported. Each skipped row carries the first reason found, checked in this order. */
export type SkipReason =
  /** No name column, or the name cells hold no letter. */
  | 'no_name'
  /** No phone column, or the phone cells are blank (a patient card always has a phone). */
  | 'no_phone'
  /** The phone cells hold text that is not a possible phone number, even with the clinic's country. */
  | 'bad_phone'
  /** The email cell is not an email address. */
  | 'bad_email'
  /** The birth date is not a date this module reads, is before 1900, or is in the future. */
  | 'bad_date'
  /** A field is longer than a patient card allows (name 200, email 254, notes 5000, source 100, a tag 50 characters, 50 tags). */
  | 'too_long'
  /** Any other way the draft fails `patientSchema` (detail = the field). */
  | 'invalid'
  /** The phone is already on an existing patient card of the clinic. */
  | 'duplicate_existing'
  /** The phone appeared on an earlier row of the file that is imported. */
  | 'duplicate_in_file';

export interface SkippedRow {
  row: number;
  reason: SkipReason;
  /** The offending text (the bad phone, email or date), the phone for duplicates, or the field for `too_long`/`invalid`. */
  detail?: string;
  /** Every cell of the row as text, in column order (dates as `YYYY-MM-DD`), for the report. */
  values: string[];
}

/** A row skipped because its phone is already taken, and by whom. */
export interface DuplicateRow {
  row: number;
  reason: 'duplicate_existing' | 'duplicate_in_file';
  /** The row's name and phone (E.164) as they would have been imported. */
  name: string;
  phone: string;
  /** The row of the file or the existing patient that has the phone. */
  of: { row: number; name: string } | { patientId: string; name: string };
}

export interface PatientImport {
  /** Rows that become patients, in file order, each with its row number. */
  toImport: { row: number; patient: PatientImportDraft }[];
  /** Every non-empty row that is not imported (duplicates included), in file order. */
  skipped: SkippedRow[];
  /** The skipped rows that are duplicates, with what they duplicate. */
  duplicates: DuplicateRow[];
}

export interface PatientImportOptions {
  clinicId: string;
  /** The clinic's country for phones written without `+` (see `defaultPhoneCountry`). */
  defaultCountry?: CountryCode;
  /** The clinic's current patients; a row with one of their phones is a duplicate. */
  existing: readonly Pick<Patient, 'id' | 'name' | 'phone'>[];
  /** Makes the id of each new patient (the app passes UUIDv7). */
  newId: () => string;
  /** Today as `YYYY-MM-DD`: birth dates after it are refused, and two-digit years resolve against it. Defaults to today in UTC. */
  today?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Bytes and CSV

/**
 * The text of a CSV file's bytes: UTF-8 (with or without a BOM), UTF-16 LE with a BOM (Excel's "Unicode text"), and
 * otherwise Windows-1251 — bytes that are not valid UTF-8 are taken for Windows-1251, the encoding Excel uses for
 * "CSV (comma delimited)" on Russian and Ukrainian Windows.
 */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1251').decode(bytes);
  }
}

/**
 * Rows of CSV text, every cell a string. The delimiter (`,` `;` tab `|`) is detected by papaparse, or taken from an
 * Excel `sep=;` first line. Quoted fields may hold delimiters, quotes (`""`) and line breaks. Empty lines stay as rows
 * (so row numbers match the file); `toImportTable` drops them.
 */
export function parseCsv(text: string): string[][] {
  let body = text.replace(/^\uFEFF/, '');
  let delimiter = '';
  const sepLine = /^sep=(.)\r?\n/i.exec(body);
  if (sepLine) {
    delimiter = sepLine[1]!;
    body = body.slice(sepLine[0].length);
  }
  if (!delimiter) {
    // Papaparse guesses from the first rows' field counts, and a blank line (one field) would spoil the guess: guess
    // without blank lines, then parse keeping them. When it cannot tell (one column, only blank rows), the most
    // frequent of `;` `,` tab wins.
    const guess = Papa.parse<string[]>(body, { skipEmptyLines: 'greedy', preview: 20 });
    const isUndetected = guess.errors.some((e) => e.code === 'UndetectableDelimiter');
    const count = (ch: string) => body.split(ch).length - 1;
    delimiter = isUndetected ? [';', ',', '\t'].reduce((best, ch) => (count(ch) > count(best) ? ch : best)) : guess.meta.delimiter;
  }
  return Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false }).data;
}

/** `decodeCsv`, `parseCsv` and `toImportTable` in one step. */
export function readCsvTable(bytes: Uint8Array): ImportTable {
  return toImportTable(parseCsv(decodeCsv(bytes)));
}

// ---------------------------------------------------------------------------------------------------------------
// Table, headers and mapping

/** A cell as trimmed text: numbers as written (`501234567`), dates as `YYYY-MM-DD`, non-breaking spaces as spaces. */
export function cellText(cell: CellValue): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return dateOfDateObject(cell) ?? '';
  return String(cell).replace(/\u00a0/g, ' ').trim();
}

/** How many of the first non-empty rows are searched for the header row (files often open with a title line). */
const HEADER_SEARCH_ROWS = 10;

/**
 * Finds the header row and keeps the non-empty rows under it (rows above it, such as a sheet's title, are dropped).
 * The header row is, of the first 10 non-empty rows, the one with the most recognised titles (`guessFieldOfHeader`)
 * among which a name or a phone (the first on a tie); failing that, a first row with no digit or `@` when rows below
 * it have digits (titles nobody recognised). Otherwise the file has no header, and every non-empty row is data.
 */
export function toImportTable(rows: readonly (readonly CellValue[])[]): ImportTable {
  const nonEmpty = rows.map((cells, index) => ({ row: index + 1, cells: [...cells] })).filter((r) => r.cells.some((c) => cellText(c) !== ''));
  const width = Math.max(0, ...nonEmpty.map((r) => r.cells.length));
  const recognised = (cells: CellValue[]) => cells.map((c) => guessFieldOfHeader(cellText(c))).filter((f) => f !== null);
  let headerIndex = -1;
  let best = 0;
  nonEmpty.slice(0, HEADER_SEARCH_ROWS).forEach((r, index) => {
    const fields = recognised(r.cells);
    if ((fields.includes('name') || fields.includes('phone')) && fields.length > best) [headerIndex, best] = [index, fields.length];
  });
  // Titles nobody recognised: a first row without digits or `@` above rows with digits is still a header row.
  const [first, ...rest] = nonEmpty;
  if (headerIndex < 0 && first && !first.cells.some((c) => /[\d@]/.test(cellText(c))) && rest.some((r) => r.cells.some((c) => /\d/.test(cellText(c))))) headerIndex = 0;
  if (headerIndex < 0) return { headers: Array<string>(width).fill(''), headerRow: 0, rows: nonEmpty };
  const header = nonEmpty[headerIndex]!;
  return {
    headers: Array.from({ length: width }, (_, i) => cellText(header.cells[i])),
    headerRow: header.row,
    rows: nonEmpty.slice(headerIndex + 1),
  };
}

/** A header as compared: lower case, `ё` as `е`, every apostrophe as `'`, punctuation as spaces. */
function normalizeHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[’ʼ`´‘]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
}

/**
 * Columns about someone other than the patient, or an id: never guessed as a patient field.
 * (`\b` knows only Latin letters, so word edges are written `(^| )` and `( |$)` here and below.)
 */
const NOT_PATIENT_HEADER = /(врач|лікар|доктор|doctor|менеджер|manager|сотрудник|співробітник|адміністратор|администратор|(^| )(id|код|card)( |$)|(^| )карт)/;

/** Header words of each field in Russian, Ukrainian and English, tried in this order (so "Телефон пациента" is a phone). */
const HEADER_PATTERNS: readonly [PatientImportField, RegExp][] = [
  ['birthDate', /(рожд|народж|birth|^dob$|^д р$|^др$)/],
  ['email', /(e ?mail|почт|пошт|^mail$)/],
  ['phone', /(телеф|^тел( |$)|^моб|мобил|мобіл|phone|^tel( |$)|^mobile|^cell)/],
  ['tags', /(^тег|^метк|^мітк|^tags?$|^labels?$)/],
  ['source', /(источник|джерел|^source|откуда|звідки|^канал|^channel|^utm)/],
  ['notes', /(примеч|примітк|коммент|комент|заметк|нотатк|^notes?$|^comments?$|^remarks?$|^описание|^опис$)/],
  ['name', /(фио|^піб|пациент|пацієнт|клиент|клієнт|^имя|^ім'я|фамил|прізвищ|отчеств|по батьков|^name|full name|first name|last name|surname|middle name|^patient|^client)/],
];

/**
 * The field a column title names, or null: e.g. «ФИО», «Пациент», «Ім'я», «Прізвище» → name; «Телефон», «Тел.»,
 * «Моб.» → phone; «Email», «Почта» → email; «Дата рождения», «Дата народження», «Д.р.» → birthDate;
 * «Примечание», «Коментар» → notes; «Источник» → source; «Теги» → tags. Titles about a doctor or an id are never
 * guessed («ФИО врача», «ID пациента»).
 */
export function guessFieldOfHeader(header: string): PatientImportField | null {
  const normalized = normalizeHeader(header);
  if (!normalized || NOT_PATIENT_HEADER.test(normalized)) return null;
  return HEADER_PATTERNS.find(([, pattern]) => pattern.test(normalized))?.[0] ?? null;
}

/** Fields a mapping may give to several columns: names are joined, phones and tags pooled, notes collected. */
const MULTI_COLUMN_FIELDS: readonly PatientImportField[] = ['name', 'phone', 'notes', 'tags'];

/** How many rows are looked at when guessing a column from its contents. */
const CONTENT_SAMPLE_ROWS = 50;
/** Share of a column's non-blank sample cells that must look like the field. */
const CONTENT_SHARE = 0.6;

/**
 * The column → field mapping guessed for `table`. From titles first (`guessFieldOfHeader`): name, phone, notes and
 * tags may take several columns («Прізвище» + «Ім'я»; «Телефон» + «Моб.»), email, birthDate and source only the first.
 * Then, for name, phone, email and birthDate still unmapped, from the contents of untitled or unrecognised columns:
 * a column is a phone/email/date column when at least 60% of its first 50 non-blank cells read as one (a number
 * below 10000 is not taken for a date there), and the leftmost column of letter-only cells is the name.
 */
export function guessMapping(table: ImportTable, defaultCountry?: CountryCode): ColumnMapping {
  const mapping: (PatientImportField | null)[] = table.headers.map(() => null);
  table.headers.forEach((header, column) => {
    const field = guessFieldOfHeader(header);
    if (field && (MULTI_COLUMN_FIELDS.includes(field) || !mapping.includes(field))) mapping[column] = field;
  });

  const sample = table.rows.slice(0, CONTENT_SAMPLE_ROWS);
  const share = (column: number, test: (cell: CellValue) => boolean): number => {
    const cells = sample.map((r) => r.cells[column]).filter((c) => cellText(c) !== '');
    return cells.length === 0 ? 0 : cells.filter(test).length / cells.length;
  };
  const today = new Date().toISOString().slice(0, 10);
  const looksLike: Record<'phone' | 'email' | 'birthDate' | 'name', (cell: CellValue) => boolean> = {
    // A number cell counts only from day 10000 (1927): small numbers are row numbers, not dates.
    birthDate: (cell) => (typeof cell !== 'number' || cell >= 10_000) && parseImportDate(cell, today) !== null,
    email: (cell) => isEmail(cellText(cell)),
    phone: (cell) => parseImportDate(cell, today) === null && cellText(cell).replace(/\D/g, '').length >= 9 && parseImportPhones(cell, defaultCountry).phones.length > 0,
    name: (cell) => /^[\p{L}'’ʼ.\- ]+$/u.test(cellText(cell)) && /\p{L}{2}/u.test(cellText(cell)),
  };
  const candidates = () => table.headers.map((_, column) => column).filter((column) => mapping[column] === null && guessFieldOfHeader(table.headers[column]!) === null);
  for (const field of ['birthDate', 'email', 'phone'] as const) {
    if (mapping.includes(field)) continue;
    const best = candidates()
      .map((column) => ({ column, share: share(column, looksLike[field]) }))
      .filter((c) => c.share >= CONTENT_SHARE)
      .sort((a, b) => b.share - a.share)[0];
    if (best) mapping[best.column] = field;
  }
  if (!mapping.includes('name')) {
    const column = candidates().find((c) => share(c, looksLike.name) >= CONTENT_SHARE);
    if (column !== undefined) mapping[column] = 'name';
  }
  return mapping;
}

// ---------------------------------------------------------------------------------------------------------------
// Phones, emails and dates

/**
 * The phones in one cell, as E.164, and whether the cell had any text. A cell may hold several numbers separated by
 * `,` `;` `/` or a line break («050 123 45 67, 067 111 22 33 (мама)»); text around a number is ignored by
 * libphonenumber. Before `parsePhone` with the clinic's country, the usual ways of writing a number without `+` are
 * made international: `380…` (12 digits) → `+380…`; `8 0xx …` (11 digits, the old long-distance prefix for Ukraine)
 * → `+380xx…`; `00…` → `+…`. A number from an Excel number cell has lost its leading zero (`501234567`), which
 * libphonenumber reads with the clinic's country.
 */
export function parseImportPhones(cell: CellValue, defaultCountry?: CountryCode): { phones: string[]; hasText: boolean } {
  const text = typeof cell === 'number' ? String(Math.round(cell)) : cellText(cell);
  const phones: string[] = [];
  for (const part of text.split(/[,;/\n]/)) {
    const digits = part.replace(/\D/g, '');
    if (!digits) continue;
    const hasPlus = /^\s*\+/.test(part);
    let candidate = part;
    if (!hasPlus && /^380\d{9}$/.test(digits)) candidate = `+${digits}`;
    else if (!hasPlus && /^80\d{9}$/.test(digits)) candidate = `+3${digits}`;
    else if (!hasPlus && /^00[1-9]\d{6,14}$/.test(digits)) candidate = `+${digits.slice(2)}`;
    // A Russian or Kazakh number written `7 9xx …` by a clinic elsewhere.
    const phone = parsePhone(candidate, defaultCountry) ?? (!hasPlus && /^7\d{10}$/.test(digits) ? parsePhone(`+${digits}`) : null);
    if (phone && !phones.includes(phone)) phones.push(phone);
  }
  return { phones, hasText: text !== '' };
}

function isEmail(text: string): boolean {
  return z.email().safeParse(text).success;
}

/** Excel's day 0 is 1899-12-30 for serials from 61 on (serial 60 is Excel's non-existent 1900-02-29). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

function isoOf(year: number, month: number, day: number): string | null {
  if (year < 1000 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** The calendar date of a Date read from a spreadsheet (read-excel-file gives UTC midnight; float noise is rounded away). */
function dateOfDateObject(date: Date): string | null {
  const ms = date.getTime();
  if (Number.isNaN(ms)) return null;
  const nearestMidnight = Math.round(ms / DAY_MS) * DAY_MS;
  return new Date(Math.abs(ms - nearestMidnight) < 60_000 ? nearestMidnight : ms).toISOString().slice(0, 10);
}

function dateOfExcelSerial(serial: number): string | null {
  if (!Number.isInteger(serial) || serial < 1 || serial === 60 || serial > 2_958_465) return null;
  return new Date(EXCEL_EPOCH_MS + (serial < 60 ? serial + 1 : serial) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A birth date as `YYYY-MM-DD`, or null when the cell is not one. Reads `DD.MM.YYYY` (also with `/` or `-`, one-digit
 * day and month, a time after it, or a two-digit year — the latest year not after `today`); `DD/MM` is taken day first
 * unless the second number cannot be a month (`03/25/1990`); `YYYY-MM-DD` (also `YYYY.MM.DD`, ISO with a time); Excel
 * serial day numbers (a number cell, or five digits in a text cell: `31118` → 1985-03-12; four digits are a year,
 * not a date); and Date objects from XLSX.
 * Dates before 1900-01-01 or after `today` are refused. A blank cell is null too: callers check blankness first.
 */
export function parseImportDate(cell: CellValue, today: string): string | null {
  let iso: string | null = null;
  if (cell instanceof Date) iso = dateOfDateObject(cell);
  else if (typeof cell === 'number') iso = dateOfExcelSerial(cell);
  else if (typeof cell === 'string') {
    const text = cell.trim();
    const ymd = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:[T ].*)?$/.exec(text);
    const dmy = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?:[ ,T].*)?$/.exec(text);
    if (ymd) iso = isoOf(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]));
    else if (dmy) {
      let [first, second] = [Number(dmy[1]), Number(dmy[3])];
      if (dmy[2] === '/' && second > 12 && first <= 12) [first, second] = [second, first];
      let year = Number(dmy[4]);
      if (dmy[4]!.length === 2) {
        const thisYear = Number(today.slice(0, 4));
        year += 2000;
        if (year > thisYear) year -= 100;
      }
      iso = isoOf(year, second, first);
    } else if (/^\d{5}(\.0+)?$/.test(text)) iso = dateOfExcelSerial(Number(text));
  }
  if (iso === null || iso < '1900-01-01' || iso > today) return null;
  return iso;
}

// ---------------------------------------------------------------------------------------------------------------
// Rows → patients

function columnsOf(mapping: ColumnMapping, field: PatientImportField): number[] {
  return mapping.flatMap((f, column) => (f === field ? [column] : []));
}

/** `Title: value` for a note line (just the value when the column has no title). */
function noteLine(header: string, value: string): string {
  return header ? `${header}: ${value}` : value;
}

/**
 * Turns the table's rows into patient drafts under `mapping`, and says why every other non-empty row is skipped.
 *
 * Per row, in this order (the first failing rule is the row's reason):
 * - name: the name columns' texts joined with spaces («Шевченко» + «Тарас»), whitespace collapsed; must hold a
 *   letter → `no_name`.
 * - phone: the first phone found in the phone columns (`parseImportPhones`); blank → `no_phone`, text but no
 *   possible number → `bad_phone`. Further numbers go to notes as «Title: +380…».
 * - email: the first address of the first non-blank email column; not an address → `bad_email`. Further
 *   addresses go to notes.
 * - birthDate: the first non-blank birth-date column, read by `parseImportDate` → `bad_date`.
 * - notes: the notes columns' values, one per line («Title: value» when there are several notes columns); tags:
 *   the tag columns split at `,` and `;`, repeats dropped; source: the first non-blank source column.
 * - the draft must pass `patientSchema` → `too_long`, or `invalid` (detail = the field).
 * - a phone of an existing patient → `duplicate_existing`; a phone of an earlier imported row → `duplicate_in_file`
 *   (the first row with a phone wins; a row skipped for another reason does not block later rows).
 * Blank rows are not reported (`toImportTable` already dropped them).
 */
export function buildPatientImport(table: ImportTable, mapping: ColumnMapping, options: PatientImportOptions): PatientImport {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const existingByPhone = new Map(options.existing.map((p) => [p.phone, p] as const));
  const importedByPhone = new Map<string, { row: number; name: string }>();
  const result: PatientImport = { toImport: [], skipped: [], duplicates: [] };
  const columns = Object.fromEntries(PATIENT_IMPORT_FIELDS.map((f) => [f, columnsOf(mapping, f)])) as Record<PatientImportField, number[]>;
  const header = (column: number) => table.headers[column] ?? '';

  for (const { row, cells } of table.rows) {
    const text = (column: number) => cellText(cells[column]);
    const skip = (reason: SkipReason, detail?: string) => {
      const values = Array.from({ length: Math.max(cells.length, table.headers.length) }, (_, i) => text(i));
      result.skipped.push({ row, reason, values, ...(detail !== undefined ? { detail } : {}) });
    };
    const notes: string[] = [];

    const name = columns.name.map(text).filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();
    if (!/\p{L}/u.test(name)) {
      skip('no_name');
      continue;
    }

    let phone: string | undefined;
    let phoneText = '';
    for (const column of columns.phone) {
      const { phones, hasText } = parseImportPhones(cells[column], options.defaultCountry);
      if (hasText && !phoneText) phoneText = text(column);
      const extra = phones.filter((p) => p !== phone);
      if (!phone && extra.length > 0) phone = extra.shift();
      if (extra.length > 0) notes.push(noteLine(header(column), extra.join(', ')));
    }
    if (!phone) {
      skip(phoneText ? 'bad_phone' : 'no_phone', phoneText || undefined);
      continue;
    }

    const emailColumn = columns.email.find((c) => text(c) !== '');
    let email: string | undefined;
    if (emailColumn !== undefined) {
      const [first, ...more] = text(emailColumn).replace(/^mailto:/i, '').split(/[,;\s]+/).filter(Boolean);
      if (!first || !isEmail(first)) {
        skip('bad_email', text(emailColumn));
        continue;
      }
      email = first;
      if (more.length > 0) notes.push(noteLine(header(emailColumn), more.join(', ')));
    }

    const dateColumn = columns.birthDate.find((c) => text(c) !== '');
    let birthDate: string | undefined;
    if (dateColumn !== undefined) {
      const date = parseImportDate(cells[dateColumn], today);
      if (!date) {
        skip('bad_date', text(dateColumn));
        continue;
      }
      birthDate = date;
    }

    const noteColumns = columns.notes.filter((c) => text(c) !== '');
    notes.unshift(...noteColumns.map((c) => (columns.notes.length > 1 ? noteLine(header(c), text(c)) : text(c))));
    const tags: string[] = [];
    for (const column of columns.tags) {
      for (const tag of text(column).split(/[,;]/).map((t) => t.trim())) {
        if (tag && !tags.some((t) => t.toLowerCase() === tag.toLowerCase())) tags.push(tag);
      }
    }
    const sourceColumn = columns.source.find((c) => text(c) !== '');

    const patient: PatientImportDraft = {
      id: options.newId(),
      clinicId: options.clinicId,
      name,
      phone,
      tags,
      ...(email ? { email } : {}),
      ...(birthDate ? { birthDate } : {}),
      ...(notes.length > 0 ? { notes: notes.join('\n') } : {}),
      ...(sourceColumn !== undefined ? { source: text(sourceColumn) } : {}),
    };
    const check = patientSchema.safeParse({ ...patient, updatedAt: '2000-01-01T00:00:00.000Z', _deleted: false });
    if (!check.success) {
      const issue = check.error.issues[0];
      skip(issue?.code === 'too_big' ? 'too_long' : 'invalid', String(issue?.path[0] ?? ''));
      continue;
    }

    const existing = existingByPhone.get(phone);
    const earlier = importedByPhone.get(phone);
    if (existing || earlier) {
      const reason = existing ? 'duplicate_existing' : 'duplicate_in_file';
      skip(reason, phone);
      result.duplicates.push({ row, reason, name, phone, of: existing ? { patientId: existing.id, name: existing.name } : earlier! });
      continue;
    }
    importedByPhone.set(phone, { row, name });
    result.toImport.push({ row, patient });
  }
  return result;
}

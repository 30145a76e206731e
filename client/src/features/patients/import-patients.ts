/** Writing an import's patients in one go, and the words and report table that explain its skipped rows. */
import type { TFunction } from 'i18next';
import type { DuplicateRow, PatientImport, PatientImportField, SkippedRow } from '../../../../shared/src/import/patient-import.js';
import type { ClinicDatabase } from '../../db/database.js';
import { saveDocuments } from '../../db/repository.js';
import type { ExportTable } from '../../ui/table-export.js';

/**
 * Saves every patient of `result.toImport`, all or none (see `saveDocuments`), and returns how many were saved.
 * @throws when validation or the storage fails; nothing is imported then.
 */
export async function savePatientImport(db: ClinicDatabase, result: PatientImport): Promise<number> {
  const saved = await saveDocuments(db, 'patients', result.toImport.map((r) => r.patient));
  return saved.length;
}

/** The i18n key of a patient field's name. */
export const FIELD_LABEL_KEY: Record<PatientImportField, string> = {
  name: 'patients.name',
  phone: 'patients.phone',
  email: 'patients.email',
  birthDate: 'patients.birthDate',
  notes: 'patients.notes',
  tags: 'patients.import.field.tags',
  source: 'patients.import.field.source',
};

/** Spreadsheet letters of a column index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A column's title, or «Column B» when the file has none. */
export function columnTitle(t: TFunction, headers: readonly string[], index: number): string {
  return headers[index] || t('patients.import.column', { letter: columnLetter(index) });
}

/** Why `skipped` is not imported, in the person's words; `duplicate` says what it repeats. */
export function skipReasonText(t: TFunction, skipped: SkippedRow, duplicate?: DuplicateRow): string {
  switch (skipped.reason) {
    case 'duplicate_in_file':
    case 'duplicate_existing':
      if (duplicate && 'row' in duplicate.of) return t('patients.import.reason.duplicate_in_file', { row: duplicate.of.row, name: duplicate.of.name });
      return t('patients.import.reason.duplicate_existing', { name: duplicate?.of.name ?? '' });
    case 'too_long':
    case 'invalid': {
      const field = skipped.detail as PatientImportField | undefined;
      return t(`patients.import.reason.${skipped.reason}`, { field: field && FIELD_LABEL_KEY[field] ? t(FIELD_LABEL_KEY[field]) : (field ?? '') });
    }
    default:
      return t(`patients.import.reason.${skipped.reason}`, { detail: skipped.detail ?? '' });
  }
}

/** The report of skipped rows for download: row number, reason, then the row's cells under the file's own titles. */
export function importReportTable(t: TFunction, headers: readonly string[], result: PatientImport): ExportTable {
  const width = Math.max(headers.length, ...result.skipped.map((s) => s.values.length));
  const duplicateOf = new Map(result.duplicates.map((d) => [d.row, d]));
  return {
    header: [t('patients.import.row'), t('patients.import.reason'), ...Array.from({ length: width }, (_, i) => columnTitle(t, headers, i))],
    rows: result.skipped.map((s) => [s.row, skipReasonText(t, s, duplicateOf.get(s.row)), ...Array.from({ length: width }, (_, i) => s.values[i] ?? '')]),
  };
}

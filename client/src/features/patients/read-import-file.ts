/**
 * Reads a file picked for the patient import into rows: CSV through the shared decoder and parser, XLSX through
 * read-excel-file (loaded only when an XLSX is picked). The format is told by the file's first bytes, not its name.
 */
import { readCsvTable, toImportTable, type CellValue, type ImportTable } from '../../../../shared/src/import/patient-import.js';

export type ImportFileErrorCode = 'xls' | 'unsupported' | 'empty';

/** A file that cannot be imported: an old binary `.xls`, something that is not a table, or a table with no rows. */
export class ImportFileError extends Error {
  constructor(readonly code: ImportFileErrorCode) {
    super(`Cannot import this file: ${code}`);
  }
}

/** What the file picker offers. */
export const IMPORT_FILE_ACCEPT = '.csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * The rows of `file` as an import table (header found, blank rows dropped).
 * @throws ImportFileError; errors of read-excel-file for a broken XLSX.
 */
export async function readImportFile(file: Blob & { name?: string }): Promise<ImportTable> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let table: ImportTable;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // A zip: XLSX. The first sheet with anything in it.
    const { default: readXlsxFile } = await import('read-excel-file/browser');
    const sheets = await readXlsxFile(bytes.buffer);
    const sheet = sheets.find((s) => s.data.some((row) => row.some((cell) => cell !== null && String(cell).trim() !== ''))) ?? sheets[0];
    table = toImportTable((sheet?.data ?? []) as CellValue[][]);
  } else if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new ImportFileError('xls');
  } else if (bytes.subarray(0, 4096).includes(0) && !startsWith(bytes, [0xff, 0xfe])) {
    // Zero bytes outside UTF-16: a binary file, not text.
    throw new ImportFileError('unsupported');
  } else {
    table = readCsvTable(bytes);
  }
  if (table.rows.length === 0) throw new ImportFileError('empty');
  return table;
}

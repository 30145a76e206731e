/**
 * Saving a table as CSV (papaparse; `;`-separated with a BOM, which Excel in ru/uk locales opens correctly) or XLSX
 * (write-excel-file, loaded only when asked for).
 */
import Papa from 'papaparse';

/** A table: a header row, then rows of plain values. */
export interface ExportTable {
  header: string[];
  rows: (string | number)[][];
}

/** The CSV text of `table`. */
export function toCsv(table: ExportTable): string {
  return `\uFEFF${Papa.unparse({ fields: table.header, data: table.rows }, { delimiter: ';' })}`;
}

function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadCsv(table: ExportTable, fileName: string): void {
  download(new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' }), `${fileName}.csv`);
}

export async function downloadXlsx(table: ExportTable, fileName: string): Promise<void> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const cell = (value: string | number) => ({ value, type: typeof value === 'number' ? Number : String });
  const data = [table.header.map((h) => ({ value: h, fontWeight: 'bold' as const })), ...table.rows.map((row) => row.map(cell))];
  download(await writeXlsxFile(data as never, { sheet: fileName.slice(0, 31) }).toBlob(), `${fileName}.xlsx`);
}

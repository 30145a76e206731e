/**
 * "Export all data": every collection of the clinic as JSON and as CSV, in one zip (fflate), built from the
 * device's local database — the owner's copy holds everything.
 */
import { strToU8, zipSync } from 'fflate';
import { COLLECTION_NAMES, type CollectionName } from '../../../../shared/src/domain/index.js';
import type { ClinicDatabase } from '../../db/database.js';
import { toCsv } from '../../ui/table-export.js';

/** Documents as CSV rows: one column per top-level field; nested values as JSON text. */
export function documentsToCsv(docs: readonly Record<string, unknown>[]): string {
  const header = [...new Set(docs.flatMap((doc) => Object.keys(doc)))];
  const cell = (value: unknown): string | number => (value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : typeof value === 'number' ? value : String(value));
  return toCsv({ header, rows: docs.map((doc) => header.map((key) => cell(doc[key]))) });
}

/** The zip's bytes: `<collection>.json` and `<collection>.csv` for every collection. */
export async function exportClinicData(db: ClinicDatabase): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const name of COLLECTION_NAMES as readonly CollectionName[]) {
    if (!(name in db.collections)) continue;
    const docs = ((await (db[name] as ClinicDatabase['patients']).find().exec()) as { toJSON(): unknown }[]).map((d) => d.toJSON() as Record<string, unknown>);
    files[`${name}.json`] = strToU8(JSON.stringify(docs, null, 2));
    files[`${name}.csv`] = strToU8(documentsToCsv(docs));
  }
  return zipSync(files);
}

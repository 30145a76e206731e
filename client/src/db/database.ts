/**
 * The device's local database: one RxDB database per (user, clinic) over Dexie/IndexedDB.
 * Opened once per pair as a module-level promise, so React StrictMode cannot open it twice (RxDB's 13-collection limit).
 */
import Dexie from 'dexie';
import { addRxPlugin, createRxDatabase, removeRxDatabase, type RxCollection, type RxConflictHandler, type RxDatabase } from 'rxdb';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import {
  COLLECTION_NAMES,
  type Appointment,
  type CatalogDoc,
  type LedgerEntry,
  type Patient,
} from '../../../shared/src/domain/index.js';
import { jsonEqual, threeWayMerge } from '../../../shared/src/sync/merge.js';
import { rxSchemaOf } from './rx-schema.js';

addRxPlugin(RxDBLeaderElectionPlugin);

export interface ClinicCollections {
  catalog: RxCollection<CatalogDoc>;
  patients: RxCollection<Patient>;
  appointments: RxCollection<Appointment>;
  ledger: RxCollection<LedgerEntry>;
}
export type ClinicDatabase = RxDatabase<ClinicCollections>;

/**
 * Field-level three-way merge (DESIGN.md "Conflicts and clashes"): a field changed on one side keeps that change;
 * a field changed on both takes the server's value.
 */
export const mergeConflictHandler: RxConflictHandler<any> = {
  isEqual: (a, b) => jsonEqual(a, b),
  resolve: async ({ assumedMasterState, newDocumentState, realMasterState }) =>
    threeWayMerge(assumedMasterState, newDocumentState, realMasterState).merged,
};

let storageFactory: () => ReturnType<typeof getRxStorageDexie> = () => getRxStorageDexie();

/** Lets node tests run the real database over fake-indexeddb. */
export function useStorageForTests(factory: typeof storageFactory): void {
  storageFactory = factory;
}

function storage() {
  const dexie = storageFactory();
  // Dev builds validate every write against the schema; zod already validates before writes in production.
  return import.meta.env?.DEV ? wrappedValidateAjvStorage({ storage: dexie }) : dexie;
}

/** The IndexedDB name of a (user, clinic) pair's database. */
export function databaseName(userId: string, clinicId: string): string {
  return `kabinet_${userId}_${clinicId}`.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
}

const opened = new Map<string, Promise<ClinicDatabase>>();

/** Opens (once per pair) the local database of `clinicId` for `userId`, with every synced collection. */
export function openClinicDatabase(userId: string, clinicId: string, options: { multiInstance?: boolean } = {}): Promise<ClinicDatabase> {
  const name = databaseName(userId, clinicId);
  let database = opened.get(name);
  if (!database) {
    database = (async () => {
      const db = await createRxDatabase<ClinicCollections>({ name, storage: storage(), multiInstance: options.multiInstance ?? true, eventReduce: true });
      const creators = Object.fromEntries(
        COLLECTION_NAMES.map((collection) => [collection, { schema: rxSchemaOf(collection), conflictHandler: mergeConflictHandler }]),
      );
      await db.addCollections(creators as unknown as Parameters<typeof db.addCollections>[0]);
      return db;
    })();
    opened.set(name, database);
    database.catch(() => opened.delete(name));
  }
  return database;
}

/** Closes a database opened by {@link openClinicDatabase}. */
export async function closeClinicDatabase(userId: string, clinicId: string): Promise<void> {
  const name = databaseName(userId, clinicId);
  const database = opened.get(name);
  opened.delete(name);
  if (database) await (await database).close();
}

/**
 * Deletes a (user, clinic) pair's local data. RxDB's removal empties the Dexie tables but leaves the IndexedDB
 * databases behind, so those are deleted too (their connections are closed by then).
 */
export async function deleteClinicDatabase(userId: string, clinicId: string): Promise<void> {
  const name = databaseName(userId, clinicId);
  await closeClinicDatabase(userId, clinicId);
  await removeRxDatabase(name, storage());
  if (typeof indexedDB !== 'undefined' && typeof indexedDB.databases === 'function') {
    const leftovers = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith(`rxdb-dexie-${name}--`));
    await Promise.all(leftovers.map((n) => Dexie.delete(n)));
  }
}

/**
 * The device's local database: one RxDB database per (user, clinic) over Dexie/IndexedDB.
 * Opened once per pair as a module-level promise, so React StrictMode cannot open it twice (RxDB's 13-collection limit).
 */
import Dexie from 'dexie';
import { addRxPlugin, createRxDatabase, removeRxDatabase, type RxCollection, type RxConflictHandler, type RxDatabase } from 'rxdb';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { v5 as uuidv5 } from 'uuid';
import {
  COLLECTION_NAMES,
  type CollectionName,
  type Activity,
  type Appointment,
  type CatalogDoc,
  type LedgerEntry,
  type Patient,
} from '../../../shared/src/domain/index.js';
import { jsonEqual, threeWayMerge, type LostFieldValue } from '../../../shared/src/sync/merge.js';
import { markPending } from './pending-changes.js';
import { rxSchemaOf } from './rx-schema.js';

addRxPlugin(RxDBLeaderElectionPlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);

/**
 * How stored documents move to a newer schema version, per collection (RxDB runs them when a device opens the
 * database after an update). Versions only ever add optional fields so far, so documents pass through unchanged.
 */
const MIGRATIONS: Record<CollectionName, Record<number, (doc: any) => any>> = {
  catalog: {},
  patients: {},
  appointments: {},
  ledger: { 1: (doc) => doc },
  activities: {},
};

export interface ClinicCollections {
  catalog: RxCollection<CatalogDoc>;
  patients: RxCollection<Patient>;
  appointments: RxCollection<Appointment>;
  ledger: RxCollection<LedgerEntry>;
  activities: RxCollection<Activity>;
}
export type ClinicDatabase = RxDatabase<ClinicCollections>;

/** Namespace of the deterministic ids of conflict records (UUIDv5), so a conflict met twice is recorded once. */
const CONFLICT_NAMESPACE = '6f9c1d4e-2b7a-4c1e-9a57-0d3e8b2f4a10';

/**
 * Field-level three-way merge (DESIGN.md "Conflicts and clashes"): a field changed on one side keeps that change;
 * a field changed on both takes the server's value, and this device's value is kept as an `activities` record of
 * kind `conflict`, written before the merged document so nothing is lost even if the app stops in between.
 */
export function createConflictHandler(collection: CollectionName, getDb: () => ClinicDatabase | undefined): RxConflictHandler<any> {
  return {
    isEqual: (a, b) => jsonEqual(a, b),
    resolve: async ({ assumedMasterState, newDocumentState, realMasterState }) => {
      const { merged, lost } = threeWayMerge(assumedMasterState, newDocumentState, realMasterState);
      const db = getDb();
      if (db && collection !== 'activities' && lost.length > 0) {
        // Written beside, not awaited: RxDB writes the merged document only after resolve() returns, and a slow
        // resolve lets the next pull change the fork first, which makes RxDB throw the resolution away and loop.
        void recordLostValues(db, collection, realMasterState, lost).catch((error: unknown) => console.error('Could not record a sync conflict', error));
      }
      return merged;
    },
  };
}

/**
 * Saves each lost field value as an `activities` conflict record: one record per (document, field, lost value),
 * its id derived from those (UUIDv5), so meeting the same lost value again — RxDB retries a merge it could not apply —
 * updates the record's kept value instead of adding a second one.
 */
async function recordLostValues(db: ClinicDatabase, collection: CollectionName, realMasterState: { id: string; clinicId: string }, lost: LostFieldValue[]): Promise<void> {
  const at = new Date().toISOString();
  for (const { field, ours, theirs } of lost) {
    const lostValue = JSON.stringify(ours ?? null);
    const keptValue = JSON.stringify(theirs ?? null);
    const id = uuidv5(`${collection}|${realMasterState.id}|${field}|${lostValue}`, CONFLICT_NAMESPACE);
    const record: Activity = {
      id, clinicId: realMasterState.clinicId, updatedAt: at, _deleted: false, kind: 'conflict', documentCollection: collection as Activity['documentCollection'],
      documentId: realMasterState.id, field, lostValue, keptValue, at, resolution: 'open',
    };
    const { _deleted: _ignored, ...data } = record;
    const stored = await db.activities.insertIfNotExists(data as Activity);
    if (stored.updatedAt === at) {
      markPending(db.name, 'activities', id, at);
    } else if (stored.keptValue !== keptValue && stored.resolution === 'open') {
      await stored.incrementalPatch({ keptValue, updatedAt: at });
      markPending(db.name, 'activities', id, at);
    }
  }
}

/** The merge without conflict records, for code that has no database at hand. */
export const mergeConflictHandler = createConflictHandler('activities', () => undefined);

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

/**
 * Opens (once per pair) the local database of `clinicId` for `userId`.
 * `collections` limits which are opened (tests run several devices in one realm, which RxDB caps at 13 collections).
 */
export function openClinicDatabase(
  userId: string,
  clinicId: string,
  options: { multiInstance?: boolean; collections?: readonly CollectionName[]; name?: string } = {},
): Promise<ClinicDatabase> {
  const name = options.name ?? databaseName(userId, clinicId);
  let database = opened.get(name);
  if (!database) {
    database = (async () => {
      const db = await createRxDatabase<ClinicCollections>({ name, storage: storage(), multiInstance: options.multiInstance ?? true, eventReduce: true });
      const creators = Object.fromEntries(
        (options.collections ?? COLLECTION_NAMES).map((collection) => [
          collection,
          { schema: rxSchemaOf(collection), conflictHandler: createConflictHandler(collection, () => db), migrationStrategies: MIGRATIONS[collection] },
        ]),
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

/**
 * The synced collections the server knows: table, schema and the typed columns it fills from a document.
 * The sync engine is generic over this registry; no collection has its own pull/push code.
 */
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { COLLECTION_SCHEMAS, type CollectionName } from '../../../shared/src/domain/index.js';
import type { Db } from '../db/client.js';
import { schema } from '../db/client.js';

type Transaction = Parameters<Parameters<Db['transaction']>[0]>[0];
type SyncTable = typeof schema.catalog | typeof schema.patients | typeof schema.appointments | typeof schema.ledger | typeof schema.activities;
type Doc = Record<string, unknown>;

export interface SyncCollection {
  name: CollectionName;
  table: SyncTable;
  schema: z.ZodType;
  /** Typed columns the server queries, taken from a valid document. */
  columns(doc: Doc): Record<string, unknown>;
  /** Runs inside the push transaction after a document is stored. */
  afterStore?(tx: Transaction, clinicId: string, doc: Doc): void;
}

export const SYNC_COLLECTIONS: Record<CollectionName, SyncCollection> = {
  catalog: {
    name: 'catalog',
    table: schema.catalog,
    schema: COLLECTION_SCHEMAS.catalog,
    columns: (doc) => ({ kind: doc.kind }),
    afterStore(tx, clinicId, doc) {
      // The clinic's name is also kept on the tenant row, for the clinic switcher in GET /api/me.
      if (doc.kind === 'clinic' && !doc._deleted) {
        tx.update(schema.clinics).set({ name: String(doc.name) }).where(eq(schema.clinics.id, clinicId)).run();
      }
    },
  },
  patients: {
    name: 'patients',
    table: schema.patients,
    schema: COLLECTION_SCHEMAS.patients,
    columns: (doc) => ({ phone: doc.phone }),
  },
  appointments: {
    name: 'appointments',
    table: schema.appointments,
    schema: COLLECTION_SCHEMAS.appointments,
    columns: (doc) => ({ start: doc.start, end: doc.end, doctorId: doc.doctorId, chairId: doc.chairId, status: doc.status }),
  },
  ledger: {
    name: 'ledger',
    table: schema.ledger,
    schema: COLLECTION_SCHEMAS.ledger,
    columns: (doc) => ({ kind: doc.kind, at: doc.at, amountMinor: doc.amountMinor }),
  },
  activities: {
    name: 'activities',
    table: schema.activities,
    schema: COLLECTION_SCHEMAS.activities,
    columns: (doc) => ({ kind: doc.kind, documentId: doc.documentId }),
  },
};

export type { Transaction, Doc };

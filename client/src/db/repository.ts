/**
 * The only way the app writes synced documents: stamps `updatedAt`, validates with the shared zod schema
 * (a bad field throws before anything is written), stores locally and records the write as pending sync.
 */
import type { z } from 'zod';
import { COLLECTION_SCHEMAS, type CollectionDoc, type CollectionName } from '../../../shared/src/domain/index.js';
import type { ClinicDatabase } from './database.js';
import { markPending, markPendingMany } from './pending-changes.js';

/** A document as the app composes it: the sync fields `updatedAt` and `_deleted` are filled in here. */
export type DraftOf<N extends CollectionName> = Omit<CollectionDoc<N>, 'updatedAt' | '_deleted'>;

/**
 * Validates and stores `draft` (insert or replace by id).
 * @throws ZodError naming the invalid field; nothing is written then.
 */
export async function saveDocument<N extends CollectionName>(db: ClinicDatabase, collection: N, draft: DraftOf<N>): Promise<CollectionDoc<N>> {
  const doc = { ...draft, updatedAt: new Date().toISOString(), _deleted: false } as CollectionDoc<N>;
  (COLLECTION_SCHEMAS[collection] as z.ZodType).parse(doc);
  const { _deleted: _ignored, ...data } = doc as Record<string, unknown>;
  await (db[collection] as ClinicDatabase['patients']).incrementalUpsert(data as never);
  markPending(db.name, collection, String(doc.id), doc.updatedAt);
  return doc;
}

/**
 * Validates every draft, then stores them all in one bulk write (insert or replace by id) and records each as pending
 * sync — for imports, where a file is taken whole or not at all.
 * Nothing is written unless every draft is valid. The batch goes to IndexedDB in one transaction, so a storage failure
 * (e.g. the device is out of space) writes none of it. RxDB reports a document its own schema refuses apart from the
 * others (which are stored); that cannot happen to a document the zod schema passed, as the RxDB schema is generated
 * from it (`rx-schema.ts`).
 * @throws ZodError of the first invalid draft (its `path` starts with the draft's index), before anything is written;
 *   Error when the storage refuses documents.
 */
export async function saveDocuments<N extends CollectionName>(db: ClinicDatabase, collection: N, drafts: readonly DraftOf<N>[]): Promise<CollectionDoc<N>[]> {
  if (drafts.length === 0) return [];
  const updatedAt = new Date().toISOString();
  const docs = drafts.map((draft) => ({ ...draft, updatedAt, _deleted: false }) as CollectionDoc<N>);
  (COLLECTION_SCHEMAS[collection] as z.ZodType).array().parse(docs);
  const rows = docs.map((doc) => {
    const { _deleted: _ignored, ...data } = doc as Record<string, unknown>;
    return data;
  });
  const { error } = await (db[collection] as ClinicDatabase['patients']).bulkUpsert(rows as never[]);
  if (error.length > 0) throw new Error(`Could not store ${error.length} of ${docs.length} documents (first: ${error[0]!.documentId}, status ${error[0]!.status})`);
  markPendingMany(db.name, collection, docs.map((doc) => ({ id: String(doc.id), updatedAt: doc.updatedAt })));
  return docs;
}

/** Soft-deletes a document so the deletion reaches offline devices. No-op if it does not exist. */
export async function deleteDocument(db: ClinicDatabase, collection: CollectionName, id: string): Promise<void> {
  const doc = await (db[collection] as ClinicDatabase['patients']).findOne(id).exec();
  if (!doc) return;
  const updatedAt = new Date().toISOString();
  await doc.incrementalModify((data) => ({ ...data, updatedAt, _deleted: true }) as never);
  markPending(db.name, collection, id, updatedAt);
}

/**
 * The only way the app writes synced documents: stamps `updatedAt`, validates with the shared zod schema
 * (a bad field throws before anything is written), stores locally and records the write as pending sync.
 */
import type { z } from 'zod';
import { COLLECTION_SCHEMAS, type CollectionDoc, type CollectionName } from '../../../shared/src/domain/index.js';
import type { ClinicDatabase } from './database.js';
import { markPending } from './pending-changes.js';

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

/** Soft-deletes a document so the deletion reaches offline devices. No-op if it does not exist. */
export async function deleteDocument(db: ClinicDatabase, collection: CollectionName, id: string): Promise<void> {
  const doc = await (db[collection] as ClinicDatabase['patients']).findOne(id).exec();
  if (!doc) return;
  const updatedAt = new Date().toISOString();
  await doc.incrementalModify((data) => ({ ...data, updatedAt, _deleted: true }) as never);
  markPending(db.name, collection, id, updatedAt);
}

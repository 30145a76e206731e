/**
 * Pull and push over any registered collection (DESIGN.md "Sync protocol").
 * Invariants enforced here: a push batch is one IMMEDIATE transaction, answered after commit; `seq` is taken
 * inside that transaction; documents are stored exactly as received; nothing of a refused batch is written.
 */
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { AppError } from '../../../shared/src/errors.js';
import { jsonEqual } from '../../../shared/src/sync/merge.js';
import type { PullRequest, PullResponse, PushRow } from '../../../shared/src/sync/protocol.js';
import type { Db } from '../db/client.js';
import { schema } from '../db/client.js';
import type { Doc, SyncCollection, Transaction } from './registry.js';

/** Rows scanned per query while looking for documents a filtered reader may see. */
const SCAN_PAGE = 1000;

/**
 * Documents of `clinicId` in `collection` with `seq > checkpoint.seq`, ascending, at most `limit`.
 * With `isVisible`, documents the reader may not see are skipped; scanning goes on until something visible is found
 * or the feed ends, because a device stops pulling on an empty page. The checkpoint is the last row scanned.
 */
export function pull(
  db: Db,
  clinicId: string,
  collection: SyncCollection,
  request: PullRequest,
  isVisible?: (doc: Doc) => boolean,
): PullResponse<Doc> {
  const table = collection.table;
  let after = request.checkpoint?.seq ?? 0;
  let checkpoint = request.checkpoint;
  const documents: Doc[] = [];
  const pageSize = isVisible ? SCAN_PAGE : request.limit;
  for (;;) {
    const rows = db
      .select({ doc: table.doc, seq: table.seq })
      .from(table)
      .where(and(eq(table.clinicId, clinicId), gt(table.seq, after)))
      .orderBy(asc(table.seq))
      .limit(pageSize)
      .all();
    for (const row of rows) {
      if (documents.length === request.limit) return { documents, checkpoint };
      if (!isVisible || isVisible(row.doc)) documents.push(row.doc);
      checkpoint = { seq: row.seq };
    }
    if (rows.length < pageSize || documents.length > 0) return { documents, checkpoint };
    after = checkpoint!.seq;
  }
}

/**
 * Validates every row, then applies the batch in one transaction. Returns the stored documents of the rows
 * refused as conflicts (RxDB's push contract).
 * `mayWrite` is the caller's permission check, applied to both the stored and the new version of each document.
 * @throws AppError `validation_failed` (422) naming the first invalid field, `document_refused` (403) for a
 *   document of another clinic, `forbidden` (403) for a write the role may not make; nothing of the batch is written.
 */
export function push(
  db: Db,
  clinicId: string,
  collection: SyncCollection,
  rows: PushRow<Doc>[],
  mayWrite: (doc: Doc) => boolean = () => true,
): Doc[] {
  rows.forEach((row, index) => validateRow(collection, clinicId, row, index));
  return db.transaction((tx) => applyBatch(tx, clinicId, collection, rows, mayWrite), { behavior: 'immediate' });
}

function validateRow(collection: SyncCollection, clinicId: string, row: PushRow<Doc>, index: number): void {
  const result = collection.schema.safeParse(row.newDocumentState);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.') || '(document)';
    throw new AppError('validation_failed', `Row ${index}: ${field}: ${issue.message}`, field);
  }
  if (row.newDocumentState.clinicId !== clinicId) throw refused();
}

function refused(): AppError {
  // The same answer whether the id is taken elsewhere or clinicId is foreign: nothing about other clinics leaks.
  return new AppError('document_refused', 'This document cannot be stored in this clinic');
}

function applyBatch(tx: Transaction, clinicId: string, collection: SyncCollection, rows: PushRow<Doc>[], mayWrite: (doc: Doc) => boolean): Doc[] {
  const table = collection.table;
  const conflicts: Doc[] = [];
  for (const row of rows) {
    const next = row.newDocumentState;
    const id = String(next.id);
    const stored = tx.select({ clinicId: table.clinicId, doc: table.doc }).from(table).where(eq(table.id, id)).all();
    if (stored.some((s) => s.clinicId !== clinicId)) throw refused();
    const current = stored[0]?.doc;
    if (!mayWrite(next) || (current !== undefined && !mayWrite(current))) {
      throw new AppError('forbidden', `Your role may not change this ${collection.name} document`);
    }
    if (current !== undefined) {
      // A re-sent, already accepted row changes nothing (no new seq, no conflict).
      if (jsonEqual(current, next)) continue;
      if (!row.assumedMasterState || !jsonEqual(current, row.assumedMasterState)) {
        conflicts.push(current);
        continue;
      }
    }
    // Nothing stored yet: accepted whatever the device assumed (there is no server state to conflict with).
    storeDocument(tx, clinicId, collection, next);
  }
  return conflicts;
}

/**
 * Stores `doc` exactly as given under a new `seq`, replacing the clinic's previous version of it.
 * Call only inside a write transaction, with a document already validated against `collection.schema`.
 */
export function storeDocument(tx: Transaction, clinicId: string, collection: SyncCollection, doc: Doc): void {
  const table = collection.table;
  const values = {
    clinicId,
    id: String(doc.id),
    doc,
    seq: nextSeq(tx),
    deleted: doc._deleted === true,
    receivedAt: new Date(),
    ...collection.columns(doc),
  } as typeof table.$inferInsert;
  tx.insert(table).values(values).onConflictDoUpdate({ target: [table.clinicId, table.id], set: values }).run();
  collection.afterStore?.(tx, clinicId, doc);
}

/** Takes the next value of the database-wide `seq` counter. Call only inside a write transaction. */
export function nextSeq(tx: Transaction): number {
  const row = tx
    .insert(schema.syncCounter)
    .values({ id: 1, seq: 1 })
    .onConflictDoUpdate({ target: schema.syncCounter.id, set: { seq: sql`${schema.syncCounter.seq} + 1` } })
    .returning({ seq: schema.syncCounter.seq })
    .get();
  return row.seq;
}

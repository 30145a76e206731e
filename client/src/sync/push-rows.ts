/** Guards the push against an RxDB 17 upstream race: see {@link withoutStaleRows}. */
import type { RxCollection, RxReplicationWriteToMasterRow } from 'rxdb';
import { jsonEqual } from '../../../shared/src/sync/merge.js';

/**
 * Splits push rows into those that carry the document as the device holds it now and those that are stale.
 *
 * RxDB 17's upstream, on every resync, iterates over the documents changed since its checkpoint and queues a push for
 * each batch it reads, reading on while earlier pushes are still in flight (retried after a lost answer, say). A
 * queued document is compared with the assumed master state only when its push's turn comes. If the downstream
 * meanwhile stored a newer server state of that document (in the fork and as the assumed master state), the push
 * pairs the OLD document with the NEW assumed master state, and the server, which holds exactly that state, takes it
 * as an edit: the document reverts and another device's change is lost without a conflict record. The device may then
 * flip-flop the document between the two states. (Found by the convergence property test, about one schedule in
 * 2,500; the SYNC_TRACE of a failing schedule showed the read of the stale state ahead of a retried push.)
 * A row is stale when its document state is not what the device's collection holds now; such a row is never sent:
 * whatever the device holds now was either pulled from the server (nothing to push) or written locally, and a local
 * write is pushed by its own change event with a current assumed master state.
 * Reads the rows' documents from the device's storage (one read per push batch).
 * @returns `rows`: the rows to send, in their order; `stale`: the others (not to be sent).
 */
export async function withoutStaleRows<T>(
  collection: RxCollection<T>,
  rows: RxReplicationWriteToMasterRow<T>[],
): Promise<{ rows: RxReplicationWriteToMasterRow<T>[]; stale: RxReplicationWriteToMasterRow<T>[] }> {
  const primaryPath = collection.schema.primaryPath as string;
  const ids = rows.map((row) => String((row.newDocumentState as Record<string, unknown>)[primaryPath]));
  const current = new Map((await collection.storageInstance.findDocumentsById(ids, true)).map((doc) => [String((doc as Record<string, unknown>)[primaryPath]), doc]));
  const fresh: RxReplicationWriteToMasterRow<T>[] = [];
  const stale: RxReplicationWriteToMasterRow<T>[] = [];
  rows.forEach((row, index) => {
    const held = current.get(ids[index]!);
    const { _meta: _m, _rev: _r, _attachments: _a, ...state } = (held ?? {}) as Record<string, unknown>;
    (held && jsonEqual(state, row.newDocumentState) ? fresh : stale).push(row);
  });
  return { rows: fresh, stale };
}


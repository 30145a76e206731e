/** Guards the push against an RxDB 17 upstream race: see {@link pushWithoutReverting}. */
import type { RxCollection, RxReplicationWriteToMasterRow, WithDeleted } from 'rxdb';
import { jsonEqual } from '../../../shared/src/sync/merge.js';

/**
 * Splits push rows into those that carry the document as the device holds it now (`fresh`) and those the device has
 * moved past (`stale`: its document state is not what the collection holds now, or the document is gone).
 * Reads the rows' documents from the device's storage (one read per push batch).
 */
export async function splitStaleRows<T>(
  collection: RxCollection<T>,
  rows: readonly RxReplicationWriteToMasterRow<T>[],
): Promise<{ fresh: RxReplicationWriteToMasterRow<T>[]; stale: RxReplicationWriteToMasterRow<T>[] }> {
  const primaryPath = collection.schema.primaryPath as string;
  const ids = rows.map((row) => String((row.newDocumentState as Record<string, unknown>)[primaryPath]));
  const held = new Map((await collection.storageInstance.findDocumentsById(ids, true)).map((doc) => [String((doc as Record<string, unknown>)[primaryPath]), doc]));
  const fresh: RxReplicationWriteToMasterRow<T>[] = [];
  const stale: RxReplicationWriteToMasterRow<T>[] = [];
  rows.forEach((row, index) => {
    const doc = held.get(ids[index]!);
    const { _meta: _m, _rev: _r, _attachments: _a, ...state } = (doc ?? {}) as Record<string, unknown>;
    (doc && jsonEqual(state, row.newDocumentState) ? fresh : stale).push(row);
  });
  return { fresh, stale };
}

/**
 * Pushes `rows` through `send` (the HTTP push: rows in, the server's conflicting documents out) so that a row the
 * device has moved past can never overwrite the server, and returns what RxDB's push handler must return.
 *
 * Why: RxDB 17's upstream, on every resync, iterates over the documents changed since its checkpoint and queues a push
 * for each batch it reads, reading on while earlier pushes are still in flight (retried after a lost answer, say). A
 * queued document is paired with the assumed master state only when its push's turn comes. If the downstream
 * meanwhile stored a newer server state of that document (in the fork and as the assumed master state), the row pairs
 * the OLD document with the NEW master state, and the server, which holds exactly that state, takes it as an edit: the
 * document reverts, another device's change is lost without a conflict record, and the device may flip-flop the
 * document between the two states. (Found by the convergence property test, about one schedule in 2,500; the
 * SYNC_TRACE of a failing schedule showed the stale read ahead of a retried push.)
 *
 * How (see {@link splitStaleRows}): fresh rows go as they are. A stale row goes as its own state over itself, which
 * the server (server/src/sync/engine.ts) can only take as a no-op re-send — it already holds exactly that state, as
 * after a retried push whose first answer was lost; RxDB then records that state as the assumed master, which is true,
 * and the newer local state follows with its own push — or as a conflict, never as an overwrite. (A document the
 * server does not have at all is stored: a create read before the device's later edit, which follows.) A stale row
 * the server answers with a conflict goes back to RxDB as a "conflict" whose master state is the row itself: the
 * merge changes nothing and records no conflict, and RxDB's write of it to the fork is refused because the fork has
 * moved on, so neither the fork nor the assumed master state changes; the newer state is pushed or pulled in turn.
 */
export async function pushWithoutReverting<T>(
  collection: RxCollection<T>,
  rows: RxReplicationWriteToMasterRow<T>[],
  send: (rows: RxReplicationWriteToMasterRow<T>[]) => Promise<WithDeleted<T>[]>,
): Promise<WithDeleted<T>[]> {
  const { fresh, stale } = await splitStaleRows(collection, rows);
  if (stale.length === 0) return send(rows);
  const primaryPath = collection.schema.primaryPath as string;
  const idOf = (doc: WithDeleted<T>) => String((doc as Record<string, unknown>)[primaryPath]);
  const staleById = new Map(stale.map((row) => [idOf(row.newDocumentState), row]));
  const conflicts = await send([...fresh, ...stale.map((row) => ({ newDocumentState: row.newDocumentState, assumedMasterState: row.newDocumentState }))]);
  return conflicts.map((doc) => staleById.get(idOf(doc))?.newDocumentState ?? doc);
}

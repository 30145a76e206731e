/**
 * Test-only RxDB storage wrapper that makes a simulated person's edit atomic with respect to replication.
 *
 * An edit in the app is read-modify-write: read the document, compose the whole draft, `saveDocument` it
 * (which replaces the document). A pulled change landing between the read and the write would be overwritten by the
 * stale draft: that is a race of the test driver (a person editing a form that was opened a moment earlier), not of
 * the sync code under test. So every replication write (`bulkWrite` contexts `replication-…`: pulled documents and
 * resolved conflicts) to the wrapped collections waits while an edit holds the database's lock; the edit's own write
 * (context `incremental-write` / `rx-document-save-data`) passes. Replication writes are only delayed, never dropped
 * or reordered against each other.
 *
 * RxDB stamps a write's `_meta.lwt` before handing it to the storage, and its upstream finds local changes by an lwt
 * checkpoint, which assumes writes commit in lwt order (true of the real storage: nothing waits between the stamp and
 * the IndexedDB transaction). A replication write held here would commit after writes stamped later and fall behind
 * the checkpoint, so it is stamped again once it holds the lock.
 */
import { now, type RxStorage, type RxStorageInstance, type RxStorageInstanceCreationParams } from 'rxdb';

/** A FIFO async mutex. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(task: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await task();
    } finally {
      release();
    }
  }
}

const locks = new Map<string, Mutex>();

/** The edit lock of the database named `databaseName` (RxDB's database name). */
export function editLock(databaseName: string): Mutex {
  let lock = locks.get(databaseName);
  if (!lock) locks.set(databaseName, (lock = new Mutex()));
  return lock;
}

/** Forgets the lock of a removed database. */
export function forgetEditLock(databaseName: string): void {
  locks.delete(databaseName);
}

/**
 * Called when a replication write to a wrapped collection was refused because the document changed since replication
 * read it (status 409). For `replication-up-write-conflict` it means RxDB threw a resolved conflict away.
 */
export type RefusedReplicationWrite = (databaseName: string, context: string, documentIds: string[]) => void;

/** Wraps `inner` so replication writes to `collections` wait for the database's {@link editLock}. */
export function withEditLock<S extends RxStorage<any, any>>(inner: S, collections: readonly string[], onRefused?: RefusedReplicationWrite): S {
  const wrapped: RxStorage<any, any> = {
    name: inner.name,
    rxdbVersion: inner.rxdbVersion,
    async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, any>): Promise<RxStorageInstance<RxDocType, any, any>> {
      const instance = await inner.createStorageInstance(params);
      if (!collections.includes(params.collectionName)) return instance;
      const lock = editLock(params.databaseName);
      const bulkWrite = instance.bulkWrite.bind(instance);
      instance.bulkWrite = async (rows, context) => {
        if (!context.startsWith('replication-')) return bulkWrite(rows, context);
        const result = await lock.run(() => bulkWrite(rows.map((row) => ({ ...row, document: { ...row.document, _meta: { ...row.document._meta, lwt: now() } } })), context));
        const refused = result.error.filter((error) => error.status === 409).map((error) => error.documentId);
        if (refused.length > 0) onRefused?.(params.databaseName, context, refused);
        return result;
      };
      return instance;
    },
  };
  return wrapped as S;
}

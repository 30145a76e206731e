/** React hooks that keep a component in step with a live RxDB query. Results are plain JSON documents. */
import { useEffect, useState } from 'react';
import type { MangoQuery } from 'rxdb';
import type { CollectionDoc, CollectionName } from '../../../shared/src/domain/index.js';
import type { ClinicDatabase } from './database.js';

/**
 * Live documents of `collection` matching `query` (re-subscribes when `key` changes).
 * Returns `undefined` until the first result, so screens can tell "loading" from "empty".
 */
export function useLiveQuery<N extends CollectionName>(
  db: ClinicDatabase,
  collection: N,
  query: MangoQuery<CollectionDoc<N>>,
  key: string,
): CollectionDoc<N>[] | undefined {
  const [docs, setDocs] = useState<CollectionDoc<N>[] | undefined>(undefined);
  useEffect(() => {
    const subscription = (db[collection] as any).find(query).$.subscribe((results: { toJSON(): unknown }[]) => {
      setDocs(results.map((doc) => doc.toJSON() as CollectionDoc<N>));
    });
    return () => subscription.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, collection, key]);
  return docs;
}

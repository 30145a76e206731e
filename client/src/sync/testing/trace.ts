/**
 * Opt-in diagnostics for the convergence property test (`SYNC_TRACE=1`): one timestamped log of every simulated
 * device's sync requests and answers, every write to its `patients` collection (the fork, with RxDB's `_meta`) and
 * to its replication-meta instance (the assumed master states), and the schedule's operations. A failing schedule
 * writes it to a file in the OS temp directory and names the file in the failure. This is how the stale-push race
 * (`pushWithoutReverting` in ../push-rows.ts) was found: the failure showed only its effect, the trace its cause.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RxStorage, RxStorageInstance, RxStorageInstanceCreationParams } from 'rxdb';

export const traceOn = process.env.SYNC_TRACE === '1';

const lines: string[] = [];
const labels = new Map<string, string>();
const started = Date.now();

/** Adds a line (milliseconds since start first) when tracing is on. */
export function trace(line: string): void {
  if (traceOn) lines.push(`${String(Date.now() - started).padStart(7)} ${line}`);
}

/** Names a database in the trace (e.g. `d2`) instead of its long name. */
export function labelDatabase(databaseName: string, label: string): void {
  labels.set(databaseName, label);
}

/** Forgets the lines so far (a schedule passed). */
export function clearTrace(): void {
  lines.length = 0;
}

/** Writes the lines so far to a new file and forgets them; returns the file's path. */
export function saveTrace(): string {
  const file = path.join(os.tmpdir(), `kabinet-sync-trace-${Date.now()}.log`);
  fs.writeFileSync(file, lines.splice(0).join('\n'));
  return file;
}

const short = (value: unknown) => (typeof value === 'string' && value.length > 12 ? value.slice(-6) : value);

/** A document as one trace token: id tail and the fields the property test writes. */
export function describeDoc(doc: Record<string, any> | undefined | null): string {
  if (!doc) return 'none';
  return `${String(short(doc.id))}{name=${doc.name} notes=${doc.notes} email=${doc.email ?? ''} tags=${JSON.stringify(doc.tags ?? [])}${doc._deleted ? ' DELETED' : ''}}`;
}

/**
 * Wraps `inner` so writes to `collections` and to replication-meta instances, and reads of changed documents from
 * `collections`, are traced (a no-op unless tracing).
 */
export function withTrace<S extends RxStorage<any, any>>(inner: S, collections: readonly string[]): S {
  if (!traceOn) return inner;
  const wrapped: RxStorage<any, any> = {
    name: inner.name,
    rxdbVersion: inner.rxdbVersion,
    async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, any>): Promise<RxStorageInstance<RxDocType, any, any>> {
      const instance = await inner.createStorageInstance(params);
      const isMeta = params.collectionName.startsWith('rx-replication-meta');
      if (!isMeta && !collections.includes(params.collectionName)) return instance;
      if (!isMeta) {
        // Replication's reads of changed documents (the upstream's checkpoint iteration).
        const query = instance.query.bind(instance);
        instance.query = async (prepared) => {
          const result = await query(prepared);
          const selector = JSON.stringify((prepared as any).query?.selector ?? {});
          if (selector.includes('_meta.lwt')) {
            const label = labels.get(params.databaseName) ?? params.databaseName;
            trace(`${label} READ changed documents since lwt ${JSON.stringify((prepared as any).query.selector['_meta.lwt'])}: ${result.documents.map((d: any) => `${describeDoc(d)} rev ${d._rev}`).join(', ')}`);
          }
          return result;
        };
      }
      const bulkWrite = instance.bulkWrite.bind(instance);
      instance.bulkWrite = async (rows, context) => {
        const result = await bulkWrite(rows, context);
        const label = labels.get(params.databaseName) ?? params.databaseName;
        for (const row of rows as { previous?: Record<string, any>; document: Record<string, any> }[]) {
          const doc = row.document;
          if (isMeta && doc.isCheckpoint === '1') continue;
          const id = isMeta ? doc.itemId : doc.id;
          const error = result.error.find((e) => e.documentId === (isMeta ? doc.id : id));
          const refused = error ? ` REFUSED ${error.status}` : '';
          if (isMeta) {
            trace(`${label} META ${context} ${describeDoc(doc.docData)} rev ${row.previous?._rev?.split('-')[0] ?? '-'}→${doc._rev.split('-')[0]} resolvedConflict=${doc.isResolvedConflict ?? ''}${refused}`);
          } else {
            trace(`${label} FORK ${context} ${describeDoc(doc)} rev ${row.previous?._rev ?? '-'}→${doc._rev} lwt=${doc._meta.lwt} o=${JSON.stringify(doc._meta.o ?? null)}${refused}`);
          }
        }
        return result;
      };
      return instance;
    },
  };
  return wrapped as S;
}

/**
 * Replicates a clinic's local database with the server: one RxDB replication per collection over the HTTP
 * contract (pull/push), woken by one SSE stream per device (held by the leader tab only).
 */
import { Subject } from 'rxjs';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { RxReplicationPullStreamItem } from 'rxdb';
import { COLLECTION_NAMES, type CollectionName } from '../../../shared/src/domain/index.js';
import { MAX_SYNC_BATCH, SYNC_PROTOCOL_HEADER, SYNC_PROTOCOL_VERSION, type PullResponse, type SyncCheckpoint } from '../../../shared/src/sync/protocol.js';
import type { ClinicDatabase } from '../db/database.js';
import { markPushed } from '../db/pending-changes.js';
import { pushWithoutReverting } from './push-rows.js';
import { logSync } from './sync-log.js';
import { updateSyncStatus } from './sync-status.js';

/** A failed sync request; `status` 0 means the network did not answer. */
export class SyncHttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** How requests reach the server: the app uses the page's origin; tests simulating devices pass their own. */
export interface SyncTransport {
  baseUrl: string;
  fetch: typeof fetch;
}

const pageTransport: SyncTransport = { baseUrl: '', fetch: (...args) => fetch(...args) };

async function postJson<T>(transport: SyncTransport, collection: string, url: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await transport.fetch(transport.baseUrl + url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', [SYNC_PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION) },
      body: JSON.stringify(body),
    });
  } catch {
    updateSyncStatus({ isOnline: false });
    logSync({ kind: 'failed', collection, count: Array.isArray(body) ? body.length : 0, status: 0, code: 'network', message: 'No connection to the server' });
    throw new SyncHttpError(0, 'network', 'No connection to the server');
  }
  if (response.ok) {
    updateSyncStatus({ isOnline: true, lastSyncAt: new Date().toISOString(), problem: null });
    return (await response.json()) as T;
  }
  const error = ((await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } }).error;
  const code = error?.code ?? 'unknown';
  const problem =
    response.status === 401 ? 'signed_out'
    : response.status === 426 ? 'outdated'
    : response.status === 404 || code === 'access_revoked' ? 'lost_access'
    : response.status === 403 ? 'forbidden'
    : 'server_error';
  updateSyncStatus({ isOnline: true, problem, detail: error?.message, code });
  logSync({ kind: 'failed', collection, count: Array.isArray(body) ? body.length : 0, status: response.status, code, message: error?.message });
  throw new SyncHttpError(response.status, error?.code ?? 'unknown', error?.message ?? response.statusText);
}

export interface ClinicSync {
  /** Pull everything new now (after reconnecting, or when the user asks). */
  resync(): void;
  /** The per-collection RxDB replications (tests await them). */
  replications: RxReplicationState<any, SyncCheckpoint>[];
  stop(): Promise<void>;
}

export interface ClinicSyncOptions {
  transport?: SyncTransport;
  /** Collections to replicate (default: all that the database has). */
  collections?: readonly CollectionName[];
  /** Hold the SSE stream (default true where EventSource exists). */
  stream?: boolean;
  /** Milliseconds between retries after a failed request (default 3000). */
  retryTime?: number;
}

/** Starts live replication of `db`'s collections with clinic `clinicId`'s server. */
export function startClinicSync(db: ClinicDatabase, clinicId: string, options: ClinicSyncOptions = {}): ClinicSync {
  const transport = options.transport ?? pageTransport;
  const base = `/api/clinics/${clinicId}/sync`;
  updateSyncStatus({ problem: null, code: undefined, detail: undefined });
  const streams = new Map<CollectionName, Subject<RxReplicationPullStreamItem<any, SyncCheckpoint>>>();
  const replications: RxReplicationState<any, SyncCheckpoint>[] = [];

  const collections = options.collections ?? COLLECTION_NAMES.filter((name) => name in db.collections);
  for (const collection of collections) {
    const stream$ = new Subject<RxReplicationPullStreamItem<any, SyncCheckpoint>>();
    streams.set(collection, stream$);
    replications.push(
      replicateRxCollection<any, SyncCheckpoint>({
        collection: db[collection],
        replicationIdentifier: `kabinet-${clinicId}-${collection}`,
        live: true,
        retryTime: options.retryTime ?? 3000,
        waitForLeadership: true,
        pull: {
          batchSize: 500,
          stream$: stream$.asObservable(),
          handler: async (checkpoint, batchSize) => {
            const result = await postJson<PullResponse<any>>(transport, collection, `${base}/${collection}/pull`, { checkpoint: checkpoint ?? null, limit: Math.min(batchSize, MAX_SYNC_BATCH) });
            if (result.documents.length > 0) logSync({ kind: 'received', collection, count: result.documents.length });
            return { documents: result.documents, checkpoint: result.checkpoint ?? undefined };
          },
        },
        push: {
          batchSize: 100,
          handler: async (rows) => {
            // Never lets a document state the device has moved past overwrite the server (an RxDB race, see there).
            const conflicts = await pushWithoutReverting(db[collection], rows, (sent) => postJson<any[]>(transport, collection, `${base}/${collection}/push`, sent));
            logSync({ kind: 'sent', collection, count: rows.length - conflicts.length });
            if (conflicts.length > 0) logSync({ kind: 'conflicts', collection, count: conflicts.length });
            // Conflicting rows stay pending: the device merges them and pushes the result again.
            const conflicted = new Set(conflicts.map((doc) => doc.id));
            markPushed(db.name, collection, rows.map((row) => row.newDocumentState).filter((doc) => !conflicted.has(doc.id)));
            return conflicts;
          },
        },
      }),
    );
  }

  const resync = () => streams.forEach((stream$) => stream$.next('RESYNC'));
  let events: EventSource | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const openStream = () => {
    if (stopped) return;
    events = new EventSource(`${base}/stream`);
    events.addEventListener('hello', () => {
      updateSyncStatus({ isOnline: true });
      resync();
    });
    events.addEventListener('revoked', () => updateSyncStatus({ problem: 'lost_access', code: 'access_revoked' }));
    events.addEventListener('change', (event) => {
      const { collection } = JSON.parse((event as MessageEvent<string>).data) as { collection: CollectionName };
      streams.get(collection)?.next('RESYNC');
    });
    events.onerror = () => {
      // The browser retries by itself unless the server refused (401/404); then retry later, gently.
      if (events?.readyState === EventSource.CLOSED) {
        events = null;
        reconnectTimer = setTimeout(openStream, 5000);
      }
    };
  };
  const hasStream = (options.stream ?? true) && typeof EventSource !== 'undefined';
  if (hasStream) void db.waitForLeadership().then(openStream);

  const onOnline = () => {
    updateSyncStatus({ isOnline: true });
    resync();
  };
  const onOffline = () => updateSyncStatus({ isOnline: false });
  const hasWindow = typeof window !== 'undefined';
  if (hasWindow) {
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
  }

  return {
    resync,
    replications,
    async stop() {
      stopped = true;
      clearTimeout(reconnectTimer);
      events?.close();
      if (hasWindow) {
        window.removeEventListener('online', onOnline);
        window.removeEventListener('offline', onOffline);
      }
      await Promise.all(replications.map((replication) => replication.cancel()));
    },
  };
}

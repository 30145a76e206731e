/** What the sync indicator shows: connection, last successful exchange, and why sync stopped if it did. */
import { useSyncExternalStore } from 'react';

export type SyncProblem = 'signed_out' | 'outdated' | 'lost_access' | 'forbidden' | 'server_error' | null;

export interface SyncStatus {
  /** The browser has a network and the last request to the server got an answer. */
  isOnline: boolean;
  /** ISO instant of the last successful pull or push. */
  lastSyncAt: string | null;
  problem: SyncProblem;
  /** The server's message for `server_error` and `forbidden`. */
  detail?: string;
  /** The server's error code behind `problem` (e.g. `access_revoked`). */
  code?: string;
}

const hasStorage = typeof localStorage !== 'undefined';
let status: SyncStatus = {
  isOnline: typeof navigator === 'undefined' ? true : navigator.onLine,
  lastSyncAt: hasStorage ? localStorage.getItem('kabinet.lastSyncAt') : null,
  problem: null,
};
const listeners = new Set<() => void>();

export function getSyncStatus(): SyncStatus {
  return status;
}

export function updateSyncStatus(patch: Partial<SyncStatus>): void {
  const next = { ...status, ...patch };
  if (hasStorage && next.lastSyncAt && next.lastSyncAt !== status.lastSyncAt) localStorage.setItem('kabinet.lastSyncAt', next.lastSyncAt);
  if (Object.entries(patch).every(([key, value]) => status[key as keyof SyncStatus] === value)) return;
  status = next;
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSyncStatus(): SyncStatus {
  return useSyncExternalStore(subscribe, getSyncStatus);
}

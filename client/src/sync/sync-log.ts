/**
 * The sync log a person can read: what this device sent and received, when, and what failed and why.
 * The newest 200 entries, kept in localStorage (memory where there is none).
 */
import { useSyncExternalStore } from 'react';

export interface SyncLogEntry {
  /** UTC instant. */
  at: string;
  kind: 'sent' | 'received' | 'conflicts' | 'failed';
  collection: string;
  /** Documents sent / received / answered as conflicts. */
  count: number;
  /** For `failed`: the HTTP status (0 = no connection) and the server's code and message. */
  status?: number;
  code?: string;
  message?: string;
}

const KEY = 'kabinet.syncLog';
const LIMIT = 200;
const hasStorage = typeof localStorage !== 'undefined';
let entries: SyncLogEntry[] = load();
const listeners = new Set<() => void>();

function load(): SyncLogEntry[] {
  if (!hasStorage) return [];
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as SyncLogEntry[];
  } catch {
    return [];
  }
}

/** Adds an entry; repeated identical failures (the same outage, retried) update the last entry's time instead. */
export function logSync(entry: Omit<SyncLogEntry, 'at'>): void {
  const at = new Date().toISOString();
  const last = entries[0];
  if (entry.kind === 'failed' && last?.kind === 'failed' && last.collection === entry.collection && last.code === entry.code) {
    entries = [{ ...last, at }, ...entries.slice(1)];
  } else {
    entries = [{ ...entry, at }, ...entries].slice(0, LIMIT);
  }
  if (hasStorage) localStorage.setItem(KEY, JSON.stringify(entries));
  listeners.forEach((listener) => listener());
}

export function useSyncLog(): SyncLogEntry[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => entries,
  );
}

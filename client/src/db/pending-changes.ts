/**
 * Which local writes have not reached the server yet, per database: `{"collection:id": updatedAt}` in localStorage,
 * so the count survives a reload while offline. A write adds its entry; an accepted push removes it only if the
 * pushed version is the latest one written (a newer local edit stays pending).
 */
type Listener = () => void;

const listeners = new Set<Listener>();
const storageKey = (databaseName: string) => `kabinet.pending.${databaseName}`;

/** localStorage in the browser; a Map where there is none (node tests simulating devices). */
const memory = new Map<string, string>();
const store = {
  get: (key: string) => (typeof localStorage === 'undefined' ? memory.get(key) ?? null : localStorage.getItem(key)),
  set: (key: string, value: string) => (typeof localStorage === 'undefined' ? void memory.set(key, value) : localStorage.setItem(key, value)),
  remove: (key: string) => (typeof localStorage === 'undefined' ? void memory.delete(key) : localStorage.removeItem(key)),
};

function read(databaseName: string): Record<string, string> {
  try {
    return JSON.parse(store.get(storageKey(databaseName)) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

function write(databaseName: string, entries: Record<string, string>): void {
  store.set(storageKey(databaseName), JSON.stringify(entries));
  listeners.forEach((listener) => listener());
}

/** Records a local write of document `id` at `updatedAt`. */
export function markPending(databaseName: string, collection: string, id: string, updatedAt: string): void {
  markPendingMany(databaseName, collection, [{ id, updatedAt }]);
}

/** Records many local writes at once (one read and one write of the log, for imports). */
export function markPendingMany(databaseName: string, collection: string, docs: readonly { id: string; updatedAt: string }[]): void {
  const entries = read(databaseName);
  for (const doc of docs) entries[`${collection}:${doc.id}`] = doc.updatedAt;
  write(databaseName, entries);
}

/** Clears the entries of documents the server accepted (or answered with a conflict that the device then resolves). */
export function markPushed(databaseName: string, collection: string, docs: readonly { id: string; updatedAt: string }[]): void {
  const entries = read(databaseName);
  let changed = false;
  for (const doc of docs) {
    const key = `${collection}:${doc.id}`;
    if (entries[key] !== undefined && entries[key] <= doc.updatedAt) {
      delete entries[key];
      changed = true;
    }
  }
  if (changed) write(databaseName, entries);
}

/** Number of local writes not yet on the server. */
export function pendingCount(databaseName: string): number {
  return Object.keys(read(databaseName)).length;
}

/** Forgets every pending entry (after the database itself is deleted). */
export function clearPending(databaseName: string): void {
  store.remove(storageKey(databaseName));
  listeners.forEach((listener) => listener());
}

/** Calls `listener` whenever the pending set changes, in this tab or another. Returns the unsubscribe function. */
export function subscribePending(listener: Listener): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key?.startsWith('kabinet.pending.')) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

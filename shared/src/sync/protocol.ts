/**
 * The sync HTTP contract's shapes (DESIGN.md "Sync protocol"), shared by the server and every client.
 * Paths: POST /api/clinics/:clinicId/sync/:collection/pull|push, GET /api/clinics/:clinicId/sync/stream.
 */
import { z } from 'zod';
import { COLLECTION_NAMES } from '../domain/base.js';

/**
 * Version of this contract. Bump it when a change would make an older app misread or corrupt data
 * (a new required field, a changed meaning); an app sending an older version gets 426 and is offered an update.
 * Adding an optional response field does not need a bump.
 */
export const SYNC_PROTOCOL_VERSION = 1;

/** The request header carrying the app's protocol version; absent means the current version. */
export const SYNC_PROTOCOL_HEADER = 'X-Sync-Protocol';

/** Largest `limit` a pull may ask for, and the largest push batch, in documents. */
export const MAX_SYNC_BATCH = 1000;

export const collectionNameSchema = z.enum(COLLECTION_NAMES);

/** Where a device is in a collection's change feed: the server's `seq` of the last document it has. */
export const checkpointSchema = z.strictObject({ seq: z.int().min(0) });
export type SyncCheckpoint = z.infer<typeof checkpointSchema>;

/** `POST …/pull` body: documents with `seq > checkpoint.seq`, ascending, at most `limit`. */
export const pullRequestSchema = z.strictObject({
  checkpoint: checkpointSchema.nullable(),
  limit: z.int().min(1).max(MAX_SYNC_BATCH),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

/** `POST …/pull` answer. `checkpoint` is the request's when no document is newer. */
export interface PullResponse<Doc = unknown> {
  documents: Doc[];
  checkpoint: SyncCheckpoint | null;
}

/**
 * One row of a push (RxDB's push contract). The server accepts it when its stored document deep-equals
 * `assumedMasterState` (or nothing is stored and `assumedMasterState` is absent or null).
 * Documents themselves are validated against the collection's schema separately.
 */
export const pushRowSchema = z.strictObject({
  assumedMasterState: z.record(z.string(), z.unknown()).nullable().optional(),
  newDocumentState: z.record(z.string(), z.unknown()),
});
export type PushRow<Doc = unknown> = { assumedMasterState?: Doc | null; newDocumentState: Doc };

/** `POST …/push` body. The answer is the array of the server's documents for the rows it refused as conflicts. */
export const pushRequestSchema = z.array(pushRowSchema).max(MAX_SYNC_BATCH);

/** Data of the SSE `event: change` on the stream: a collection has new documents; pull it. */
export interface StreamChangeEvent {
  collection: (typeof COLLECTION_NAMES)[number];
}

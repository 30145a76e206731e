/**
 * The `activities` collection: things that happened to other records. Kind `conflict` (DESIGN.md "Conflicts and
 * clashes") keeps the value a device lost when the same field of a record was changed on two devices at once,
 * so a person can look at it and apply it with one click.
 */
import { z } from 'zod';
import { id, instant, syncedFields } from './base.js';

export const ACTIVITY_SCHEMA_VERSION = 0;

export const conflictActivitySchema = z.strictObject({
  ...syncedFields,
  kind: z.literal('conflict'),
  /** The collection and id of the record both devices changed. (Not named `collection`: RxDB documents have that getter.) */
  documentCollection: z.enum(['catalog', 'patients', 'appointments', 'ledger']),
  documentId: id,
  /** The top-level field changed on both sides. */
  field: z.string().min(1).max(64),
  /** JSON of the value that lost (this device's), and of the value that won (the server's). `null` JSON for "absent". */
  lostValue: z.string().max(100_000),
  keptValue: z.string().max(100_000),
  /** When the device noticed the conflict (UTC). */
  at: instant,
  /** Set when a person applied the lost value or dismissed the record. */
  resolution: z.enum(['open', 'applied', 'dismissed']),
});
export type ConflictActivity = z.infer<typeof conflictActivitySchema>;

export const activitySchema = conflictActivitySchema;
export type Activity = ConflictActivity;

/**
 * Fields every synced document carries, and small field schemas shared by the entities.
 * Synced schemas have no defaults and no transforms: the server stores a document exactly as received.
 */
import { z } from 'zod';

/** A UUID (the app makes UUIDv7 on the device). 36 characters. */
export const id = z.uuid().max(36);

/** An instant: ISO 8601 in UTC with a `Z` suffix, e.g. `2026-03-29T07:30:00.000Z`. */
export const instant = z.iso.datetime().max(30);

/** A calendar date `YYYY-MM-DD` (no time zone). */
export const localDate = z.iso.date();

/** Money in minor currency units (kopecks, cents), never negative. */
export const minorUnits = z.int().min(0).max(1_000_000_000_00);

/** A phone number in E.164 (`+380501234567`). Parse user input with `parsePhone` first. */
export const e164Phone = z.string().regex(/^\+[1-9]\d{6,14}$/, 'Expected a phone number in E.164 form');

/** A CSS hex colour `#rrggbb`. */
export const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Expected a colour like #1e88e5');

/** A non-empty trimmed-looking name, at most 200 characters. */
export const name = z.string().min(1).max(200);

/**
 * The fields every synced document has (DESIGN.md "Data model").
 * `updatedAt` is written by the device and shown to people; it is never used to order changes.
 */
export const syncedFields = {
  id,
  clinicId: id,
  updatedAt: instant,
  _deleted: z.boolean(),
};

/** Names of the synced collections, at most 10 (RxDB's open-source edition opens at most 13). */
export const COLLECTION_NAMES = ['catalog', 'patients', 'appointments', 'ledger', 'activities'] as const;
export type CollectionName = (typeof COLLECTION_NAMES)[number];

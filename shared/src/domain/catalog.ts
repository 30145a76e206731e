/**
 * The `catalog` collection: a clinic's reference records, one document per record, told apart by `kind`.
 * Kinds: clinic (settings), doctor, chair, location, procedure.
 */
import { z } from 'zod';
import { hexColor, id, minorUnits, name, syncedFields } from './base.js';

/** RxDB schema version of the catalog collection; bump with a migration when a stored shape changes. */
export const CATALOG_SCHEMA_VERSION = 0;

export const LOCALES = ['ru', 'uk', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const SLOT_MINUTES = [15, 30, 60] as const;
export type SlotMinutes = (typeof SLOT_MINUTES)[number];

/** A wall-clock time `HH:MM` in the clinic's time zone. */
const wallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected a time like 09:00');

/**
 * Opening hours in the clinic's time zone: the same hours on every working day.
 * `workDays` are ISO weekdays (1 = Monday … 7 = Sunday).
 */
export const openingHoursSchema = z.strictObject({
  open: wallTime,
  close: wallTime,
  workDays: z.array(z.int().min(1).max(7)).min(1).max(7),
});
export type OpeningHours = z.infer<typeof openingHoursSchema>;

export const clinicSettingsSchema = z.strictObject({
  ...syncedFields,
  kind: z.literal('clinic'),
  name,
  /** IANA time zone, e.g. `Europe/Kyiv`; the calendar works in it. */
  timeZone: z.string().min(1).max(64),
  /** ISO 4217 code, e.g. `UAH`. */
  currency: z.string().regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 currency code'),
  locale: z.enum(LOCALES),
  openingHours: openingHoursSchema,
  slotMinutes: z.union([z.literal(15), z.literal(30), z.literal(60)]),
});
export type ClinicSettings = z.infer<typeof clinicSettingsSchema>;

export const doctorSchema = z.strictObject({
  ...syncedFields,
  kind: z.literal('doctor'),
  name,
  color: hexColor,
  /** A small image as a `data:` URL (the app scales photos down to 256 px before saving). */
  photo: z.string().startsWith('data:image/').max(200_000).optional(),
  /** The user account of this doctor, if they sign in. */
  userId: z.string().min(1).max(64).optional(),
});
export type Doctor = z.infer<typeof doctorSchema>;

export const CHAIR_STATUSES = ['active', 'maintenance'] as const;
export type ChairStatus = (typeof CHAIR_STATUSES)[number];

export const chairSchema = z.strictObject({
  ...syncedFields,
  kind: z.literal('chair'),
  name,
  locationId: id.optional(),
  status: z.enum(CHAIR_STATUSES),
});
export type Chair = z.infer<typeof chairSchema>;

export const locationSchema = z.strictObject({
  ...syncedFields,
  kind: z.literal('location'),
  name,
  address: z.string().max(500).optional(),
});
export type Location = z.infer<typeof locationSchema>;

export const procedureSchema = z.strictObject({
  ...syncedFields,
  kind: z.literal('procedure'),
  name,
  /** Price in minor units of the clinic's currency. */
  priceMinor: minorUnits,
  /** Duration in whole minutes, 5 to 720. */
  durationMin: z.int().min(5).max(720),
  description: z.string().max(2000).optional(),
  active: z.boolean(),
});
export type Procedure = z.infer<typeof procedureSchema>;

/** Any catalog document; validate with this, narrow on `kind`. */
export const catalogSchema = z.discriminatedUnion('kind', [
  clinicSettingsSchema,
  doctorSchema,
  chairSchema,
  locationSchema,
  procedureSchema,
]);
export type CatalogDoc = z.infer<typeof catalogSchema>;
export type CatalogKind = CatalogDoc['kind'];

/** Which zod schema validates each synced collection; the server's sync engine and the client's database both read this. */
import type { z } from 'zod';
import { activitySchema } from './activity.js';
import { appointmentSchema } from './appointment.js';
import type { CollectionName } from './base.js';
import { catalogSchema } from './catalog.js';
import { ledgerEntrySchema } from './ledger.js';
import { patientSchema } from './patient.js';

export const COLLECTION_SCHEMAS = {
  catalog: catalogSchema,
  patients: patientSchema,
  appointments: appointmentSchema,
  ledger: ledgerEntrySchema,
  activities: activitySchema,
} as const satisfies Record<CollectionName, z.ZodType>;

/** The document type stored in each collection. */
export type CollectionDoc<Name extends CollectionName> = z.infer<(typeof COLLECTION_SCHEMAS)[Name]>;

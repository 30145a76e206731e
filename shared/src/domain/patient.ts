/** The `patients` collection: one document per patient card. */
import { z } from 'zod';
import { e164Phone, localDate, name, syncedFields } from './base.js';

export const PATIENT_SCHEMA_VERSION = 0;

export const patientSchema = z.strictObject({
  ...syncedFields,
  name,
  /** E.164; reception always takes a phone. */
  phone: e164Phone,
  email: z.email().max(254).optional(),
  birthDate: localDate.optional(),
  notes: z.string().max(5000).optional(),
  /** Segments, e.g. "VIP", "orthodontics". */
  tags: z.array(z.string().min(1).max(50)).max(50),
  /** Where the patient came from, e.g. "Instagram". */
  source: z.string().max(100).optional(),
  /** The user responsible for this patient (sales follow-up). */
  ownerId: z.string().max(64).optional(),
});
export type Patient = z.infer<typeof patientSchema>;

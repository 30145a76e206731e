/**
 * The `appointments` collection: bookings of a patient with a doctor in a chair.
 * Items snapshot the price list at booking time, so later price changes never rewrite history.
 */
import { z } from 'zod';
import { id, instant, minorUnits, name, syncedFields } from './base.js';

export const APPOINTMENT_SCHEMA_VERSION = 0;

export const APPOINTMENT_STATUSES = [
  'scheduled',
  'confirmed',
  'arrived',
  'completed',
  'cancelled',
  'no_show',
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Statuses that free the doctor and the chair: such appointments never clash. */
export const INACTIVE_APPOINTMENT_STATUSES: readonly AppointmentStatus[] = ['cancelled', 'no_show'];

/** One procedure of an appointment, copied from the price list when booked. */
export const appointmentItemSchema = z.strictObject({
  procedureId: id,
  name,
  priceMinor: minorUnits,
  durationMin: z.int().min(1).max(720),
});
export type AppointmentItem = z.infer<typeof appointmentItemSchema>;

export const appointmentSchema = z
  .strictObject({
    ...syncedFields,
    patientId: id,
    doctorId: id,
    chairId: id,
    /** UTC instant the visit starts. */
    start: instant,
    /** UTC instant the visit ends; after `start`. */
    end: instant,
    items: z.array(appointmentItemSchema).max(50),
    status: z.enum(APPOINTMENT_STATUSES),
    notes: z.string().max(5000).optional(),
    /** Sum of `items[].priceMinor`, in minor units. */
    totalMinor: minorUnits,
  })
  .refine((a) => Date.parse(a.end) > Date.parse(a.start), { path: ['end'], message: 'end must be after start' })
  .refine((a) => a.totalMinor === a.items.reduce((sum, item) => sum + item.priceMinor, 0), {
    path: ['totalMinor'],
    message: 'totalMinor must equal the sum of items[].priceMinor',
  });
export type Appointment = z.infer<typeof appointmentSchema>;

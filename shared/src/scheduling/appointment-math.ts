/** Durations and totals of an appointment, derived from its procedure items. */
import type { AppointmentItem } from '../domain/appointment.js';

/** Total duration of the items in minutes; 0 for none. */
export function totalDurationMin(items: readonly Pick<AppointmentItem, 'durationMin'>[]): number {
  return items.reduce((sum, item) => sum + item.durationMin, 0);
}

/** Total price of the items in minor units; 0 for none. */
export function totalPriceMinor(items: readonly Pick<AppointmentItem, 'priceMinor'>[]): number {
  return items.reduce((sum, item) => sum + item.priceMinor, 0);
}

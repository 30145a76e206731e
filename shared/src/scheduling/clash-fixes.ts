/**
 * One-click fixes for a clash (issue 4): another chair that is free for the same time, or the next time both the
 * doctor and the chair are free. Pure functions over the data, so every device proposes the same fix.
 */
import type { OpeningHours } from '../domain/catalog.js';
import { holdsResources, overlaps, type ClashInput } from './clashes.js';
import { addLocalDays, instantAt, isoWeekdayOf, localDateOf, minutesOfWallTime, wallMinutesOf, wallTimeOfMinutes } from './time-zone.js';

/** A free chair for `appointment`'s time among `chairIds` (in order), other than its own; null if none. */
export function findFreeChair(appointment: ClashInput, chairIds: readonly string[], appointments: readonly ClashInput[]): string | null {
  for (const chairId of chairIds) {
    if (chairId === appointment.chairId) continue;
    const isBusy = appointments.some((other) => other.id !== appointment.id && holdsResources(other) && other.chairId === chairId && overlaps(appointment, other));
    if (!isBusy) return chairId;
  }
  return null;
}

export interface FreeStartOptions {
  timeZone: string;
  openingHours: OpeningHours;
  /** Candidate starts are `slotMinutes` apart, from opening time. */
  slotMinutes: number;
  /** Look no further than this many days ahead. Default 14. */
  horizonDays?: number;
}

/**
 * The earliest start at or after `notBefore` (a UTC instant) when `appointment`'s doctor and chair are both free
 * for its whole length, on a working day within opening hours (the visit must end by closing time).
 * Returns the UTC instant, or null if nothing is free within the horizon.
 */
export function findNextFreeStart(appointment: ClashInput, appointments: readonly ClashInput[], notBefore: string, options: FreeStartOptions): string | null {
  const length = Date.parse(appointment.end) - Date.parse(appointment.start);
  const open = minutesOfWallTime(options.openingHours.open);
  const close = minutesOfWallTime(options.openingHours.close);
  const others = appointments.filter((o) => o.id !== appointment.id && holdsResources(o) && (o.doctorId === appointment.doctorId || o.chairId === appointment.chairId));
  const firstDate = localDateOf(notBefore, options.timeZone);
  for (let day = 0; day <= (options.horizonDays ?? 14); day += 1) {
    const date = addLocalDays(firstDate, day);
    if (!options.openingHours.workDays.includes(isoWeekdayOf(date))) continue;
    for (let minute = open; minute + length / 60_000 <= close; minute += options.slotMinutes) {
      const start = instantAt(date, wallTimeOfMinutes(minute), options.timeZone);
      if (Date.parse(start) < Date.parse(notBefore)) continue;
      const candidate = { start, end: new Date(Date.parse(start) + length).toISOString() };
      // A wall time skipped by DST lands elsewhere; only accept starts that are really at this wall time.
      if (wallMinutesOf(start, options.timeZone) !== minute) continue;
      if (!others.some((o) => overlaps(candidate, o))) return start;
    }
  }
  return null;
}

/**
 * Wall-clock ↔ instant conversions in a clinic's IANA time zone, DST-safe (via @date-fns/tz).
 * Instants are ISO 8601 UTC strings; local dates are `YYYY-MM-DD`; wall times are `HH:MM`.
 */
import { TZDate } from '@date-fns/tz';
import { addDays, format, getISODay, parseISO, startOfISOWeek } from 'date-fns';

/**
 * The UTC instant of a wall-clock time on a local date in `timeZone`.
 * A wall time skipped by a DST jump (e.g. 03:30 on the spring-forward night) moves forward by the jump.
 * @param date `YYYY-MM-DD`  @param time `HH:MM`  @returns ISO 8601 UTC, e.g. `2026-03-29T06:00:00.000Z`
 */
export function instantAt(date: string, time: string, timeZone: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(year, month - 1, day, hour, minute, timeZone).getTime()).toISOString();
}

/** The local date `YYYY-MM-DD` of an instant in `timeZone`. */
export function localDateOf(instant: string, timeZone: string): string {
  return format(new TZDate(Date.parse(instant), timeZone), 'yyyy-MM-dd');
}

/** The wall-clock time `HH:MM` of an instant in `timeZone`. */
export function wallTimeOf(instant: string, timeZone: string): string {
  return format(new TZDate(Date.parse(instant), timeZone), 'HH:mm');
}

/** Minutes since local midnight of an instant in `timeZone` (0–1439). */
export function wallMinutesOf(instant: string, timeZone: string): number {
  const local = new TZDate(Date.parse(instant), timeZone);
  return local.getHours() * 60 + local.getMinutes();
}

/** `HH:MM` → minutes since midnight. */
export function minutesOfWallTime(time: string): number {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return hour * 60 + minute;
}

/** Minutes since midnight → `HH:MM`. */
export function wallTimeOfMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Adds whole days to a local date `YYYY-MM-DD` (calendar days, not 24-hour periods). */
export function addLocalDays(date: string, days: number): string {
  return format(addDays(parseISO(date), days), 'yyyy-MM-dd');
}

/** The Monday (ISO week start) of the week holding local date `date`. */
export function isoWeekStart(date: string): string {
  return format(startOfISOWeek(parseISO(date)), 'yyyy-MM-dd');
}

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function isoWeekdayOf(date: string): number {
  return getISODay(parseISO(date));
}

/** Adds minutes to an instant; exact elapsed time, so a visit across a DST jump keeps its real length. */
export function addMinutesToInstant(instant: string, minutes: number): string {
  return new Date(Date.parse(instant) + minutes * 60_000).toISOString();
}

/** Whole minutes from `start` to `end` (both instants). */
export function minutesBetween(start: string, end: string): number {
  return Math.round((Date.parse(end) - Date.parse(start)) / 60_000);
}

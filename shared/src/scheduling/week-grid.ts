/**
 * The week calendar's grid: working days of a week and their slots, as UTC instants, in the clinic's time zone.
 * Built from wall-clock opening hours, so on a DST-change day the slots still start at the same local times.
 */
import type { OpeningHours, SlotMinutes } from '../domain/catalog.js';
import {
  addLocalDays,
  instantAt,
  isoWeekStart,
  isoWeekdayOf,
  minutesOfWallTime,
  wallTimeOfMinutes,
} from './time-zone.js';

/** One bookable cell. `start`/`end` are UTC instants; `time` is its local `HH:MM`. */
export interface GridSlot {
  start: string;
  end: string;
  time: string;
}

/** One column of the week: a local date with its slots. */
export interface GridDay {
  date: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  slots: GridSlot[];
}

export interface WeekGrid {
  /** Monday of the week, `YYYY-MM-DD`. */
  weekStart: string;
  days: GridDay[];
  /** The local `HH:MM` label of each row, shared by all days. */
  rowTimes: string[];
}

/** Slots of one local date from opening to closing time, `slotMinutes` apart (the last slot ends at or before closing). */
export function buildDaySlots(
  date: string,
  timeZone: string,
  openingHours: OpeningHours,
  slotMinutes: SlotMinutes,
): GridSlot[] {
  const open = minutesOfWallTime(openingHours.open);
  const close = minutesOfWallTime(openingHours.close);
  const slots: GridSlot[] = [];
  for (let minute = open; minute + slotMinutes <= close; minute += slotMinutes) {
    const time = wallTimeOfMinutes(minute);
    slots.push({
      start: instantAt(date, time, timeZone),
      end: instantAt(date, wallTimeOfMinutes(minute + slotMinutes), timeZone),
      time,
    });
  }
  return slots;
}

/**
 * The week holding local date `anyDate`: its working days (from `openingHours.workDays`) with their slots.
 * @param anyDate any `YYYY-MM-DD` of the week; the week starts on Monday.
 */
export function buildWeekGrid(
  anyDate: string,
  timeZone: string,
  openingHours: OpeningHours,
  slotMinutes: SlotMinutes,
): WeekGrid {
  const weekStart = isoWeekStart(anyDate);
  const days: GridDay[] = [];
  for (let offset = 0; offset < 7; offset += 1) {
    const date = addLocalDays(weekStart, offset);
    const weekday = isoWeekdayOf(date);
    if (!openingHours.workDays.includes(weekday)) continue;
    days.push({ date, weekday, slots: buildDaySlots(date, timeZone, openingHours, slotMinutes) });
  }
  const rowTimes = (days[0]?.slots ?? buildDaySlots(weekStart, timeZone, openingHours, slotMinutes)).map((s) => s.time);
  return { weekStart, days, rowTimes };
}

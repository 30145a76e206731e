import { describe, expect, it } from 'vitest';
import type { ClashInput } from './clashes.js';
import { findFreeChair, findNextFreeStart } from './clash-fixes.js';

const tz = 'Europe/Kyiv';
const hours = { open: '09:00', close: '12:00', workDays: [1, 2, 3, 4, 5] };
// Monday 2026-11-23; Kyiv is UTC+2 in November.
const at = (hhmm: string, date = '2026-11-23') => new Date(`${date}T${hhmm}:00+02:00`).toISOString();
const appt = (id: string, start: string, end: string, over: Partial<ClashInput> = {}): ClashInput => ({
  id, doctorId: 'd1', chairId: 'c1', start: at(start), end: at(end), status: 'scheduled', _deleted: false, ...over,
});

describe('findFreeChair', () => {
  it('offers the first other chair that is free for the whole visit', () => {
    const a = appt('a', '09:00', '10:00');
    const list = [a, appt('b', '09:30', '10:30', { doctorId: 'd2', chairId: 'c2' }), appt('c', '11:00', '12:00', { chairId: 'c3' })];
    expect(findFreeChair(a, ['c1', 'c2', 'c3'], list)).toBe('c3');
    expect(findFreeChair(a, ['c1', 'c2'], list)).toBeNull();
  });
});

describe('findNextFreeStart', () => {
  const options = { timeZone: tz, openingHours: hours, slotMinutes: 30 };

  it('finds the next slot where both doctor and chair are free', () => {
    const moving = appt('b', '09:00', '10:00');
    const list = [appt('a', '09:00', '10:00'), moving, appt('c', '10:00', '10:30', { chairId: 'c9' })];
    // 10:00 has the doctor busy (c), 10:30–11:30 is free for both.
    expect(findNextFreeStart(moving, list, at('09:00'), options)).toBe(at('10:30'));
  });

  it('moves to the next working day when the day is full, skipping the weekend', () => {
    const moving = appt('m', '11:00', '12:00', { start: at('11:00', '2026-11-27'), end: at('12:00', '2026-11-27') });
    const friday = [appt('x', '09:00', '12:00', { start: at('09:00', '2026-11-27'), end: at('12:00', '2026-11-27') }), moving];
    expect(findNextFreeStart(moving, friday, at('09:00', '2026-11-27'), options)).toBe(at('09:00', '2026-11-30'));
  });

  it('never ends a visit after closing time and gives up past the horizon', () => {
    const long = appt('l', '09:00', '13:00');
    expect(findNextFreeStart(long, [long], at('09:00'), { ...options, horizonDays: 3 })).toBeNull();
  });

  it('ignores cancelled visits when looking for room', () => {
    const moving = appt('b', '09:00', '10:00');
    const list = [appt('a', '09:00', '10:00', { status: 'cancelled' }), moving];
    expect(findNextFreeStart(moving, list, at('09:00'), options)).toBe(at('09:00'));
  });
});

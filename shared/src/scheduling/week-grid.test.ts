import { describe, expect, it } from 'vitest';
import { buildWeekGrid } from './week-grid.js';
import { instantAt, localDateOf, wallTimeOf } from './time-zone.js';

const hours = { open: '09:00', close: '12:00', workDays: [1, 2, 3, 4, 5, 6, 7] };

describe('buildWeekGrid', () => {
  it('keeps local slot times across the spring-forward change in Kyiv (29 March 2026)', () => {
    const grid = buildWeekGrid('2026-03-26', 'Europe/Kyiv', hours, 60);
    expect(grid.weekStart).toBe('2026-03-23');
    const saturday = grid.days.find((d) => d.date === '2026-03-28')!;
    const sunday = grid.days.find((d) => d.date === '2026-03-29')!;
    expect(saturday.slots.map((s) => s.time)).toEqual(['09:00', '10:00', '11:00']);
    expect(sunday.slots.map((s) => s.time)).toEqual(['09:00', '10:00', '11:00']);
    // EET is UTC+2 before the change, EEST UTC+3 after.
    expect(saturday.slots[0]!.start).toBe('2026-03-28T07:00:00.000Z');
    expect(sunday.slots[0]!.start).toBe('2026-03-29T06:00:00.000Z');
  });

  it('keeps local slot times across the fall-back change in New York (1 November 2026)', () => {
    const grid = buildWeekGrid('2026-11-01', 'America/New_York', hours, 30);
    const sunday = grid.days.find((d) => d.date === '2026-11-01')!;
    const saturday = grid.days.find((d) => d.date === '2026-10-31')!;
    expect(sunday.slots).toHaveLength(6);
    expect(saturday.slots[0]!.start).toBe('2026-10-31T13:00:00.000Z');
    expect(sunday.slots[0]!.start).toBe('2026-11-01T14:00:00.000Z');
    expect(sunday.slots[5]!.end).toBe('2026-11-01T17:00:00.000Z');
  });

  it('shows only working days, Monday first', () => {
    const grid = buildWeekGrid('2026-11-21', 'Europe/Moscow', { ...hours, workDays: [1, 2, 3, 4, 5] }, 15);
    expect(grid.days.map((d) => d.date)).toEqual(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20']);
    expect(grid.rowTimes).toHaveLength(12);
    expect(grid.rowTimes[1]).toBe('09:15');
  });
});

describe('time zone conversions', () => {
  it('round-trips wall time and date', () => {
    const instant = instantAt('2026-07-15', '14:30', 'Asia/Almaty');
    expect(wallTimeOf(instant, 'Asia/Almaty')).toBe('14:30');
    expect(localDateOf(instant, 'Asia/Almaty')).toBe('2026-07-15');
  });
  it('moves a wall time skipped by DST forward', () => {
    // 03:30 does not exist in Kyiv on 2026-03-29.
    expect(wallTimeOf(instantAt('2026-03-29', '03:30', 'Europe/Kyiv'), 'Europe/Kyiv')).toBe('04:30');
  });
});

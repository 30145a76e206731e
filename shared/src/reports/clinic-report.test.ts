import { describe, expect, it } from 'vitest';
import type { Appointment, AppointmentItem, LedgerEntry } from '../domain/index.js';
import { buildClinicReport, openHoursInPeriod, type ReportInput } from './clinic-report.js';

// Kyiv: EET (UTC+2) until Sunday 2026-03-29 03:00, EEST (UTC+3) after. The period holds that change.
const tz = 'Europe/Kyiv';
const local = (date: string, time: string, offset = date >= '2026-03-29' ? '+03:00' : '+02:00') => new Date(`${date}T${time}:00${offset}`).toISOString();
const p1: AppointmentItem = { procedureId: 'p1', name: 'Консультация', priceMinor: 500, durationMin: 30 };
const p2: AppointmentItem = { procedureId: 'p2', name: 'Пломба', priceMinor: 2000, durationMin: 60 };

function appt(id: string, start: string, end: string, items: AppointmentItem[], status: Appointment['status'], patientId: string, doctorId: string, chairId: string, deleted = false): Appointment {
  return { id, clinicId: 'c', updatedAt: start, _deleted: deleted, patientId, doctorId, chairId, start, end, items, status, totalMinor: items.reduce((s, i) => s + i.priceMinor, 0) };
}
function entry(id: string, kind: LedgerEntry['kind'], amountMinor: number, at: string, appointmentId?: string): LedgerEntry {
  return { id, clinicId: 'c', updatedAt: at, _deleted: false, kind, amountMinor, method: 'cash', at, ...(appointmentId ? { appointmentId } : {}) };
}

const appointments = [
  appt('A0', local('2026-03-10', '09:00'), local('2026-03-10', '09:30'), [p1], 'completed', 'P2', 'd2', 'c2'),
  appt('A1', local('2026-03-23', '09:00'), local('2026-03-23', '09:30'), [p1], 'completed', 'P1', 'd1', 'c1'),
  appt('A2', local('2026-03-24', '09:00'), local('2026-03-24', '10:30'), [p1, p2], 'completed', 'P2', 'd1', 'c1'),
  appt('A3', local('2026-03-25', '10:00'), local('2026-03-25', '11:00'), [p2], 'no_show', 'P3', 'd2', 'c2'),
  appt('A4', local('2026-03-26', '11:00'), local('2026-03-26', '11:30'), [p1], 'cancelled', 'P1', 'd2', 'c1'),
  appt('A5', local('2026-03-29', '09:00'), local('2026-03-29', '10:00'), [p2], 'arrived', 'P3', 'd1', 'c2'),
  // 00:30 local on Monday the 23rd is still the 22nd in UTC: inside the period.
  appt('A6', '2026-03-22T22:30:00.000Z', '2026-03-22T23:00:00.000Z', [p1], 'completed', 'P4', 'd2', 'c2'),
  // 01:30 local on Monday the 30th is still the 29th in UTC: outside the period.
  appt('A7', '2026-03-29T22:30:00.000Z', '2026-03-29T23:00:00.000Z', [p1], 'completed', 'P1', 'd1', 'c1'),
  appt('A8', local('2026-03-27', '09:00'), local('2026-03-27', '09:30'), [p1], 'completed', 'P1', 'd1', 'c1', true),
];
const ledger = [
  entry('L1', 'payment', 500, local('2026-03-23', '09:40'), 'A1'),
  entry('L2', 'payment', 1000, local('2026-03-22', '15:00'), 'A2'),
  entry('L3', 'payment', 1500, local('2026-03-24', '08:30'), 'A2'),
  entry('L4', 'refund', 200, local('2026-03-25', '12:00'), 'A2'),
  { ...entry('L5', 'expense', 3000, local('2026-03-26', '18:00')), category: 'Материалы' },
  entry('L6', 'payment', 2000, local('2026-03-29', '10:05'), 'A5'),
  entry('L7', 'expense', 700, '2026-03-29T22:30:00.000Z'),
];
const input: ReportInput = {
  period: { from: '2026-03-23', to: '2026-03-29' },
  timeZone: tz,
  openingHours: { open: '09:00', close: '13:00', workDays: [1, 2, 3, 4, 5, 6, 7] },
  appointments,
  ledger,
  doctors: [{ id: 'd1', name: 'Анна' }, { id: 'd2', name: 'Борис' }],
  chairs: [{ id: 'c1', name: 'Кресло 1' }, { id: 'c2', name: 'Кресло 2' }],
  procedures: [{ id: 'p1', name: 'Консультация' }, { id: 'p2', name: 'Пломба' }],
};

describe('buildClinicReport on a hand-computed week across the spring DST change', () => {
  const report = buildClinicReport(input);

  it('lists the period’s appointments by start, with local-day boundaries in the clinic’s time zone', () => {
    expect(report.appointments.map((a) => a.id)).toEqual(['A6', 'A1', 'A2', 'A3', 'A4', 'A5']);
  });

  it('computes the summary', () => {
    expect(report.summary).toEqual({
      appointmentCount: 5, // six in the period, one cancelled
      attendedCount: 4, // A6, A1, A2, A5
      billedMinor: 5500, // 500 + 500 + 2500 + 2000
      averageValueMinor: 1375,
      receivedMinor: 3800, // 500 + 1500 − 200 + 2000; L2 is before the period
      prepaidMinor: 1500, // L3 before A2 started
      paidAfterMinor: 2500, // L1 + L6
      noShowRate: 0.2, // 1 ÷ (4 + 1)
      cancellationRate: 1 / 6,
    });
  });

  it('breaks down by doctor, chair and procedure with utilisation of 28 open hours', () => {
    expect(report.byDoctor).toEqual([
      { id: 'd1', name: 'Анна', count: 3, revenueMinor: 5000, hoursBooked: 3, hoursOpen: 28, utilisation: 3 / 28 },
      { id: 'd2', name: 'Борис', count: 1, revenueMinor: 500, hoursBooked: 0.5, hoursOpen: 28, utilisation: 0.5 / 28 },
    ]);
    expect(report.byChair.map((r) => [r.id, r.count, r.revenueMinor, r.hoursBooked])).toEqual([
      ['c1', 2, 3000, 2],
      ['c2', 2, 2500, 1.5],
    ]);
    expect(report.byProcedure.map((r) => [r.id, r.count, r.revenueMinor, r.hoursBooked])).toEqual([
      ['p2', 2, 4000, 2],
      ['p1', 3, 1500, 1.5],
    ]);
  });

  it('counts new and returning patients and top procedures', () => {
    expect(report.patients).toEqual({
      seen: 4,
      newPatients: 3, // P4, P1, P3 (P3's no-show does not count as a visit)
      returningPatients: 1, // P2 was seen on the 10th
      visitsPerPatient: 1,
      topProcedures: [
        { id: 'p1', name: 'Консультация', count: 3 },
        { id: 'p2', name: 'Пломба', count: 2 },
      ],
    });
  });

  it('sums income, expenses and their difference', () => {
    expect(report.money).toEqual({ incomeMinor: 3800, expensesMinor: 3000, netMinor: 800, byMonth: [{ month: '2026-03', incomeMinor: 3800, expensesMinor: 3000, netMinor: 800 }] });
  });

  it('applies doctor, chair and procedure filters to appointments', () => {
    expect(buildClinicReport({ ...input, filters: { doctorId: 'd2' } }).appointments.map((a) => a.id)).toEqual(['A6', 'A3', 'A4']);
    expect(buildClinicReport({ ...input, filters: { chairId: 'c1' } }).summary.billedMinor).toBe(3000);
    expect(buildClinicReport({ ...input, filters: { procedureId: 'p2' } }).appointments.map((a) => a.id)).toEqual(['A2', 'A3', 'A5']);
  });

  it('splits money by month in the clinic’s time zone', () => {
    const april = buildClinicReport({ ...input, period: { from: '2026-03-30', to: '2026-04-02' } });
    expect(april.money.byMonth).toEqual([
      { month: '2026-03', incomeMinor: 0, expensesMinor: 700, netMinor: -700 }, // L7: 01:30 on the 30th local
      { month: '2026-04', incomeMinor: 0, expensesMinor: 0, netMinor: 0 },
    ]);
  });
});

describe('openHoursInPeriod', () => {
  it('counts real hours on the night clocks jump (00:00–06:00 is 5 hours on 29 March in Kyiv)', () => {
    expect(openHoursInPeriod({ from: '2026-03-29', to: '2026-03-29' }, tz, { open: '00:00', close: '06:00', workDays: [7] })).toBe(5);
    expect(openHoursInPeriod({ from: '2026-03-23', to: '2026-03-29' }, tz, { open: '09:00', close: '13:00', workDays: [1, 2, 3, 4, 5] })).toBe(20);
  });
});

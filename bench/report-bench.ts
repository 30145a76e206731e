/**
 * Report generation time for one year of a 10-chair clinic (about 25,000 appointments, 8,000 patients, a payment
 * per attended visit), timing the same pure function the app runs on the device (V8 in node here).
 */
import { v7 as uuidv7 } from 'uuid';
import type { Appointment, LedgerEntry } from '../shared/src/domain/index.js';
import { buildClinicReport, type ReportInput } from '../shared/src/reports/clinic-report.js';
import { addLocalDays, instantAt, isoWeekdayOf, wallTimeOfMinutes } from '../shared/src/scheduling/time-zone.js';

export interface ReportBenchResult {
  appointments: number;
  patients: number;
  ledgerEntries: number;
  yearMedianMs: number;
  monthMedianMs: number;
  filteredYearMedianMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function benchReports(runs = 7): ReportBenchResult {
  const tz = 'Europe/Kyiv';
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const doctors = Array.from({ length: 10 }, (_, i) => ({ id: uuidv7(), name: `Doctor ${i}` }));
  const chairs = Array.from({ length: 10 }, (_, i) => ({ id: uuidv7(), name: `Chair ${i}` }));
  const procedures = Array.from({ length: 20 }, (_, i) => ({ id: uuidv7(), name: `Procedure ${i}`, priceMinor: 50_000 + i * 10_000, durationMin: 30 + (i % 4) * 15 }));
  const patients = Array.from({ length: 8_000 }, () => uuidv7());
  const statuses: Appointment['status'][] = ['completed', 'completed', 'completed', 'completed', 'arrived', 'scheduled', 'cancelled', 'no_show'];
  const appointments: Appointment[] = [];
  const ledger: LedgerEntry[] = [];
  const first = '2025-01-01';
  for (let day = 0; appointments.length < 25_000; day += 1) {
    const date = addLocalDays(first, day % 365);
    if (isoWeekdayOf(date) === 7) continue;
    for (let chair = 0; chair < 10 && appointments.length < 25_000; chair += 1) {
      for (let slot = 0; slot < 8 && appointments.length < 25_000; slot += 1) {
        const procedure = procedures[Math.floor(random() * procedures.length)]!;
        const start = instantAt(date, wallTimeOfMinutes(9 * 60 + slot * 75), tz);
        const status = statuses[Math.floor(random() * statuses.length)]!;
        const appointment: Appointment = {
          id: uuidv7(), clinicId: 'c', updatedAt: start, _deleted: false, patientId: patients[Math.floor(random() * patients.length)]!, doctorId: doctors[chair]!.id, chairId: chairs[chair]!.id,
          start, end: new Date(Date.parse(start) + procedure.durationMin * 60_000).toISOString(),
          items: [{ procedureId: procedure.id, name: procedure.name, priceMinor: procedure.priceMinor, durationMin: procedure.durationMin }], status, totalMinor: procedure.priceMinor,
        };
        appointments.push(appointment);
        if (status === 'completed' || status === 'arrived') {
          ledger.push({ id: uuidv7(), clinicId: 'c', updatedAt: start, _deleted: false, kind: 'payment', amountMinor: procedure.priceMinor, method: 'card', appointmentId: appointment.id, patientId: appointment.patientId, at: appointment.end });
        }
      }
    }
    if (day % 30 === 0) ledger.push({ id: uuidv7(), clinicId: 'c', updatedAt: start(date), _deleted: false, kind: 'expense', amountMinor: 1_000_000, method: 'transfer', at: start(date), category: 'Rent' });
  }
  function start(date: string) {
    return instantAt(date, '12:00', tz);
  }
  const base: Omit<ReportInput, 'period'> = { timeZone: tz, openingHours: { open: '09:00', close: '19:00', workDays: [1, 2, 3, 4, 5, 6] }, appointments, ledger, doctors, chairs, procedures };
  const time = (input: ReportInput) => {
    const samples: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const t0 = performance.now();
      buildClinicReport(input);
      samples.push(performance.now() - t0);
    }
    return Number(median(samples).toFixed(1));
  };
  return {
    appointments: appointments.length,
    patients: patients.length,
    ledgerEntries: ledger.length,
    yearMedianMs: time({ ...base, period: { from: '2025-01-01', to: '2025-12-31' } }),
    monthMedianMs: time({ ...base, period: { from: '2025-06-01', to: '2025-06-30' } }),
    filteredYearMedianMs: time({ ...base, period: { from: '2025-01-01', to: '2025-12-31' }, filters: { doctorId: doctors[3]!.id } }),
  };
}

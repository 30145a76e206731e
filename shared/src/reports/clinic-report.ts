/**
 * The clinic's numbers for a period (PRODUCT.md E, issue 5), computed on the device from local data.
 * Definitions (shown to people in the report's help text):
 * - an appointment is in the period when its start is; filters by doctor, chair or procedure narrow the appointments;
 * - attended = arrived or completed; billed = the sum of attended appointments' totals (price snapshot at booking);
 * - average appointment value = billed ÷ attended appointments;
 * - no-show rate = no-shows ÷ (attended + no-shows); cancellation rate = cancelled ÷ all appointments;
 * - hours booked = lengths of appointments that were not cancelled and not no-shows; hours open = opening hours of
 *   the period's working days (per doctor or chair: the clinic's hours); utilisation = booked ÷ open;
 * - received = payments − refunds whose `at` is in the period (they need not belong to an appointment in the period);
 * - a patient is new in the period when their first attended visit ever is in it, returning otherwise.
 * Money is in minor units; hours are decimal hours.
 */
import type { Appointment } from '../domain/appointment.js';
import type { Chair, Doctor, OpeningHours, Procedure } from '../domain/catalog.js';
import type { LedgerEntry } from '../domain/ledger.js';
import { addLocalDays, instantAt, isoWeekdayOf, minutesOfWallTime } from '../scheduling/time-zone.js';

export interface ReportPeriod {
  /** First local date, `YYYY-MM-DD`, in the clinic's time zone. */
  from: string;
  /** Last local date, inclusive. */
  to: string;
}

export interface ReportFilters {
  doctorId?: string;
  chairId?: string;
  procedureId?: string;
}

export interface ReportInput {
  period: ReportPeriod;
  filters?: ReportFilters;
  timeZone: string;
  openingHours: OpeningHours;
  appointments: readonly Appointment[];
  ledger: readonly LedgerEntry[];
  doctors: readonly Pick<Doctor, 'id' | 'name'>[];
  chairs: readonly Pick<Chair, 'id' | 'name'>[];
  procedures: readonly Pick<Procedure, 'id' | 'name'>[];
}

export interface ResourceRow {
  id: string;
  name: string;
  /** Attended appointments (for procedures: attended items). */
  count: number;
  revenueMinor: number;
  hoursBooked: number;
  hoursOpen: number;
  /** hoursBooked ÷ hoursOpen, 0 when nothing is open. */
  utilisation: number;
}

export interface MonthRow {
  /** `YYYY-MM`. */
  month: string;
  incomeMinor: number;
  expensesMinor: number;
  netMinor: number;
}

export interface ClinicReport {
  appointments: Appointment[];
  summary: {
    appointmentCount: number;
    attendedCount: number;
    billedMinor: number;
    averageValueMinor: number;
    receivedMinor: number;
    prepaidMinor: number;
    paidAfterMinor: number;
    noShowRate: number;
    cancellationRate: number;
  };
  byDoctor: ResourceRow[];
  byChair: ResourceRow[];
  byProcedure: ResourceRow[];
  patients: {
    seen: number;
    newPatients: number;
    returningPatients: number;
    /** Attended visits per patient seen. */
    visitsPerPatient: number;
    topProcedures: { id: string; name: string; count: number }[];
  };
  money: { incomeMinor: number; expensesMinor: number; netMinor: number; byMonth: MonthRow[] };
}

const ATTENDED = new Set(['arrived', 'completed']);
const hoursOf = (a: Pick<Appointment, 'start' | 'end'>) => (Date.parse(a.end) - Date.parse(a.start)) / 3_600_000;
const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** Opening hours of the period's working days, in hours (DST-safe: each day's open and close are real instants). */
export function openHoursInPeriod(period: ReportPeriod, timeZone: string, openingHours: OpeningHours): number {
  let hours = 0;
  for (let date = period.from; date <= period.to; date = addLocalDays(date, 1)) {
    if (!openingHours.workDays.includes(isoWeekdayOf(date))) continue;
    const open = Date.parse(instantAt(date, openingHours.open, timeZone));
    const close = Date.parse(instantAt(date, openingHours.close, timeZone));
    if (minutesOfWallTime(openingHours.close) > minutesOfWallTime(openingHours.open)) hours += (close - open) / 3_600_000;
  }
  return hours;
}

/** Builds every figure of the report. Pure: the same input gives the same report on every device. */
export function buildClinicReport(input: ReportInput): ClinicReport {
  const { period, timeZone } = input;
  const from = Date.parse(instantAt(period.from, '00:00', timeZone));
  const to = Date.parse(instantAt(addLocalDays(period.to, 1), '00:00', timeZone));
  const inPeriod = (instant: string) => {
    const at = Date.parse(instant);
    return at >= from && at < to;
  };
  const filters = input.filters ?? {};
  const matches = (a: Appointment) =>
    (!filters.doctorId || a.doctorId === filters.doctorId) &&
    (!filters.chairId || a.chairId === filters.chairId) &&
    (!filters.procedureId || a.items.some((item) => item.procedureId === filters.procedureId));

  const live = input.appointments.filter((a) => !a._deleted);
  const appointments = live.filter((a) => inPeriod(a.start) && matches(a)).sort((a, b) => a.start.localeCompare(b.start));
  const attended = appointments.filter((a) => ATTENDED.has(a.status));
  const booked = appointments.filter((a) => a.status !== 'cancelled' && a.status !== 'no_show');
  const noShows = appointments.filter((a) => a.status === 'no_show').length;
  const cancelled = appointments.filter((a) => a.status === 'cancelled').length;
  const billedMinor = attended.reduce((sum, a) => sum + a.totalMinor, 0);

  const ledger = input.ledger.filter((e) => !e._deleted && inPeriod(e.at));
  const startOf = new Map(live.map((a) => [a.id, a.start]));
  const signed = (e: LedgerEntry) => (e.kind === 'refund' ? -e.amountMinor : e.kind === 'payment' ? e.amountMinor : 0);
  const receivedMinor = ledger.reduce((sum, e) => sum + signed(e), 0);
  const isPrepaid = (e: LedgerEntry) => e.kind === 'payment' && e.appointmentId !== undefined && startOf.has(e.appointmentId) && e.at < startOf.get(e.appointmentId)!;
  const prepaidMinor = ledger.filter(isPrepaid).reduce((sum, e) => sum + e.amountMinor, 0);

  const hoursOpen = openHoursInPeriod(period, timeZone, input.openingHours);
  const resourceRows = (list: readonly { id: string; name: string }[], key: 'doctorId' | 'chairId'): ResourceRow[] =>
    list
      .map((resource) => {
        const mine = attended.filter((a) => a[key] === resource.id);
        const hoursBooked = booked.filter((a) => a[key] === resource.id).reduce((sum, a) => sum + hoursOf(a), 0);
        return { id: resource.id, name: resource.name, count: mine.length, revenueMinor: mine.reduce((s, a) => s + a.totalMinor, 0), hoursBooked, hoursOpen, utilisation: ratio(hoursBooked, hoursOpen) };
      })
      .sort((a, b) => b.revenueMinor - a.revenueMinor || a.name.localeCompare(b.name));

  const procedureStats = new Map<string, { count: number; revenueMinor: number; minutes: number }>();
  for (const a of attended) {
    for (const item of a.items) {
      const stat = procedureStats.get(item.procedureId) ?? { count: 0, revenueMinor: 0, minutes: 0 };
      stat.count += 1;
      stat.revenueMinor += item.priceMinor;
      stat.minutes += item.durationMin;
      procedureStats.set(item.procedureId, stat);
    }
  }
  const procedureName = (id: string) => input.procedures.find((p) => p.id === id)?.name ?? attended.flatMap((a) => a.items).find((i) => i.procedureId === id)?.name ?? id;
  const byProcedure: ResourceRow[] = [...procedureStats.entries()]
    .map(([id, stat]) => ({ id, name: procedureName(id), count: stat.count, revenueMinor: stat.revenueMinor, hoursBooked: stat.minutes / 60, hoursOpen, utilisation: ratio(stat.minutes / 60, hoursOpen) }))
    .sort((a, b) => b.revenueMinor - a.revenueMinor || a.name.localeCompare(b.name));

  // New vs returning: first attended visit ever, over all local data (not only the period or the filters).
  const firstVisit = new Map<string, string>();
  for (const a of live) {
    if (!ATTENDED.has(a.status)) continue;
    const first = firstVisit.get(a.patientId);
    if (!first || a.start < first) firstVisit.set(a.patientId, a.start);
  }
  const seen = new Set(attended.map((a) => a.patientId));
  const newPatients = [...seen].filter((id) => inPeriod(firstVisit.get(id)!)).length;

  // Month buckets by their first instant in the clinic's time zone (one time-zone conversion per month, not per entry).
  const months = new Map<string, MonthRow>();
  const monthStarts: { at: number; row: MonthRow }[] = [];
  for (let date = period.from; date <= period.to; date = addLocalDays(date, 1)) {
    const month = date.slice(0, 7);
    if (months.has(month)) continue;
    const row = { month, incomeMinor: 0, expensesMinor: 0, netMinor: 0 };
    months.set(month, row);
    monthStarts.push({ at: Date.parse(instantAt(date, '00:00', timeZone)), row });
  }
  for (const e of ledger) {
    const at = Date.parse(e.at);
    let row: MonthRow | undefined;
    for (const start of monthStarts) if (at >= start.at) row = start.row;
    if (!row) continue;
    if (e.kind === 'expense') row.expensesMinor += e.amountMinor;
    else row.incomeMinor += signed(e);
  }
  for (const row of months.values()) row.netMinor = row.incomeMinor - row.expensesMinor;
  const byMonth = [...months.values()];
  const incomeMinor = byMonth.reduce((s, r) => s + r.incomeMinor, 0);
  const expensesMinor = byMonth.reduce((s, r) => s + r.expensesMinor, 0);

  return {
    appointments,
    summary: {
      appointmentCount: appointments.length - cancelled,
      attendedCount: attended.length,
      billedMinor,
      averageValueMinor: Math.round(ratio(billedMinor, attended.length)),
      receivedMinor,
      prepaidMinor,
      paidAfterMinor: ledger.filter((e) => e.kind === 'payment' && !isPrepaid(e)).reduce((s, e) => s + e.amountMinor, 0),
      noShowRate: ratio(noShows, attended.length + noShows),
      cancellationRate: ratio(cancelled, appointments.length),
    },
    byDoctor: resourceRows(input.doctors, 'doctorId'),
    byChair: resourceRows(input.chairs, 'chairId'),
    byProcedure,
    patients: {
      seen: seen.size,
      newPatients,
      returningPatients: seen.size - newPatients,
      visitsPerPatient: ratio(attended.length, seen.size),
      topProcedures: byProcedure.slice().sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)).slice(0, 5).map(({ id, name, count }) => ({ id, name, count })),
    },
    money: { incomeMinor, expensesMinor, netMinor: incomeMinor - expensesMinor, byMonth },
  };
}

/** What has been paid and what is still owed, per appointment and per patient. Amounts in minor units. */
import type { Appointment } from '../domain/appointment.js';
import type { LedgerEntry } from '../domain/ledger.js';

const ATTENDED = new Set(['arrived', 'completed']);

/** Payments minus refunds among `ledger` entries that match `belongs`. */
export function netPaid(ledger: readonly LedgerEntry[], belongs: (entry: LedgerEntry) => boolean): number {
  return ledger.filter((e) => !e._deleted && belongs(e)).reduce((sum, e) => sum + (e.kind === 'payment' ? e.amountMinor : e.kind === 'refund' ? -e.amountMinor : 0), 0);
}

/**
 * For one appointment: `paidMinor` (payments − refunds linked to it) and `owedMinor` (its total minus that,
 * never below 0; a cancelled or no-show visit owes nothing).
 */
export function appointmentBalance(appointment: Appointment, ledger: readonly LedgerEntry[]): { paidMinor: number; owedMinor: number } {
  const paidMinor = netPaid(ledger, (e) => e.appointmentId === appointment.id);
  const due = appointment.status === 'cancelled' || appointment.status === 'no_show' ? 0 : appointment.totalMinor;
  return { paidMinor, owedMinor: Math.max(0, due - paidMinor) };
}

/**
 * A patient's balance: what they paid (payments − refunds) minus what their attended visits cost.
 * Negative means they owe the clinic; positive means they paid in advance (prepayments for future visits).
 */
export function patientBalance(patientId: string, appointments: readonly Appointment[], ledger: readonly LedgerEntry[]): { billedMinor: number; paidMinor: number; balanceMinor: number } {
  const billedMinor = appointments.filter((a) => !a._deleted && a.patientId === patientId && ATTENDED.has(a.status)).reduce((sum, a) => sum + a.totalMinor, 0);
  const paidMinor = netPaid(ledger, (e) => e.patientId === patientId);
  return { billedMinor, paidMinor, balanceMinor: paidMinor - billedMinor };
}

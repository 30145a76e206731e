import { describe, expect, it } from 'vitest';
import type { Appointment, LedgerEntry } from '../domain/index.js';
import { appointmentBalance, patientBalance } from './balances.js';

const visit = (id: string, status: Appointment['status'], totalMinor: number): Appointment => ({
  id, clinicId: 'c', updatedAt: '2026-01-01T00:00:00.000Z', _deleted: false, patientId: 'P', doctorId: 'd', chairId: 'c', start: '2026-01-01T09:00:00.000Z', end: '2026-01-01T10:00:00.000Z',
  items: [{ procedureId: 'p', name: 'X', priceMinor: totalMinor, durationMin: 60 }], status, totalMinor,
});
const money = (id: string, kind: LedgerEntry['kind'], amountMinor: number, appointmentId?: string, deleted = false): LedgerEntry => ({
  id, clinicId: 'c', updatedAt: '2026-01-01T00:00:00.000Z', _deleted: deleted, kind, amountMinor, method: 'card', at: '2026-01-01T09:00:00.000Z', patientId: 'P', ...(appointmentId ? { appointmentId } : {}),
});

describe('balances', () => {
  const ledger = [money('1', 'payment', 3000, 'A'), money('2', 'refund', 500, 'A'), money('3', 'payment', 1000, 'B'), money('4', 'payment', 9999, 'A', true), money('5', 'payment', 700)];

  it('owes the rest of an appointment after payments and refunds', () => {
    expect(appointmentBalance(visit('A', 'completed', 4000), ledger)).toEqual({ paidMinor: 2500, owedMinor: 1500 });
    expect(appointmentBalance(visit('B', 'scheduled', 800), ledger)).toEqual({ paidMinor: 1000, owedMinor: 0 });
    expect(appointmentBalance(visit('C', 'cancelled', 800), ledger)).toEqual({ paidMinor: 0, owedMinor: 0 });
  });

  it('balances a patient: paid minus attended visits', () => {
    const visits = [visit('A', 'completed', 4000), visit('B', 'scheduled', 800), visit('C', 'no_show', 800)];
    // paid 3000 − 500 + 1000 + 700 = 4200; billed: only A (attended) = 4000.
    expect(patientBalance('P', visits, ledger)).toEqual({ billedMinor: 4000, paidMinor: 4200, balanceMinor: 200 });
  });
});

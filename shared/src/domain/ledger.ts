/** The `ledger` collection: payments, refunds and expenses, amounts in minor units of the clinic's currency. */
import { z } from 'zod';
import { id, instant, minorUnits, syncedFields } from './base.js';

export const LEDGER_SCHEMA_VERSION = 0;

export const LEDGER_KINDS = ['payment', 'refund', 'expense'] as const;
export const PAYMENT_METHODS = ['cash', 'card', 'transfer'] as const;

export const ledgerEntrySchema = z.strictObject({
  ...syncedFields,
  kind: z.enum(LEDGER_KINDS),
  /** Always positive; `kind` says which way the money went. */
  amountMinor: minorUnits,
  method: z.enum(PAYMENT_METHODS),
  appointmentId: id.optional(),
  patientId: id.optional(),
  /** When the money moved (UTC). */
  at: instant,
  note: z.string().max(2000).optional(),
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

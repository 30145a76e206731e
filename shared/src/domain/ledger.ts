/** The `ledger` collection: payments, refunds and expenses, amounts in minor units of the clinic's currency. */
import { z } from 'zod';
import { id, instant, minorUnits, syncedFields } from './base.js';

/** 1: `category` added for expenses (older documents need no change). */
export const LEDGER_SCHEMA_VERSION = 1;

export const LEDGER_KINDS = ['payment', 'refund', 'expense'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];
export const PAYMENT_METHODS = ['cash', 'card', 'transfer'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

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
  /** What an expense was for, e.g. "Материалы", "Аренда". */
  category: z.string().min(1).max(100).optional(),
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

/**
 * One table per synced collection: the document exactly as received (`doc`, JSON) plus the server's own
 * bookkeeping in columns outside it (`seq`, `deleted`, `received_at`) and typed columns the server queries.
 */
import { sqliteTable, text, integer, primaryKey, index } from 'drizzle-orm/sqlite-core';

/** The single row (id = 1) holding the last `seq` handed out; taken inside each write transaction. */
export const syncCounter = sqliteTable('sync_counter', {
  id: integer('id').primaryKey(),
  seq: integer('seq').notNull(),
});

const syncedColumns = {
  clinicId: text('clinic_id').notNull(),
  id: text('id').notNull(),
  doc: text('doc', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
  seq: integer('seq').notNull(),
  deleted: integer('deleted', { mode: 'boolean' }).notNull(),
  receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
};

export const catalog = sqliteTable(
  'catalog',
  { ...syncedColumns, kind: text('kind').notNull() },
  (t) => [primaryKey({ columns: [t.clinicId, t.id] }), index('catalog_seq_idx').on(t.clinicId, t.seq), index('catalog_id_idx').on(t.id)],
);

export const patients = sqliteTable(
  'patients',
  { ...syncedColumns, phone: text('phone').notNull() },
  (t) => [primaryKey({ columns: [t.clinicId, t.id] }), index('patients_seq_idx').on(t.clinicId, t.seq), index('patients_id_idx').on(t.id)],
);

export const appointments = sqliteTable(
  'appointments',
  {
    ...syncedColumns,
    start: text('start').notNull(),
    end: text('end').notNull(),
    doctorId: text('doctor_id').notNull(),
    chairId: text('chair_id').notNull(),
    status: text('status').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.clinicId, t.id] }),
    index('appointments_seq_idx').on(t.clinicId, t.seq),
    index('appointments_id_idx').on(t.id),
    index('appointments_start_idx').on(t.clinicId, t.start),
  ],
);

export const ledger = sqliteTable(
  'ledger',
  { ...syncedColumns, kind: text('kind').notNull(), at: text('at').notNull(), amountMinor: integer('amount_minor').notNull() },
  (t) => [primaryKey({ columns: [t.clinicId, t.id] }), index('ledger_seq_idx').on(t.clinicId, t.seq), index('ledger_id_idx').on(t.id)],
);

export const activities = sqliteTable(
  'activities',
  { ...syncedColumns, kind: text('kind').notNull(), documentId: text('document_id').notNull() },
  (t) => [primaryKey({ columns: [t.clinicId, t.id] }), index('activities_seq_idx').on(t.clinicId, t.seq), index('activities_id_idx').on(t.id)],
);

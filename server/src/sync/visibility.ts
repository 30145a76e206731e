/** Row-level read limits of the permission matrix: which ledger entries a receptionist may see (today's payments). */
import { and, eq } from 'drizzle-orm';
import { addLocalDays, instantAt, localDateOf } from '../../../shared/src/scheduling/time-zone.js';
import type { Db } from '../db/client.js';
import { schema } from '../db/client.js';
import type { Doc } from './registry.js';

/** The clinic's IANA time zone from its settings document (UTC if it has none). */
export function clinicTimeZone(db: Db, clinicId: string): string {
  const row = db
    .select({ doc: schema.catalog.doc })
    .from(schema.catalog)
    .where(and(eq(schema.catalog.clinicId, clinicId), eq(schema.catalog.kind, 'clinic'), eq(schema.catalog.deleted, false)))
    .get();
  return typeof row?.doc.timeZone === 'string' ? row.doc.timeZone : 'UTC';
}

/** A filter passing ledger payments and refunds dated today in `timeZone` (`now` for tests). */
export function todaysPayments(timeZone: string, now: Date = new Date()): (doc: Doc) => boolean {
  const today = localDateOf(now.toISOString(), timeZone);
  const from = Date.parse(instantAt(today, '00:00', timeZone));
  const to = Date.parse(instantAt(addLocalDays(today, 1), '00:00', timeZone));
  return (doc) => {
    const at = Date.parse(String(doc.at));
    return (doc.kind === 'payment' || doc.kind === 'refund') && at >= from && at < to;
  };
}

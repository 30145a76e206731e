/**
 * The role → permission matrix (PRODUCT.md A, issue 3), the one place that says who may do what in a clinic.
 * The server enforces it on every route and on every synced row; the client only uses it to hide what a role cannot do.
 */
import type { CollectionName } from '../domain/base.js';
import type { CatalogKind } from '../domain/catalog.js';

export const CLINIC_ROLES = ['owner', 'admin', 'doctor', 'receptionist', 'marketer'] as const;
export type ClinicRole = (typeof CLINIC_ROLES)[number];

/** Roles that may invite, re-role and remove people (owners manage owners; admins manage everyone else). */
export const TEAM_MANAGERS: readonly ClinicRole[] = ['owner', 'admin'];

/**
 * How much of a collection a role may read:
 * `all` — every document; `today_payments` — only ledger payments and refunds dated today in the clinic's time zone
 * (a receptionist takes payments but does not see the clinic's finances); `none` — nothing.
 */
export type ReadScope = 'all' | 'today_payments' | 'none';

const READ: Record<CollectionName, Record<ClinicRole, ReadScope>> = {
  catalog: { owner: 'all', admin: 'all', doctor: 'all', receptionist: 'all', marketer: 'all' },
  patients: { owner: 'all', admin: 'all', doctor: 'all', receptionist: 'all', marketer: 'all' },
  appointments: { owner: 'all', admin: 'all', doctor: 'all', receptionist: 'all', marketer: 'all' },
  ledger: { owner: 'all', admin: 'all', doctor: 'none', receptionist: 'today_payments', marketer: 'none' },
  activities: { owner: 'all', admin: 'all', doctor: 'all', receptionist: 'all', marketer: 'all' },
};

/** Which roles may create, change or delete documents, per collection (and per catalog kind). */
const WRITE_PATIENTS: readonly ClinicRole[] = ['owner', 'admin', 'doctor', 'receptionist', 'marketer'];
const WRITE_APPOINTMENTS: readonly ClinicRole[] = ['owner', 'admin', 'doctor', 'receptionist'];
const WRITE_LEDGER: readonly ClinicRole[] = ['owner', 'admin', 'receptionist'];
const WRITE_CATALOG: Record<CatalogKind, readonly ClinicRole[]> = {
  clinic: ['owner', 'admin'],
  doctor: ['owner', 'admin'],
  chair: ['owner', 'admin'],
  location: ['owner', 'admin'],
  // A doctor cannot change the price list.
  procedure: ['owner', 'admin'],
};

/** How much of `collection` `role` may read. */
export function readScope(role: ClinicRole, collection: CollectionName): ReadScope {
  return READ[collection][role];
}

/**
 * Whether `role` may write `doc` (create, change or soft-delete) in `collection`.
 * For the catalog the document's `kind` decides; pass both the stored and the new document's kind when they differ.
 */
export function canWrite(role: ClinicRole, collection: CollectionName, doc: { kind?: unknown }): boolean {
  switch (collection) {
    case 'catalog':
      return (WRITE_CATALOG[doc.kind as CatalogKind] ?? []).includes(role);
    case 'patients':
      return WRITE_PATIENTS.includes(role);
    case 'appointments':
      return WRITE_APPOINTMENTS.includes(role);
    case 'ledger':
      return WRITE_LEDGER.includes(role) && (role !== 'receptionist' || doc.kind !== 'expense');
    case 'activities':
      // Conflict records are written by whichever member's device met the conflict.
      return true;
  }
}

/** Whether `role` may see and manage the team (members and invitations). */
export function canManageTeam(role: ClinicRole): boolean {
  return TEAM_MANAGERS.includes(role);
}

/** Whether `actor` may give `role` to someone, or change/remove someone who has `role`: only owners touch owners. */
export function canAssignRole(actor: ClinicRole, role: ClinicRole): boolean {
  return canManageTeam(actor) && (role !== 'owner' || actor === 'owner');
}

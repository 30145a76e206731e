/**
 * Clash detection (DESIGN.md "Conflicts and clashes"): two different live appointments that hold the same
 * doctor or the same chair at overlapping times. A pure function of the data, so every device computes the same.
 */
import { INACTIVE_APPOINTMENT_STATUSES, type Appointment } from '../domain/appointment.js';

/** The fields clash detection reads. */
export type ClashInput = Pick<Appointment, 'id' | 'doctorId' | 'chairId' | 'start' | 'end' | 'status' | '_deleted'>;

/** One double booking: `resource` of id `resourceId` is held by both appointments, ids sorted ascending. */
export interface Clash {
  resource: 'doctor' | 'chair';
  resourceId: string;
  appointmentIds: [string, string];
}

/** Whether an appointment holds its doctor and chair: not deleted, not cancelled, not a no-show. */
export function holdsResources(appointment: ClashInput): boolean {
  return !appointment._deleted && !INACTIVE_APPOINTMENT_STATUSES.includes(appointment.status);
}

/** Half-open intervals [start, end) overlap: back-to-back visits (one ends 10:00, next starts 10:00) do not clash. */
export function overlaps(a: Pick<ClashInput, 'start' | 'end'>, b: Pick<ClashInput, 'start' | 'end'>): boolean {
  return Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);
}

/**
 * Every clash among `appointments`, each pair once per resource, ordered by resource, then start.
 * O(n log n + k) for n appointments and k clashes (sweep per resource).
 */
export function findClashes(appointments: readonly ClashInput[]): Clash[] {
  const live = appointments
    .filter(holdsResources)
    .map((a) => ({ a, start: Date.parse(a.start), end: Date.parse(a.end) }))
    .sort((x, y) => x.start - y.start || (x.a.id < y.a.id ? -1 : 1));
  const clashes: Clash[] = [];
  for (const resource of ['doctor', 'chair'] as const) {
    const key = resource === 'doctor' ? 'doctorId' : 'chairId';
    const open = new Map<string, typeof live>();
    for (const current of live) {
      const resourceId = current.a[key];
      const active = (open.get(resourceId) ?? []).filter((other) => other.end > current.start);
      for (const other of active) {
        const ids = [other.a.id, current.a.id].sort() as [string, string];
        clashes.push({ resource, resourceId, appointmentIds: ids });
      }
      active.push(current);
      open.set(resourceId, active);
    }
  }
  return clashes;
}

/** Clashes a candidate booking would make with `appointments` (the candidate itself, by id, is skipped). */
export function clashesWith(candidate: ClashInput, appointments: readonly ClashInput[]): Clash[] {
  if (!holdsResources(candidate)) return [];
  const clashes: Clash[] = [];
  for (const other of appointments) {
    if (other.id === candidate.id || !holdsResources(other) || !overlaps(candidate, other)) continue;
    const ids = [candidate.id, other.id].sort() as [string, string];
    if (other.doctorId === candidate.doctorId) clashes.push({ resource: 'doctor', resourceId: candidate.doctorId, appointmentIds: ids });
    if (other.chairId === candidate.chairId) clashes.push({ resource: 'chair', resourceId: candidate.chairId, appointmentIds: ids });
  }
  return clashes;
}

/** Ids of every appointment that is part of at least one clash. */
export function clashingAppointmentIds(clashes: readonly Clash[]): Set<string> {
  return new Set(clashes.flatMap((clash) => clash.appointmentIds));
}

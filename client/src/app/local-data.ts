/**
 * Which clinics' data this device holds, per user, so it can be wiped when access ends (removal from a clinic)
 * or when a person signs out and chooses to delete it.
 */
import { closeClinicDatabase, databaseName, deleteClinicDatabase } from '../db/database.js';
import { clearPending, pendingCount } from '../db/pending-changes.js';

interface LocalClinic {
  userId: string;
  clinicId: string;
  clinicName: string;
}

const KEY = 'kabinet.localClinics';

function read(): LocalClinic[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as LocalClinic[];
  } catch {
    return [];
  }
}

/** Notes that this device now holds `clinicId`'s data for `userId`. */
export function rememberLocalClinic(entry: LocalClinic): void {
  const rest = read().filter((e) => !(e.userId === entry.userId && e.clinicId === entry.clinicId));
  localStorage.setItem(KEY, JSON.stringify([...rest, entry]));
}

/** The clinics whose data this device holds for `userId`. */
export function localClinicsOf(userId: string): LocalClinic[] {
  return read().filter((e) => e.userId === userId);
}

/** Local changes of `userId` in any clinic that have not reached the server. */
export function unsyncedChangesOf(userId: string): number {
  return localClinicsOf(userId).reduce((sum, e) => sum + pendingCount(databaseName(e.userId, e.clinicId)), 0);
}

/** Deletes this device's copy of `clinicId` for `userId`: the database, its pending-changes log and recents. */
export async function wipeLocalClinic(userId: string, clinicId: string): Promise<void> {
  await deleteClinicDatabase(userId, clinicId);
  clearPending(databaseName(userId, clinicId));
  localStorage.removeItem(`kabinet.recentPatients.${clinicId}`);
  if (localStorage.getItem(`kabinet.clinic.${userId}`) === clinicId) localStorage.removeItem(`kabinet.clinic.${userId}`);
  localStorage.setItem(KEY, JSON.stringify(read().filter((e) => !(e.userId === userId && e.clinicId === clinicId))));
}

/** Closes (without deleting) every open database of `userId`. */
export async function closeLocalClinics(userId: string): Promise<void> {
  await Promise.all(localClinicsOf(userId).map((e) => closeClinicDatabase(e.userId, e.clinicId)));
}

/**
 * Of `userId`'s clinics on this device, those the server says this device was removed from (`access_revoked`).
 * Asked only after a 401, with the device's old session cookie; network failures count as "not revoked".
 */
export async function revokedLocalClinics(userId: string): Promise<LocalClinic[]> {
  const revoked: LocalClinic[] = [];
  for (const local of localClinicsOf(userId)) {
    try {
      const response = await fetch(`/api/clinics/${local.clinicId}/sync/catalog/pull`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ checkpoint: null, limit: 1 }),
      });
      const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
      if (response.status === 403 && body.error?.code === 'access_revoked') revoked.push(local);
    } catch {
      // Offline: decide next time.
    }
  }
  return revoked;
}

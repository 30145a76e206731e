/**
 * Patient search for reception: typo-tolerant by name (MiniSearch, fuzzy + prefix) and by any run of phone digits,
 * with recently seen patients first when nothing is typed.
 */
import MiniSearch from 'minisearch';
import type { Patient } from '../../../../shared/src/domain/index.js';

export interface PatientSearch {
  /** Ids of matching patients, best first; recents (then by name) when `query` is blank. At most `limit`. */
  search(query: string, limit?: number): Patient[];
}

const digitsOf = (value: string) => value.replace(/\D/g, '');

/** Builds the search over `patients`; `recentIds` are most-recent-first. */
export function createPatientSearch(patients: readonly Patient[], recentIds: readonly string[]): PatientSearch {
  const byId = new Map(patients.map((p) => [p.id, p]));
  const index = new MiniSearch<Patient>({ fields: ['name'], storeFields: [], searchOptions: { prefix: true, fuzzy: 0.25, combineWith: 'AND' } });
  index.addAll(patients as Patient[]);
  const recentRank = new Map(recentIds.map((id, i) => [id, i]));

  return {
    search(query, limit = 50) {
      const trimmed = query.trim();
      if (!trimmed) {
        const recents = recentIds.map((id) => byId.get(id)).filter((p): p is Patient => !!p);
        const rest = patients.filter((p) => !recentRank.has(p.id)).slice().sort((a, b) => a.name.localeCompare(b.name));
        return [...recents, ...rest].slice(0, limit);
      }
      const digits = digitsOf(trimmed);
      if (digits.length >= 3 && digits.length >= trimmed.replace(/\s/g, '').length - 3) {
        const variants = [digits, digits.replace(/^[08]/, '')].filter((v) => v.length >= 3);
        return patients.filter((p) => variants.some((v) => digitsOf(p.phone).includes(v))).slice(0, limit);
      }
      const scored = index.search(trimmed).map((r) => ({ patient: byId.get(r.id as string)!, score: r.score + (recentRank.has(r.id as string) ? 5 : 0) }));
      return scored.sort((a, b) => b.score - a.score).slice(0, limit).map((s) => s.patient);
    },
  };
}

const recentKey = (clinicId: string) => `kabinet.recentPatients.${clinicId}`;

/** Most-recently-seen patient ids on this device, newest first. */
export function recentPatientIds(clinicId: string): string[] {
  try {
    return JSON.parse(localStorage.getItem(recentKey(clinicId)) ?? '[]') as string[];
  } catch {
    return [];
  }
}

/** Moves a patient to the front of this device's recents (kept to 20). */
export function touchRecentPatient(clinicId: string, patientId: string): void {
  const next = [patientId, ...recentPatientIds(clinicId).filter((id) => id !== patientId)].slice(0, 20);
  localStorage.setItem(recentKey(clinicId), JSON.stringify(next));
}

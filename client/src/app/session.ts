/**
 * Who is signed in, from `GET /api/me`, cached in localStorage so the app boots offline.
 * A 401 means signed out; a network failure falls back to the cached answer.
 */
import { createAuthClient } from 'better-auth/react';

export interface MeClinic {
  id: string;
  name: string;
  role: 'owner' | 'admin' | 'doctor' | 'receptionist' | 'marketer';
}
export interface Me {
  user: { id: string; email: string; name: string };
  clinics: MeClinic[];
}

export const authClient = createAuthClient({ baseURL: typeof window === 'undefined' ? undefined : window.location.origin, basePath: '/api/auth' });

const ME_CACHE_KEY = 'kabinet.me';

export function cachedMe(): Me | null {
  try {
    return JSON.parse(localStorage.getItem(ME_CACHE_KEY) ?? 'null') as Me | null;
  } catch {
    return null;
  }
}

/** `{me, isOffline}`: the server's answer, or the cached one when the server cannot be reached. */
export async function loadMe(): Promise<{ me: Me | null; isOffline: boolean }> {
  try {
    const response = await fetch('/api/me', { credentials: 'same-origin' });
    if (response.status === 401) {
      localStorage.removeItem(ME_CACHE_KEY);
      return { me: null, isOffline: false };
    }
    if (!response.ok) throw new Error(`GET /api/me answered ${response.status}`);
    const me = (await response.json()) as Me;
    localStorage.setItem(ME_CACHE_KEY, JSON.stringify(me));
    return { me, isOffline: false };
  } catch {
    return { me: cachedMe(), isOffline: true };
  }
}

/** The clinic this device last worked in, per user. */
export function lastClinicId(userId: string): string | null {
  return localStorage.getItem(`kabinet.clinic.${userId}`);
}
export function rememberClinic(userId: string, clinicId: string): void {
  localStorage.setItem(`kabinet.clinic.${userId}`, clinicId);
}

/** Creates a clinic (`POST /api/clinics`); throws Error with the server's message on failure. */
export async function createClinic(body: { name: string; timeZone: string; currency: string; locale: string }): Promise<MeClinic> {
  const response = await fetch('/api/clinics', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await response.json()) as { clinic?: MeClinic; error?: { message: string } };
  if (!response.ok || !json.clinic) throw new Error(json.error?.message ?? `HTTP ${response.status}`);
  return json.clinic;
}

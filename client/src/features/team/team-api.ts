/** The team endpoints (`/api/clinics/:clinicId/team`): members, invitations. Errors carry the server's message. */
import type { ClinicRole } from '../../../../shared/src/auth/permissions.js';

export interface TeamMember {
  userId: string;
  name: string;
  email: string;
  role: ClinicRole;
}
export interface PendingInvitation {
  id: string;
  email: string;
  role: ClinicRole;
  expiresAt: string;
  isExpired: boolean;
}

/** A refused team request: `code` is the server's AppErrorCode, `field` the input it names. */
export class TeamApiError extends Error {
  constructor(readonly code: string, message: string, readonly field?: string) {
    super(message);
  }
}

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { method, credentials: 'same-origin', headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  } catch {
    throw new TeamApiError('offline', 'offline');
  }
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new TeamApiError(json.error?.code ?? 'unknown', json.error?.message ?? response.statusText, json.error?.field);
  return json as T;
}

export const teamApi = (clinicId: string) => {
  const base = `/api/clinics/${clinicId}/team`;
  return {
    list: () => call<{ members: TeamMember[]; invitations: PendingInvitation[] }>('GET', base),
    invite: (email: string, role: ClinicRole) => call('POST', `${base}/invitations`, { email, role }),
    resend: (id: string) => call('POST', `${base}/invitations/${id}/resend`),
    revoke: (id: string) => call('DELETE', `${base}/invitations/${id}`),
    changeRole: (userId: string, role: ClinicRole) => call('PATCH', `${base}/members/${userId}`, { role }),
    remove: (userId: string) => call('DELETE', `${base}/members/${userId}`),
  };
};

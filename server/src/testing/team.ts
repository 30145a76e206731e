/** Team set-up through the real HTTP flow: invite by email, read the link from the outbox, sign up, accept. */
import { v7 as uuidv7 } from 'uuid';
import type { ClinicRole } from '../../../shared/src/auth/permissions.js';
import { TestClient, type TestServer } from './harness.js';
import { invitationToken } from './outbox.js';

export interface SentInvitation {
  id: string;
  email: string;
  role: ClinicRole;
  /** The link token, read from the newest outbox mail to `email`. */
  token: string;
}

export interface JoinedMember {
  client: TestClient;
  email: string;
  userId: string;
  role: ClinicRole;
}

/** A fresh address no one has used. */
export function freshEmail(label = 'user'): string {
  return `${label}-${uuidv7()}@example.com`;
}

/** `inviter` invites `email` to `clinicId` with `role` (201 expected); returns the invitation and its link token. */
export async function invite(server: TestServer, inviter: TestClient, clinicId: string, role: ClinicRole, email = freshEmail(role)): Promise<SentInvitation> {
  const { invitation } = await inviter.json<{ invitation: { id: string; email: string } }>('POST', `/api/clinics/${clinicId}/team/invitations`, { email, role }, 201);
  return { id: invitation.id, email: invitation.email, role, token: invitationToken(server.dataDir, invitation.email, server.url) };
}

/** Invites a new person with `role`, signs them up with the invited email and accepts the link; returns them signed in. */
export async function joinAs(server: TestServer, inviter: TestClient, clinicId: string, role: ClinicRole, name = `Member ${role}`): Promise<JoinedMember> {
  const invitation = await invite(server, inviter, clinicId, role);
  const client = new TestClient(server.url);
  await client.signUp(name, invitation.email);
  const accepted = await client.json<{ clinic: { id: string; role: string } }>('POST', `/api/invitations/${invitation.token}/accept`);
  if (accepted.clinic.id !== clinicId || accepted.clinic.role !== role) throw new Error(`Accepted into ${JSON.stringify(accepted.clinic)}`);
  const me = await client.json<{ user: { id: string } }>('GET', '/api/me');
  return { client, email: invitation.email, userId: me.user.id, role };
}

/** A second device of an existing account: a new cookie jar signed in with email and password. */
export async function signIn(server: TestServer, email: string, password = 'correct horse battery'): Promise<TestClient> {
  const client = new TestClient(server.url);
  await client.json('POST', '/api/auth/sign-in/email', { email, password });
  return client;
}

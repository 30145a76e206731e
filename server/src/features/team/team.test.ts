/**
 * The team over real HTTP: the last owner, removing a member (sessions and live stream end at once), and the
 * invitation link's life (48 h expiry, revocation, re-send, wrong account, single use).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { execute, fingerprint, query } from '../../testing/fingerprint.js';
import { startTestServer, TestClient, type TestServer } from '../../testing/harness.js';
import { mailsTo } from '../../testing/outbox.js';
import { freshEmail, invite, joinAs, signIn } from '../../testing/team.js';
import { INVITATION_TTL_MS } from './routes.js';

let server: TestServer;
let owner: TestClient;
let clinicId: string;

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  server = await startTestServer({ heartbeatMs: 60_000 });
  owner = new TestClient(server.url);
  await owner.signUp('Owner');
  clinicId = await owner.createClinic('Team clinic');
});
afterAll(async () => {
  await server?.dispose();
  vi.restoreAllMocks();
});

const team = (client: TestClient = owner, id = clinicId) => client.json('GET', `/api/clinics/${id}/team`);
const myId = async (client: TestClient) => (await client.json('GET', '/api/me')).user.id as string;
async function errorOf(response: Response): Promise<{ status: number; code: string | undefined }> {
  const text = await response.text();
  return { status: response.status, code: text ? (JSON.parse(text) as { error?: { code: string } }).error?.code : undefined };
}

describe('the last owner', () => {
  it('cannot be demoted or removed; with two owners one can be demoted, and then the other is the last', async () => {
    const solo = new TestClient(server.url);
    await solo.signUp('Solo owner');
    const soloClinic = await solo.createClinic('Solo');
    const soloId = await myId(solo);
    const admin = await joinAs(server, solo, soloClinic, 'admin');

    const before = fingerprint(server.dataDir);
    expect(await errorOf(await solo.request('PATCH', `/api/clinics/${soloClinic}/team/members/${soloId}`, { role: 'admin' }))).toEqual({ status: 409, code: 'last_owner' });
    expect(await errorOf(await solo.request('DELETE', `/api/clinics/${soloClinic}/team/members/${soloId}`))).toEqual({ status: 409, code: 'last_owner' });
    expect(fingerprint(server.dataDir)).toEqual(before);

    // A second owner joins; now the first can be demoted (here by the second).
    const second = await joinAs(server, solo, soloClinic, 'owner', 'Second owner');
    expect(await second.client.json('PATCH', `/api/clinics/${soloClinic}/team/members/${soloId}`, { role: 'admin' })).toEqual({ userId: soloId, role: 'admin' });
    const { members } = await team(second.client, soloClinic);
    expect(Object.fromEntries(members.map((m: { userId: string; role: string }) => [m.userId, m.role]))).toEqual({
      [soloId]: 'admin',
      [admin.userId]: 'admin',
      [second.userId]: 'owner',
    });

    // The second owner is now the last one: neither they nor anyone else can demote or remove them.
    const after = fingerprint(server.dataDir);
    expect(await errorOf(await second.client.request('PATCH', `/api/clinics/${soloClinic}/team/members/${second.userId}`, { role: 'doctor' }))).toEqual({ status: 409, code: 'last_owner' });
    expect(await errorOf(await second.client.request('DELETE', `/api/clinics/${soloClinic}/team/members/${second.userId}`))).toEqual({ status: 409, code: 'last_owner' });
    expect(await errorOf(await solo.request('DELETE', `/api/clinics/${soloClinic}/team/members/${second.userId}`))).toEqual({ status: 403, code: 'forbidden' });
    expect(fingerprint(server.dataDir)).toEqual(after);
    expect((await second.client.json('GET', '/api/me')).clinics).toEqual([{ id: soloClinic, name: 'Solo', role: 'owner' }]);
  });

  it('can be removed once someone else is an owner', async () => {
    const first = new TestClient(server.url);
    await first.signUp('First owner');
    const id = await first.createClinic('Handover');
    const firstId = await myId(first);
    const heir = await joinAs(server, first, id, 'owner', 'Heir');
    expect(await first.json('DELETE', `/api/clinics/${id}/team/members/${firstId}`)).toEqual({ ok: true });
    const { members } = await team(heir.client, id);
    expect(members.map((m: { userId: string }) => m.userId)).toEqual([heir.userId]);
  });
});

/** Reads an SSE body as text until `needle` appears, the stream ends, or `timeoutMs` passes. */
function sseReader(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let received = '';
  let isDone = false;
  return {
    get received() {
      return received;
    },
    get isDone() {
      return isDone;
    },
    async readUntil(predicate: () => boolean, timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!predicate() && !isDone) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) return;
        const chunk = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), remaining))]);
        if (chunk === null) return;
        if (chunk.done) isDone = true;
        else received += chunk.value;
      }
    },
    cancel: () => reader.cancel().catch(() => undefined),
  };
}

describe('removing a member', () => {
  const pullBody = { checkpoint: null, limit: 10 };
  const patient = () => ({ id: uuidv7(), clinicId, updatedAt: new Date().toISOString(), _deleted: false, name: 'P', phone: '+380501234567', tags: [] });

  it('ends her open stream with `revoked`, tells her devices access_revoked, signs her out and drops her from the team', async () => {
    const receptionist = await joinAs(server, owner, clinicId, 'receptionist', 'Receptionist');
    // One device per request below: the first answer to a removed device also clears its cookie (see the .fails test).
    const devices = { pull: await signIn(server, receptionist.email), push: await signIn(server, receptionist.email), stream: await signIn(server, receptionist.email) };
    for (const device of Object.values(devices)) expect((await device.request('POST', `/api/clinics/${clinicId}/sync/patients/pull`, pullBody)).status).toBe(200);

    const streamResponse = await receptionist.client.request('GET', `/api/clinics/${clinicId}/sync/stream`);
    expect(streamResponse.status).toBe(200);
    const stream = sseReader(streamResponse);
    await stream.readUntil(() => stream.received.includes('event: hello'), 5000);
    expect(stream.received).toContain('event: hello');

    const removedAt = Date.now();
    expect(await owner.json('DELETE', `/api/clinics/${clinicId}/team/members/${receptionist.userId}`)).toEqual({ ok: true });
    // The server ends the stream: first the `revoked` event, then the body is done — no heartbeat needed (60 s here).
    await stream.readUntil(() => false, 2000);
    expect(stream.received).toMatch(/event: revoked\ndata: \{\}\n\n$/);
    expect(stream.isDone).toBe(true);
    expect(Date.now() - removedAt).toBeLessThan(2000);

    const before = fingerprint(server.dataDir);
    expect(await errorOf(await devices.pull.request('POST', `/api/clinics/${clinicId}/sync/patients/pull`, pullBody))).toEqual({ status: 403, code: 'access_revoked' });
    expect(await errorOf(await devices.push.request('POST', `/api/clinics/${clinicId}/sync/patients/push`, [{ newDocumentState: patient() }]))).toEqual({ status: 403, code: 'access_revoked' });
    expect(await errorOf(await devices.stream.request('GET', `/api/clinics/${clinicId}/sync/stream`))).toEqual({ status: 403, code: 'access_revoked' });
    expect(await errorOf(await receptionist.client.request('GET', '/api/me'))).toEqual({ status: 401, code: 'unauthenticated' });
    expect(fingerprint(server.dataDir)).toEqual(before);

    const { members } = await team();
    expect(members.map((m: { userId: string }) => m.userId)).not.toContain(receptionist.userId);
    expect(members.length).toBeGreaterThan(0);

    // Signing in again works, but the clinic is now like any other clinic she is not in.
    const again = await signIn(server, receptionist.email);
    expect((await again.json('GET', '/api/me')).clinics).toEqual([]);
    expect(await errorOf(await again.request('POST', `/api/clinics/${clinicId}/sync/patients/pull`, pullBody))).toEqual({ status: 404, code: 'not_found' });
    expect(await errorOf(await again.request('GET', `/api/clinics/${clinicId}/sync/stream`))).toEqual({ status: 404, code: 'not_found' });
  });

  it('keeps telling the same device access_revoked on every sync request, also after GET /api/me', async () => {
    const receptionist = await joinAs(server, owner, clinicId, 'receptionist', 'Receptionist 2');
    await owner.json('DELETE', `/api/clinics/${clinicId}/team/members/${receptionist.userId}`);
    const device = receptionist.client;
    expect(await errorOf(await device.request('POST', `/api/clinics/${clinicId}/sync/patients/pull`, pullBody))).toEqual({ status: 403, code: 'access_revoked' });
    expect(await errorOf(await device.request('POST', `/api/clinics/${clinicId}/sync/patients/push`, [{ newDocumentState: patient() }]))).toEqual({ status: 403, code: 'access_revoked' });
    expect(await errorOf(await device.request('GET', `/api/clinics/${clinicId}/sync/stream`))).toEqual({ status: 403, code: 'access_revoked' });
    expect(await errorOf(await device.request('GET', '/api/me'))).toEqual({ status: 401, code: 'unauthenticated' });
    expect(await errorOf(await device.request('POST', `/api/clinics/${clinicId}/sync/ledger/pull`, pullBody))).toEqual({ status: 403, code: 'access_revoked' });
  });

  it('leaves the streams of other members open', async () => {
    const doctor = await joinAs(server, owner, clinicId, 'doctor');
    const marketer = await joinAs(server, owner, clinicId, 'marketer');
    const stream = sseReader(await doctor.client.request('GET', `/api/clinics/${clinicId}/sync/stream`));
    await stream.readUntil(() => stream.received.includes('event: hello'), 5000);
    await owner.json('DELETE', `/api/clinics/${clinicId}/team/members/${marketer.userId}`);
    await stream.readUntil(() => stream.received.includes('revoked'), 500);
    expect(stream.received).not.toContain('event: revoked');
    expect(stream.isDone).toBe(false);
    await stream.cancel();
    expect((await doctor.client.request('POST', `/api/clinics/${clinicId}/sync/patients/pull`, { checkpoint: null, limit: 1 })).status).toBe(200);
  });
});

describe('invitations', () => {
  const lookUp = (token: string, client = new TestClient(server.url)) => client.request('GET', `/api/invitations/${token}`);
  const accept = (token: string, client: TestClient) => client.request('POST', `/api/invitations/${token}/accept`);
  async function signedUp(email: string): Promise<TestClient> {
    const client = new TestClient(server.url);
    await client.signUp('Invitee', email);
    return client;
  }
  const isMember = (email: string) =>
    query(server.dataDir, 'SELECT 1 FROM clinic_members m JOIN user u ON u.id = m.user_id WHERE m.clinic_id = ? AND u.email = ?', clinicId, email).length > 0;

  it('shows the clinic, email and role to anyone holding the link, for 48 hours', async () => {
    const invitation = await invite(server, owner, clinicId, 'doctor');
    const response = await lookUp(invitation.token);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ clinicName: 'Team clinic', email: invitation.email, role: 'doctor' });
    const [row] = query<{ created_at: number; expires_at: number }>(server.dataDir, 'SELECT created_at, expires_at FROM invitations WHERE id = ?', invitation.id);
    expect(row!.expires_at - row!.created_at).toBe(48 * 60 * 60 * 1000);
    expect(INVITATION_TTL_MS).toBe(48 * 60 * 60 * 1000);
    expect(Date.parse(body.expiresAt)).toBe(row!.expires_at);
  });

  it('expires after 48 h: look-up and accept answer 410 invitation_expired, and nobody joins', async () => {
    const invitation = await invite(server, owner, clinicId, 'doctor');
    const invitee = await signedUp(invitation.email);
    // Pretend it was sent 48 h and 1 s ago.
    const shift = 48 * 60 * 60 * 1000 + 1000;
    execute(server.dataDir, 'UPDATE invitations SET created_at = created_at - ?, expires_at = expires_at - ? WHERE id = ?', shift, shift, invitation.id);

    expect(await errorOf(await lookUp(invitation.token))).toEqual({ status: 410, code: 'invitation_expired' });
    const before = fingerprint(server.dataDir);
    expect(await errorOf(await accept(invitation.token, invitee))).toEqual({ status: 410, code: 'invitation_expired' });
    expect(fingerprint(server.dataDir)).toEqual(before);
    expect(isMember(invitation.email)).toBe(false);
    expect((await team()).invitations.find((i: { id: string }) => i.id === invitation.id)?.isExpired).toBe(true);

    // Re-sending renews it with a new 48 h link.
    await owner.json('POST', `/api/clinics/${clinicId}/team/invitations/${invitation.id}/resend`);
    const renewed = mailsTo(server.dataDir, invitation.email).at(-1)!.text.match(/\/invite\/([A-Za-z0-9_-]+)/)![1]!;
    expect(renewed).not.toBe(invitation.token);
    expect((await accept(renewed, invitee)).status).toBe(200);
    expect(isMember(invitation.email)).toBe(true);
  });

  it('once revoked, answers 404 to look-up and accept', async () => {
    const invitation = await invite(server, owner, clinicId, 'marketer');
    const invitee = await signedUp(invitation.email);
    expect(await owner.json('DELETE', `/api/clinics/${clinicId}/team/invitations/${invitation.id}`)).toEqual({ ok: true });
    expect(await errorOf(await lookUp(invitation.token))).toEqual({ status: 404, code: 'not_found' });
    const before = fingerprint(server.dataDir);
    expect(await errorOf(await accept(invitation.token, invitee))).toEqual({ status: 404, code: 'not_found' });
    expect(fingerprint(server.dataDir)).toEqual(before);
    expect(isMember(invitation.email)).toBe(false);
    expect((await team()).invitations.map((i: { id: string }) => i.id)).not.toContain(invitation.id);
  });

  it('re-send mails a new link; the old link stops working and the new one joins', async () => {
    const invitation = await invite(server, owner, clinicId, 'admin');
    expect(mailsTo(server.dataDir, invitation.email)).toHaveLength(1);
    await owner.json('POST', `/api/clinics/${clinicId}/team/invitations/${invitation.id}/resend`);
    const mails = mailsTo(server.dataDir, invitation.email);
    expect(mails).toHaveLength(2);
    const newToken = /\/invite\/([A-Za-z0-9_-]+)/.exec(mails[1]!.text)![1]!;
    expect(newToken).not.toBe(invitation.token);

    const invitee = await signedUp(invitation.email);
    expect(await errorOf(await lookUp(invitation.token))).toEqual({ status: 404, code: 'not_found' });
    expect(await errorOf(await accept(invitation.token, invitee))).toEqual({ status: 404, code: 'not_found' });
    expect(isMember(invitation.email)).toBe(false);
    expect((await lookUp(newToken)).status).toBe(200);
    expect(await invitee.json('POST', `/api/invitations/${newToken}/accept`)).toEqual({ clinic: { id: clinicId, name: 'Team clinic', role: 'admin' } });
    expect((await invitee.json('GET', '/api/me')).clinics).toEqual([{ id: clinicId, name: 'Team clinic', role: 'admin' }]);
  });

  it('a new invitation to the same email replaces the pending one', async () => {
    const email = freshEmail('twice');
    const first = await invite(server, owner, clinicId, 'doctor', email);
    const second = await invite(server, owner, clinicId, 'receptionist', email);
    expect(await errorOf(await lookUp(first.token))).toEqual({ status: 404, code: 'not_found' });
    expect((await (await lookUp(second.token)).json()).role).toBe('receptionist');
    expect((await team()).invitations.filter((i: { email: string }) => i.email === email).map((i: { id: string }) => i.id)).toEqual([second.id]);
  });

  it('refuses (403) an invitation accepted by an account with another email, and keeps it usable', async () => {
    const invitation = await invite(server, owner, clinicId, 'doctor');
    const other = new TestClient(server.url);
    const { email: otherEmail } = await other.signUp('Someone else');
    const before = fingerprint(server.dataDir);
    expect(await errorOf(await accept(invitation.token, other))).toEqual({ status: 403, code: 'forbidden' });
    expect(fingerprint(server.dataDir)).toEqual(before);
    expect(isMember(otherEmail)).toBe(false);
    expect((await other.json('GET', '/api/me')).clinics).toEqual([]);
    expect((await lookUp(invitation.token)).status).toBe(200);
  });

  it('needs a signed-in account to accept (401)', async () => {
    const invitation = await invite(server, owner, clinicId, 'doctor');
    expect(await errorOf(await accept(invitation.token, new TestClient(server.url)))).toEqual({ status: 401, code: 'unauthenticated' });
    expect((await lookUp(invitation.token)).status).toBe(200);
  });

  it('cannot be used twice', async () => {
    const invitation = await invite(server, owner, clinicId, 'receptionist');
    const invitee = await signedUp(invitation.email);
    expect((await accept(invitation.token, invitee)).status).toBe(200);
    const before = fingerprint(server.dataDir);
    expect(await errorOf(await accept(invitation.token, invitee))).toEqual({ status: 404, code: 'not_found' });
    // Not on another device of the same account either.
    const otherDevice = await signIn(server, invitation.email);
    expect(await errorOf(await accept(invitation.token, otherDevice))).toEqual({ status: 404, code: 'not_found' });
    expect(await errorOf(await lookUp(invitation.token))).toEqual({ status: 404, code: 'not_found' });
    expect(fingerprint(server.dataDir)).toEqual(before);
    expect((await team()).invitations.map((i: { id: string }) => i.id)).not.toContain(invitation.id);
  });

  it('refuses to invite someone who is already a member (409)', async () => {
    const member = await joinAs(server, owner, clinicId, 'doctor');
    const response = await owner.request('POST', `/api/clinics/${clinicId}/team/invitations`, { email: member.email.toUpperCase(), role: 'admin' });
    expect(await errorOf(response)).toEqual({ status: 409, code: 'already_member' });
  });

  it('does not revive a revoked invitation by re-sending it', async () => {
    const invitation = await invite(server, owner, clinicId, 'admin');
    await owner.json('DELETE', `/api/clinics/${clinicId}/team/invitations/${invitation.id}`);
    const response = await owner.request('POST', `/api/clinics/${clinicId}/team/invitations/${invitation.id}/resend`);
    expect(await errorOf(response)).toEqual({ status: 404, code: 'not_found' });
    expect(mailsTo(server.dataDir, invitation.email)).toHaveLength(1);
  });
});

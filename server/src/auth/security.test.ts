/**
 * Sign-in security over real HTTP: password hashing, cookie attributes, the Origin check, sign-in rate limits
 * (surviving a restart), password reset and change, and the absolute session timeout.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { fingerprint, query } from '../testing/fingerprint.js';
import { startTestServer, TestClient, type TestServer } from '../testing/harness.js';
import { mailsTo, resetPasswordToken } from '../testing/outbox.js';
import { freshEmail, invite, joinAs, signIn } from '../testing/team.js';

const PASSWORD = 'correct horse battery';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const signInRequest = (client: TestClient, email: string, password: string, headers: Record<string, string> = {}) =>
  client.request('POST', '/api/auth/sign-in/email', { email, password }, headers);
const count = (server: TestServer, table: string) => query<{ n: number }>(server.dataDir, `SELECT count(*) AS n FROM ${table}`)[0]!.n;

beforeAll(() => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterAll(() => {
  vi.restoreAllMocks();
});

describe('passwords, cookies and the Origin check', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.dispose());

  it('stores passwords as argon2id with m=19456, t=2, p=1', async () => {
    const client = new TestClient(server.url);
    const { email } = await client.signUp('Hash check');
    const [row] = query<{ password: string }>(server.dataDir, 'SELECT a.password FROM account a JOIN user u ON u.id = a.user_id WHERE u.email = ?', email);
    expect(row!.password.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    expect(row!.password).not.toContain(PASSWORD);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax on sign-up and sign-in', async () => {
    const email = freshEmail('cookie');
    const signUp = await fetch(`${server.url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Cookie', email, password: PASSWORD }),
    });
    expect(signUp.status).toBe(200);
    const signIn = await fetch(`${server.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    for (const response of [signUp, signIn]) {
      const cookie = response.headers.getSetCookie().find((line) => line.startsWith('better-auth.session_token='));
      expect(cookie).toBeDefined();
      const attributes = cookie!.split(';').slice(1).map((a) => a.trim().toLowerCase());
      expect(attributes).toContain('httponly');
      expect(attributes).toContain('samesite=lax');
      expect(attributes).toContain('path=/');
    }
  });

  it('refuses state-changing requests from a foreign Origin with 403, writing nothing', async () => {
    const owner = new TestClient(server.url);
    const { email } = await owner.signUp('Origin owner');
    const clinicId = await owner.createClinic('Origin clinic');
    const member = await joinAs(server, owner, clinicId, 'doctor');
    const invitation = await invite(server, owner, clinicId, 'marketer');
    const invitee = new TestClient(server.url);
    await invitee.signUp('Invitee', invitation.email);
    const patient = { id: uuidv7(), clinicId, updatedAt: new Date().toISOString(), _deleted: false, name: 'P', phone: '+380501234567', tags: [] };
    const requests: Array<[TestClient, string, string, unknown]> = [
      [owner, 'POST', '/api/clinics', { name: 'Evil clinic' }],
      [owner, 'POST', `/api/clinics/${clinicId}/sync/patients/push`, [{ newDocumentState: patient }]],
      [owner, 'POST', `/api/clinics/${clinicId}/sync/patients/pull`, { checkpoint: null, limit: 10 }],
      [owner, 'POST', `/api/clinics/${clinicId}/team/invitations`, { email: freshEmail('evil'), role: 'admin' }],
      [owner, 'POST', `/api/clinics/${clinicId}/team/invitations/${invitation.id}/resend`, undefined],
      [owner, 'DELETE', `/api/clinics/${clinicId}/team/invitations/${invitation.id}`, undefined],
      [owner, 'PATCH', `/api/clinics/${clinicId}/team/members/${member.userId}`, { role: 'owner' }],
      [owner, 'DELETE', `/api/clinics/${clinicId}/team/members/${member.userId}`, undefined],
      [invitee, 'POST', `/api/invitations/${invitation.token}/accept`, undefined],
      [new TestClient(server.url), 'POST', '/api/auth/sign-up/email', { name: 'Evil', email: freshEmail('evil'), password: PASSWORD }],
      [new TestClient(server.url), 'POST', '/api/auth/sign-in/email', { email, password: PASSWORD }],
      [owner, 'POST', '/api/auth/change-password', { currentPassword: PASSWORD, newPassword: 'evil password 1' }],
      [owner, 'POST', '/api/auth/sign-out', {}],
    ];
    for (const origin of ['https://evil.example', `${server.url}.evil.example`, 'null']) {
      for (const [client, method, path, body] of requests) {
        const before = { data: fingerprint(server.dataDir), users: count(server, 'user'), sessions: count(server, 'session'), accounts: query(server.dataDir, 'SELECT password FROM account ORDER BY id') };
        const response = await client.request(method, path, body, { origin });
        expect(response.status, `${method} ${path} from ${origin}`).toBe(403);
        expect((await response.json()).error.code).toBe('forbidden');
        expect(response.headers.getSetCookie(), `${method} ${path} sets no cookie`).toEqual([]);
        const after = { data: fingerprint(server.dataDir), users: count(server, 'user'), sessions: count(server, 'session'), accounts: query(server.dataDir, 'SELECT password FROM account ORDER BY id') };
        expect(after, `${method} ${path} from ${origin} wrote nothing`).toEqual(before);
      }
    }
    // The same session from our own origin still works: the refusals were about the Origin only.
    expect((await owner.request('POST', `/api/clinics/${clinicId}/sync/patients/push`, [{ newDocumentState: patient }])).status).toBe(200);
    expect((await invitee.request('POST', `/api/invitations/${invitation.token}/accept`)).status).toBe(200);
  });
});

describe('sign-in rate limits', () => {
  it('locks an account after 3 failed sign-ins, even for the right password, and keeps it locked across a restart', async () => {
    const rateLimits = { perIpPerMinute: 100, perAccountPer15Min: 3 };
    const first = await startTestServer({ rateLimits });
    let restarted: TestServer | undefined;
    try {
      const victim = new TestClient(first.url);
      const { email } = await victim.signUp('Victim');
      const bystander = new TestClient(first.url);
      const { email: bystanderEmail } = await bystander.signUp('Bystander');
      const attacker = new TestClient(first.url);
      for (let i = 0; i < 3; i++) expect((await signInRequest(attacker, email, `wrong password ${i}`)).status).toBe(401);
      const locked = await signInRequest(new TestClient(first.url), email, PASSWORD);
      expect(locked.status).toBe(429);
      expect((await locked.json()).error.code).toBe('rate_limited');
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(locked.headers.getSetCookie()).toEqual([]);
      // The account is locked, not the address, and its email is matched however it is typed.
      expect((await signInRequest(new TestClient(first.url), ` ${email.toUpperCase()} `, PASSWORD)).status).toBe(429);
      expect((await signInRequest(new TestClient(first.url), bystanderEmail, PASSWORD)).status).toBe(200);

      await first.close();
      restarted = await startTestServer({ dataDir: first.dataDir, rateLimits });
      const afterRestart = await signInRequest(new TestClient(restarted.url), email, PASSWORD);
      expect(afterRestart.status).toBe(429);
      expect((await afterRestart.json()).error.code).toBe('rate_limited');
      expect((await signInRequest(new TestClient(restarted.url), bystanderEmail, PASSWORD)).status).toBe(200);
    } finally {
      await (restarted ?? first).dispose();
    }
  });

  it('refuses the 4th sign-in attempt within a minute from one address (different accounts), whatever IP header is sent', async () => {
    const server = await startTestServer({ rateLimits: { perIpPerMinute: 3, perAccountPer15Min: 100 } });
    try {
      const { email } = await new TestClient(server.url).signUp('Real account');
      for (let i = 0; i < 3; i++) expect((await signInRequest(new TestClient(server.url), freshEmail(`guess${i}`), 'wrong password')).status).toBe(401);
      expect((await signInRequest(new TestClient(server.url), email, PASSWORD)).status).toBe(429);
      // The address is the TCP peer's: headers a client sends cannot move it out of the limit.
      const spoofed = await signInRequest(new TestClient(server.url), email, PASSWORD, { 'x-kabinet-client-ip': '203.0.113.7', 'x-forwarded-for': '203.0.113.8', 'x-real-ip': '203.0.113.9' });
      expect(spoofed.status).toBe(429);
      expect(spoofed.headers.getSetCookie()).toEqual([]);
      expect(count(server, 'session')).toBe(1); // only the sign-up's
    } finally {
      await server.dispose();
    }
  });
});

describe('password reset and change', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.dispose());

  it('resets the password from the mailed link and ends the sessions that existed before', async () => {
    const device = new TestClient(server.url);
    const { email } = await device.signUp('Forgetful');
    expect((await device.request('GET', '/api/me')).status).toBe(200);

    const anonymous = new TestClient(server.url);
    expect((await anonymous.request('POST', '/api/auth/request-password-reset', { email, redirectTo: '/reset-password' })).status).toBe(200);
    expect(mailsTo(server.dataDir, email)).toHaveLength(1);
    const token = resetPasswordToken(server.dataDir, email, server.url);
    expect(token.length).toBeGreaterThanOrEqual(16);

    const newPassword = 'brand new password 42';
    expect((await anonymous.request('POST', '/api/auth/reset-password', { newPassword, token })).status).toBe(200);
    expect((await signInRequest(new TestClient(server.url), email, PASSWORD)).status).toBe(401);
    expect((await signInRequest(new TestClient(server.url), email, newPassword)).status).toBe(200);
    expect((await device.request('GET', '/api/me')).status).toBe(401);

    // The link works once.
    const reused = await anonymous.request('POST', '/api/auth/reset-password', { newPassword: 'third password 333', token });
    expect(reused.status).toBeGreaterThanOrEqual(400);
    expect((await signInRequest(new TestClient(server.url), email, newPassword)).status).toBe(200);
  });

  it('does not mail anything for an unknown address, answering the same', async () => {
    const email = freshEmail('nobody');
    const response = await new TestClient(server.url).request('POST', '/api/auth/request-password-reset', { email, redirectTo: '/reset-password' });
    expect(response.status).toBe(200);
    expect(mailsTo(server.dataDir, email)).toEqual([]);
  });

  it('changing the password with revokeOtherSessions ends the other devices and keeps this one', async () => {
    const device1 = new TestClient(server.url);
    const { email } = await device1.signUp('Careful');
    const device2 = await signIn(server, email);
    expect((await device2.request('GET', '/api/me')).status).toBe(200);

    const newPassword = 'changed password 77';
    const wrong = await device1.request('POST', '/api/auth/change-password', { currentPassword: 'not my password', newPassword, revokeOtherSessions: true });
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    expect((await device2.request('GET', '/api/me')).status).toBe(200);

    const changed = await device1.request('POST', '/api/auth/change-password', { currentPassword: PASSWORD, newPassword, revokeOtherSessions: true });
    expect(changed.status).toBe(200);
    expect((await device2.request('GET', '/api/me')).status).toBe(401);
    expect((await device1.json('GET', '/api/me')).user.email).toBe(email);
    expect((await signInRequest(new TestClient(server.url), email, PASSWORD)).status).toBe(401);
    expect((await signInRequest(new TestClient(server.url), email, newPassword)).status).toBe(200);
  });
});

describe('absolute session timeout', () => {
  let server: TestServer;
  let signedUpAt: number;
  let early: TestClient;
  let late: TestClient;
  beforeAll(async () => {
    server = await startTestServer({ sessionAbsoluteMs: 1500 });
    early = new TestClient(server.url);
    late = new TestClient(server.url);
    await early.signUp('Early');
    await late.signUp('Late');
    signedUpAt = Date.now();
  });
  afterAll(() => server?.dispose());

  it('ends a session that old however it is used: /api/me answers 401 after 2 s, and signing in again works', async () => {
    const { user } = await early.json('GET', '/api/me');
    await sleep(signedUpAt + 2000 - Date.now());
    expect((await early.request('GET', '/api/me')).status).toBe(401);
    expect(query(server.dataDir, 'SELECT id FROM session WHERE user_id = ?', user.id)).toEqual([]);
    const again = await signIn(server, user.email);
    expect((await again.json('GET', '/api/me')).user.id).toBe(user.id);
  });

  it('is enforced on /api/auth/* too', async () => {
    await sleep(signedUpAt + 2000 - Date.now());
    const session = await late.request('GET', '/api/auth/get-session');
    expect(await session.json()).toBeNull();
    const changed = await late.request('POST', '/api/auth/change-password', { currentPassword: PASSWORD, newPassword: 'renewed password 1', revokeOtherSessions: true });
    expect(changed.status).toBe(401);
    expect((await late.request('GET', '/api/me')).status).toBe(401);
  });
});

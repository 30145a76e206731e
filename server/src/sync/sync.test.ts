import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { SYNC_PROTOCOL_HEADER } from '../../../shared/src/sync/protocol.js';
import { startTestServer, TestClient, type TestServer } from '../testing/harness.js';

let server: TestServer;
let owner: TestClient;
let clinicId: string;

beforeAll(async () => {
  server = await startTestServer({ heartbeatMs: 300 });
  owner = new TestClient(server.url);
  await owner.signUp('Олена Коваль');
  clinicId = await owner.createClinic('Посмішка');
});
afterAll(() => server.dispose());

const now = () => new Date().toISOString();
function appointment(overrides: Record<string, unknown> = {}) {
  return {
    id: uuidv7(), clinicId, updatedAt: now(), _deleted: false,
    patientId: uuidv7(), doctorId: uuidv7(), chairId: uuidv7(),
    start: '2026-11-23T07:00:00.000Z', end: '2026-11-23T08:00:00.000Z',
    items: [{ procedureId: uuidv7(), name: 'Консультація', priceMinor: 60000, durationMin: 60 }],
    status: 'scheduled', totalMinor: 60000,
    ...overrides,
  };
}
const pullAll = (client: TestClient, collection: string, seq: number | null = null, forClinic = clinicId) =>
  client.json('POST', `/api/clinics/${forClinic}/sync/${collection}/pull`, { checkpoint: seq === null ? null : { seq }, limit: 1000 });

describe('clinic creation and /api/me', () => {
  it('makes the creator the owner and seeds a usable catalog', async () => {
    const me = await owner.json('GET', '/api/me');
    expect(me.user.name).toBe('Олена Коваль');
    expect(me.clinics).toEqual([{ id: clinicId, name: 'Посмішка', role: 'owner' }]);
    const { documents } = await pullAll(owner, 'catalog');
    const kinds = documents.map((d: { kind: string }) => d.kind).sort();
    expect(kinds.filter((k: string) => k === 'chair')).toHaveLength(2);
    expect(kinds.filter((k: string) => k === 'procedure')).toHaveLength(8);
    expect(documents.find((d: { kind: string }) => d.kind === 'doctor').name).toBe('Олена Коваль');
    expect(documents.find((d: { kind: string }) => d.kind === 'clinic')).toMatchObject({ timeZone: 'Europe/Kyiv', currency: 'UAH', locale: 'uk' });
  });

  it('refuses a clinic without a name, naming the field', async () => {
    const response = await owner.request('POST', '/api/clinics', { name: '' });
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatchObject({ code: 'validation_failed', field: 'name' });
  });

  it('answers 401 without a session', async () => {
    const anonymous = new TestClient(server.url);
    expect((await anonymous.request('GET', '/api/me')).status).toBe(401);
    expect((await anonymous.request('POST', `/api/clinics/${clinicId}/sync/catalog/pull`, { checkpoint: null, limit: 10 })).status).toBe(401);
  });
});

describe('push and pull', () => {
  it('stores a document exactly as received and returns it in pull with a new checkpoint', async () => {
    const before = await pullAll(owner, 'appointments');
    const doc = appointment({ notes: 'перший візит' });
    expect(await owner.json('POST', `/api/clinics/${clinicId}/sync/appointments/push`, [{ newDocumentState: doc }])).toEqual([]);
    const after = await pullAll(owner, 'appointments', before.checkpoint?.seq ?? 0);
    expect(after.documents).toEqual([doc]);
    expect(Object.keys(after.documents[0])).toEqual(Object.keys(doc));
    expect(after.checkpoint.seq).toBeGreaterThan(before.checkpoint?.seq ?? 0);
  });

  it('answers a stale assumed state with the stored document as a conflict', async () => {
    const original = appointment();
    await owner.json('POST', `/api/clinics/${clinicId}/sync/appointments/push`, [{ newDocumentState: original }]);
    const serverEdit = { ...original, status: 'confirmed', updatedAt: now() };
    expect(await owner.json('POST', `/api/clinics/${clinicId}/sync/appointments/push`, [{ assumedMasterState: original, newDocumentState: serverEdit }])).toEqual([]);
    const staleEdit = { ...original, notes: 'offline edit', updatedAt: now() };
    const conflicts = await owner.json('POST', `/api/clinics/${clinicId}/sync/appointments/push`, [{ assumedMasterState: original, newDocumentState: staleEdit }]);
    expect(conflicts).toEqual([serverEdit]);
  });

  it('accepts an edit right after an accepted push (no false conflict)', async () => {
    const first = appointment();
    await owner.json('POST', `/api/clinics/${clinicId}/sync/appointments/push`, [{ newDocumentState: first }]);
    const second = { ...first, status: 'arrived', updatedAt: now() };
    expect(await owner.json('POST', `/api/clinics/${clinicId}/sync/appointments/push`, [{ assumedMasterState: first, newDocumentState: second }])).toEqual([]);
    const third = { ...second, status: 'completed', updatedAt: now() };
    expect(await owner.json('POST', `/api/clinics/${clinicId}/sync/appointments/push`, [{ assumedMasterState: second, newDocumentState: third }])).toEqual([]);
  });

  it('changes nothing when an accepted batch is sent again', async () => {
    const batch = [{ newDocumentState: appointment() }, { newDocumentState: appointment() }];
    await owner.json('POST', `/api/clinics/${clinicId}/sync/appointments/push`, batch);
    const { checkpoint } = await pullAll(owner, 'appointments');
    expect(await owner.json('POST', `/api/clinics/${clinicId}/sync/appointments/push`, batch)).toEqual([]);
    const again = await pullAll(owner, 'appointments', checkpoint.seq);
    expect(again.documents).toEqual([]);
    expect(again.checkpoint).toEqual(checkpoint);
  });

  it('pages a pull by limit in seq order', async () => {
    const { checkpoint } = await pullAll(owner, 'patients');
    const docs = Array.from({ length: 5 }, (_, i) => ({ id: uuidv7(), clinicId, updatedAt: now(), _deleted: false, name: `P${i}`, phone: `+38050000000${i}`, tags: [] }));
    await owner.json('POST', `/api/clinics/${clinicId}/sync/patients/push`, docs.map((d) => ({ newDocumentState: d })));
    const page1 = await owner.json('POST', `/api/clinics/${clinicId}/sync/patients/pull`, { checkpoint, limit: 3 });
    const page2 = await owner.json('POST', `/api/clinics/${clinicId}/sync/patients/pull`, { checkpoint: page1.checkpoint, limit: 3 });
    expect([...page1.documents, ...page2.documents].map((d: { name: string }) => d.name)).toEqual(['P0', 'P1', 'P2', 'P3', 'P4']);
  });

  it('refuses a schema-invalid document with 422 naming the field, and writes nothing of its batch', async () => {
    const { checkpoint } = await pullAll(owner, 'appointments');
    const good = appointment();
    const bad = appointment({ start: 'tomorrow' });
    const response = await owner.request('POST', `/api/clinics/${clinicId}/sync/appointments/push`, [{ newDocumentState: good }, { newDocumentState: bad }]);
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatchObject({ code: 'validation_failed', field: 'start' });
    expect((await pullAll(owner, 'appointments', checkpoint.seq)).documents).toEqual([]);
  });

  it('answers an unknown collection and a malformed body with a 4xx code', async () => {
    const unknown = await owner.request('POST', `/api/clinics/${clinicId}/sync/invoices/pull`, { checkpoint: null, limit: 1 });
    expect(unknown.status).toBe(422);
    const malformed = await owner.request('POST', `/api/clinics/${clinicId}/sync/patients/push`, '{not json');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe('bad_request');
    const huge = await owner.request('POST', `/api/clinics/${clinicId}/sync/patients/pull`, { checkpoint: { seq: -1 }, limit: 1e9 });
    expect(huge.status).toBe(422);
  });

  it('asks an app with an older protocol to update (426)', async () => {
    const response = await owner.request('POST', `/api/clinics/${clinicId}/sync/catalog/pull`, { checkpoint: null, limit: 1 }, { [SYNC_PROTOCOL_HEADER]: '0' });
    expect(response.status).toBe(426);
    expect((await response.json()).error.code).toBe('protocol_outdated');
  });

  it('keeps the database in WAL mode', () => {
    const sqlite = new Database(path.join(server.dataDir, 'kabinet.sqlite'), { readonly: true });
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    sqlite.close();
  });
});

describe('tenant isolation', () => {
  let stranger: TestClient;
  let strangerClinicId: string;
  beforeAll(async () => {
    stranger = new TestClient(server.url);
    await stranger.signUp('Stranger');
    strangerClinicId = await stranger.createClinic('Other clinic');
  });

  it("answers 404 on every path of a clinic one is not a member of, the same as a clinic that doesn't exist", async () => {
    for (const id of [clinicId, uuidv7()]) {
      const pullResponse = await stranger.request('POST', `/api/clinics/${id}/sync/appointments/pull`, { checkpoint: null, limit: 10 });
      const pushResponse = await stranger.request('POST', `/api/clinics/${id}/sync/appointments/push`, [{ newDocumentState: appointment() }]);
      const streamResponse = await stranger.request('GET', `/api/clinics/${id}/sync/stream`);
      expect([pullResponse.status, pushResponse.status, streamResponse.status]).toEqual([404, 404, 404]);
      expect((await pullResponse.json()).error.code).toBe('not_found');
    }
    expect((await stranger.json('GET', '/api/me')).clinics.map((c: { id: string }) => c.id)).toEqual([strangerClinicId]);
  });

  it("refuses a document naming another clinic, and one whose id is another clinic's, writing nothing", async () => {
    const { checkpoint } = await pullAll(stranger, 'appointments', null, strangerClinicId);
    const foreignClinic = await stranger.request('POST', `/api/clinics/${strangerClinicId}/sync/appointments/push`, [
      { newDocumentState: { ...appointment(), clinicId: strangerClinicId } },
      { newDocumentState: appointment() },
    ]);
    expect(foreignClinic.status).toBe(403);
    expect((await foreignClinic.json()).error.code).toBe('document_refused');

    const [victim] = (await pullAll(owner, 'appointments')).documents;
    const takenId = await stranger.request('POST', `/api/clinics/${strangerClinicId}/sync/appointments/push`, [
      { newDocumentState: { ...victim, clinicId: strangerClinicId, notes: 'hijack' } },
    ]);
    expect(takenId.status).toBe(403);
    expect((await takenId.json()).error.code).toBe('document_refused');
    expect((await pullAll(stranger, 'appointments', checkpoint?.seq ?? null, strangerClinicId)).documents).toEqual([]);
    expect((await pullAll(owner, 'appointments')).documents.find((d: { id: string }) => d.id === victim.id)).toEqual(victim);
  });

  it('refuses a cross-site request by its Origin', async () => {
    const response = await owner.request('POST', `/api/clinics/${clinicId}/sync/catalog/pull`, { checkpoint: null, limit: 1 }, { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
  });
});

describe('change stream', () => {
  it('sends `event: change` naming the collection after a push, and heartbeats', async () => {
    const device = new TestClient(server.url);
    // Borrow the owner's session on a second "device" by signing in.
    const email = (await owner.json('GET', '/api/me')).user.email;
    await device.json('POST', '/api/auth/sign-in/email', { email, password: 'correct horse battery' });
    const response = await device.request('GET', `/api/clinics/${clinicId}/sync/stream`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    const readUntil = async (needle: string) => {
      const deadline = Date.now() + 5000;
      while (!received.includes(needle) && Date.now() < deadline) received += (await reader.read()).value ?? '';
      return received.includes(needle);
    };
    expect(await readUntil('event: hello')).toBe(true);
    await owner.json('POST', `/api/clinics/${clinicId}/sync/appointments/push`, [{ newDocumentState: appointment() }]);
    expect(await readUntil('event: change\ndata: {"collection":"appointments"}')).toBe(true);
    expect(await readUntil(': heartbeat')).toBe(true);
    await reader.cancel();
  });
});

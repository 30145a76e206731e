import Database from 'better-sqlite3';
import fc from 'fast-check';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TestClient, type TestServer } from '../testing/harness.js';

let server: TestServer;
let owner: TestClient;
let clinicId: string;

beforeAll(async () => {
  server = await startTestServer();
  owner = new TestClient(server.url);
  await owner.signUp('Fuzz Owner');
  clinicId = await owner.createClinic('Fuzz');
});
afterAll(() => server.dispose());

/** What a refused request must leave untouched: the seq counter and every synced row. */
function fingerprint(): string {
  const sqlite = new Database(path.join(server.dataDir, 'kabinet.sqlite'), { readonly: true });
  try {
    const seq = sqlite.prepare('select coalesce(max(seq), 0) from sync_counter').pluck().get();
    const rows = ['catalog', 'patients', 'appointments', 'ledger'].map((t) => sqlite.prepare(`select count(*) || ':' || coalesce(sum(length(doc)), 0) from ${t}`).pluck().get());
    return JSON.stringify([seq, rows]);
  } finally {
    sqlite.close();
  }
}

async function expectRefused(response: Response): Promise<void> {
  expect(response.status, await response.clone().text()).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code).toBe('string');
  expect(typeof body.error?.message).toBe('string');
}

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

describe('sync endpoints under malformed input', () => {
  it('refuse hand-picked bad requests with a 4xx code and write nothing', async () => {
    const before = fingerprint();
    const base = `/api/clinics/${clinicId}/sync`;
    const cases: [string, string, unknown][] = [
      ['POST', `${base}/invoices/pull`, { checkpoint: null, limit: 10 }],
      ['POST', `${base}/patients/pull`, { checkpoint: { seq: -1 }, limit: 10 }],
      ['POST', `${base}/patients/pull`, { checkpoint: null, limit: 1e9 }],
      ['POST', `${base}/patients/pull`, { checkpoint: null, limit: 0 }],
      ['POST', `${base}/patients/pull`, { checkpoint: { seq: 1.5 }, limit: 10 }],
      ['POST', `${base}/patients/pull`, { checkpoint: 'yesterday', limit: 10 }],
      ['POST', `${base}/patients/pull`, '{"checkpoint": null, "limit": 10'],
      ['POST', `${base}/patients/pull`, ''],
      ['POST', `${base}/patients/push`, { newDocumentState: {} }],
      ['POST', `${base}/patients/push`, [{ newDocumentState: 'text' }]],
      ['POST', `${base}/patients/push`, [{ newDocumentState: { id: 1 } }]],
      ['POST', `${base}/patients/push`, [null]],
      ['POST', `${base}/patients/push`, Array.from({ length: 1001 }, () => ({ newDocumentState: {} }))],
      ['POST', `${base}/patients/push`, `[${'{"newDocumentState":{"name":"' + 'x'.repeat(9 * 1024 * 1024) + '"}}'}]`],
      ['POST', `${base}/patients/push`, '['.repeat(100_000)],
      ['POST', `${base}/appointments/push`, [{ newDocumentState: { __proto__: { polluted: true }, id: 'x' } }]],
      ['GET', `${base}/patients/pull`, undefined],
    ];
    for (const [method, url, body] of cases) await expectRefused(await owner.request(method, url, body));
    expect(fingerprint()).toBe(before);
    expect((await owner.request('GET', '/api/me')).status).toBe(200);
  });

  it(`refuse ${RUNS} random pull and push bodies with a 4xx code and write nothing`, async () => {
    const before = fingerprint();
    const collection = fc.constantFrom('catalog', 'patients', 'appointments', 'ledger', 'nope', '..', '%00');
    const body = fc.oneof(
      fc.anything(),
      fc.string(),
      fc.record({ checkpoint: fc.anything(), limit: fc.anything() }),
      fc.array(fc.record({ assumedMasterState: fc.anything(), newDocumentState: fc.dictionary(fc.string(), fc.anything()) }), { minLength: 1, maxLength: 5 }),
    );
    await fc.assert(
      fc.asyncProperty(collection, fc.constantFrom('pull', 'push'), body, async (name, op, payload) => {
        const serialized = typeof payload === 'string' ? payload : JSON.stringify(payload) ?? 'undefined';
        const response = await owner.request('POST', `/api/clinics/${clinicId}/sync/${encodeURIComponent(name)}/${op}`, serialized);
        // An empty push batch is a valid request that changes nothing.
        if (op === 'push' && serialized === '[]' && ['catalog', 'patients', 'appointments', 'ledger'].includes(name)) return;
        await expectRefused(response);
      }),
      { numRuns: RUNS },
    );
    expect(fingerprint()).toBe(before);
    expect((await owner.request('GET', '/api/me')).status).toBe(200);
  });
});

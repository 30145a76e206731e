/**
 * The permission matrix over real HTTP: every route × every role × {own clinic, another clinic}.
 * Expectations are computed from shared/src/auth/permissions.ts (readScope, canWrite, canManageTeam, canAssignRole):
 * allowed → 2xx; forbidden in one's own clinic → 403 `forbidden`; any path of a clinic one is not in → 404.
 * Every refused request is checked against a fingerprint of the SQLite file: it must have written nothing.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { CLINIC_ROLES, canAssignRole, canManageTeam, canWrite, readScope, type ClinicRole } from '../../../shared/src/auth/permissions.js';
import { COLLECTION_NAMES, type CollectionName } from '../../../shared/src/domain/base.js';
import { catalogSchema, type CatalogKind } from '../../../shared/src/domain/catalog.js';
import { fingerprint, query } from '../testing/fingerprint.js';
import { startTestServer, TestClient, type TestServer } from '../testing/harness.js';
import { freshEmail, invite, joinAs, type JoinedMember } from '../testing/team.js';

type Doc = Record<string, unknown>;

/** A clinic of the test: its id, the person who set it up (an owner, never an acting role) and throwaway members. */
interface ClinicFixture {
  key: 'A' | 'B';
  id: string;
  creator: TestClient;
  /** Members who only ever are the target of team requests; an allowed removal or re-role consumes or re-labels them. */
  targets: JoinedMember[];
}

let server: TestServer;
let clinicA: ClinicFixture;
let clinicB: ClinicFixture;
let seededLedger: Record<'paymentToday' | 'refundToday' | 'expenseToday' | 'paymentEarlier', Doc>;
/** The acting people: one member of clinic A per role, each joined through an invitation. */
const actors = {} as Record<ClinicRole, JoinedMember>;

beforeAll(async () => {
  // The outbox mailer logs every mail; hundreds of invitations would drown the report.
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  server = await startTestServer();
  const creatorA = new TestClient(server.url);
  await creatorA.signUp('Creator A');
  clinicA = { key: 'A', id: await creatorA.createClinic('Clinic A'), creator: creatorA, targets: [] };
  const creatorB = new TestClient(server.url);
  await creatorB.signUp('Creator B');
  clinicB = { key: 'B', id: await creatorB.createClinic('Clinic B'), creator: creatorB, targets: [] };
  for (const role of CLINIC_ROLES) actors[role] = await joinAs(server, creatorA, clinicA.id, role, `Actor ${role}`);
  // A ledger with something a receptionist may see (today's payment and refund) and something she may not.
  const entry = (kind: string, at: string) => ({ ...base(clinicA), kind, amountMinor: 1000, method: 'cash', at });
  const threeDaysAgo = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000).toISOString();
  seededLedger = { paymentToday: entry('payment', now()), refundToday: entry('refund', now()), expenseToday: entry('expense', now()), paymentEarlier: entry('payment', threeDaysAgo) };
  await creatorA.json('POST', `/api/clinics/${clinicA.id}/sync/ledger/push`, Object.values(seededLedger).map((doc) => ({ newDocumentState: doc })));
  // Clinic B has a member of every role too, so its team paths name real people and invitations.
  for (const role of CLINIC_ROLES) clinicB.targets.push(await joinAs(server, creatorB, clinicB.id, role, `B ${role}`));
});
afterAll(async () => {
  await server?.dispose();
  vi.restoreAllMocks();
});

const now = () => new Date().toISOString();
/** The fields every synced document has, for a new document of `clinic`. */
const base = (clinic: ClinicFixture) => ({ id: uuidv7(), clinicId: clinic.id, updatedAt: now(), _deleted: false });

function currentRole(clinic: ClinicFixture, userId: string): ClinicRole | null {
  const [row] = query<{ role: ClinicRole }>(server.dataDir, 'SELECT role FROM clinic_members WHERE clinic_id = ? AND user_id = ?', clinic.id, userId);
  return row?.role ?? null;
}

/** A throwaway member of `clinic` who currently has `role` (joined through an invitation when none is left). */
async function targetMember(clinic: ClinicFixture, role: ClinicRole): Promise<JoinedMember> {
  const found = clinic.targets.find((t) => currentRole(clinic, t.userId) === role);
  if (found) return found;
  const joined = await joinAs(server, clinic.creator, clinic.id, role, `Target ${role}`);
  clinic.targets.push(joined);
  return joined;
}

/** The newest live catalog document of `kind` in `clinic`, as stored. */
function storedCatalogDoc(clinic: ClinicFixture, kind: CatalogKind): Doc {
  const [row] = query<{ doc: string }>(
    server.dataDir,
    'SELECT doc FROM catalog WHERE clinic_id = ? AND kind = ? AND deleted = 0 ORDER BY seq DESC LIMIT 1',
    clinic.id,
    kind,
  );
  if (!row) throw new Error(`No ${kind} in clinic ${clinic.key}`);
  return JSON.parse(row.doc) as Doc;
}

interface PreparedRequest {
  method: string;
  path: string;
  body?: unknown;
}

interface RouteSpec {
  label: string;
  /** Whether the path names a clinic (then it is tried in the actor's own clinic and in another one). */
  scoped: boolean;
  /** Whether `role` may do this in its own clinic, from the permission matrix. */
  allows(role: ClinicRole): boolean;
  okStatus: 200 | 201;
  /** Whether an allowed request changes the data (else an allowed request must leave the fingerprint alone too). */
  writes: boolean;
  /** Builds the request, creating its throwaway targets first (before the "before" fingerprint). */
  prepare(clinic: ClinicFixture): Promise<PreparedRequest> | PreparedRequest;
  /** Further checks of an allowed answer. */
  check?(body: any, role: ClinicRole, clinic: ClinicFixture): void;
}

const syncPath = (clinic: ClinicFixture, collection: CollectionName, op: 'pull' | 'push') => `/api/clinics/${clinic.id}/sync/${collection}/${op}`;
const teamPath = (clinic: ClinicFixture, rest = '') => `/api/clinics/${clinic.id}/team${rest}`;

/** One push case: a document of `collection` built for a clinic, possibly as an edit of what is stored. */
function pushRoute(label: string, collection: CollectionName, kind: string | undefined, build: (clinic: ClinicFixture) => { assumedMasterState?: Doc; newDocumentState: Doc }): RouteSpec {
  return {
    label: `push ${label}`,
    scoped: true,
    allows: (role) => canWrite(role, collection, { kind }),
    okStatus: 200,
    writes: true,
    prepare: (clinic) => {
      const row = build(clinic);
      if (row.newDocumentState.kind !== kind) throw new Error(`Case ${label} builds a ${String(row.newDocumentState.kind)}`);
      return { method: 'POST', path: syncPath(clinic, collection, 'push'), body: [row] };
    },
    // Accepted, not answered as a conflict.
    check: (body) => expect(body).toEqual([]),
  };
}


/** The push cases of each collection (the type makes every collection have some): one per catalog kind, both ledger directions. */
const PUSH_ROUTES: Record<CollectionName, RouteSpec[]> = {
  patients: [
    pushRoute('patients', 'patients', undefined, (clinic) => ({
      newDocumentState: { ...base(clinic), name: 'Пацієнт', phone: '+380501234567', tags: [] },
    })),
  ],
  appointments: [
    pushRoute('appointments', 'appointments', undefined, (clinic) => ({
      newDocumentState: {
        ...base(clinic), patientId: uuidv7(), doctorId: uuidv7(), chairId: uuidv7(),
        start: '2026-11-23T07:00:00.000Z', end: '2026-11-23T08:00:00.000Z',
        items: [{ procedureId: uuidv7(), name: 'Консультація', priceMinor: 60000, durationMin: 60 }], status: 'scheduled', totalMinor: 60000,
      },
    })),
  ],
  ledger: [
    pushRoute('ledger/payment', 'ledger', 'payment', (clinic) => ({
      newDocumentState: { ...base(clinic), kind: 'payment', amountMinor: 60000, method: 'card', at: now() },
    })),
    pushRoute('ledger/expense', 'ledger', 'expense', (clinic) => ({
      newDocumentState: { ...base(clinic), kind: 'expense', amountMinor: 120000, method: 'transfer', at: now(), note: 'Rent' },
    })),
  ],
  catalog: [
    pushRoute('catalog/clinic (edit the settings)', 'catalog', 'clinic', (clinic) => {
      const stored = storedCatalogDoc(clinic, 'clinic');
      return { assumedMasterState: stored, newDocumentState: { ...stored, slotMinutes: stored.slotMinutes === 30 ? 15 : 30, updatedAt: now() } };
    }),
    pushRoute('catalog/doctor (new)', 'catalog', 'doctor', (clinic) => ({
      newDocumentState: { ...base(clinic), kind: 'doctor', name: 'Dr. New', color: '#43a047' },
    })),
    pushRoute('catalog/chair (new)', 'catalog', 'chair', (clinic) => ({
      newDocumentState: { ...base(clinic), kind: 'chair', name: 'Chair 3', status: 'active' },
    })),
    pushRoute('catalog/location (new)', 'catalog', 'location', (clinic) => ({
      newDocumentState: { ...base(clinic), kind: 'location', name: 'Branch', address: 'Main st. 1' },
    })),
    pushRoute('catalog/procedure (edit a price)', 'catalog', 'procedure', (clinic) => {
      const stored = storedCatalogDoc(clinic, 'procedure');
      return { assumedMasterState: stored, newDocumentState: { ...stored, priceMinor: Number(stored.priceMinor) + 100, updatedAt: now() } };
    }),
  ],
  activities: [
    pushRoute('activities/conflict', 'activities', 'conflict', (clinic) => ({
      newDocumentState: {
        ...base(clinic), kind: 'conflict', documentCollection: 'patients', documentId: uuidv7(), field: 'name',
        lostValue: '"Олена"', keptValue: '"Олена К."', at: now(), resolution: 'open',
      },
    })),
  ],
};

const ROUTES: RouteSpec[] = [
  {
    label: 'GET /api/me',
    scoped: false,
    allows: () => true,
    okStatus: 200,
    writes: false,
    prepare: () => ({ method: 'GET', path: '/api/me' }),
    check: (body, role) => expect(body.clinics.find((c: { id: string }) => c.id === clinicA.id)?.role).toBe(role),
  },
  {
    label: 'POST /api/clinics',
    scoped: false,
    allows: () => true,
    okStatus: 201,
    writes: true,
    prepare: () => ({ method: 'POST', path: '/api/clinics', body: { name: 'Own practice', timeZone: 'Europe/Kyiv', currency: 'UAH', locale: 'uk' } }),
    check: (body) => expect(body.clinic.role).toBe('owner'),
  },
  ...COLLECTION_NAMES.map(
    (collection): RouteSpec => ({
      label: `pull ${collection}`,
      scoped: true,
      allows: (role) => readScope(role, collection) !== 'none',
      okStatus: 200,
      writes: false,
      prepare: (clinic) => ({ method: 'POST', path: syncPath(clinic, collection, 'pull'), body: { checkpoint: null, limit: 1000 } }),
      check: (body, role) => {
        expect(Array.isArray(body.documents)).toBe(true);
        if (collection === 'catalog') expect(body.documents.length).toBeGreaterThan(0);
        if (collection === 'ledger') {
          const seen = new Set(body.documents.map((d: Doc) => d.id));
          const seeded = Object.entries(seededLedger).filter(([, doc]) => seen.has(doc.id)).map(([label]) => label).sort();
          expect(seeded).toEqual(readScope(role, collection) === 'today_payments' ? ['paymentToday', 'refundToday'] : ['expenseToday', 'paymentEarlier', 'paymentToday', 'refundToday']);
        }
      },
    }),
  ),
  ...COLLECTION_NAMES.flatMap((collection) => PUSH_ROUTES[collection]),
  {
    label: 'GET sync/stream',
    scoped: true,
    // The stream only says which collection changed; any role that may read something may hold it.
    allows: (role) => COLLECTION_NAMES.some((collection) => readScope(role, collection) !== 'none'),
    okStatus: 200,
    writes: false,
    prepare: (clinic) => ({ method: 'GET', path: `/api/clinics/${clinic.id}/sync/stream` }),
  },
  {
    label: 'GET team',
    scoped: true,
    allows: canManageTeam,
    okStatus: 200,
    writes: false,
    prepare: (clinic) => ({ method: 'GET', path: teamPath(clinic) }),
    check: (body, role) => expect(body.members.find((m: { userId: string }) => m.userId === actors[role].userId)?.role).toBe(role),
  },
  ...CLINIC_ROLES.flatMap((invited): RouteSpec[] => [
    {
      label: `POST team/invitations role=${invited}`,
      scoped: true,
      allows: (role) => canAssignRole(role, invited),
      okStatus: 201,
      writes: true,
      prepare: (clinic) => ({ method: 'POST', path: teamPath(clinic, '/invitations'), body: { email: freshEmail('invitee'), role: invited } }),
      check: (body) => expect(body.invitation.role).toBe(invited),
    },
    {
      label: `POST team/invitations/:id/resend (a ${invited} invitation)`,
      scoped: true,
      allows: (role) => canAssignRole(role, invited),
      okStatus: 200,
      writes: true,
      prepare: async (clinic) => {
        const invitation = await invite(server, clinic.creator, clinic.id, invited);
        return { method: 'POST', path: teamPath(clinic, `/invitations/${invitation.id}/resend`) };
      },
    },
    {
      label: `DELETE team/invitations/:id (a ${invited} invitation)`,
      scoped: true,
      allows: (role) => canAssignRole(role, invited),
      okStatus: 200,
      writes: true,
      prepare: async (clinic) => {
        const invitation = await invite(server, clinic.creator, clinic.id, invited);
        return { method: 'DELETE', path: teamPath(clinic, `/invitations/${invitation.id}`) };
      },
    },
  ]),
  ...CLINIC_ROLES.flatMap((from) =>
    CLINIC_ROLES.filter((to) => to !== from).map(
      (to): RouteSpec => ({
        label: `PATCH team/members/:userId ${from} → ${to}`,
        scoped: true,
        allows: (role) => canAssignRole(role, from) && canAssignRole(role, to),
        okStatus: 200,
        writes: true,
        prepare: async (clinic) => {
          const target = await targetMember(clinic, from);
          return { method: 'PATCH', path: teamPath(clinic, `/members/${target.userId}`), body: { role: to } };
        },
        check: (body) => expect(body.role).toBe(to),
      }),
    ),
  ),
  ...CLINIC_ROLES.map(
    (removed): RouteSpec => ({
      label: `DELETE team/members/:userId (a ${removed})`,
      scoped: true,
      allows: (role) => canAssignRole(role, removed),
      okStatus: 200,
      writes: true,
      prepare: async (clinic) => {
        const target = await targetMember(clinic, removed);
        return { method: 'DELETE', path: teamPath(clinic, `/members/${target.userId}`) };
      },
    }),
  ),
];

interface AccessCase {
  route: RouteSpec;
  role: ClinicRole;
  clinic: 'own clinic A' | 'other clinic B' | null;
  expected: number;
}

const CASES: AccessCase[] = ROUTES.flatMap((route) =>
  CLINIC_ROLES.flatMap((role): AccessCase[] =>
    route.scoped
      ? [
          { route, role, clinic: 'own clinic A', expected: route.allows(role) ? route.okStatus : 403 },
          { route, role, clinic: 'other clinic B', expected: 404 },
        ]
      : [{ route, role, clinic: null, expected: route.allows(role) ? route.okStatus : 403 }],
  ),
);

describe('the permission matrix over HTTP', () => {
  it('covers every collection, catalog kind and ledger direction, every role and both clinics', () => {
    const labels = ROUTES.map((route) => route.label);
    for (const collection of COLLECTION_NAMES) {
      expect(labels).toContain(`pull ${collection}`);
      expect(PUSH_ROUTES[collection].length).toBeGreaterThan(0);
    }
    const catalogKinds = catalogSchema.options.map((option) => option.shape.kind.value);
    expect(catalogKinds.length).toBe(5);
    for (const kind of catalogKinds) expect(labels.filter((l) => l.startsWith(`push catalog/${kind} `))).toHaveLength(1);
    expect(labels).toEqual(expect.arrayContaining(['push ledger/payment', 'push ledger/expense', 'GET sync/stream', 'GET team', 'GET /api/me', 'POST /api/clinics']));
    // 5 invitation roles × (invite, resend, revoke), 20 re-roles, 5 removals.
    expect(labels.filter((l) => l.includes('team/'))).toHaveLength(15 + 20 + 5);
    const scoped = ROUTES.filter((route) => route.scoped).length;
    expect(CASES).toHaveLength((ROUTES.length - scoped) * CLINIC_ROLES.length + scoped * CLINIC_ROLES.length * 2);
  });

  describe.each(ROUTES.map((route) => [route.label, route] as const))('%s', (_label, route) => {
    const cases = CASES.filter((c) => c.route === route).map((c) => [c.role, c.clinic ?? '(no clinic in the path)', c.expected, c] as const);
    it.each(cases)('as %s in %s → %i', async (_role, _where, _expected, { role, clinic: where, expected }) => {
      const clinic = where === 'other clinic B' ? clinicB : clinicA;
      const request = await route.prepare(clinic);
      const before = fingerprint(server.dataDir);
      const response = await actors[role].client.request(request.method, request.path, request.body);
      const isStream = response.headers.get('content-type')?.includes('text/event-stream') ?? false;
      let body: any = null;
      if (isStream) await response.body!.cancel();
      else {
        const text = await response.text();
        body = text ? JSON.parse(text) : null;
      }
      const after = fingerprint(server.dataDir);

      expect(response.status, JSON.stringify(body)).toBe(expected);
      if (expected === 403) expect(body).toMatchObject({ error: { code: 'forbidden' } });
      if (expected === 404) expect(body).toMatchObject({ error: { code: 'not_found' } });
      if (expected < 300) {
        if (route.label === 'GET sync/stream') expect(isStream).toBe(true);
        route.check?.(body, role, clinic);
      }
      if (expected < 300 && route.writes) {
        expect(after, 'an allowed write changes the data').not.toEqual(before);
        if (route.label.startsWith('push ')) expect(after.seq).toBeGreaterThan(before.seq);
      } else {
        expect(after, 'a refused request or a read writes nothing').toEqual(before);
      }
    });
  });
});

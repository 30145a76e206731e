/**
 * "Nothing is lost" (DESIGN.md "Sync protocol", "Conflicts and clashes"): a fast-check property test of the whole
 * sync path — RxDB 17 on each device (Dexie over fake-indexeddb), the app's own conflict handler, replication
 * (`startClinicSync`) and the REAL server over real HTTP on loopback — under an unreliable network.
 *
 * One schedule (generated and shrunk by fast-check):
 * - a fresh clinic, 3–5 simulated devices (one RxDB database each, only `patients` and `activities` opened, because
 *   RxDB caps open collections at 13 per JS realm), each signed in with its own session of the same account and
 *   replicating through its own faulty transport (testing/faulty-network.ts): offline windows, requests dropped,
 *   responses lost, requests duplicated, requests delayed so they overtake each other, and the server closed and
 *   started again on the same data dir (also in the middle of a request). The SSE stream is not used (Node has no
 *   EventSource): a push the server accepted makes every online device resync, which is what the stream's `change`
 *   event does; coming online resyncs too, like the app's `online` listener.
 * - a prelude without faults: device 0 creates 1–2 patients and pushes them, the other devices start and pull them in
 *   their first sync, so later edits on different devices hit the same documents;
 * - 2–12 operations, each on a device: create a patient, edit one field (name, notes, tags or email) of one of the
 *   patients the device has, delete one, go offline, come online, wait, restart the server. Writes go through
 *   `saveDocument` / `deleteDocument`, the app's only write path. Every write stores a value unique to that write
 *   (`w<n>`, `w<n>@example.com`, tags `[…, "w<n>"]`), so each value traces back to one write.
 *   An edit reads the document and writes it back under a lock that holds replication's writes to the device's
 *   `patients` for those few milliseconds (testing/edit-lock-storage.ts): otherwise the test driver itself could
 *   revert a change pulled between its read and its write, which is a race of the driver, not of sync. (The app's
 *   patient dialog does have that race over the seconds a person types; that is a UI matter, not tested here.)
 * - then faults stop, every device comes online, and the test drives to quiescence: resync everything, await every
 *   replication in sync and every request in flight, and repeat until every device holds what the server holds
 *   (20 s at most, else the schedule fails as not converging, with RxDB's replication state of the differences).
 *   The checks below fetch the server again and compare again, so a state still on the move fails there.
 *
 * Checked at quiescence (any failure fails the property; fast-check shrinks it to a minimal schedule):
 * 1. Convergence: every device's `patients` and `activities` (deleted documents included, compared as full documents
 *    without RxDB's `_meta`/`_rev`/`_attachments`) equal what the server serves.
 * 2. Nothing lost. A write w sets field f of document D to a value v (a create writes `name` and `notes`). A later
 *    write w' to (D, f) made by a device whose copy of D held v when it wrote — w' "saw" w: the same device writing
 *    again, or another device after it pulled w — overwrites it legitimately; such a w is "superseded".
 *    w is LOST when it is not superseded and v is neither D's final value of f on the server nor the `lostValue` of a
 *    `conflict` activity for (D, f). So the last write to (D, f) on its device before that device's value was
 *    replaced by something that had not seen it (the conflict handler's merge, or anything else) must survive in the
 *    final state or in a conflict record. This is the brief's definition made checkable: "the last write on its
 *    device before the merge overwrote it" is exactly a write no later write saw.
 *    A delete is soft (the fields stay), so it excuses nothing; a patient deleted on any device must end deleted,
 *    and one deleted nowhere must not.
 * 3. Nothing applied twice: the server holds exactly one row per created id (and no other ids), each device as many,
 *    and no two conflict records share (document, field, lostValue).
 * Also: the server answered no sync request with an error status.
 *
 * Replay: the seed is printed at the start (`convergence seed=…`); on failure fast-check prints the seed and path.
 *   FC_SEED=<seed> FC_PATH=<path> npx vitest run client/src/sync/convergence.test.ts
 * The replay is timing-dependent (real HTTP, real timers), so a rare failure may need several replays. With
 * SYNC_TRACE=1 a failed schedule also leaves a trace of every request, answer and storage write of every device in a
 * file (testing/trace.ts), which is what shows the cause rather than the effect.
 * CONVERGENCE_RUNS sets the number of schedules (default 500; `npm run soak` runs 5000).
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { getAssumedMasterState, getChangedDocumentsSince, getLastCheckpointDoc } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity, CollectionName, Patient } from '../../../shared/src/domain/index.js';
import { jsonEqual } from '../../../shared/src/sync/merge.js';
import { databaseName, deleteClinicDatabase, openClinicDatabase, useStorageForTests, type ClinicDatabase } from '../db/database.js';
import { clearPending } from '../db/pending-changes.js';
import { deleteDocument, saveDocument } from '../db/repository.js';
import { startClinicSync, type ClinicSync } from './replication.js';
import { editLock, forgetEditLock, withEditLock } from './testing/edit-lock-storage.js';
import { clearTrace, labelDatabase, saveTrace, trace as traceLine, traceOn, withTrace } from './testing/trace.js';
import { CookieJar, DeviceLink, SimNetwork, type Fault } from './testing/faulty-network.js';

const RUNS = Number(process.env.CONVERGENCE_RUNS ?? 500);
const SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : Date.now() % 2 ** 31;
const PATH = process.env.FC_PATH || undefined;
const COLLECTIONS = ['patients', 'activities'] as const satisfies readonly CollectionName[];
const MAX_DEVICES = 5;
const FIELDS = ['name', 'notes', 'tags', 'email'] as const;
type Field = (typeof FIELDS)[number];
/** Server restarts allowed per schedule (each costs tens of milliseconds). */
const RESTARTS_PER_SCHEDULE = 2;
/** Quiescence must be reached within this time, or the schedule fails as "not converging". */
const QUIESCENCE_DEADLINE_MS = 20_000;

type Op =
  | { kind: 'edit'; device: number; pick: number; field: Field }
  | { kind: 'create'; device: number }
  | { kind: 'delete'; device: number; pick: number }
  | { kind: 'offline'; device: number }
  | { kind: 'online'; device: number }
  | { kind: 'wait'; ms: number }
  | { kind: 'restart' };

interface Schedule {
  deviceCount: number;
  /** One fault plan per device slot; a device's requests take its faults in turn. */
  plans: Fault[][];
  prelude: number;
  ops: Op[];
}

// ---------------------------------------------------------------- generators

const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Fault>({ kind: 'none' }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), ms: fc.integer({ min: 0, max: 10 }) }) },
  { weight: 2, arbitrary: fc.constant<Fault>({ kind: 'lostResponse' }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), gapMs: fc.integer({ min: 0, max: 15 }), deliverSecond: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delay' as const), beforeMs: fc.integer({ min: 0, max: 30 }), afterMs: fc.integer({ min: 0, max: 30 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const), afterMs: fc.integer({ min: 0, max: 3 }) }) },
);

const deviceArb = fc.nat(MAX_DEVICES - 1);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('edit' as const), device: deviceArb, pick: fc.nat(2), field: fc.constantFrom(...FIELDS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('create' as const), device: deviceArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), device: deviceArb, pick: fc.nat(2) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('offline' as const), device: deviceArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('online' as const), device: deviceArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'restart' }) },
);

const scheduleArb: fc.Arbitrary<Schedule> = fc.record({
  deviceCount: fc.integer({ min: 3, max: MAX_DEVICES }),
  plans: fc.array(fc.array(faultArb, { minLength: 1, maxLength: 10 }), { minLength: MAX_DEVICES, maxLength: MAX_DEVICES }),
  prelude: fc.integer({ min: 1, max: 2 }),
  ops: fc.array(opArb, { minLength: 2, maxLength: 12 }),
});

// ---------------------------------------------------------------- the world: one server, one session per device slot

type Doc = Record<string, unknown> & { id: string };

let net: SimNetwork;
const checker = new CookieJar();
const links: DeviceLink[] = [];
const PASSWORD = 'correct horse battery';

const totals = {
  schedules: 0,
  ms: 0,
  devices: 0,
  writes: 0,
  deletes: 0,
  skippedOps: 0,
  conflictsRecorded: 0,
  schedulesWithConflicts: 0,
  supersededWrites: 0,
  writesKeptAsConflict: 0,
  spuriousConflictRecords: 0,
  lostWrites: 0,
  duplicates: 0,
  notConverged: 0,
  failedSchedules: 0,
  quiescenceRounds: 0,
};
const refusedWriteListeners = new Map<string, (context: string, ids: string[]) => void>();
const phases: Record<string, number> = {};
const phase = (name: string, since: number) => (phases[name] = (phases[name] ?? 0) + performance.now() - since);

/**
 * Closing the server while requests are being handled makes those requests fail inside the server ("The database
 * connection is not open", logged by better-auth and by the app's error handler); their connections are already
 * closed, so no device ever sees these answers. Such logs, and only within a second of a restart, are counted
 * (reported in the summary) instead of printed hundreds of times.
 */
let serverCloseLogs = 0;
const consoleError = console.error;
const isCloseNoise = (args: unknown[]) =>
  args.some((arg) => /database connection is not open|Failed to get session/.test(arg instanceof Error ? `${arg.message} ${String(arg.cause)}` : String(arg)));

beforeAll(async () => {
  console.error = (...args: unknown[]) => {
    if (net?.restartedWithin(1_000) && isCloseNoise(args)) serverCloseLogs++;
    else consoleError(...args);
  };
  useStorageForTests(() => withEditLock(withTrace(getRxStorageDexie(), ['patients']), ['patients'], (name, context, ids) => refusedWriteListeners.get(name)?.(context, ids)));
  net = await SimNetwork.start();
  const email = `convergence-${uuidv7()}@example.com`;
  await net.json(checker, 'POST', '/api/auth/sign-up/email', { name: 'Олена Коваль', email, password: PASSWORD });
  for (let i = 0; i < MAX_DEVICES; i++) {
    const jar = new CookieJar();
    await net.json(jar, 'POST', '/api/auth/sign-in/email', { email, password: PASSWORD });
    links.push(new DeviceLink(net, jar, []));
  }
}, 60_000);

afterAll(async () => {
  console.error = consoleError;
  const faults = { ...net?.faults };
  await net?.dispose();
  const perSchedule = totals.schedules ? Math.round(totals.ms / totals.schedules) : 0;
  console.log(
    [
      `convergence summary: seed=${SEED} schedules=${totals.schedules} (${perSchedule} ms each on average, ${Math.round(totals.ms / 1000)} s in schedules)`,
      `  devices=${totals.devices} writes=${totals.writes} deletes=${totals.deletes} skipped ops=${totals.skippedOps} quiescence rounds=${totals.quiescenceRounds}`,
      `  faults: ${Object.entries(faults).map(([k, v]) => `${k}=${v}`).join(' ')}`,
      `  conflict records=${totals.conflictsRecorded} (in ${totals.schedulesWithConflicts} schedules); writes kept only as a conflict record=${totals.writesKeptAsConflict}; superseded=${totals.supersededWrites}`,
      `  conflict records for a value that was not lost (in the final state, or a later write saw it)=${totals.spuriousConflictRecords}`,
      `  time by phase (s): ${Object.entries(phases).map(([k, v]) => `${k}=${(v / 1000).toFixed(1)}`).join(' ')}`,
      `  server errors logged while it was being closed for a restart (never answered to a device): ${serverCloseLogs}`,
      `  lost writes=${totals.lostWrites} duplicates=${totals.duplicates} not converged=${totals.notConverged} failed schedules=${totals.failedSchedules}`,
    ].join('\n'),
  );
});

// ---------------------------------------------------------------- one schedule

interface Device {
  index: number;
  user: string;
  link: DeviceLink;
  db: ClinicDatabase;
  sync: ClinicSync;
  closed: boolean;
  stopListening: () => void;
  replicationErrors: string[];
}

interface Write {
  n: number;
  device: number;
  docId: string;
  field: string;
  value: unknown;
  /** The device's value of the field when it wrote (what this write overwrote knowingly). */
  prev: unknown;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Whether `promise` settles before the instant `deadline` (its rejection is rethrown). */
async function settlesBefore(promise: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()))));
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every document of a device's collection, deleted ones included, as replication sees them. */
async function localDocs(db: ClinicDatabase, collection: (typeof COLLECTIONS)[number]): Promise<Map<string, Doc>> {
  const { documents } = await getChangedDocumentsSince(db[collection].storageInstance as Parameters<typeof getChangedDocumentsSince>[0], 100_000);
  return new Map(
    documents.map((doc) => {
      const { _meta: _m, _rev: _r, _attachments: _a, ...data } = doc as unknown as Record<string, unknown>;
      return [String(data.id), data as Doc];
    }),
  );
}

/** Everything the server serves for a collection of the clinic; `rows` counts documents as served (before de-duplication). */
async function serverDocs(clinicId: string, collection: string): Promise<{ docs: Map<string, Doc>; rows: number }> {
  const docs = new Map<string, Doc>();
  let rows = 0;
  let checkpoint: unknown = null;
  for (;;) {
    const page = await net.json<{ documents: Doc[]; checkpoint: unknown }>(checker, 'POST', `/api/clinics/${clinicId}/sync/${collection}/pull`, { checkpoint, limit: 1000 });
    rows += page.documents.length;
    for (const doc of page.documents) docs.set(doc.id, doc);
    if (page.documents.length < 1000) return { docs, rows };
    checkpoint = page.checkpoint;
  }
}

async function runSchedule(schedule: Schedule): Promise<void> {
  const started = performance.now();
  totals.schedules++;
  net.restartBudget = RESTARTS_PER_SCHEDULE;
  await net.restarted();
  let t = performance.now();
  const { clinic } = await net.json<{ clinic: { id: string } }>(checker, 'POST', '/api/clinics', { name: 'Посмішка', timeZone: 'Europe/Kyiv', currency: 'UAH', locale: 'uk' }, 201);
  const clinicId = clinic.id;
  const devices: Device[] = [];
  const writes: Write[] = [];
  const deleted = new Set<string>();
  const created: string[] = [];
  const trace: string[] = [];
  /** One line of the schedule's trace (printed on failure; also in the SYNC_TRACE file). */
  const note = (line: string) => {
    trace.push(line);
    traceLine(line);
  };
  let counter = 0;

  const openDevice = async (index: number): Promise<Device> => {
    const user = `device-${index}`;
    const db = await openClinicDatabase(user, clinicId, { multiInstance: false, collections: COLLECTIONS, name: databaseName(user, clinicId) });
    const link = links[index]!;
    link.reset(schedule.plans[index]!);
    link.label = `d${index}`;
    labelDatabase(db.name, `d${index}`);
    const sync = startClinicSync(db, clinicId, { transport: link.transport, collections: COLLECTIONS, stream: false, retryTime: 20 });
    const device: Device = { index, user, link, db, sync, closed: false, stopListening: () => {}, replicationErrors: [] };
    device.stopListening = net.onChange((collection) => {
      const replication = sync.replications[COLLECTIONS.indexOf(collection as (typeof COLLECTIONS)[number])];
      if (!device.closed && link.online) void replication?.reSync();
    });
    // Diagnostics for the trace: every merge the conflict handler made, and every resolution RxDB threw away.
    const short = (doc: any) => (doc ? JSON.stringify({ name: doc.name, notes: doc.notes, tags: doc.tags, email: doc.email, _deleted: doc._deleted }) : 'none');
    sync.replications[0]!.conflict$.subscribe(({ input, output }) =>
      note(`    d${index} merge ${String(input.realMasterState.id).slice(-6)}: base ${short(input.assumedMasterState)} ours ${short(input.newDocumentState)} theirs ${short(input.realMasterState)} → ${short(output)}`),
    );
    refusedWriteListeners.set(db.name, (context, ids) => note(`    d${index} ${context} refused (document changed meanwhile): ${ids.map((id) => id.slice(-6)).join(', ')}`));
    for (const replication of sync.replications) {
      replication.error$.subscribe((error) => {
        const text = JSON.stringify(error);
        if (!text.includes('No connection to the server')) device.replicationErrors.push(text.slice(0, 500));
      });
    }
    return device;
  };

  /** Local, not deleted patients of a device in creation order (so `pick` means the same patient across runs). */
  const visiblePatients = async (device: Device): Promise<Patient[]> => {
    const docs = (await device.db.patients.find().exec()).map((doc) => doc.toMutableJSON() as Patient);
    return docs.sort((a, b) => created.indexOf(a.id) - created.indexOf(b.id));
  };

  const create = async (device: Device) => {
    const n = ++counter;
    const id = uuidv7();
    created.push(id);
    await editLock(device.db.name).run(() => saveDocument(device.db, 'patients', { id, clinicId, name: `w${n}`, phone: '+380501234567', notes: `w${n}`, tags: [] }));
    writes.push({ n, device: device.index, docId: id, field: 'name', value: `w${n}`, prev: undefined });
    writes.push({ n, device: device.index, docId: id, field: 'notes', value: `w${n}`, prev: undefined });
    // The create also writes tags: a create re-sent after its answer was lost meets the server's newer document with
    // no common base, and the merge then records the created [] as a conflict.
    writes.push({ n, device: device.index, docId: id, field: 'tags', value: [], prev: undefined });
    note(`d${device.index} create ${id.slice(-6)} w${n}`);
  };

  /**
   * Drives every device to hold exactly what the server holds (faults must be off): resync everything, await every
   * replication in sync and every request in flight, compare; repeat until equal. Returns the rounds it took.
   * (The checks then fetch the server again and compare once more, so a state that was still moving fails there.)
   */
  const quiesce = async (): Promise<number> => {
    const deadline = Date.now() + QUIESCENCE_DEADLINE_MS;
    for (let round = 1; ; round++) {
      await net.restarted();
      for (const device of devices) device.sync.resync();
      const inSync = Promise.all(devices.flatMap((device) => device.sync.replications.map((r) => r.awaitInSync())));
      if (!(await settlesBefore(inSync.then(() => net.drain()), deadline))) throw await notConverging(`replication did not settle (awaitInSync) within ${QUIESCENCE_DEADLINE_MS} ms, round ${round}`);
      if (await allEqual()) return round;
      if (Date.now() > deadline) throw await notConverging(`devices still differ from the server after ${QUIESCENCE_DEADLINE_MS} ms (${round} rounds)`);
      await sleep(Math.min(5 * round, 50));
    }
  };

  /** The failure of a schedule that does not converge, with what each device's replication is doing. */
  const notConverging = async (why: string): Promise<Error> => {
    totals.notConverged++;
    const statsOf = () => devices.map((d) => ({ requests: d.link.requests, replications: d.sync.replications.map((r: any) => JSON.stringify(r.internalReplicationState?.stats ?? {})) }));
    const before = statsOf();
    await sleep(1_000);
    const after = statsOf();
    const activity = devices.map((d, i) => {
      const states = d.sync.replications.map((r: any, k) => {
        const events = r.internalReplicationState?.events;
        const changed = before[i]!.replications[k] !== after[i]!.replications[k];
        return `${COLLECTIONS[k]}: active up=${String(events?.active.up.getValue())} down=${String(events?.active.down.getValue())}, stats ${changed ? 'CHANGING' : 'still'} ${after[i]!.replications[k]}`;
      });
      return `  d${d.index}: ${after[i]!.requests - before[i]!.requests} requests in the last second, ${d.link.online ? 'online' : 'offline'}\n    ${states.join('\n    ')}`;
    });
    return new Error(`not converging: ${why}\n${activity.join('\n')}\ndifferences:\n${await describeDifferences()}\nreplication state of the differing documents:\n${await replicationStateOfDifferences()}\n\nschedule (${devices.length} devices):\n  ${trace.join('\n  ')}`);
  };

  const allEqual = async (): Promise<boolean> => {
    for (const collection of COLLECTIONS) {
      const { docs: remote } = await serverDocs(clinicId, collection);
      for (const device of devices) {
        const local = await localDocs(device.db, collection);
        if (local.size !== remote.size || [...remote].some(([id, doc]) => !jsonEqual(local.get(id), doc))) return false;
      }
    }
    return true;
  };

  /** RxDB's own view of each document a device holds differently from the server: fork state, assumed master, checkpoints. */
  const replicationStateOfDifferences = async (): Promise<string> => {
    const lines: string[] = [];
    const { docs: remote } = await serverDocs(clinicId, 'patients');
    for (const device of devices) {
      const local = await localDocs(device.db, 'patients');
      const ids = [...new Set([...local.keys(), ...remote.keys()])].filter((id) => !jsonEqual(local.get(id), remote.get(id)));
      if (ids.length === 0) continue;
      const state = (device.sync.replications[0] as any).internalReplicationState;
      const [fork, assumed, up, down] = await Promise.all([
        device.db.patients.storageInstance.findDocumentsById(ids, true),
        getAssumedMasterState(state, ids),
        getLastCheckpointDoc(state, 'up'),
        getLastCheckpointDoc(state, 'down'),
      ]);
      lines.push(`  d${device.index}: up checkpoint ${JSON.stringify(up)}, down checkpoint ${JSON.stringify(down)}`);
      for (const doc of fork as any[]) {
        const meta = (assumed as any)[doc.id];
        lines.push(`    fork ${doc.id}: _rev ${doc._rev} _meta ${JSON.stringify(doc._meta)}`);
        lines.push(`    assumed master: ${JSON.stringify(meta?.docData)} isResolvedConflict ${meta?.metaDocument.isResolvedConflict} meta _rev ${meta?.metaDocument._rev} lwt ${meta?.metaDocument._meta.lwt}`);
      }
    }
    return lines.join('\n');
  };

  const describeDifferences = async (): Promise<string> => {
    const lines: string[] = [];
    for (const collection of COLLECTIONS) {
      const { docs: remote } = await serverDocs(clinicId, collection);
      for (const device of devices) {
        const local = await localDocs(device.db, collection);
        for (const id of new Set([...local.keys(), ...remote.keys()])) {
          if (!jsonEqual(local.get(id), remote.get(id))) {
            lines.push(`  d${device.index} ${collection} ${id}:\n    device ${JSON.stringify(local.get(id))}\n    server ${JSON.stringify(remote.get(id))}`);
          }
        }
      }
    }
    return lines.join('\n');
  };

  let failed = true;
  try {
    phase('clinic', t);
    t = performance.now();
    // Prelude, before any fault: device 0 creates the shared patients and pushes them; the other devices start and
    // pull them in their first sync, so later edits on different devices hit the same documents.
    devices.push(await openDevice(0));
    for (let k = 0; k < schedule.prelude; k++) await create(devices[0]!);
    await Promise.all(devices[0]!.sync.replications.map((r) => r.awaitInSync()));
    devices.push(...(await Promise.all(Array.from({ length: schedule.deviceCount - 1 }, (_, k) => openDevice(k + 1)))));
    totals.devices += devices.length;
    phase('open', t);
    t = performance.now();
    await Promise.all(devices.flatMap((device) => device.sync.replications.map((r) => r.awaitInitialReplication())));
    for (const device of devices) device.link.faultsOn = true;
    phase('prelude', t);
    t = performance.now();

    for (const op of schedule.ops) {
      const device = 'device' in op ? devices[op.device % devices.length]! : undefined;
      switch (op.kind) {
        case 'create':
          await create(device!);
          break;
        case 'edit': {
          const done = await editLock(device!.db.name).run(async () => {
            const patients = await visiblePatients(device!);
            if (patients.length === 0) return false;
            const doc = patients[op.pick % patients.length]!;
            const n = ++counter;
            const marker = `w${n}`;
            const prev = doc[op.field];
            const value = op.field === 'email' ? `${marker}@example.com` : op.field === 'tags' ? [...doc.tags.slice(-2), marker] : marker;
            const { updatedAt: _u, _deleted: _d, ...draft } = doc as Patient & { _deleted?: boolean };
            await saveDocument(device!.db, 'patients', { ...draft, [op.field]: value });
            writes.push({ n, device: device!.index, docId: doc.id, field: op.field, value, prev });
            note(`d${device!.index} edit ${doc.id.slice(-6)} ${op.field}=${JSON.stringify(value)} (was ${JSON.stringify(prev)})`);
            return true;
          });
          if (!done) {
            totals.skippedOps++;
            note(`d${device!.index} edit skipped: no patient on the device`);
          }
          break;
        }
        case 'delete': {
          const id = await editLock(device!.db.name).run(async () => {
            const patients = await visiblePatients(device!);
            if (patients.length === 0) return undefined;
            const doc = patients[op.pick % patients.length]!;
            await deleteDocument(device!.db, 'patients', doc.id);
            return doc.id;
          });
          if (id) {
            deleted.add(id);
            totals.deletes++;
            note(`d${device!.index} delete ${id.slice(-6)}`);
          } else {
            totals.skippedOps++;
            note(`d${device!.index} delete skipped: no patient on the device`);
          }
          break;
        }
        case 'offline':
          device!.link.online = false;
          note(`d${device!.index} offline`);
          break;
        case 'online':
          if (!device!.link.online) {
            device!.link.online = true;
            device!.sync.resync();
          }
          note(`d${device!.index} online`);
          break;
        case 'wait':
          await sleep(op.ms);
          note(`wait ${op.ms} ms`);
          break;
        case 'restart':
          note(net.restart() ? 'server restart' : 'server restart skipped (budget spent)');
          break;
      }
    }

    phase('ops', t);
    t = performance.now();
    // Faults stop, everyone comes online, and sync runs until nothing changes.
    for (const device of devices) {
      device.link.faultsOn = false;
      if (!device.link.online) {
        device.link.online = true;
        device.sync.resync();
      }
    }
    totals.quiescenceRounds += await quiesce();
    phase('quiesce', t);
    t = performance.now();
    totals.writes += writes.length;

    // ------------------------------------------------------------ the checks
    const violations: string[] = [];
    const { docs: patients, rows: patientRows } = await serverDocs(clinicId, 'patients');
    const { docs: activityDocs } = await serverDocs(clinicId, 'activities');
    const conflicts = [...activityDocs.values()].filter((doc) => doc.kind === 'conflict') as unknown as Activity[];
    totals.conflictsRecorded += conflicts.length;
    if (conflicts.length > 0) totals.schedulesWithConflicts++;

    // 1. convergence (quiesce() established it; recheck with full documents and report differences).
    const differences = await describeDifferences();
    if (differences) violations.push(`devices differ from the server:\n${differences}`);

    // 2. nothing lost.
    for (const write of writes) {
      const final = patients.get(write.docId);
      if (final && jsonEqual(final[write.field], write.value)) continue;
      if (writes.some((other) => other !== write && other.docId === write.docId && other.field === write.field && jsonEqual(other.prev, write.value))) {
        totals.supersededWrites++;
        continue;
      }
      const lostValue = JSON.stringify(write.value);
      if (conflicts.some((c) => c.documentId === write.docId && c.field === write.field && c.lostValue === lostValue)) {
        totals.writesKeptAsConflict++;
        continue;
      }
      totals.lostWrites++;
      violations.push(
        `LOST write w${write.n} by d${write.device}: ${write.docId} ${write.field}=${lostValue} — final ${write.field}=${JSON.stringify(final?.[write.field])}, no conflict record, no later write saw it`,
      );
    }
    for (const id of created) {
      const final = patients.get(id);
      if (final && final._deleted !== deleted.has(id)) violations.push(`${id}: deleted on a device: ${deleted.has(id)}, deleted on the server: ${String(final._deleted)}`);
    }

    // 3. nothing applied twice.
    const createdSet = new Set(created);
    if (patientRows !== createdSet.size || patients.size !== createdSet.size || [...patients.keys()].some((id) => !createdSet.has(id))) {
      totals.duplicates++;
      violations.push(`server patients: ${patientRows} rows, ${patients.size} ids; created ${createdSet.size} ids`);
    }
    for (const device of devices) {
      const local = await localDocs(device.db, 'patients');
      if (local.size !== createdSet.size) violations.push(`d${device.index} holds ${local.size} patients; created ${createdSet.size}`);
    }
    // Conflict records whose lost value was not lost at all (it is in the final state, or a later write saw it):
    // e.g. a push whose answer was lost is retried after another device already built on it. Not a failure; counted.
    for (const c of conflicts) {
      const write = writes.find((w) => w.docId === c.documentId && w.field === c.field && JSON.stringify(w.value) === c.lostValue);
      if (!write) violations.push(`conflict record for a value no device wrote: ${JSON.stringify(c)}`);
      else if (jsonEqual(patients.get(write.docId)?.[write.field], write.value) || writes.some((o) => o !== write && o.docId === write.docId && o.field === write.field && jsonEqual(o.prev, write.value))) {
        totals.spuriousConflictRecords++;
      }
    }

    const byLoss = new Map<string, number>();
    for (const c of conflicts) {
      const key = `${c.documentId}|${c.field}|${c.lostValue}`;
      byLoss.set(key, (byLoss.get(key) ?? 0) + 1);
    }
    for (const [key, count] of byLoss) {
      if (count > 1) {
        totals.duplicates++;
        violations.push(`DUPLICATE conflict records (${count}) for ${key}: ${JSON.stringify(conflicts.filter((c) => `${c.documentId}|${c.field}|${c.lostValue}` === key))}`);
      }
    }

    // The server refused nothing, and replication met no error other than the network's.
    if (net.httpErrors.length > 0) violations.push(`server errors:\n  ${net.httpErrors.splice(0).join('\n  ')}`);
    for (const device of devices) if (device.replicationErrors.length > 0) violations.push(`d${device.index} replication errors:\n  ${device.replicationErrors.join('\n  ')}`);

    if (violations.length > 0) {
      throw new Error(
        `${violations.join('\n')}\n\nschedule (${devices.length} devices):\n  ${trace.join('\n  ')}\n\nfinal patients on the server:\n  ${[...patients.values()].map((p) => JSON.stringify(p)).join('\n  ')}\nconflict records:\n  ${conflicts.map((c) => `${c.documentId.slice(-6)} ${c.field} lost=${c.lostValue} kept=${c.keptValue}`).join('\n  ')}`,
      );
    }
    failed = false;
    phase('check', t);
  } finally {
    t = performance.now();
    if (failed) totals.failedSchedules++;
    if (failed && traceOn) console.log(`sync trace of the failed schedule: ${saveTrace()}`);
    else clearTrace();
    await Promise.all(
      devices.map(async (device) => {
        device.closed = true;
        device.link.faultsOn = false;
        device.stopListening();
        await device.sync.stop();
        const name = device.db.name;
        await deleteClinicDatabase(device.user, clinicId);
        clearPending(name);
        forgetEditLock(name);
        refusedWriteListeners.delete(name);
      }),
    );
    net.httpErrors.length = 0;
    phase('teardown', t);
    totals.ms += performance.now() - started;
    if (totals.schedules % 100 === 0) console.log(`convergence progress: ${totals.schedules} schedules in ${Math.round(totals.ms / 1000)} s`);
  }
}

/**
 * Schedules that once failed, run before the random ones on every run. They are timing-dependent (real HTTP, real
 * timers): before its fix each failed about one run in ten to twenty.
 * 1. d1's push of an edit lost its answer and was retried; meanwhile RxDB's upstream read patient P (just pulled,
 *    name "w3") and queued it behind the retry; the downstream then stored P's newer state (d2's name "w5") and the
 *    queued push sent "w3" over it, reverting P on the server (fixed by push-rows.ts; seed 2094394988).
 * 2. d1 created patient P and deleted it at once; the create's answer was lost, and its retry, stale by then, was held
 *    back by the first fix's first version, so d1 never learnt the server's state of P and pushed the deletion with no
 *    base: the merge kept P alive and filed the deletion as a conflict (seed 2097985663).
 */
const REGRESSIONS: Schedule[] = [
  {
    deviceCount: 3,
    plans: [
      [{ kind: 'delay', beforeMs: 0, afterMs: 15 }],
      [{ kind: 'none' }, { kind: 'none' }, { kind: 'none' }, { kind: 'lostResponse' }, { kind: 'none' }],
      [{ kind: 'none' }, { kind: 'none' }, { kind: 'none' }],
      [{ kind: 'delay', beforeMs: 0, afterMs: 3 }, { kind: 'lostResponse' }],
      [{ kind: 'none' }],
    ],
    prelude: 1,
    ops: [
      { kind: 'edit', device: 1, pick: 0, field: 'notes' },
      { kind: 'create', device: 2 },
      { kind: 'edit', device: 2, pick: 0, field: 'notes' },
      { kind: 'offline', device: 4 },
      { kind: 'edit', device: 2, pick: 1, field: 'name' },
      { kind: 'online', device: 1 },
      { kind: 'edit', device: 4, pick: 2, field: 'email' },
      { kind: 'edit', device: 1, pick: 1, field: 'name' },
      { kind: 'edit', device: 0, pick: 0, field: 'name' },
    ],
  },
  {
    deviceCount: 3,
    plans: [
      [{ kind: 'none' }],
      [{ kind: 'lostResponse' }, { kind: 'none' }],
      [{ kind: 'duplicate', gapMs: 0, deliverSecond: false }],
      [{ kind: 'none' }],
      [{ kind: 'none' }],
    ],
    prelude: 2,
    ops: [
      { kind: 'create', device: 1 },
      { kind: 'delete', device: 1, pick: 2 },
      { kind: 'edit', device: 0, pick: 0, field: 'name' },
      { kind: 'restart' },
    ],
  },
];

describe('sync under an unreliable network', () => {
  it('converges, loses no write and applies none twice', { timeout: RUNS * 5_000 + 600_000 }, async () => {
    console.log(`convergence seed=${SEED} runs=${RUNS}${PATH ? ` path=${PATH}` : ''}`);
    await fc.assert(
      fc.asyncProperty(scheduleArb, (schedule) => runSchedule(schedule)),
      { numRuns: RUNS, seed: SEED, path: PATH, endOnFailure: PATH !== undefined, examples: PATH ? [] : REGRESSIONS.map((schedule) => [schedule] as [Schedule]) },
    );
    expect(totals.lostWrites).toBe(0);
  });
});

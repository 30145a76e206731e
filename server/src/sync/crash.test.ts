/**
 * Crash safety of push (DESIGN.md "Sync protocol": a batch is one IMMEDIATE transaction, answered after commit).
 * The real server runs as a child process under concurrent push load and is SIGKILLed at a random moment, then
 * restarted over the same data dir. After every crash:
 *  - every push the server acknowledged (200 with the conflicts array received) is stored exactly as sent, unless a
 *    later acknowledged edit of the same document superseded it;
 *  - every push whose request failed is stored whole or not at all (never part of a batch);
 *  - nothing was written that no push sent;
 *  - `PRAGMA integrity_check` is `ok` (checked while the server is down).
 *
 * CRASH_CYCLES (default 10) sets the number of crashes; CRASH_SEED replays the random choices of a run (batch sizes,
 * edits, kill delays). The timing of the concurrent pushers is not replayable, so a replay hits other interleavings.
 * A SIGKILL loses the process, not the OS page cache: this proves atomicity and ack-after-commit, not fsync on power loss.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DATABASE_FILE, integrityCheck } from '../db/backup.js';
import { spawnServer, type ChildServer } from '../testing/child-server.js';
import { freePort, TestClient } from '../testing/harness.js';
import { mulberry32 as prng } from '../../../shared/src/testing/prng.js';

const CYCLES = Number(process.env.CRASH_CYCLES ?? 10);
const SEED = process.env.CRASH_SEED !== undefined ? Number(process.env.CRASH_SEED) >>> 0 : crypto.randomBytes(4).readUInt32LE(0);
const PUSHERS = 4;
const KILL_DELAY_MS: [number, number] = [20, 400];
const MAX_BATCH = 50;

type Collection = 'patients' | 'appointments';
const COLLECTIONS: Collection[] = ['patients', 'appointments'];
type Doc = Record<string, unknown>;

/** An independent stream for (seed, cycle, stream), so each pusher's choices do not depend on the others' timing. */
const streamFor = (cycle: number, stream: number) => prng(crypto.createHash('sha256').update(`${SEED}:${cycle}:${stream}`).digest().readUInt32LE(0));
const intIn = (rand: () => number, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));

/** One row of a push as sent, and the state it assumed (undefined: a new document). */
interface SentRow {
  collection: Collection;
  doc: Doc;
  prev: Doc | undefined;
}
interface SentBatch {
  cycle: number;
  pusher: number;
  n: number;
  collection: Collection;
  rows: SentRow[];
}

const same = (a: unknown, b: unknown) => a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);

let dataDir: string;
let port: number;
let server: ChildServer | undefined;
let owner: TestClient;
let clinicId: string;

beforeAll(async () => {
  console.log(`crash test: seed ${SEED} (replay with CRASH_SEED=${SEED}), ${CYCLES} cycles`);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-crash-'));
  port = await freePort();
  server = await spawnServer({ port, dataDir });
  owner = new TestClient(server.url);
  await owner.signUp('Crash Owner');
  clinicId = await owner.createClinic('Crash clinic');
}, 60_000);

afterAll(async () => {
  await server?.stop('SIGKILL').catch(() => undefined);
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

function newDocument(collection: Collection, rand: () => number, label: string): Doc {
  // Notes of up to ~3 KB make some batches span many pages, so a torn transaction would show.
  const notes = rand() < 0.5 ? `${label} ${'ї'.repeat(intIn(rand, 0, 1500))}` : undefined;
  const base = { id: uuidv7(), clinicId, updatedAt: new Date().toISOString(), _deleted: false };
  if (collection === 'patients') {
    return { ...base, name: `Patient ${label}`, phone: `+380${intIn(rand, 500000000, 999999999)}`, tags: rand() < 0.3 ? ['VIP'] : [], ...(notes ? { notes } : {}) };
  }
  const price = intIn(rand, 0, 200_000);
  const start = Date.UTC(2026, 10, 23, 7) + intIn(rand, 0, 2000) * 15 * 60_000;
  return {
    ...base,
    patientId: uuidv7(), doctorId: uuidv7(), chairId: uuidv7(),
    start: new Date(start).toISOString(), end: new Date(start + 60 * 60_000).toISOString(),
    items: [{ procedureId: uuidv7(), name: 'Консультація', priceMinor: price, durationMin: 60 }],
    status: 'scheduled', totalMinor: price,
    ...(notes ? { notes } : {}),
  };
}

function editOf(collection: Collection, prev: Doc, rand: () => number, label: string): Doc {
  const next: Doc = { ...prev, updatedAt: new Date().toISOString(), notes: `edit ${label} ${'e'.repeat(intIn(rand, 0, 800))}` };
  if (collection === 'appointments') next.status = ['confirmed', 'arrived', 'completed', 'cancelled'][intIn(rand, 0, 3)];
  if (rand() < 0.05) next._deleted = true;
  return next;
}

it(`keeps every acknowledged push and never part of a batch across ${CYCLES} SIGKILLs`, async () => {
  const started = Date.now();
  /** The state the server must have for every document whose fate is settled (acknowledged, or resolved after a crash). */
  const known = new Map<string, { collection: Collection; doc: Doc }>();
  /** Settled, not deleted, and not in any request in flight: free to edit (an id is taken out while a push carries it). */
  const editable: Record<Collection, string[]> = { patients: [], appointments: [] };
  /** Feed position up to which the server's documents have been checked. */
  const checkpoint: Record<Collection, { seq: number } | null> = { patients: null, appointments: null };
  const stats = {
    cycles: 0, pushesSent: 0, ackedPushes: 0, ackedRows: 0, documentsChecked: 0,
    unackedStoredWhole: 0, unackedAbsent: 0, lostAckedWrites: 0, partialBatches: 0, phantomDocuments: 0,
    unexpectedConflicts: 0, unexpectedStatuses: 0, integrityChecks: 0, killDelays: [] as number[],
  };
  const problems: string[] = [];
  const problem = (cycle: number, text: string) => problems.push(`cycle ${cycle} (CRASH_SEED=${SEED}): ${text}`);

  async function pullSince(collection: Collection, from: { seq: number } | null): Promise<{ documents: Doc[]; checkpoint: { seq: number } | null }> {
    const documents: Doc[] = [];
    let at = from;
    for (;;) {
      const page = await owner.json<{ documents: Doc[]; checkpoint: { seq: number } | null }>('POST', `/api/clinics/${clinicId}/sync/${collection}/pull`, { checkpoint: at, limit: 1000 });
      documents.push(...page.documents);
      at = page.checkpoint;
      if (page.documents.length === 0) return { documents, checkpoint: at };
    }
  }

  function checkIntegrity(cycle: number, when: string) {
    const result = integrityCheck(path.join(dataDir, DATABASE_FILE));
    stats.integrityChecks++;
    if (result !== 'ok') problem(cycle, `integrity_check ${when}: ${result}`);
  }

  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const cycleRand = streamFor(cycle, 0);
    const killAfter = intIn(cycleRand, ...KILL_DELAY_MS);
    stats.killDelays.push(killAfter);
    /** Per document touched this cycle: its settled state when the cycle began. */
    const startState = new Map<string, { collection: Collection; doc: Doc | undefined }>();
    const unacked: SentBatch[] = [];
    let killed = false;

    async function pusher(index: number) {
      const rand = streamFor(cycle, index + 1);
      for (let n = 0; !killed; n++) {
        const collection = COLLECTIONS[intIn(rand, 0, 1)]!;
        const size = intIn(rand, 1, MAX_BATCH);
        const edits = rand() < 0.4 ? Math.min(intIn(rand, 1, 10), size, editable[collection].length) : 0;
        const rows: SentRow[] = [];
        for (let i = 0; i < size; i++) {
          const label = `c${cycle}p${index}n${n}r${i}`;
          if (i < edits) {
            const pool = editable[collection];
            const id = pool.splice(intIn(rand, 0, pool.length - 1), 1)[0]!;
            const prev = known.get(id)!.doc;
            rows.push({ collection, doc: editOf(collection, prev, rand, label), prev });
          } else {
            rows.push({ collection, doc: newDocument(collection, rand, label), prev: undefined });
          }
        }
        for (const row of rows) {
          const id = String(row.doc.id);
          if (!startState.has(id)) startState.set(id, { collection, doc: row.prev });
        }
        const batch: SentBatch = { cycle, pusher: index, n, collection, rows };
        stats.pushesSent++;
        let conflicts: unknown;
        try {
          const response = await owner.request('POST', `/api/clinics/${clinicId}/sync/${collection}/push`, rows.map((r) => (r.prev ? { assumedMasterState: r.prev, newDocumentState: r.doc } : { newDocumentState: r.doc })));
          const text = await response.text();
          if (response.status !== 200) {
            stats.unexpectedStatuses++;
            problem(cycle, `push answered ${response.status} ${text.slice(0, 300)}`);
            unacked.push(batch);
            continue;
          }
          conflicts = JSON.parse(text);
        } catch {
          // The request or its answer was cut by the kill: unknown, settled after the restart.
          unacked.push(batch);
          continue;
        }
        stats.ackedPushes++;
        stats.ackedRows += rows.length;
        if (!Array.isArray(conflicts) || conflicts.length > 0) {
          stats.unexpectedConflicts++;
          problem(cycle, `acknowledged push answered conflicts ${JSON.stringify(conflicts).slice(0, 500)} (every row assumed the acknowledged state)`);
        }
        for (const row of rows) {
          known.set(String(row.doc.id), { collection, doc: row.doc });
          if (row.doc._deleted !== true) editable[collection].push(String(row.doc.id));
        }
      }
    }

    const load = Promise.all(Array.from({ length: PUSHERS }, (_, i) => pusher(i)));
    await new Promise((resolve) => setTimeout(resolve, killAfter));
    killed = true;
    await server!.stop('SIGKILL');
    await load;
    server = undefined;
    checkIntegrity(cycle, 'after the kill');

    server = await spawnServer({ port, dataDir });

    // Everything written since the last check has a newer seq: pull exactly that.
    const changed = new Map<string, Doc>();
    for (const collection of COLLECTIONS) {
      const since = await pullSince(collection, checkpoint[collection]);
      for (const doc of since.documents) changed.set(String(doc.id), doc);
      checkpoint[collection] = since.checkpoint;
    }
    /** The server's document now, for a document touched this cycle (not in the new feed: unchanged since the cycle began). */
    const serverState = (id: string) => (changed.has(id) ? changed.get(id) : startState.get(id)?.doc);

    for (const [id, doc] of changed) {
      if (!startState.has(id)) {
        stats.phantomDocuments++;
        problem(cycle, `document ${id} changed though no push of this cycle carried it: ${JSON.stringify(doc).slice(0, 300)}`);
      }
    }

    // Unacknowledged batches: whole or absent. Their ids are still out of the edit pool, so no later push touched them.
    const inUnacked = new Set<string>();
    for (const batch of unacked) {
      const verdicts = batch.rows.map((row) => {
        const id = String(row.doc.id);
        inUnacked.add(id);
        stats.documentsChecked++;
        const now = serverState(id);
        if (same(now, row.doc)) return 'stored';
        if (row.prev === undefined ? now === undefined : same(now, row.prev)) return 'absent';
        return 'neither';
      });
      if (verdicts.every((v) => v === 'stored')) {
        stats.unackedStoredWhole++;
        for (const row of batch.rows) known.set(String(row.doc.id), { collection: batch.collection, doc: row.doc });
      } else if (verdicts.every((v) => v === 'absent')) {
        stats.unackedAbsent++;
      } else {
        stats.partialBatches++;
        const lost = batch.rows.filter((row, i) => verdicts[i] === 'neither' && row.prev !== undefined);
        stats.lostAckedWrites += lost.length;
        problem(cycle, `unacknowledged ${batch.collection} batch of pusher ${batch.pusher} #${batch.n} (${batch.rows.length} rows) is partly stored: ` +
          `${verdicts.filter((v) => v === 'stored').length} stored, ${verdicts.filter((v) => v === 'absent').length} absent, ` +
          `${verdicts.filter((v) => v === 'neither').length} neither (of which ${lost.length} lost their acknowledged state); ` +
          `rows: ${batch.rows.map((r, i) => `${String(r.doc.id)}=${verdicts[i]}`).join(', ')}`);
        // Take the server's state as settled, so later cycles check from what is really there.
        for (const row of batch.rows) {
          const now = serverState(String(row.doc.id));
          if (now === undefined) known.delete(String(row.doc.id));
          else known.set(String(row.doc.id), { collection: batch.collection, doc: now });
        }
      }
      for (const row of batch.rows) {
        const state = known.get(String(row.doc.id));
        if (state && state.doc._deleted !== true) editable[batch.collection].push(String(row.doc.id));
      }
    }

    // Acknowledged writes whose document no unacknowledged push carried afterwards: exactly the last acknowledged state.
    for (const [id, { collection }] of startState) {
      if (inUnacked.has(id)) continue;
      stats.documentsChecked++;
      const expected = known.get(id)?.doc;
      const now = serverState(id);
      if (!same(now, expected)) {
        stats.lostAckedWrites++;
        const has = changed.has(id) ? JSON.stringify(now).slice(0, 300) : `no version newer than at the cycle's start (${JSON.stringify(now)?.slice(0, 300) ?? 'none'})`;
        problem(cycle, `acknowledged ${collection} document ${id} lost: expected ${JSON.stringify(expected).slice(0, 300)}, server has ${has}`);
      }
    }

    // Older documents must not vanish either (their content is compared in full at the end).
    const sqlite = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
    try {
      for (const collection of COLLECTIONS) {
        const stored = sqlite.prepare(`select count(*) from ${collection} where clinic_id = ?`).pluck().get(clinicId) as number;
        const expected = [...known.values()].filter((k) => k.collection === collection).length;
        if (stored !== expected) problem(cycle, `${collection}: ${stored} documents stored, ${expected} expected`);
      }
    } finally {
      sqlite.close();
    }

    stats.cycles++;
    if (problems.length > 0) break;
  }

  // Every settled document, exactly, and nothing else.
  let finalChecked = 0;
  if (problems.length === 0) {
    for (const collection of COLLECTIONS) {
      const { documents } = await pullSince(collection, null);
      const expected = new Map([...known].filter(([, k]) => k.collection === collection).map(([id, k]) => [id, k.doc]));
      const seen = new Set<string>();
      for (const doc of documents) {
        const id = String(doc.id);
        seen.add(id);
        finalChecked++;
        if (!expected.has(id)) problem(CYCLES, `final check: unexpected ${collection} document ${id}`);
        else if (!same(doc, expected.get(id))) {
          stats.lostAckedWrites++;
          problem(CYCLES, `final check: ${collection} document ${id} differs: expected ${JSON.stringify(expected.get(id)).slice(0, 300)}, server has ${JSON.stringify(doc).slice(0, 300)}`);
        }
      }
      for (const id of expected.keys()) {
        if (!seen.has(id)) {
          stats.lostAckedWrites++;
          problem(CYCLES, `final check: ${collection} document ${id} is missing`);
        }
      }
    }
  }
  await server!.stop('SIGTERM');
  server = undefined;
  checkIntegrity(stats.cycles, 'at the end');

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const { killDelays, ...counts } = stats;
  console.log(
    `crash test: seed ${SEED}, ${seconds} s, kill delays ${Math.min(...killDelays)}–${Math.max(...killDelays)} ms\n` +
      JSON.stringify({ ...counts, documentsCheckedAtEnd: finalChecked, documentsInDatabase: known.size }, null, 2),
  );
  expect(problems, problems.slice(0, 20).join('\n')).toEqual([]);
  expect(stats.cycles).toBe(CYCLES);
  expect(stats.lostAckedWrites).toBe(0);
  expect(stats.partialBatches).toBe(0);
  expect(stats.ackedPushes).toBeGreaterThan(0);
}, 60_000 + CYCLES * 15_000);

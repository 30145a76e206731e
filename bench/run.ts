/**
 * Kabinet benchmarks (`npm run bench`): sync API throughput and latency, initial sync of a big clinic in headless
 * Chromium, and week-view render time. Prints a report to stdout (progress goes to stderr) and writes the numbers
 * to bench/results.json. Benchmarks report numbers; they assert nothing about time.
 *
 * Env: CHROMIUM_PATH (default /usr/bin/chromium).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../server/src/config.js';
import { startServer, type RunningServer } from '../server/src/server.js';
import { freePort, startTestServer, TestClient, type TestServer } from '../server/src/testing/harness.js';
import { addLocalDays, instantAt, isoWeekStart, localDateOf, wallTimeOfMinutes } from '../shared/src/scheduling/index.js';

import { benchReports, type ReportBenchResult } from './report-bench.js';
import { mulberry32 as prng } from '../shared/src/testing/prng.js';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = path.join(ROOT, 'bench', 'results.json');
const CLIENT_DIR = path.join(ROOT, 'dist', 'client');
const TIME_ZONE = 'Europe/Kyiv';
const PASSWORD = 'correct horse battery';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

const PUSH_DOCS = 10_000;
const PUSH_BATCH = 100;
const SEED_PATIENTS = 5_000;
const SEED_APPOINTMENTS = 20_000;
const SEED_BATCH = 1_000;
const WEEK_APPOINTMENTS = 500;
const RENDER_RUNS = 5;
const PROPAGATION_RUNS = 10;
const FULL_SYNC_TIMEOUT_MS = 180_000;

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const out = (line = '') => process.stdout.write(`${line}\n`);

/** Nearest-rank percentile of `values` (0 < p ≤ 100). */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const median = (values: readonly number[]) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (value: number, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);
const fmt = (value: number | null | undefined, digits = 1) => (value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits));


function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------------------------
// Test data

interface CatalogIds {
  doctorIds: string[];
  chairIds: string[];
  procedures: { id: string; name: string; priceMinor: number; durationMin: number }[];
}

type Doc = Record<string, unknown> & { id: string };

const syncPath = (clinicId: string, collection: string, op: 'push' | 'pull') => `/api/clinics/${clinicId}/sync/${collection}/${op}`;

async function readCatalog(client: TestClient, clinicId: string): Promise<CatalogIds> {
  const { documents } = await client.json<{ documents: any[] }>('POST', syncPath(clinicId, 'catalog', 'pull'), { checkpoint: null, limit: 1000 });
  const live = documents.filter((d) => !d._deleted);
  return {
    doctorIds: live.filter((d) => d.kind === 'doctor').map((d) => d.id),
    chairIds: live.filter((d) => d.kind === 'chair').map((d) => d.id),
    procedures: live.filter((d) => d.kind === 'procedure').map((d) => ({ id: d.id, name: d.name, priceMinor: d.priceMinor, durationMin: d.durationMin })),
  };
}

async function pushAll(client: TestClient, clinicId: string, collection: string, docs: readonly Doc[], batch = SEED_BATCH): Promise<void> {
  for (const part of chunks(docs, batch)) {
    const conflicts = await client.json<unknown[]>('POST', syncPath(clinicId, collection, 'push'), part.map((doc) => ({ newDocumentState: doc })));
    if (conflicts.length) throw new Error(`push ${collection}: ${conflicts.length} unexpected conflicts`);
  }
}

const FIRST_NAMES = ['Олена', 'Іван', 'Марія', 'Петро', 'Анна', 'Олег', 'Наталія', 'Андрій', 'Ірина', 'Сергій', 'Юлія', 'Дмитро', 'Оксана', 'Максим', 'Тетяна', 'Артем'];
const LAST_NAMES = ['Коваль', 'Шевченко', 'Бондар', 'Мельник', 'Петренко', 'Ткаченко', 'Кравченко', 'Олійник', 'Поліщук', 'Лисенко', 'Руденко', 'Савченко', 'Гончар', 'Марченко'];

function makePatients(clinicId: string, count: number, random: () => number): Doc[] {
  const updatedAt = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => ({
    id: uuidv7(),
    clinicId,
    updatedAt,
    _deleted: false,
    name: `${LAST_NAMES[Math.floor(random() * LAST_NAMES.length)]} ${FIRST_NAMES[Math.floor(random() * FIRST_NAMES.length)]} ${i + 1}`,
    phone: `+38050${String(i).padStart(7, '0')}`,
    tags: [],
  }));
}

function appointmentDoc(
  clinicId: string,
  fields: { patientId: string; doctorId: string; chairId: string; start: string; end: string; procedure: CatalogIds['procedures'][number]; status: string },
): Doc {
  return {
    id: uuidv7(),
    clinicId,
    updatedAt: new Date().toISOString(),
    _deleted: false,
    patientId: fields.patientId,
    doctorId: fields.doctorId,
    chairId: fields.chairId,
    start: fields.start,
    end: fields.end,
    items: [{ procedureId: fields.procedure.id, name: fields.procedure.name, priceMinor: fields.procedure.priceMinor, durationMin: fields.procedure.durationMin }],
    status: fields.status,
    totalMinor: fields.procedure.priceMinor,
  };
}

const OPEN_MINUTE = 9 * 60;
const CLOSE_MINUTE = 20 * 60;
const WORK_DAYS = [1, 2, 3, 4, 5, 6];

/** Today's local date in the clinic's time zone and the Monday of its week. */
function currentWeek(): { today: string; monday: string } {
  const today = localDateOf(new Date().toISOString(), TIME_ZONE);
  return { today, monday: isoWeekStart(today) };
}

/** Working days (Mon–Sat) of `weeks` weeks from `fromMonday`. */
function workDates(fromMonday: string, weeks: number): string[] {
  const dates: string[] = [];
  for (let w = 0; w < weeks; w += 1) for (const weekday of WORK_DAYS) dates.push(addLocalDays(fromMonday, w * 7 + weekday - 1));
  return dates;
}

/**
 * `count` appointments at random over the working days of 52 weeks centred on the current week, 09:00–20:00 local,
 * on 30-minute boundaries, for random patients with the given doctors and chairs. Past ones are mostly completed.
 */
function makeYearOfAppointments(clinicId: string, count: number, catalog: CatalogIds, patientIds: readonly string[], random: () => number): Doc[] {
  const { monday, today } = currentWeek();
  const dates = workDates(addLocalDays(monday, -26 * 7), 52);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, () => {
    const date = pick(dates);
    const procedure = pick(catalog.procedures);
    const duration = Math.min(Math.max(30, Math.ceil(procedure.durationMin / 30) * 30), CLOSE_MINUTE - OPEN_MINUTE);
    const startMinute = OPEN_MINUTE + 30 * Math.floor(random() * ((CLOSE_MINUTE - duration - OPEN_MINUTE) / 30 + 1));
    const r = random();
    const status = date < today ? (r < 0.85 ? 'completed' : r < 0.93 ? 'cancelled' : 'no_show') : r < 0.6 ? 'scheduled' : r < 0.95 ? 'confirmed' : 'cancelled';
    return appointmentDoc(clinicId, {
      patientId: pick(patientIds),
      doctorId: pick(catalog.doctorIds),
      chairId: pick(catalog.chairIds),
      start: instantAt(date, wallTimeOfMinutes(startMinute), TIME_ZONE),
      end: instantAt(date, wallTimeOfMinutes(startMinute + duration), TIME_ZONE),
      procedure,
      status,
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Results

interface LatencyStats {
  requests: number;
  documents: number;
  totalSeconds: number;
  docsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

interface Results {
  startedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; platform: string };
  api?: { pushBatch100: LatencyStats; pullLimit100: LatencyStats; pullLimit1000: LatencyStats };
  initialSync?: {
    patients: number;
    appointments: number;
    seedSeconds: number;
    signInToWeekGridSeconds: number;
    signInToFullySyncedSeconds: number | null;
    pullRequests: { patients: number; appointments: number };
    appointmentsOnScreenWhenSynced: number | null;
    appointmentsSeededInCurrentWeek: number;
    signInToCurrentWeekCompleteSeconds: number | null;
  };
  propagation?: { runs: number; p50Ms: number; maxMs: number };
  reports?: ReportBenchResult;
  weekRender?: {
    appointmentsInWeek: number;
    signInToSyncedSeconds: number;
    firstNavigationMs: number;
    runsMs: number[];
    medianMs: number;
    maxMs: number;
  };
  errors: { part: string; message: string }[];
  totalSeconds?: number;
}

function latencyStats(latencies: number[], documents: number, totalMs: number): LatencyStats {
  return {
    requests: latencies.length,
    documents,
    totalSeconds: round(totalMs / 1000, 3),
    docsPerSecond: round(documents / (totalMs / 1000), 0),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    maxMs: round(Math.max(...latencies), 2),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Part 1: sync API push/pull throughput and latency

/** Pulls `collection` from checkpoint null until a short page; returns per-request latencies and the document count. */
async function timedPullAll(client: TestClient, clinicId: string, collection: string, limit: number): Promise<{ latencies: number[]; documents: number; totalMs: number }> {
  const latencies: number[] = [];
  let checkpoint: unknown = null;
  let documents = 0;
  const started = performance.now();
  for (;;) {
    const body = JSON.stringify({ checkpoint, limit });
    const t0 = performance.now();
    const page = await client.json<{ documents: unknown[]; checkpoint: unknown }>('POST', syncPath(clinicId, collection, 'pull'), body);
    latencies.push(performance.now() - t0);
    documents += page.documents.length;
    checkpoint = page.checkpoint;
    if (page.documents.length < limit) break;
  }
  return { latencies, documents, totalMs: performance.now() - started };
}

async function benchApi(results: Results): Promise<void> {
  let server: TestServer | undefined;
  try {
    server = await startTestServer();
    const client = new TestClient(server.url);
    await client.signUp('Бенчмарк API');
    const clinicId = await client.createClinic('Бенч API');
    const catalog = await readCatalog(client, clinicId);
    const random = prng(1);
    const patientIds = Array.from({ length: 500 }, () => uuidv7());

    // Warm-up on another clinic of the same server (JIT, prepared statements), not measured.
    const warmClinicId = await client.createClinic('Розминка');
    const warmCatalog = await readCatalog(client, warmClinicId);
    await pushAll(client, warmClinicId, 'appointments', makeYearOfAppointments(warmClinicId, 1000, warmCatalog, patientIds, random), PUSH_BATCH);
    await timedPullAll(client, warmClinicId, 'appointments', 100);

    const docs = makeYearOfAppointments(clinicId, PUSH_DOCS, catalog, patientIds, random);
    const bodies = chunks(docs, PUSH_BATCH).map((part) => JSON.stringify(part.map((doc) => ({ newDocumentState: doc }))));
    log(`API: pushing ${PUSH_DOCS} appointments in ${bodies.length} requests of ${PUSH_BATCH}`);
    const pushLatencies: number[] = [];
    const pushStarted = performance.now();
    for (const body of bodies) {
      const t0 = performance.now();
      const conflicts = await client.json<unknown[]>('POST', syncPath(clinicId, 'appointments', 'push'), body);
      pushLatencies.push(performance.now() - t0);
      if (conflicts.length) throw new Error(`push answered ${conflicts.length} conflicts`);
    }
    const push = latencyStats(pushLatencies, docs.length, performance.now() - pushStarted);

    log('API: pulling back with limit 100 and limit 1000');
    const p100 = await timedPullAll(client, clinicId, 'appointments', 100);
    const p1000 = await timedPullAll(client, clinicId, 'appointments', 1000);
    if (p100.documents !== PUSH_DOCS || p1000.documents !== PUSH_DOCS) throw new Error(`pulled ${p100.documents} / ${p1000.documents} documents, expected ${PUSH_DOCS}`);
    results.api = {
      pushBatch100: push,
      pullLimit100: latencyStats(p100.latencies, p100.documents, p100.totalMs),
      pullLimit1000: latencyStats(p1000.latencies, p1000.documents, p1000.totalMs),
    };

    out('1. Sync API (sequential requests, one client, loopback)');
    out(`   push  ${PUSH_DOCS} appointments, batches of ${PUSH_BATCH}: ${fmt(push.docsPerSecond, 0)} docs/s over ${push.requests} requests (${fmt(push.totalSeconds, 2)} s)`);
    out(`         latency per request: p50 ${fmt(push.p50Ms)} ms, p99 ${fmt(push.p99Ms)} ms, max ${fmt(push.maxMs)} ms`);
    for (const [label, stats] of [['limit 100 ', results.api.pullLimit100], ['limit 1000', results.api.pullLimit1000]] as const) {
      out(`   pull  ${label} from checkpoint null: ${fmt(stats.docsPerSecond, 0)} docs/s over ${stats.requests} requests (${fmt(stats.totalSeconds, 2)} s)`);
      out(`         latency per request: p50 ${fmt(stats.p50Ms)} ms, p99 ${fmt(stats.p99Ms)} ms, max ${fmt(stats.maxMs)} ms`);
    }
    out();
  } finally {
    await server?.dispose();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Parts 2 and 3: the real app in headless Chromium, served by the real server

function ensureClientBuilt(): void {
  if (fs.existsSync(path.join(CLIENT_DIR, 'index.html'))) return;
  log('dist/client/index.html is missing: running `npx vite build`');
  const build = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (build.status !== 0 || !fs.existsSync(path.join(CLIENT_DIR, 'index.html'))) throw new Error('vite build failed; cannot run the browser benchmarks');
}

async function newContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, locale: 'ru-RU', timezoneId: TIME_ZONE, viewport: { width: 1280, height: 800 } });
}

/** Counts documents received by the app's pull requests, per collection, with the time each response was read. */
class PullCounter {
  readonly documents = { patients: 0, appointments: 0 };
  readonly requests = { patients: 0, appointments: 0 };
  private waiters: { check(): boolean; resolve(ms: number): void }[] = [];

  constructor(page: Page) {
    page.on('response', (response) => {
      const match = /\/sync\/(patients|appointments)\/pull$/.exec(new URL(response.url()).pathname);
      if (!match || !response.ok()) return;
      const collection = match[1] as 'patients' | 'appointments';
      response
        .json()
        .then((body: { documents?: unknown[] }) => {
          this.requests[collection] += 1;
          this.documents[collection] += body.documents?.length ?? 0;
          const now = performance.now();
          this.waiters = this.waiters.filter((waiter) => {
            if (!waiter.check()) return true;
            waiter.resolve(now);
            return false;
          });
        })
        .catch(() => undefined); // the page closed while the body was read
    });
  }

  /** Resolves with performance.now() of the response that made `check` true. */
  until(check: (documents: PullCounter['documents']) => boolean): Promise<number> {
    if (check(this.documents)) return Promise.resolve(performance.now());
    return new Promise((resolve) => this.waiters.push({ check: () => check(this.documents), resolve }));
  }
}

/** Opens the app and signs in through the UI; returns performance.now() just before the click on «Войти». */
async function signIn(page: Page, email: string): Promise<number> {
  await page.goto('/');
  const haveAccount = page.getByRole('button', { name: 'Уже есть аккаунт? Войти' });
  await haveAccount.waitFor({ state: 'visible', timeout: 30_000 });
  await haveAccount.click();
  await page.getByLabel('Эл. почта').fill(email);
  await page.getByLabel('Пароль').fill(PASSWORD);
  const submit = page.getByRole('button', { name: 'Войти', exact: true });
  await submit.waitFor({ state: 'visible' });
  const clickedAt = performance.now();
  await submit.click();
  return clickedAt;
}

const countAppointmentsOnScreen = (page: Page) => page.evaluate(() => document.querySelectorAll('[data-testid="appointment"]').length);

function collectPageErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // The app asks /api/me before anyone signs in; the browser logs that expected 401.
    if (message.type() === 'error' && !/status of 401/.test(message.text())) errors.push(`console.error: ${message.text().slice(0, 300)}`);
  });
}

async function benchInitialSync(results: Results, browser: Browser, baseURL: string, pageErrors: string[]): Promise<void> {
  const client = new TestClient(baseURL);
  const { email } = await client.signUp('Олена Коваль');
  const clinicId = await client.createClinic('Велика клініка');
  const catalog = await readCatalog(client, clinicId);
  const random = prng(2);

  log(`initial sync: seeding ${SEED_PATIENTS} patients and ${SEED_APPOINTMENTS} appointments over HTTP`);
  const seedStarted = performance.now();
  const patients = makePatients(clinicId, SEED_PATIENTS, random);
  const appointments = makeYearOfAppointments(clinicId, SEED_APPOINTMENTS, catalog, patients.map((p) => p.id), random);
  await pushAll(client, clinicId, 'patients', patients);
  await pushAll(client, clinicId, 'appointments', appointments);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const { monday } = currentWeek();
  const weekDates = new Set(workDates(monday, 1));
  const seededInWeek = appointments.filter((a) => weekDates.has(localDateOf(a.start as string, TIME_ZONE))).length;
  log(`initial sync: seeded in ${seedSeconds.toFixed(1)} s (${seededInWeek} appointments fall in the current week); signing in`);

  let context: BrowserContext | undefined;
  try {
    context = await newContext(browser, baseURL);
    const page = await context.newPage();
    collectPageErrors(page, pageErrors);
    const counter = new PullCounter(page);
    const fullySynced = counter.until((d) => d.patients >= SEED_PATIENTS && d.appointments >= SEED_APPOINTMENTS);
    const clickedAt = await signIn(page, email);

    await page.getByTestId('week-grid').waitFor({ state: 'visible', timeout: 60_000 });
    const gridAt = performance.now();
    log(`initial sync: week grid visible after ${((gridAt - clickedAt) / 1000).toFixed(2)} s; waiting for all documents`);

    let syncedAt: number | null = null;
    let onScreenWhenSynced: number | null = null;
    try {
      syncedAt = await withTimeout(fullySynced, FULL_SYNC_TIMEOUT_MS, 'full initial sync');
      onScreenWhenSynced = await countAppointmentsOnScreen(page);
    } catch (error) {
      results.errors.push({ part: 'initial sync', message: `${(error as Error).message} (received ${counter.documents.patients} patients, ${counter.documents.appointments} appointments)` });
    }

    // Extra: when the current week shows every appointment seeded into it.
    let weekCompleteAt: number | null = null;
    try {
      await page.waitForFunction((expected) => document.querySelectorAll('[data-testid="appointment"]').length >= expected, seededInWeek, { timeout: 60_000, polling: 100 });
      weekCompleteAt = performance.now();
    } catch {
      results.errors.push({ part: 'initial sync', message: `the current week never showed all ${seededInWeek} seeded appointments within 60 s after sync (showing ${await countAppointmentsOnScreen(page)})` });
    }

    results.initialSync = {
      patients: SEED_PATIENTS,
      appointments: SEED_APPOINTMENTS,
      seedSeconds: round(seedSeconds, 2),
      signInToWeekGridSeconds: round((gridAt - clickedAt) / 1000, 2),
      signInToFullySyncedSeconds: syncedAt === null ? null : round((syncedAt - clickedAt) / 1000, 2),
      pullRequests: { ...counter.requests },
      appointmentsOnScreenWhenSynced: onScreenWhenSynced,
      appointmentsSeededInCurrentWeek: seededInWeek,
      signInToCurrentWeekCompleteSeconds: weekCompleteAt === null ? null : round((weekCompleteAt - clickedAt) / 1000, 2),
    };
    const r = results.initialSync;
    out(`2. Initial sync in headless Chromium (${SEED_PATIENTS} patients + ${SEED_APPOINTMENTS} appointments over ~1 year; seeded over HTTP in ${fmt(r.seedSeconds, 1)} s)`);
    out(`   sign-in click → week grid visible:          ${fmt(r.signInToWeekGridSeconds, 2)} s`);
    out(`   sign-in click → all documents pulled:       ${fmt(r.signInToFullySyncedSeconds, 2)} s  (${r.pullRequests.patients} patient + ${r.pullRequests.appointments} appointment pull requests)`);
    out(`   appointments on screen at that moment:      ${r.appointmentsOnScreenWhenSynced ?? 'n/a'} of ${r.appointmentsSeededInCurrentWeek} seeded in the current week`);
    out(`   sign-in click → current week fully shown:   ${fmt(r.signInToCurrentWeekCompleteSeconds, 2)} s`);
    out();
  } finally {
    await context?.close().catch(() => undefined);
  }
}

/**
 * In the page: from the next click (capture listener) until `expected` appointment cards are in the DOM, polled once per
 * animation frame. Plain JavaScript text, because tsx's compiled functions call a `__name` helper the page lacks.
 */
const RENDER_PROBE = `(expected) => {
  window.__benchRender = new Promise((resolve) => {
    let clickedAt = null;
    let frames = 0;
    const armedAt = performance.now();
    document.addEventListener('click', () => { clickedAt = performance.now(); }, { capture: true, once: true });
    function tick() {
      const count = document.querySelectorAll('[data-testid="appointment"]').length;
      if (clickedAt !== null) {
        frames += 1;
        if (count === expected) return resolve({ ms: performance.now() - clickedAt, frames });
      }
      if (performance.now() - armedAt > 120000) return resolve({ error: 'saw ' + count + ' appointments, expected ' + expected });
      requestAnimationFrame(tick);
    }
    requestAnimationFrame(tick);
  });
}`;

/** In the page: resolves with Date.now() when `expected` appointment cards are in the DOM (rAF polling). */
const SHOWN_PROBE = `(expected) => {
  window.__benchShown = new Promise((resolve) => {
    const armedAt = Date.now();
    function tick() {
      const count = document.querySelectorAll('[data-testid="appointment"]').length;
      if (count >= expected) return resolve(Date.now());
      if (Date.now() - armedAt > 30000) return resolve({ error: 'saw ' + count + ' appointments, expected ' + expected });
      requestAnimationFrame(tick);
    }
    requestAnimationFrame(tick);
  });
}`;

async function armRenderProbe(page: Page, expected: number): Promise<void> {
  await page.evaluate(`(${RENDER_PROBE})(${JSON.stringify(expected)})`);
}

async function readRenderProbe(page: Page): Promise<number> {
  const result = (await page.evaluate('window.__benchRender')) as { ms: number } | { error: string };
  if ('error' in result) throw new Error(`week render: ${result.error}`);
  return result.ms;
}

async function benchWeekRender(results: Results, browser: Browser, baseURL: string, pageErrors: string[]): Promise<void> {
  const client = new TestClient(baseURL);
  const { email } = await client.signUp('Анна Шевченко');
  const clinicId = await client.createClinic('Тиждень');
  const catalog = await readCatalog(client, clinicId);
  const updatedAt = new Date().toISOString();
  const extraDoctors = Array.from({ length: 8 - catalog.doctorIds.length }, (_, i) => ({ id: uuidv7(), clinicId, updatedAt, _deleted: false, kind: 'doctor', name: `Лікар ${i + 2}`, color: '#1e88e5' }));
  const extraChairs = Array.from({ length: 8 - catalog.chairIds.length }, (_, i) => ({ id: uuidv7(), clinicId, updatedAt, _deleted: false, kind: 'chair', name: `Крісло ${i + 3}`, status: 'active' }));
  await pushAll(client, clinicId, 'catalog', [...extraDoctors, ...extraChairs]);
  const doctorIds = [...catalog.doctorIds, ...extraDoctors.map((d) => d.id)];
  const chairIds = [...catalog.chairIds, ...extraChairs.map((c) => c.id)];
  const random = prng(3);
  const patients = makePatients(clinicId, 300, random);
  await pushAll(client, clinicId, 'patients', patients);

  // Next week, Mon–Sat: doctor k works in chair k; each (pair, day, hour) gets one 45-minute visit, so nothing clashes.
  const nextMonday = addLocalDays(currentWeek().monday, 7);
  const appointments = Array.from({ length: WEEK_APPOINTMENTS }, (_, i) => {
    const pair = i % doctorIds.length;
    const rest = Math.floor(i / doctorIds.length);
    const date = addLocalDays(nextMonday, rest % 6);
    const startMinute = OPEN_MINUTE + 60 * Math.floor(rest / 6);
    if (startMinute + 45 > CLOSE_MINUTE) throw new Error('too many appointments for one week');
    return appointmentDoc(clinicId, {
      patientId: patients[i % patients.length]!.id,
      doctorId: doctorIds[pair]!,
      chairId: chairIds[pair]!,
      start: instantAt(date, wallTimeOfMinutes(startMinute), TIME_ZONE),
      end: instantAt(date, wallTimeOfMinutes(startMinute + 45), TIME_ZONE),
      procedure: catalog.procedures[i % catalog.procedures.length]!,
      status: i % 3 === 0 ? 'confirmed' : 'scheduled',
    });
  });
  await pushAll(client, clinicId, 'appointments', appointments);
  log(`week render: seeded ${WEEK_APPOINTMENTS} appointments in the week of ${nextMonday} over ${doctorIds.length} doctors/chairs; signing in`);

  let context: BrowserContext | undefined;
  try {
    context = await newContext(browser, baseURL);
    const page = await context.newPage();
    collectPageErrors(page, pageErrors);
    const counter = new PullCounter(page);
    const synced = counter.until((d) => d.appointments >= WEEK_APPOINTMENTS && d.patients >= patients.length);
    const clickedAt = await signIn(page, email);
    await page.getByTestId('week-grid').waitFor({ state: 'visible', timeout: 60_000 });
    const syncedAt = await withTimeout(synced, 120_000, 'sync of the week clinic');

    const next = page.getByRole('button', { name: 'Следующая неделя' });
    const previous = page.getByRole('button', { name: 'Предыдущая неделя' });
    const backToEmptyWeek = async () => {
      await previous.click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="appointment"]').length === 0, undefined, { timeout: 60_000 });
      await page.waitForTimeout(500); // let the app settle before the next measurement
    };
    const measure = async () => {
      await armRenderProbe(page, WEEK_APPOINTMENTS);
      await next.click();
      return readRenderProbe(page);
    };

    // The first navigation may still wait for the local database to finish storing the pulled documents: reported apart.
    const firstNavigationMs = await measure();
    await backToEmptyWeek();
    const runs: number[] = [];
    for (let run = 0; run < RENDER_RUNS; run += 1) {
      runs.push(await measure());
      log(`week render: run ${run + 1}: ${runs[run]!.toFixed(1)} ms`);
      await backToEmptyWeek();
    }
    // Device-to-device: another device pushes a booking into the week on screen; time until this page shows it.
    const propagationMs: number[] = [];
    const monday = currentWeek().monday;
    for (let run = 0; run < PROPAGATION_RUNS; run += 1) {
      const start = instantAt(monday, wallTimeOfMinutes(OPEN_MINUTE + 60 * run), TIME_ZONE);
      const doc = appointmentDoc(clinicId, {
        patientId: patients[run]!.id,
        doctorId: doctorIds[0]!,
        chairId: chairIds[0]!,
        start,
        end: instantAt(monday, wallTimeOfMinutes(OPEN_MINUTE + 60 * run + 30), TIME_ZONE),
        procedure: catalog.procedures[0]!,
        status: 'scheduled',
      });
      await page.evaluate(`(${SHOWN_PROBE})(${run + 1})`);
      const pushedAt = Date.now();
      await pushAll(client, clinicId, 'appointments', [doc]);
      const shownAt = (await page.evaluate('window.__benchShown')) as number | { error: string };
      if (typeof shownAt !== 'number') throw new Error(`propagation: ${shownAt.error}`);
      propagationMs.push(shownAt - pushedAt);
    }
    results.propagation = { runs: PROPAGATION_RUNS, p50Ms: round(median(propagationMs), 0), maxMs: round(Math.max(...propagationMs), 0) };
    out(`4. Another device's booking → visible here (push → SSE → pull → render), ${PROPAGATION_RUNS} runs`);
    out(`   median ${fmt(results.propagation.p50Ms, 0)} ms, max ${fmt(results.propagation.maxMs, 0)} ms`);
    out();

    results.weekRender = {
      appointmentsInWeek: WEEK_APPOINTMENTS,
      signInToSyncedSeconds: round((syncedAt - clickedAt) / 1000, 2),
      firstNavigationMs: round(firstNavigationMs, 1),
      runsMs: runs.map((ms) => round(ms, 1)),
      medianMs: round(median(runs), 1),
      maxMs: round(Math.max(...runs), 1),
    };
    const r = results.weekRender;
    out(`3. Week view render, ${WEEK_APPOINTMENTS} appointments in view (click «Следующая неделя» → all cards in the DOM, rAF polling in the page)`);
    out(`   synced ${WEEK_APPOINTMENTS} appointments ${fmt(r.signInToSyncedSeconds, 2)} s after the sign-in click`);
    out(`   first navigation (not counted): ${fmt(r.firstNavigationMs)} ms`);
    out(`   runs: ${r.runsMs.map((ms) => fmt(ms)).join(', ')} ms`);
    out(`   median ${fmt(r.medianMs)} ms, max ${fmt(r.maxMs)} ms`);
    out();
  } finally {
    await context?.close().catch(() => undefined);
  }
}

async function benchBrowser(results: Results): Promise<void> {
  ensureClientBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-bench-'));
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const pageErrors: string[] = [];
  try {
    const port = await freePort();
    server = await startServer(loadConfig({}, { port, dataDir, publicUrl: `http://localhost:${port}`, clientDir: CLIENT_DIR, hostname: '127.0.0.1' }));
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
    for (const [part, run] of [
      ['initial sync', benchInitialSync],
      ['week render', benchWeekRender],
    ] as const) {
      try {
        await run(results, browser, server.url, pageErrors);
      } catch (error) {
        results.errors.push({ part, message: (error as Error).stack ?? String(error) });
        log(`${part} failed: ${(error as Error).message}`);
      }
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (pageErrors.length) {
      log(`${pageErrors.length} errors in the page; first ones:`);
      for (const error of pageErrors.slice(0, 5)) log(`  ${error}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Report

function printSummary(results: Results): void {
  const rows: [string, string][] = [];
  const a = results.api;
  if (a) {
    rows.push([`push ${PUSH_DOCS} appts, batch ${PUSH_BATCH} (docs/s)`, fmt(a.pushBatch100.docsPerSecond, 0)]);
    rows.push(['push latency p50 / p99 / max (ms)', `${fmt(a.pushBatch100.p50Ms)} / ${fmt(a.pushBatch100.p99Ms)} / ${fmt(a.pushBatch100.maxMs)}`]);
    rows.push(['pull limit 100 (docs/s)', fmt(a.pullLimit100.docsPerSecond, 0)]);
    rows.push(['pull limit 100 latency p50 / p99 (ms)', `${fmt(a.pullLimit100.p50Ms)} / ${fmt(a.pullLimit100.p99Ms)}`]);
    rows.push(['pull limit 1000 (docs/s)', fmt(a.pullLimit1000.docsPerSecond, 0)]);
    rows.push(['pull limit 1000 latency p50 / p99 (ms)', `${fmt(a.pullLimit1000.p50Ms)} / ${fmt(a.pullLimit1000.p99Ms)}`]);
  }
  const s = results.initialSync;
  if (s) {
    rows.push([`initial sync: sign-in → week grid (s)`, fmt(s.signInToWeekGridSeconds, 2)]);
    rows.push([`initial sync: sign-in → ${SEED_PATIENTS}+${SEED_APPOINTMENTS} docs pulled (s)`, fmt(s.signInToFullySyncedSeconds, 2)]);
    rows.push(['initial sync: appointments on screen then', `${s.appointmentsOnScreenWhenSynced ?? 'n/a'} / ${s.appointmentsSeededInCurrentWeek}`]);
    rows.push(['initial sync: sign-in → current week complete (s)', fmt(s.signInToCurrentWeekCompleteSeconds, 2)]);
  }
  const w = results.weekRender;
  if (w) rows.push([`week view, ${WEEK_APPOINTMENTS} appts: median / max (ms)`, `${fmt(w.medianMs)} / ${fmt(w.maxMs)}`]);
  const rep = results.reports;
  if (rep) rows.push([`report: year / month / year by doctor (ms)`, `${fmt(rep.yearMedianMs)} / ${fmt(rep.monthMedianMs)} / ${fmt(rep.filteredYearMedianMs)}`]);
  const p = results.propagation;
  if (p) rows.push(['other device booking → shown: median / max (ms)', `${fmt(p.p50Ms, 0)} / ${fmt(p.maxMs, 0)}`]);
  rows.push(['total run time (s)', fmt(results.totalSeconds, 1)]);

  const width = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const rule = `+-${'-'.repeat(width)}-+-${'-'.repeat(valueWidth)}-+`;
  out('Summary');
  out(rule);
  for (const [label, value] of rows) out(`| ${label.padEnd(width)} | ${value.padStart(valueWidth)} |`);
  out(rule);
  if (results.errors.length) {
    out();
    out(`Problems (${results.errors.length}):`);
    for (const error of results.errors) out(`  - [${error.part}] ${error.message.split('\n')[0]}`);
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  const cpus = os.cpus();
  const results: Results = {
    startedAt: new Date().toISOString(),
    machine: { cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform} ${os.release()}` },
    errors: [],
  };
  out(`Kabinet benchmarks — ${results.startedAt}, ${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}`);
  out();
  try {
    await benchApi(results);
  } catch (error) {
    results.errors.push({ part: 'sync API', message: (error as Error).stack ?? String(error) });
    log(`sync API failed: ${(error as Error).message}`);
  }
  try {
    const r = benchReports();
    results.reports = r;
    out(`5. Report generation, one year of a 10-chair clinic (${r.appointments} appointments, ${r.patients} patients, ${r.ledgerEntries} ledger entries), median of 7`);
    out(`   whole year ${fmt(r.yearMedianMs)} ms · one month ${fmt(r.monthMedianMs)} ms · year filtered by one doctor ${fmt(r.filteredYearMedianMs)} ms`);
    out();
  } catch (error) {
    results.errors.push({ part: 'reports', message: (error as Error).stack ?? String(error) });
  }
  try {
    await benchBrowser(results);
  } catch (error) {
    results.errors.push({ part: 'browser', message: (error as Error).stack ?? String(error) });
    log(`browser benchmarks failed: ${(error as Error).message}`);
  }
  results.totalSeconds = round((performance.now() - started) / 1000, 1);
  printSummary(results);
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  out();
  out(`Numbers saved to bench/results.json`);
  return results.errors.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

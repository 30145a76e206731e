/**
 * Test-only network between simulated devices and the REAL Kabinet server (started by the server's test harness on
 * loopback): per-device cookie sessions, and a per-device `fetch` that injects the faults a clinic's Wi-Fi produces.
 *
 * Faults (chosen by the property test, consumed in order of the device's requests):
 * - offline: while the device is offline every request fails at once and never reaches the server;
 * - drop: the request fails without reaching the server;
 * - lostResponse: the request reaches the server and is fully processed, the device gets a network error;
 * - duplicate: the request is sent twice (the copies may overlap), the device gets one of the two answers;
 * - delay: the request waits before it is sent and its answer waits before it is delivered, so concurrent requests
 *   (pull vs push, one collection vs another, one device vs another) overtake each other;
 * - crash: the request is sent and the server is closed and started again on the same data dir while it is in
 *   flight (it may commit or not; its answer may arrive or not). The server's port changes on every restart, so the
 *   base URL is read per request.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeDoc, trace, traceOn } from './trace.js';
import { startTestServer, type TestServer } from '../../../../server/src/testing/harness.js';

export type Fault =
  | { kind: 'none' }
  | { kind: 'drop'; ms: number }
  | { kind: 'lostResponse' }
  | { kind: 'duplicate'; gapMs: number; deliverSecond: boolean }
  | { kind: 'delay'; beforeMs: number; afterMs: number }
  | { kind: 'crash'; afterMs: number };

export type FaultCount = Record<'offline' | 'drop' | 'lostResponse' | 'duplicate' | 'delay' | 'crash' | 'restart', number>;

export const emptyFaultCount = (): FaultCount => ({ offline: 0, drop: 0, lostResponse: 0, duplicate: 0, delay: 0, crash: 0, restart: 0 });

/** A browser-like cookie jar for one session. */
export class CookieJar {
  private cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  update(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      this.cookies.set(name!.trim(), value.join('='));
    }
  }
}

interface Answer {
  status: number;
  body: string;
}

/** The real server (restartable over the same data dir) and fault-free HTTP for the test itself. */
export class SimNetwork {
  /** Faults injected, by kind, since the network was created. */
  readonly faults = emptyFaultCount();
  /** Non-2xx answers the server gave to sync requests (none are expected). */
  readonly httpErrors: string[] = [];
  /** Restarts still allowed (the test sets a budget per schedule to bound its time). */
  restartBudget = 0;
  private restarting: Promise<void> | null = null;
  private lastRestartAt = 0;
  private inflight = new Set<Promise<unknown>>();
  private changeListeners = new Set<(collection: string) => void>();

  private constructor(private server: TestServer) {}

  /**
   * Starts the server. Its data dir goes to a tmpfs when there is one: the server commits with `synchronous=FULL`,
   * and fsyncs to a real disk would dominate the run time without being what this test is about.
   */
  static async start(): Promise<SimNetwork> {
    const tmpfs = '/dev/shm';
    const dataDir = fs.existsSync(tmpfs) ? fs.mkdtempSync(path.join(tmpfs, 'kabinet-convergence-')) : undefined;
    return new SimNetwork(await startTestServer({ dataDir }));
  }

  /** The current base URL (changes on restart). */
  get url(): string {
    return this.server.url;
  }

  /**
   * Closes the server and starts it again on the same data dir; concurrent calls share one restart.
   * Returns false (and does nothing) when the budget is spent.
   */
  restart(): boolean {
    if (!this.restarting) {
      if (this.restartBudget <= 0) return false;
      this.restartBudget--;
      this.faults.restart++;
      this.restarting = (async () => {
        const dataDir = this.server.dataDir;
        await this.server.close();
        this.server = await startTestServer({ dataDir });
      })().finally(() => {
        this.restarting = null;
        this.lastRestartAt = Date.now();
      });
      void this.track(this.restarting);
    }
    return true;
  }

  /** Whether a restart is under way or ended less than `ms` ago. */
  restartedWithin(ms: number): boolean {
    return this.restarting !== null || Date.now() - this.lastRestartAt < ms;
  }

  /** Resolves when no restart is under way. */
  async restarted(): Promise<void> {
    while (this.restarting) await this.restarting;
  }

  /** Calls `listener` with the collection after the server stored a push (what the SSE `change` event does in the app). */
  onChange(listener: (collection: string) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Waits until no request of any device and no restart is in flight. */
  async drain(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  track<T>(promise: Promise<T>): Promise<T> {
    this.inflight.add(promise);
    void promise.then(
      () => this.inflight.delete(promise),
      () => this.inflight.delete(promise),
    );
    return promise;
  }

  /** One real HTTP exchange with the server as a browser would make it (Origin, cookies). */
  async send(jar: CookieJar, path: string, init: { method?: string; headers?: Record<string, string>; body?: string | null }): Promise<Answer> {
    const base = this.url;
    const response = await fetch(base + path, {
      method: init.method ?? 'GET',
      headers: { ...init.headers, origin: base, ...(jar.header() ? { cookie: jar.header() } : {}) },
      body: init.body ?? undefined,
    });
    jar.update(response);
    const body = await response.text();
    if (response.status >= 400 && path.includes('/sync/')) this.httpErrors.push(`${init.method} ${path} → ${response.status} ${body.slice(0, 300)}`);
    // Like the server's change hub: a push that stored something tells every device which collection changed.
    const pushed = /\/sync\/([a-z]+)\/push$/.exec(path)?.[1];
    if (pushed && response.status === 200 && (JSON.parse(body) as unknown[]).length < (JSON.parse(init.body ?? '[]') as unknown[]).length) {
      setTimeout(() => this.changeListeners.forEach((listener) => listener(pushed)), 0);
    }
    return { status: response.status, body };
  }

  /** Fault-free JSON request for the test itself. */
  async json<T = any>(jar: CookieJar, method: string, path: string, body?: unknown, expectedStatus = 200): Promise<T> {
    const answer = await this.send(jar, path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (answer.status !== expectedStatus) throw new Error(`${method} ${path} → ${answer.status} ${answer.body}`);
    return JSON.parse(answer.body) as T;
  }

  async dispose(): Promise<void> {
    await this.drain();
    await this.server.dispose();
  }
}

const NO_FAULT: Fault = { kind: 'none' };
const networkError = (why: string) => new TypeError(`fetch failed: ${why}`);
const toResponse = (answer: Answer) => new Response(answer.body, { status: answer.status, headers: { 'content-type': 'application/json' } });

/** One simulated device's connection: its session and its faults. */
export class DeviceLink {
  online = true;
  /** Faults are injected only while this is true (off while the test sets up and drives to quiescence). */
  faultsOn = false;
  private next = 0;

  constructor(
    private readonly net: SimNetwork,
    private readonly jar: CookieJar,
    private plan: readonly Fault[],
  ) {}

  /** A transport for `startClinicSync`: the base URL is resolved per request (the server's port changes on restart). */
  readonly transport = {
    baseUrl: '',
    fetch: ((input: RequestInfo | URL, init?: RequestInit) => this.net.track(this.fetch(String(input), init ?? {}))) as typeof fetch,
  };

  /** Uses a new fault plan (the device slot is reused by the next schedule). */
  reset(plan: readonly Fault[]): void {
    this.plan = plan;
    this.requests = 0;
    this.next = 0;
    this.online = true;
    this.faultsOn = false;
  }

  private count(kind: keyof FaultCount): void {
    this.net.faults[kind]++;
  }

  /** Requests this device's replication made (for diagnostics: a stuck or looping replication). */
  requests = 0;
  /** The device's name in the sync trace (testing/trace.ts). */
  label = '';

  private async fetch(path: string, init: RequestInit): Promise<Response> {
    if (!traceOn) return this.exchange(path, init);
    const n = this.requests + 1;
    const [, collection = '?', kind = path] = /sync\/([a-z]+)\/(push|pull)/.exec(path) ?? [];
    const body = JSON.parse(String(init.body ?? 'null')) as any;
    const fault = this.faultsOn && this.plan.length > 0 ? this.plan[this.next % this.plan.length] : undefined;
    const sent = kind === 'push' ? (body as any[]).map((row) => `${describeDoc(row.newDocumentState)} over ${describeDoc(row.assumedMasterState)}`).join(', ') : JSON.stringify(body?.checkpoint);
    trace(`${this.label} #${n} ${collection} ${kind} → ${sent}${this.online ? '' : ' (offline)'}${fault && fault.kind !== 'none' ? ` fault ${JSON.stringify(fault)}` : ''}`);
    try {
      const response = await this.exchange(path, init);
      const answer = JSON.parse(await response.clone().text()) as any;
      const got = kind === 'push' ? `conflicts: ${(answer as any[]).map(describeDoc).join(', ')}` : `${(answer.documents ?? []).map(describeDoc).join(', ')} checkpoint ${JSON.stringify(answer.checkpoint)}`;
      trace(`${this.label} #${n} ${collection} ${kind} ← ${response.status} ${got}`);
      return response;
    } catch (error) {
      trace(`${this.label} #${n} ${collection} ${kind} ← ${String(error)}`);
      throw error;
    }
  }

  private async exchange(path: string, init: RequestInit): Promise<Response> {
    this.requests++;
    const request = { method: init.method, headers: init.headers as Record<string, string>, body: init.body as string };
    if (!this.online) {
      this.count('offline');
      await sleep(1);
      throw networkError('device offline');
    }
    const fault = this.faultsOn && this.plan.length > 0 ? this.plan[this.next++ % this.plan.length]! : NO_FAULT;
    const send = () => this.net.send(this.jar, path, request);
    switch (fault.kind) {
      case 'none':
        return toResponse(await send());
      case 'drop':
        this.count('drop');
        await sleep(fault.ms);
        throw networkError('request dropped');
      case 'lostResponse':
        this.count('lostResponse');
        await send().catch(() => undefined);
        throw networkError('response lost');
      case 'duplicate': {
        this.count('duplicate');
        const first = send();
        first.catch(() => undefined); // settled below; not an unhandled rejection meanwhile
        await sleep(fault.gapMs);
        const second = send();
        const [a, b] = await Promise.allSettled([first, second]);
        const chosen = fault.deliverSecond ? b : a;
        if (chosen.status === 'rejected') throw chosen.reason;
        return toResponse(chosen.value);
      }
      case 'delay': {
        this.count('delay');
        await sleep(fault.beforeMs);
        const answer = await send();
        await sleep(fault.afterMs);
        return toResponse(answer);
      }
      case 'crash': {
        const answer = send();
        answer.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
        await sleep(fault.afterMs);
        if (this.net.restart()) this.count('crash');
        return toResponse(await answer);
      }
    }
  }
}

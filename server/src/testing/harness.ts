/**
 * Test harness: a real Kabinet server on loopback with a temporary SQLite data dir, and an HTTP client
 * that behaves like a browser (cookie jar, Origin header). No mocks of our own code.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig, type ServerConfig } from '../config.js';
import { startServer, type RunningServer } from '../server.js';

export interface TestServer extends RunningServer {
  dataDir: string;
  /** Stops the server and deletes its data dir. */
  dispose(): Promise<void>;
}

/** A free TCP port on loopback (better-auth needs the public origin before the server listens). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** Starts a server on a free port with a new temporary data dir (or `dataDir`, to restart over the same data). */
export async function startTestServer(
  options: { dataDir?: string; heartbeatMs?: number; rateLimits?: ServerConfig['rateLimits']; sessionAbsoluteMs?: number } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-test-'));
  const port = await freePort();
  const server = await startServer(
    loadConfig({}, { port, dataDir, publicUrl: `http://localhost:${port}`, clientDir: null, hostname: '127.0.0.1', heartbeatMs: options.heartbeatMs ?? 25_000,
      // Many people sign up from one address in tests; the limits have their own test.
      rateLimits: options.rateLimits ?? null,
      backupIntervalMs: 0,
      ...(options.sessionAbsoluteMs ? { sessionAbsoluteMs: options.sessionAbsoluteMs } : {}),
    }),
  );
  return {
    ...server,
    dataDir,
    async dispose() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An HTTP client with one person's session: cookies kept, `Origin` sent like a browser does. */
export class TestClient {
  private cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async request(method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(this.baseUrl + urlPath, {
      method,
      headers: {
        origin: this.baseUrl,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      this.cookies.set(name!.trim(), value.join('='));
    }
    return response;
  }

  async json<T = any>(method: string, urlPath: string, body?: unknown, expectedStatus = 200): Promise<T> {
    const response = await this.request(method, urlPath, body);
    const text = await response.text();
    if (response.status !== expectedStatus) throw new Error(`${method} ${urlPath} → ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** Signs up a new person (signed in afterwards). */
  async signUp(name = 'Test Doctor', email = `user-${uuidv7()}@example.com`, password = 'correct horse battery'): Promise<{ email: string }> {
    await this.json('POST', '/api/auth/sign-up/email', { name, email, password });
    return { email };
  }

  /** Creates a clinic owned by this person; returns its id. */
  async createClinic(name = 'Smile', extra: Record<string, string> = {}): Promise<string> {
    const { clinic } = await this.json<{ clinic: { id: string } }>('POST', '/api/clinics', { name, timeZone: 'Europe/Kyiv', currency: 'UAH', locale: 'uk', ...extra }, 201);
    return clinic.id;
  }
}

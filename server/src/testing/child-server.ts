/**
 * A real Kabinet server run as a child process (`tsx server/src/main.ts`), for tests that must kill it the way a
 * crash or power cut would: SIGKILL, no shutdown code runs. The harness's in-process server cannot be killed.
 *
 * `tsx` runs the script in a second node process of its own, so the server is a grandchild: it is spawned in a new
 * process group and signals go to the whole group, or SIGKILL would leave the real server running as an orphan.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pidFile } from '../db/backup.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const TSX = path.join(REPO_ROOT, 'node_modules/.bin/tsx');

export interface ChildServer {
  /** `http://localhost:PORT`, the server's PUBLIC_URL (the Origin its API accepts). */
  url: string;
  /** The tsx launcher. */
  child: ChildProcess;
  /** The process that actually serves (tsx's child), read from `DATA_DIR/server.pid`. */
  serverPid: number;
  /** The last lines the server printed (stdout and stderr), for failure messages. */
  output(): string;
  /**
   * SIGKILL: kills the whole process group at once (a crash). SIGTERM: asks tsx, which relays it to the server
   * (a clean shutdown). Resolves once the serving process is gone.
   */
  stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
}

/** Whether `pid` is a live process (a zombie, dead but not yet reaped, counts as gone). */
export function isProcessAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 3, after the parenthesised command name, is the state.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    if (process.platform === 'linux') return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Starts `tsx server/src/main.ts` on `port` over `dataDir` and resolves once it answers `GET /api/me` with 401.
 * @throws Error with the server's output if it exits or is not ready within `timeoutMs`.
 */
export async function spawnServer(options: { port: number; dataDir: string; env?: Record<string, string>; timeoutMs?: number }): Promise<ChildServer> {
  const { port, dataDir } = options;
  const url = `http://localhost:${port}`;
  const child = spawn(TSX, ['server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      BACKUP_INTERVAL_HOURS: '0',
      ...options.env,
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exit.then(() => (exited = true));

  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // The group is already gone.
    }
  };

  try {
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    for (;;) {
      if (exited) throw new Error(`The server exited before it was ready (code ${child.exitCode}, signal ${child.signalCode})`);
      if (Date.now() > deadline) throw new Error(`The server was not ready within ${options.timeoutMs ?? 30_000} ms`);
      const status = await fetch(`${url}/api/me`).then(
        (r) => r.body?.cancel().then(() => r.status) ?? r.status,
        () => 0,
      );
      // 401 proves the app is up; the pid line is printed right after the pid file is written.
      if (status === 401 && output.includes('Kabinet is running at')) break;
      if (status !== 0 && status !== 401) throw new Error(`GET /api/me without a session answered ${status}, expected 401`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } catch (error) {
    killGroup('SIGKILL');
    await exit;
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output}`, { cause: error });
  }

  const serverPid = Number(fs.readFileSync(pidFile(dataDir), 'utf8'));
  return {
    url,
    child,
    serverPid,
    output: () => output,
    async stop(signal) {
      if (signal === 'SIGKILL') killGroup('SIGKILL');
      else child.kill('SIGTERM');
      await exit;
      // The launcher's exit says nothing about the grandchild: wait until the serving process is gone too.
      await waitUntil(() => !isProcessAlive(serverPid), 10_000, `server process ${serverPid} to exit`);
    },
  };
}

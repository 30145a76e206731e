/** Starts Kabinet's server: open and migrate the database, build the app, listen. Used by main.ts and the tests. */
import { serve, type ServerType } from '@hono/node-server';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { backupDatabase, pidFile } from './db/backup.js';
import { createApp } from './app.js';
import { createAuth } from './auth/auth.js';
import type { ServerConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { ChangeHub } from './sync/change-hub.js';
import { createMailer } from './mail/mailer.js';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Opens the database in `config.dataDir`, migrates it and listens on `config.port` (loopback and LAN). */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const database = openDatabase(config.dataDir);
  const mailer = createMailer({ smtpUrl: config.smtpUrl, dataDir: config.dataDir });
  const deps = { db: database.db, auth: createAuth(database.db, config, mailer), hub: new ChangeHub(), mailer, config };
  const app = createApp(deps);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.hostname }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  fs.writeFileSync(pidFile(config.dataDir), String(process.pid));
  const backupTimer =
    config.backupIntervalMs > 0
      ? setInterval(() => {
          backupDatabase(config.dataDir, { keep: config.backupKeep, source: database.sqlite })
            .then((file) => console.log(`Automatic backup written: ${file}`))
            .catch((error: unknown) => console.error('Automatic backup failed', error));
        }, config.backupIntervalMs)
      : undefined;
  backupTimer?.unref();
  return {
    url: `http://localhost:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        clearInterval(backupTimer);
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => {
          database.close();
          fs.rmSync(pidFile(config.dataDir), { force: true });
          resolve();
        });
      }),
  };
}

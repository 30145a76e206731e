/** Hono's typed context for Kabinet: the dependencies every feature receives and what middlewares put on `c.var`. */
import type { ClinicRole } from '../../shared/src/auth/permissions.js';
import type { Auth } from './auth/auth.js';
import type { ServerConfig } from './config.js';
import type { Db } from './db/client.js';
import type { Mailer } from './mail/mailer.js';
import type { ChangeHub } from './sync/change-hub.js';

export type { ClinicRole };

export interface Deps {
  db: Db;
  auth: Auth;
  hub: ChangeHub;
  mailer: Mailer;
  config: ServerConfig;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export interface AppEnv {
  Variables: {
    user: SessionUser | null;
    member: { clinicId: string; userId: string; role: ClinicRole };
  };
}

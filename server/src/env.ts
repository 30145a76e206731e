/** Hono's typed context for Kabinet: the dependencies every feature receives and what middlewares put on `c.var`. */
import type { Auth } from './auth/auth.js';
import type { ServerConfig } from './config.js';
import type { Db } from './db/client.js';
import type { ChangeHub } from './sync/change-hub.js';

export type ClinicRole = 'owner' | 'admin' | 'doctor' | 'receptionist' | 'marketer';

export interface Deps {
  db: Db;
  auth: Auth;
  hub: ChangeHub;
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
    member: { clinicId: string; role: ClinicRole };
  };
}

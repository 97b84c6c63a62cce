import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { Database, Engine } from './db/database.js';
import type { FileStorage } from './files/storage.js';
import type { Clock } from './shared/clock.js';

/** What every request can reach: the database, configuration and services. */
export interface Deps {
  db: Kysely<Database>;
  engine: Engine;
  config: Config;
  clock: Clock;
  files: FileStorage;
}

/** The signed-in caller. */
export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  mainDepartmentId: string | null;
  departmentIds: string[];
  /** How the caller authenticated: a cookie session needs CSRF checks, a bearer token does not. */
  via: 'session' | 'token';
  sessionId?: string;
  /**
   * With an API token: what it is limited to (`appId`: that app only; `readOnly`: GET and HEAD
   * only). `ownerIsAdmin`: an admin's app-scoped token, which has every right on that app only.
   */
  token?: { id: string; readOnly: boolean; appId: string | null; ownerIsAdmin: boolean };
}

export interface AppEnv {
  Variables: {
    deps: Deps;
    user: CurrentUser;
    requestId: string;
  };
}

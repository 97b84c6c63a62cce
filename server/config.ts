import path from 'node:path';

/** Server configuration, read from the environment (see README "Configuration"). */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  adminEmail?: string;
  adminPassword?: string;
  maxBodyBytes: number;
  maxUploadBytes: number;
  timeZone: string;
  /** Mark cookies Secure (on by default unless serving plain http on localhost). */
  secureCookies: boolean;
  sessionDays: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.TESSERA_DATA_DIR ?? './data');
  const host = env.HOST ?? '127.0.0.1';
  return {
    port: Number(env.PORT ?? 3000),
    host,
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    adminEmail: env.TESSERA_ADMIN_EMAIL,
    adminPassword: env.TESSERA_ADMIN_PASSWORD,
    maxBodyBytes: Number(env.TESSERA_MAX_BODY_MB ?? 10) * 1024 * 1024,
    maxUploadBytes: Number(env.TESSERA_MAX_UPLOAD_MB ?? 20) * 1024 * 1024,
    timeZone: env.TESSERA_TIMEZONE ?? 'Asia/Shanghai',
    secureCookies: env.TESSERA_SECURE_COOKIES ? env.TESSERA_SECURE_COOKIES === 'true' : false,
    sessionDays: Number(env.TESSERA_SESSION_DAYS ?? 14),
  };
}

/** Defaults for tests and embedded use. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), ...overrides };
}

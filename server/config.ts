import { type ScryptCost, owaspScrypt } from './auth/password.js';
import { type TrustProxy, parseTrustProxy } from './auth/trust-proxy.js';
import path from 'node:path';
import { allowListEntries } from './net/allow-list.js';

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
  /** Which proxies may tell the client's address in `X-Forwarded-For` (none by default). */
  trustProxy: TrustProxy;
  /** The scrypt cost new password hashes get; older hashes are redone at the next sign-in. */
  scrypt: ScryptCost;
  /** Where notification e-mails go out; unset: in-app inbox only (nothing is queued). */
  smtp?: SmtpConfig;
  /** The address users open Tessera at, for links in e-mails (`https://crm.example.com`). */
  publicUrl: string;
  /**
   * Host names, IPs and networks outbound webhooks may reach although they are inside (loopback,
   * private, link-local …): `TESSERA_WEBHOOK_ALLOW=127.0.0.1,crm.internal.example,10.0.0.0/8`.
   */
  webhookAllow: string[];
  /** Where backup archives go (`<dataDir>/backups`). */
  backupDir: string;
  /** When scheduled backups run (cron, in `timeZone`); empty: never. */
  backupCron: string;
  /** How many daily, weekly and monthly backups retention keeps. */
  backupKeep: { daily: number; weekly: number; monthly: number };
}

/**
 * An SMTP server: either a connection URL (`smtp://user:pass@host:587`, `smtps://…:465`) or
 * host, port, user, password and `secure` (TLS from the start, port 465) separately.
 */
export interface SmtpConfig {
  url?: string;
  host?: string;
  port?: number;
  secure?: boolean;
  user?: string;
  pass?: string;
  /** The sender, `Tessera <crm@example.com>`. */
  from: string;
}

function smtpFrom(env: NodeJS.ProcessEnv): SmtpConfig | undefined {
  const url = env.TESSERA_SMTP_URL || undefined;
  const host = env.TESSERA_SMTP_HOST || undefined;
  if (!url && !host) return undefined;
  const secure = env.TESSERA_SMTP_SECURE ? env.TESSERA_SMTP_SECURE === 'true' : undefined;
  return {
    url,
    host,
    port: env.TESSERA_SMTP_PORT ? Number(env.TESSERA_SMTP_PORT) : secure ? 465 : 587,
    secure,
    user: env.TESSERA_SMTP_USER || undefined,
    pass: env.TESSERA_SMTP_PASS || undefined,
    from: env.TESSERA_SMTP_FROM || 'Tessera <tessera@localhost>',
  };
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
    trustProxy: parseTrustProxy(env.TESSERA_TRUST_PROXY),
    scrypt: owaspScrypt,
    smtp: smtpFrom(env),
    webhookAllow: allowListEntries(env.TESSERA_WEBHOOK_ALLOW),
    publicUrl: (env.TESSERA_PUBLIC_URL || `http://${host}:${env.PORT ?? 3000}`).replace(/\/+$/, ''),
    backupDir: path.resolve(env.TESSERA_BACKUP_DIR || path.join(dataDir, 'backups')),
    backupCron: env.TESSERA_BACKUP_CRON === 'off' ? '' : env.TESSERA_BACKUP_CRON || '0 3 * * *',
    backupKeep: {
      daily: Number(env.TESSERA_BACKUP_KEEP_DAILY ?? 7),
      weekly: Number(env.TESSERA_BACKUP_KEEP_WEEKLY ?? 4),
      monthly: Number(env.TESSERA_BACKUP_KEEP_MONTHLY ?? 12),
    },
  };
}

/**
 * Defaults for tests and embedded use. Password hashes are cheap here (scrypt N=2^10): the suite
 * creates and signs in hundreds of users, and the cost is a setting, not a behaviour under test.
 */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const config = { ...loadConfig({}), scrypt: { logN: 10, r: 8, p: 1 }, ...overrides };
  // Backups of a test's data go beside it, unless a test says otherwise.
  if (!overrides.backupDir) config.backupDir = path.join(config.dataDir, 'backups');
  return config;
}

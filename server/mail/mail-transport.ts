import { createTransport } from 'nodemailer';
import type { SmtpConfig } from '../config.js';

/** What the mail loop needs of a transport: nodemailer's `sendMail` and `close`. */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html: string;
  }): Promise<unknown>;
  close(): void;
}

/**
 * A nodemailer SMTP transport for the configured server. Timeouts are short enough that one slow
 * server cannot outlast the lease the loop holds on a batch of mails.
 */
export function mailTransport(smtp: SmtpConfig): MailTransport {
  const timeouts = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };
  if (smtp.url) return createTransport({ url: smtp.url, ...timeouts });
  return createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure ?? smtp.port === 465,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
    ...timeouts,
  });
}

/**
 * Whether an SMTP error will not go away by trying again: the server refused the recipient or the
 * sender for good (a 5xx answer to the envelope). Everything else (connection refused, timeouts,
 * 4xx "try later", authentication while the server is being fixed) is retried.
 */
export function isPermanentMailError(e: unknown): boolean {
  const err = e as { code?: string; responseCode?: number };
  return err?.code === 'EENVELOPE' && typeof err.responseCode === 'number' && err.responseCode >= 500;
}

import type { Config } from '../config.js';
import type { Deps } from '../context.js';
import { iso } from '../shared/clock.js';
import { composeMail } from './mail-message.js';
import { claimMail, failMail, finishMail, pruneFailedMail } from './mail-queue.repository.js';
import { isPermanentMailError, type MailTransport, mailTransport } from './mail-transport.js';

export interface MailerOptions {
  /** Delay before the first retry (then ×4 each time, at most 6 hours); default 1 minute. */
  retryBaseMs?: number;
  /** Attempts before a mail is given up; default 8 (about a day of retries). */
  maxAttempts?: number;
  /** How long a claimed mail is ours before another process may take it; default 10 minutes. */
  leaseMs?: number;
  /** Mails claimed at a time; default 10. */
  batch?: number;
  /** Poll interval of `startMailer`; default 5 s (TESSERA_MAIL_INTERVAL_MS). */
  intervalMs?: number;
}

const resolve = (o: MailerOptions) => ({
  retryBaseMs: o.retryBaseMs ?? 60_000,
  maxAttempts: o.maxAttempts ?? 8,
  leaseMs: o.leaseMs ?? 10 * 60_000,
  batch: o.batch ?? 10,
  intervalMs: o.intervalMs ?? Number(process.env.TESSERA_MAIL_INTERVAL_MS ?? 5000),
});

/** The wait before attempt `attempts + 1`: base, ×4, ×16, … capped at 6 hours. */
export const mailBackoffMs = (attempts: number, baseMs: number) =>
  Math.min(baseMs * 4 ** Math.max(0, attempts - 1), 6 * 3_600_000);

// When each database handle last pruned mails that failed for good (hourly is enough).
const lastPrune = new WeakMap<object, number>();

/**
 * One pass of the mail loop: claims due mails and sends each through `transport`; a sent mail
 * leaves the queue, a failed one is due again after a backoff or, after `maxAttempts` or a
 * permanent refusal, kept as failed with its error for 30 days. Safe to run in several processes
 * at once (each mail is leased to one). Tests call it instead of waiting for the timer.
 */
export async function sendPendingMail(
  deps: Pick<Deps, 'db' | 'engine' | 'clock'> & { config: Pick<Config, 'smtp' | 'publicUrl'> },
  transport: MailTransport,
  options: MailerOptions = {},
): Promise<{ sent: number; retried: number; failed: number; dropped: number }> {
  const o = resolve(options);
  const out = { sent: 0, retried: 0, failed: 0, dropped: 0 };
  const smtp = deps.config.smtp;
  if (!smtp) return out;
  const started = deps.clock.now().getTime();
  if (started - (lastPrune.get(deps.db) ?? -Infinity) >= 3_600_000) {
    lastPrune.set(deps.db, started);
    await pruneFailedMail(deps.db, iso(new Date(started - 30 * 86_400_000)));
  }
  for (let round = 0; round < 20; round++) {
    const now = deps.clock.now();
    const until = iso(new Date(now.getTime() + o.leaseMs));
    const mails = await claimMail(deps.db, deps.engine, iso(now), until, o.batch);
    if (!mails.length) break;
    for (const m of mails) {
      if (!m.wanted || !m.email) {
        await finishMail(deps.db, m.id, until);
        out.dropped++;
        continue;
      }
      const message = composeMail(m, deps.config.publicUrl);
      try {
        await transport.sendMail({ from: smtp.from, to: m.email, ...message });
        await finishMail(deps.db, m.id, until);
        out.sent++;
      } catch (e) {
        const attempts = m.attempts + 1;
        const giveUp = isPermanentMailError(e) || attempts >= o.maxAttempts;
        const t = deps.clock.now();
        await failMail(
          deps.db,
          m.id,
          until,
          attempts,
          e instanceof Error ? e.message : String(e),
          giveUp ? null : iso(new Date(t.getTime() + mailBackoffMs(attempts, o.retryBaseMs))),
          iso(t),
        );
        if (giveUp) out.failed++;
        else out.retried++;
      }
    }
  }
  return out;
}

/** The running mail loop: `stop()` waits for the pass in flight and closes the SMTP transport. */
export interface Mailer {
  stop(): Promise<void>;
}

/**
 * Sends queued notification e-mails every `intervalMs` until stopped; does nothing when SMTP is
 * not configured (then nothing is queued either).
 */
export function startMailer(deps: Deps, options: MailerOptions = {}): Mailer {
  const smtp = deps.config.smtp;
  if (!smtp) return { stop: async () => {} };
  const o = resolve(options);
  const transport = mailTransport(smtp);
  let current: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (stopped || current) return;
    current = sendPendingMail(deps, transport, options)
      .catch((err) => console.error('[mail] pass failed:', err))
      .finally(() => (current = null));
  };
  const timer = setInterval(tick, o.intervalMs);
  timer.unref?.();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
      transport.close();
    },
  };
}

import type { Logger } from 'pino';
import type { MailDoc, MailModel } from './mail-model';
import type { MailTransport } from './transport';

export interface MailTiming {
  /** How often an idle worker looks for due mail. */
  pollMs: number;
  /** The first retry's delay; each further one doubles it, up to an hour. */
  retryBaseMs: number;
  /** Tries before a mail is given up (`failed`). */
  maxAttempts: number;
  /** How long a claim holds: a worker that dies mid-send leaves the mail to another after this. */
  leaseMs: number;
}

export const DEFAULT_MAIL_TIMING: MailTiming = {
  pollMs: 1000,
  retryBaseMs: 30_000,
  maxAttempts: 8,
  leaseMs: 5 * 60_000,
};
const MAX_RETRY_DELAY_MS = 3600_000;

export interface MailWorker {
  start(): void;
  /** Stops looking for mail and waits for the send in progress. */
  stop(): Promise<void>;
}

interface WorkerDeps {
  Mail: MailModel;
  transport: MailTransport;
  logger: Logger;
  now: () => Date;
  timing?: Partial<MailTiming>;
}

/**
 * One per instance. It claims one due mail at a time with a single atomic findOneAndUpdate, so two
 * instances never send the same mail; a failed send is retried with a doubling delay. Delivery is at
 * least once: an instance that dies after the SMTP server took a mail but before marking it sent leaves
 * it to be sent again when its claim lapses.
 */
export function createMailWorker(deps: WorkerDeps): MailWorker {
  const timing = { ...DEFAULT_MAIL_TIMING, ...deps.timing };
  const { Mail, logger } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  const claim = async (): Promise<MailDoc | null> => {
    const now = deps.now();
    return Mail.findOneAndUpdate(
      { status: { $in: ['pending', 'sending'] }, nextAttemptAt: { $lte: now } },
      { $set: { status: 'sending', nextAttemptAt: new Date(now.getTime() + timing.leaseMs) }, $inc: { attempts: 1 } },
      { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
    ).lean<MailDoc>();
  };

  const deliver = async (mail: MailDoc) => {
    const mine = { _id: mail._id, status: 'sending' as const, attempts: mail.attempts };
    try {
      await deps.transport.send({ ...mail, headers: (mail.headers ?? {}) as Record<string, string> });
    } catch (err) {
      const lastError = err instanceof Error ? err.message : String(err);
      const giveUp = mail.attempts >= timing.maxAttempts;
      const delay = Math.min(timing.retryBaseMs * 2 ** (mail.attempts - 1), MAX_RETRY_DELAY_MS);
      const now = deps.now();
      logger.warn(
        { mailId: String(mail._id), kind: mail.kind, attempts: mail.attempts, err: lastError },
        'mail not sent',
      );
      await Mail.updateOne(
        mine,
        giveUp
          ? { $set: { status: 'failed', lastError, finishedAt: now, text: '', html: '' } }
          : { $set: { status: 'pending', lastError, nextAttemptAt: new Date(now.getTime() + delay) } },
      );
      return;
    }
    // The text is dropped once sent: a reset link must not outlive its mail in the store.
    await Mail.updateOne(mine, { $set: { status: 'sent', finishedAt: deps.now(), text: '', html: '' } });
    logger.info({ mailId: String(mail._id), kind: mail.kind }, 'mail sent');
  };

  const drain = async () => {
    try {
      while (!stopped) {
        const mail = await claim();
        if (!mail) return;
        await deliver(mail);
      }
    } catch (err) {
      // The store is away: the mail stays where it is, and the next round tries again.
      logger.warn({ err }, 'mail worker: store error');
    }
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = drain().finally(schedule);
    }, timing.pollMs);
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      deps.transport.close();
    },
  };
}

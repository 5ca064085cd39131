import type { Logger } from 'pino';
import { isDuplicateKey } from '../lib/mongo-errors';
import type { MailModel } from './mail-model';
import type { MailMessage } from './transport';

export interface OutgoingMail extends MailMessage {
  kind: 'reply' | 'confirm-email' | 'password-reset';
  /** Queued at most once per key (a mail about one event that may be asked for again). */
  onceKey?: string;
}

/** Past this many mails waiting, new ones are dropped (with a log line) rather than grow the store. */
export const DEFAULT_MAX_PENDING = 10_000;

export interface MailQueue {
  /** Stores the mail for the worker; false when the queue is full (with a warning) or its onceKey was queued. */
  add(mail: OutgoingMail): Promise<boolean>;
}

export function createMailQueue(deps: { Mail: MailModel; logger: Logger; now: () => Date; maxPending?: number }) {
  const maxPending = deps.maxPending ?? DEFAULT_MAX_PENDING;
  return {
    async add(mail) {
      const waiting = await deps.Mail.countDocuments({ status: { $in: ['pending', 'sending'] } });
      if (waiting >= maxPending) {
        deps.logger.warn({ kind: mail.kind, waiting }, 'mail queue full: mail dropped');
        return false;
      }
      const at = deps.now();
      try {
        await deps.Mail.create({ ...mail, status: 'pending', attempts: 0, nextAttemptAt: at, createdAt: at });
      } catch (err) {
        if (isDuplicateKey(err, 'onceKey')) return false;
        throw err;
      }
      return true;
    },
  } satisfies MailQueue;
}

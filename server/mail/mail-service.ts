import type { Logger } from 'pino';
import type { MailConfig } from '../config';
import { createMailLinks, type MailLinks } from './mail-links';
import type { MailModel } from './mail-model';
import { createMailQueue, type MailQueue } from './mail-queue';
import { createMailWorker, type MailTiming, type MailWorker } from './mail-worker';
import { createTokenSigner } from './signed-token';
import { smtpTransport } from './transport';

/** What the use-cases see of mail (ctx.mail): undefined when SMTP_URL is not set. */
export interface Mail {
  links: MailLinks;
  queue: MailQueue;
}

export interface MailSetup {
  mail: Mail;
  /** Started and stopped by the process (index.ts) or a test, not by building the app. */
  worker: MailWorker;
}

export interface MailDeps {
  Mail: MailModel;
  logger: Logger;
  now: () => Date;
  /** Signs the links' tokens (the session secret, under a purpose of its own). */
  secret: string;
  timing?: Partial<MailTiming>;
  maxPending?: number;
}

export function createMail(config: MailConfig, deps: MailDeps): MailSetup {
  const signer = createTokenSigner(`mail-links\0${deps.secret}`);
  const logger = deps.logger.child({ component: 'mail' });
  return {
    mail: {
      links: createMailLinks(config.publicUrl, signer),
      queue: createMailQueue({ Mail: deps.Mail, logger, now: deps.now, maxPending: deps.maxPending }),
    },
    worker: createMailWorker({
      Mail: deps.Mail,
      transport: smtpTransport(config.smtpUrl, config.from),
      logger,
      now: deps.now,
      timing: deps.timing,
    }),
  };
}

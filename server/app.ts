/**
 * createApp wires the HTTP application from its dependencies and holds no global state, so a test can
 * run two apps side by side in one process. Listening and shutting down belong to index.ts.
 */
import { killAt, type FaultHook } from './lib/faults';
import { randomBytes } from 'node:crypto';
import express, { type Express } from 'express';
import type Redis from 'ioredis';
import type { Connection } from 'mongoose';
import type { Config } from './config';
import { errorMiddleware, notFoundHandler } from './http/error-middleware';
import { mongoReadinessCheck } from './http/ops-routes';
import type { ReadinessCheck } from './lib/readiness-check';
import { routes } from './http/routes';
import type { Logger } from './logger';
import { createMetrics, type AppMetrics } from './metrics';
import { createAppContext, noLimits, type AppContext } from './app-context';
import type { Publisher } from './events/publisher';
import { createRateLimits } from './limits/rate-limits';
import { createModels } from './models';
import { createMail } from './mail/mail-service';
import type { MailTiming, MailWorker } from './mail/mail-worker';

/** The time source; tests substitute a fixed or stepping clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface AppDeps {
  config: Config;
  logger: Logger;
  /** A dedicated mongoose connection (not the global mongoose), see store.ts. */
  db: Connection;
  /** Services /readyz asks besides MongoDB (which it always asks), e.g. Redis. */
  readinessChecks?: ReadinessCheck[];
  clock?: Clock;
  /** Signs the session cookie; index.ts passes SESSION_SECRET or the one kept in the database. */
  sessionSecret?: string;
  /** Shared rate limits across instances (the live layer also uses it). */
  redis?: Redis;
  /** The instance's publisher, which its live layer attaches to; without one, events go nowhere. */
  publisher?: Publisher;
  /** Faster mail polling and retries, for tests. */
  mailTiming?: Partial<MailTiming>;
  /** What happens at a fault point (tests in one process stand a crash there for FAULT_KILL_AT's kill). */
  faults?: FaultHook;
}

export interface App {
  app: Express;
  metrics: AppMetrics;
  clock: Clock;
  ctx: AppContext;
  /** What the session cookie is signed with; the live layer checks the cookie of a handshake with it. */
  sessionSecret: string;
  /** With SMTP_URL: the instance's mail sender, started and stopped by index.ts (or a test). */
  mailWorker: MailWorker | undefined;
}

export function createApp(deps: AppDeps): App {
  const { config, logger, db } = deps;
  const clock = deps.clock ?? systemClock;
  const metrics = createMetrics();
  // Without a kept secret (tests), a per-process one: cookies then only outlive nothing, which is fine there.
  const sessionSecret = deps.sessionSecret ?? config.sessionSecret ?? randomBytes(32).toString('hex');
  const models = createModels(db);
  const now = () => clock.now();
  const mail = config.mail
    ? createMail(config.mail, { Mail: models.Mail, logger, now, secret: sessionSecret, timing: deps.mailTiming })
    : undefined;
  const ctx = createAppContext({
    models,
    logger,
    wordFilter: config.wordFilter,
    limits: config.rateLimits ? createRateLimits(deps.redis) : noLimits,
    now,
    counters: metrics.domain,
    publisher: deps.publisher,
    faults: deps.faults ?? killAt(config.faultKillAt),
    mail: mail?.mail,
  });

  const app = express();
  app.disable('x-powered-by');
  // A number of hops: req.ip and req.protocol then come from that many trusted proxies, and no further.
  app.set('trust proxy', config.trustProxy);

  app.use(metrics.observeHttp);
  app.use(
    routes({
      logger,
      metrics,
      metricsToken: config.metricsToken,
      trustProxy: config.trustProxy,
      readinessChecks: [mongoReadinessCheck(db), ...(deps.readinessChecks ?? [])],
      ctx,
      corsOrigins: config.corsOrigins,
      publicUrl: config.publicUrl,
      sessionSecret,
      auth: config.auth,
      embed: { origins: config.embedOrigins, autoCreate: config.embedAutoCreate },
      site: { reactionLabel: config.reactionLabel, mail: mail !== undefined },
    }),
  );
  app.use(notFoundHandler);
  app.use(errorMiddleware(logger));

  return { app, metrics, clock, ctx, sessionSecret, mailWorker: mail?.worker };
}

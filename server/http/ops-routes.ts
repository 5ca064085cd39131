/**
 * The operator's routes: liveness, readiness and Prometheus metrics (contract: "Operating it").
 */
import { timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import type { Connection } from 'mongoose';
import { errors } from '../../shared/errors';
import type { ReadinessCheck } from '../lib/readiness-check';
import type { Logger } from '../logger';
import type { AppMetrics } from '../metrics';
import { isLoopbackCaller } from './loopback-caller';

/** A service that takes longer than this to answer counts as down: a probe must not hang. */
export const READINESS_TIMEOUT_MS = 1000;

export function mongoReadinessCheck(db: Connection): ReadinessCheck {
  return {
    name: 'MongoDB',
    async check() {
      // Through the driver's client rather than mongoose, so no model or buffering is involved.
      await db.getClient().db('admin').command({ ping: 1 }, { timeoutMS: READINESS_TIMEOUT_MS });
    },
  };
}

export interface OpsDeps {
  logger: Logger;
  metrics: AppMetrics;
  metricsToken: string | undefined;
  /** TRUST_PROXY: how many forwarding hops in front are ours (see loopback-caller.ts). */
  trustProxy: number;
  readinessChecks: ReadinessCheck[];
}

export function opsRoutes({ logger, metrics, metricsToken, trustProxy, readinessChecks }: OpsDeps): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const failing = await failingChecks(readinessChecks, logger);
    const essential = failing.filter((c) => !c.optional).map((c) => c.name);
    if (essential.length > 0) throw errors.unavailable(essential);
    if (failing.length === 0) {
      res.json({ status: 'ok' });
      return;
    }
    const services = Object.fromEntries(failing.map((c) => [c.name.toLowerCase(), 'down']));
    res.json({ status: 'degraded', services });
  });

  router.get('/metrics', async (req, res) => {
    if (!mayReadMetrics(req, metricsToken, trustProxy)) {
      throw errors.forbidden('Metrics are served to loopback callers or with the metrics token.');
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  return router;
}

async function failingChecks(checks: ReadinessCheck[], logger: Logger): Promise<ReadinessCheck[]> {
  const results = await Promise.allSettled(checks.map((c) => withTimeout(c.check(), READINESS_TIMEOUT_MS)));
  const failing: ReadinessCheck[] = [];
  results.forEach((result, i) => {
    const name = checks[i]!.name;
    if (result.status === 'rejected') {
      failing.push(checks[i]!);
      logger.warn({ service: name, err: result.reason as unknown }, `readiness: ${name} does not answer`);
    }
  });
  return failing;
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Loopback callers may read metrics (a Prometheus on the same host); others need the token. */
function mayReadMetrics(req: Request, token: string | undefined, trustProxy: number): boolean {
  const given = bearerToken(req);
  if (token !== undefined && given !== undefined && sameSecret(given, token)) return true;
  return isLoopbackCaller(req, trustProxy);
}

function bearerToken(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  return match?.[1];
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

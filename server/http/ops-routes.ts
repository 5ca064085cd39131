/**
 * The operator's routes: liveness, readiness and Prometheus metrics (contract: "Operating it").
 */
import { timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import type { Connection } from 'mongoose';
import { errors } from '../../shared/errors';
import type { Logger } from '../logger';
import type { AppMetrics } from '../metrics';

/** One backing service that /readyz asks; `check` rejects when the service does not answer. */
export interface ReadinessCheck {
  /** Named in the 503 answer, e.g. "MongoDB". */
  name: string;
  check(): Promise<void>;
}

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
  readinessChecks: ReadinessCheck[];
}

export function opsRoutes({ logger, metrics, metricsToken, readinessChecks }: OpsDeps): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const failing = await failingChecks(readinessChecks, logger);
    if (failing.length > 0) throw errors.unavailable(failing);
    res.json({ status: 'ok' });
  });

  router.get('/metrics', async (req, res) => {
    if (!mayReadMetrics(req, metricsToken)) {
      throw errors.forbidden('Metrics are served to loopback callers or with the metrics token.');
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  return router;
}

async function failingChecks(checks: ReadinessCheck[], logger: Logger): Promise<string[]> {
  const results = await Promise.allSettled(checks.map((c) => withTimeout(c.check(), READINESS_TIMEOUT_MS)));
  const failing: string[] = [];
  results.forEach((result, i) => {
    const name = checks[i]!.name;
    if (result.status === 'rejected') {
      failing.push(name);
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

/**
 * Loopback callers may read metrics (a Prometheus on the same host); others need the token. The address is
 * `req.ip`, which honours TRUST_PROXY: behind a local reverse proxy every socket is loopback, so the
 * socket's own address would open the metrics to the whole internet.
 */
function mayReadMetrics(req: Request, token: string | undefined): boolean {
  const given = bearerToken(req);
  if (token !== undefined && given !== undefined && sameSecret(given, token)) return true;
  return isLoopbackAddress(req.ip);
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

/** 127.0.0.0/8 and ::1, also in their IPv4-mapped IPv6 form (how a dual-stack socket reports IPv4). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4) || address === '::1';
}

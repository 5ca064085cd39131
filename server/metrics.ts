/**
 * Prometheus metrics for one app: a Registry of its own (not prom-client's global one), so two apps in one
 * process keep separate counts. HTTP metrics are labelled by route pattern, never by raw path, so that ids
 * in URLs cannot blow up the number of series.
 */
import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the use-cases count, without knowing about Prometheus. */
export interface DomainCounters {
  commentPosted(): void;
  moderationAction(action: string): void;
}

export interface AppMetrics {
  registry: Registry;
  domain: DomainCounters;
  /** Counts and times every request; install first so that it sees every answer, errors included. */
  observeHttp(req: Request, res: Response, next: NextFunction): void;
}

export function createMetrics(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its answer, by method, route pattern and status',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const commentsPosted = new Counter({ name: 'comments_posted_total', help: 'Comments created (not counting clientId retries)', registers: [registry] });
  const moderationActions = new Counter({ name: 'moderation_actions_total', help: 'Moderation actions, by action', labelNames: ['action'] as const, registers: [registry] });

  return {
    registry,
    domain: {
      commentPosted: () => commentsPosted.inc(),
      moderationAction: (action) => moderationActions.inc({ action }),
    },
    observeHttp(req, res, next) {
      const started = process.hrtime.bigint();
      const route = trackRoutePattern(req);
      res.once('finish', () => {
        const labels = { method: req.method, route: route(), status: String(res.statusCode) };
        requests.inc(labels);
        duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      });
      next();
    },
  };
}

/**
 * Remembers the pattern of the last route that matched this request, prefixed by the path its router is
 * mounted at ("/api/articles" + "/:slug"), or "unmatched". It is captured when the router assigns
 * `req.route`, because by the time the answer finishes an error may have left the router and reset
 * `req.baseUrl`. Routers must be mounted at static paths, or the mount path would be a raw path.
 */
export function trackRoutePattern(req: Request): () => string {
  let pattern: string | undefined;
  let route: Request['route'] = undefined;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: Request['route']) {
      route = value;
      pattern = value ? joinPaths(req.baseUrl, String(value.path)) : undefined;
    },
  });
  return () => pattern ?? 'unmatched';
}

function joinPaths(base: string, path: string): string {
  if (!base) return path;
  return path === '/' ? base : base + path;
}

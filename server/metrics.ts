/**
 * Prometheus metrics for one app: a Registry of its own (not prom-client's global one), so two apps in one
 * process keep separate counts. HTTP metrics are labelled by route pattern, never by raw path, so that ids
 * in URLs cannot blow up the number of series.
 */
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the use-cases count, without knowing about Prometheus. */
export interface DomainCounters {
  commentPosted(): void;
  moderationAction(action: string): void;
}

/** What the live layer (server/realtime) counts, without knowing about Prometheus. */
export interface RealtimeCounters {
  /** Read at each scrape: the sockets connected to this instance and the article rooms they are in. */
  observeSockets(read: () => { connected: number; joinedRooms: number }): void;
  /** This instance emitted an event to an article's room (the adapter takes it to the other instances). */
  eventBroadcast(): void;
  /** Article events (one, or a batch's `count`) went out to one socket of this instance, whoever emitted them. */
  eventDelivered(count?: number): void;
  /** From a `comment:post` arriving to its acknowledgement, whatever the answer. */
  commentPostAcked(seconds: number): void;
}

export interface AppMetrics {
  registry: Registry;
  domain: DomainCounters;
  realtime: RealtimeCounters;
  /** Counts and times every request; install first so that it sees every answer, errors included. */
  observeHttp(req: Request, res: Response, next: NextFunction): void;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

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
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });

  const commentsPosted = new Counter({
    name: 'comments_posted_total',
    help: 'Comments created (not counting clientId retries)',
    registers: [registry],
  });
  const moderationActions = new Counter({
    name: 'moderation_actions_total',
    help: 'Moderation actions, by action',
    labelNames: ['action'] as const,
    registers: [registry],
  });

  return {
    registry,
    domain: {
      commentPosted: () => commentsPosted.inc(),
      moderationAction: (action) => moderationActions.inc({ action }),
    },
    realtime: createRealtimeCounters(registry),
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

function createRealtimeCounters(registry: Registry): RealtimeCounters {
  let readSockets = () => ({ connected: 0, joinedRooms: 0 });
  new Gauge({
    name: 'socketio_connected_sockets',
    help: 'Socket.IO sockets connected to this instance',
    registers: [registry],
    collect() {
      this.set(readSockets().connected);
    },
  });
  new Gauge({
    name: 'socketio_joined_rooms',
    help: 'Article rooms that sockets of this instance have joined',
    registers: [registry],
    collect() {
      this.set(readSockets().joinedRooms);
    },
  });
  const broadcast = new Counter({
    name: 'live_events_broadcast_total',
    help: 'Article events this instance emitted to their rooms',
    registers: [registry],
  });
  // One call per socket per event (thousands for a busy thread): a plain number, added to the counter at
  // each scrape rather than through prom-client on every delivery.
  let delivered = 0;
  new Counter({
    name: 'live_deliveries_total',
    help: 'Article events sent to sockets of this instance, whichever instance emitted them',
    registers: [registry],
    collect() {
      this.inc(delivered);
      delivered = 0;
    },
  });
  const postAck = new Histogram({
    name: 'comment_post_ack_seconds',
    help: 'Time from a comment:post arriving to its acknowledgement',
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  return {
    observeSockets(read) {
      readSockets = read;
    },
    eventBroadcast: () => broadcast.inc(),
    eventDelivered: (count = 1) => {
      delivered += count;
    },
    commentPostAcked: (seconds) => postAck.observe(seconds),
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

/**
 * A few of the app's own Prometheus figures (GET /metrics, open to loopback callers), read around a phase
 * to tell server time from the rest: how long the server itself took to acknowledge posts, and how many
 * times each instance emitted an event to a room (once per event on the instance that stored it).
 */
export interface AppCounters {
  ackSeconds: { sum: number; count: number };
  broadcasts: number;
}

async function metricsText(base: string): Promise<string> {
  const res = await fetch(`${base}/metrics`);
  if (!res.ok) throw new Error(`GET /metrics answered ${res.status}`);
  return res.text();
}

const value = (text: string, name: string): number =>
  Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);

export async function readAppCounters(base: string): Promise<AppCounters> {
  const text = await metricsText(base);
  return {
    ackSeconds: {
      sum: value(text, 'comment_post_ack_seconds_sum'),
      count: value(text, 'comment_post_ack_seconds_count'),
    },
    broadcasts: value(text, 'live_events_broadcast_total'),
  };
}

/** What happened between two readings of each instance: the server's mean ack time, and emits per instance. */
export function appDelta(
  before: AppCounters[],
  after: AppCounters[],
): { serverAckMeanMs: number; broadcastsPerInstance: number[] } {
  const count = after.reduce((n, a, i) => n + a.ackSeconds.count - before[i]!.ackSeconds.count, 0);
  const sum = after.reduce((n, a, i) => n + a.ackSeconds.sum - before[i]!.ackSeconds.sum, 0);
  return {
    serverAckMeanMs: count ? Math.round((sum / count) * 10000) / 10 : NaN,
    broadcastsPerInstance: after.map((a, i) => a.broadcasts - before[i]!.broadcasts),
  };
}

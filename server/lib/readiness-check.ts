/** One backing service that /readyz asks; `check` rejects when the service does not answer. */
export interface ReadinessCheck {
  /** Named in the answer, e.g. "MongoDB"; lower-cased as the key of `services` when degraded. */
  name: string;
  /**
   * Without it the instance cannot serve (MongoDB): 503. Without an optional one (Redis) it still serves
   * its own readers, so it stays in the load balancer: 200 "degraded". A Redis restart must not take
   * every instance out at once.
   */
  optional?: boolean;
  check(): Promise<void>;
}

/** Latency summaries (nearest-rank percentiles, ms rounded to 0.1) and the ratios of the final table. */

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]! : NaN;
  return { count: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(at(1)) };
}

export function median(values: number[]): number {
  return summarize(values).p50;
}

/** app ÷ baseline, two decimals; null when either side is missing. */
export function ratio(app: number | undefined, baseline: number | undefined): number | null {
  if (
    app === undefined ||
    baseline === undefined ||
    !Number.isFinite(app) ||
    !Number.isFinite(baseline) ||
    baseline === 0
  )
    return null;
  return Math.round((app / baseline) * 100) / 100;
}

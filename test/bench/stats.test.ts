/** The bench's percentiles (nearest rank, as the table reports them) and ratios. */
import { ratio, summarize } from '../../scripts/bench/stats';

test('percentiles are nearest-rank over every value, whatever their order', () => {
  const values = Array.from({ length: 1000 }, (_, i) => 1000 - i); // 1000 … 1, reversed
  expect(summarize(values)).toEqual({ count: 1000, p50: 500, p95: 950, p99: 990, max: 1000 });
  expect(summarize([7])).toEqual({ count: 1, p50: 7, p95: 7, p99: 7, max: 7 });
  // A single slow delivery among a hundred is the p99 of a hundred, not hidden by an average.
  expect(summarize([...Array.from({ length: 99 }, () => 1), 250]).p99).toBe(1);
  expect(summarize([...Array.from({ length: 98 }, () => 1), 250, 250]).p99).toBe(250);
});

test('no values give no figures, and a ratio needs both sides', () => {
  expect(summarize([]).count).toBe(0);
  expect(summarize([]).p99).toBeNaN();
  expect(ratio(12, 10)).toBe(1.2);
  expect(ratio(undefined, 10)).toBeNull();
  expect(ratio(5, 0)).toBeNull();
});

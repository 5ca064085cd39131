import { until } from '../helpers/wait';
/** Reads /metrics over HTTP from loopback, as Prometheus on the same host would. */

/** The value of an unlabelled series, e.g. `live_deliveries_total`. */
export type Scraped = (name: string) => number;

export async function scrapeMetrics(url: string): Promise<Scraped> {
  const res = await fetch(`${url}/metrics`);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  const text = await res.text();
  return (name) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    if (!line) throw new Error(`no ${name} in /metrics`);
    return Number(line.slice(name.length + 1));
  };
}

/** Scrapes until `check` holds (what a socket does reaches the server a moment later). */
export async function scrapeUntil(url: string, check: (m: Scraped) => boolean, what: string): Promise<Scraped> {
  let scraped: Scraped | undefined;
  await until(what, async () => check((scraped = await scrapeMetrics(url))), { intervalMs: 20 });
  return scraped!;
}

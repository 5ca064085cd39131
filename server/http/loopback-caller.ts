/**
 * Whether a request comes from this host itself (a Prometheus beside the server), for /metrics.
 *
 * A reverse proxy on the same host connects from loopback whoever its client is, so the socket's address
 * alone would open the metrics to everyone behind it. A request that carries `X-Forwarded-For` or
 * `Forwarded` entries beyond the TRUST_PROXY hops came through a proxy we do not trust: never loopback.
 * Within the trusted hops, every address they report must be loopback too, and so must the socket's.
 */
import type { IncomingMessage } from 'node:http';

export function isLoopbackCaller(req: IncomingMessage, trustProxy: number): boolean {
  const xff = headerList(req.headers['x-forwarded-for']).map((entry) => entry.trim());
  const forwarded = headerList(req.headers.forwarded).map(forwardedFor);
  // A proxy may write the same hop into both headers, so the hops are the longer list, not the sum.
  if (Math.max(xff.length, forwarded.length) > trustProxy) return false;
  return [req.socket.remoteAddress, ...xff, ...forwarded].every(isLoopbackAddress);
}

/** The comma-separated entries of a header (node joins repeated headers with ", "); none when absent. */
function headerList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value.join(',') : value).split(',');
}

/**
 * The address in the `for=` pair of one `Forwarded` element (RFC 7239): `for=192.0.2.43`,
 * `for="[2001:db8::17]:4711"`, `for="192.0.2.43:47011"`; '' when it has none or an obfuscated one.
 */
function forwardedFor(element: string): string {
  for (const pair of element.split(';')) {
    const [name, ...rest] = pair.split('=');
    if (name?.trim().toLowerCase() !== 'for') continue;
    const value = rest
      .join('=')
      .trim()
      .replace(/^"(.*)"$/, '$1');
    const bracketed = /^\[([^\]]*)\]/.exec(value);
    if (bracketed) return bracketed[1]!;
    return /^[\d.]+:\d+$/.test(value) ? value.slice(0, value.lastIndexOf(':')) : value;
  }
  return '';
}

/** 127.0.0.0/8 and ::1, also in their IPv4-mapped IPv6 form (how a dual-stack socket reports IPv4). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4) || address === '::1';
}

import type { IncomingHttpHeaders } from 'node:http';
import { isIPv6 } from 'node:net';

/**
 * The caller's address as Express's `req.ip` gives it with `trust proxy` set to a number of hops: the
 * address that many hops back along `X-Forwarded-For` (each trusted proxy appended the one it saw), so a
 * caller cannot choose his own by writing the header himself. Used where there is no Express request
 * (the Socket.IO handshake).
 */
export function clientAddress(
  req: { socket: { remoteAddress?: string }; headers: IncomingHttpHeaders },
  trustProxy: number,
): string {
  const remote = req.socket.remoteAddress ?? '';
  if (trustProxy <= 0) return remote;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  const chain = [remote, ...forwarded.reverse()];
  return chain[Math.min(trustProxy, chain.length - 1)]!;
}

/**
 * The key per-address limits count under: an IPv4 address as it is (also when written IPv4-mapped), an
 * IPv6 address by its /64, since one subscriber usually holds a whole /64 and could otherwise take a new
 * address for every connection.
 */
export function addressKey(address: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4) return v4[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail] = address.split('::');
  const groups = head ? head.split(':') : [];
  if (tail !== undefined) {
    const rest = tail ? tail.split(':') : [];
    groups.push(...Array<string>(8 - groups.length - rest.length).fill('0'), ...rest);
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

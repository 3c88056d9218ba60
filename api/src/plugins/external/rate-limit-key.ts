// The rate limiter's client key. @fastify/rate-limit's default calls req.ip.toLowerCase(), which throws
// once the client has gone (an aborted request has no socket address): such a request gets no key here
// and is let through, as there is nobody left to answer.
import { isIPv6 } from 'node:net';
import type { FastifyRequest } from 'fastify';

/** The key of a request whose client address is gone; the allow list lets it through. */
export const GONE_CLIENT = '';

/** One key per IPv4 address and per IPv6 /64 (one customer's network), as the plugin's default does. */
export function clientKey(ip: string | undefined): string {
  if (!ip) return GONE_CLIENT;
  if (!isIPv6(ip)) return ip.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  return `${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
}

export const rateLimitKey = (request: FastifyRequest): string => clientKey(request.ip);

/** The 8 groups of an IPv6 address, lower case, without leading zeros. */
function expandIPv6(ip: string): string[] {
  const address = ip.split('%')[0]!.toLowerCase();
  const [head, tail] = address.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::1.2.3.4) counts as two groups.
  const last = right.at(-1) ?? left.at(-1);
  const groups = last?.includes('.') ? 7 : 8;
  const middle = tail === undefined ? [] : Array<string>(groups - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((g) => (g.includes('.') ? g : g.replace(/^0+(?=.)/, '')));
}

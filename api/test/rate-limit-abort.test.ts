// @fastify/rate-limit's default key calls request.ip.toLowerCase(), which threw once a client had gone
// (its socket has no address any more). Requests aborted before the limiter runs must not fail the server.
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { clientKey, GONE_CLIENT } from '../src/plugins/external/rate-limit-key.js';
import { createHarness, type Harness } from './helpers/harness.js';

let h: Harness;
let app: FastifyInstance;
let port: number;
const errors: Error[] = [];
const entered: Array<() => void> = [];
let handled = 0;

beforeAll(async () => {
  h = await createHarness();
  app = await buildApp({ config: h.config, db: h.db, redis: h.redis, keys: h.keys, collab: false });
  app.addHook('onError', async (_request, _reply, err) => {
    errors.push(err);
  });
  // Holds the request until its client has gone, so the limiter (a later onRequest hook) sees no address.
  const untilClientGone = async (request: { raw: { socket: NodeJS.EventEmitter } }) => {
    const closed = new Promise((resolve) => request.raw.socket.once('close', resolve));
    entered.shift()?.();
    await closed;
  };
  // A route limit of its own: its limiter is a route hook, after untilClientGone (the global one runs first).
  const config = { rateLimit: { max: 1000, timeWindow: 60_000 } };
  app.get('/test/held', { onRequest: untilClientGone, config }, async () => {
    handled++;
    return { ok: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await app.close();
  await h.close();
});

/** Sends a request and closes the connection once the server holds it. */
async function abortedRequest(): Promise<void> {
  const held = new Promise<void>((resolve) => entered.push(resolve));
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  socket.write('GET /test/held HTTP/1.1\r\nhost: localhost\r\n\r\n');
  await held;
  socket.destroy();
}

describe('rate limit with aborted requests', () => {
  it('requests aborted before the limiter runs raise no error, and the server keeps answering', async () => {
    for (let i = 0; i < 5; i++) await abortedRequest();
    // Each held request ends either in its handler (let through) or in the error handler (the old throw).
    await expect.poll(() => handled + errors.length).toBe(5);
    expect(errors.map((e) => e.message)).toEqual([]);
    const served = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(served.status).toBe(200);
  });

  it('keys IPv4 by address, IPv6 by /64, and a gone client by the allow-listed key', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('2001:db8:0:12:aa::1')).toBe('2001:db8:0:12::/64');
    expect(clientKey('2001:DB8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey(undefined)).toBe(GONE_CLIENT);
  });
});

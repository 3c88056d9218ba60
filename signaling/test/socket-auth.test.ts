// Connection middleware and per-event checks on a real node (uWS + socket.io + Redis).
import { describe, expect, it } from 'vitest';
import { signalingKeys } from '../src/keys.js';
import { deleteUnder, uniquePrefix } from './helpers/redis.js';
import { useOneNode } from './helpers/one-node.js';
import { connectClient, request, startSignaling } from './helpers/signaling-harness.js';
import { createTestKeys } from './helpers/tokens.js';

const sig = useOneNode('auth', { SIGNALING_RATE_PER_SEC: '5', SIGNALING_RATE_BURST: '10' });

const client = (token: string) => sig.connect(token);

describe('connection auth', () => {
  it('accepts a valid access token', async () => {
    const s = await client(await sig.keys.accessToken('alice'));
    expect(s.connected).toBe(true);
  });

  it.each([
    ['no token', async () => ''],
    ['a garbage token', async () => 'not.a.jwt'],
    ['a call ticket instead of an access token', async () => sig.keys.callTicket('alice', 'room-1')],
    ['an expired token', async () => sig.keys.accessToken('alice', { expiresIn: '-1m' })],
    ['a token signed by another key', async () => (await createTestKeys()).accessToken('alice')],
  ])('refuses %s', async (_what, token) => {
    const err = (await connectClient(sig.node.url, await token()).catch((e: unknown) => e)) as Error & { data?: { code: string } };
    expect(err).toBeInstanceOf(Error);
    expect(err.data?.code).toBe('UNAUTHORIZED');
  });

  it('refuses a revoked token (the api denylist)', async () => {
    const jti = 'revoked-jti-1';
    await sig.redis.set(signalingKeys(sig.prefix, sig.prefix).revokedJti(jti), '1', 'EX', 60);
    const err = (await connectClient(sig.node.url, await sig.keys.accessToken('bob', { jti })).catch((e: unknown) => e)) as Error & { data?: { code: string } };
    expect(err.message).toBe('token revoked');
    expect(err.data?.code).toBe('UNAUTHORIZED');
  });
});

describe('call tickets', () => {
  it('refuses a ticket of another user, a revoked ticket and an access token', async () => {
    const s = await client(await sig.keys.accessToken('carol'));
    expect(await request(s, 'join', { ticket: await sig.keys.callTicket('dave', 'room-x') })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    await sig.redis.set(signalingKeys(sig.prefix, sig.prefix).revokedJti('ticket-jti'), '1', 'EX', 60);
    expect(await request(s, 'join', { ticket: await sig.keys.callTicket('carol', 'room-x', { jti: 'ticket-jti' }) })).toMatchObject({ ok: false, code: 'UNAUTHORIZED', message: 'token revoked' });
    expect(await request(s, 'join', { ticket: await sig.keys.accessToken('carol') })).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });
  });

  it('lets a valid ticket in', async () => {
    const s = await client(await sig.keys.accessToken('erin'));
    expect(await request(s, 'join', { ticket: await sig.keys.callTicket('erin', 'room-y', { role: 'host' }) })).toMatchObject({ ok: true, roomId: 'room-y', role: 'host' });
    expect(await request(s, 'join', { ticket: await sig.keys.callTicket('erin', 'room-z') })).toMatchObject({ ok: false, code: 'ALREADY_IN_CALL' });
  });

  it('answers NO_MEDIA_NODE when no media node is registered', async () => {
    const lonelyPrefix = uniquePrefix('auth-lonely');
    const lonely = await startSignaling({ id: 'sig-lonely', prefix: lonelyPrefix, keys: sig.keys });
    try {
      const s = await connectClient(lonely.url, await sig.keys.accessToken('erin'));
      sig.own(s);
      expect(await request(s, 'join', { ticket: await sig.keys.callTicket('erin', 'room-y') })).toMatchObject({ ok: false, code: 'NO_MEDIA_NODE' });
    } finally {
      await lonely.stop();
      await deleteUnder(sig.redis, lonelyPrefix);
    }
  });
});

describe('event validation and rate limits', () => {
  it('answers BAD_REQUEST to a malformed payload and keeps the socket', async () => {
    const s = await client(await sig.keys.accessToken('frank'));
    const bad = await request(s, 'createTransport', { direction: 'sideways' } as never);
    expect(bad).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(s.connected).toBe(true);
    expect(await request(s, 'getExistingProducers', {})).toMatchObject({ ok: false, code: 'NOT_IN_CALL' });
  });

  it('refuses events over the per-socket rate with RATE_LIMITED', async () => {
    const s = await client(await sig.keys.accessToken('gina'));
    const acks = await Promise.all(Array.from({ length: 20 }, () => request(s, 'leave', {})));
    const limited = acks.filter((a) => !a.ok && a.code === 'RATE_LIMITED').length;
    expect(limited).toBeGreaterThanOrEqual(9);
    expect(limited).toBeLessThanOrEqual(11);
    expect(s.connected).toBe(true);
  });
});

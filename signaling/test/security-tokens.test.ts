// Token edge cases the connection and join checks must refuse (beyond test/socket-auth.test.ts), and the
// per-socket event rate limit: a flooding socket is limited while another socket of the same user is not.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useOneNode } from './helpers/one-node.js';
import { connectClient, request } from './helpers/signaling-harness.js';
import { createTestKeys } from './helpers/tokens.js';

const sig = useOneNode('sec-tokens', { SIGNALING_RATE_PER_SEC: '5', SIGNALING_RATE_BURST: '10' });

const client = async (user: string) => sig.connect(await sig.keys.accessToken(user));

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** An unsigned token (alg none) and a validly signed one whose payload was swapped afterwards. */
async function forged(claims: (valid: Record<string, unknown>) => Record<string, unknown>, signed: string) {
  const [header, payload, signature] = signed.split('.');
  const body = claims(JSON.parse(Buffer.from(payload!, 'base64url').toString()));
  return { none: `${b64({ alg: 'none', typ: 'JWT' })}.${b64(body)}.`, tampered: `${header}.${b64(body)}.${signature}` };
}

describe('connection tokens', () => {
  it('refuses an unsigned (alg none) and a tampered access token', async () => {
    const t = await forged((c) => ({ ...c, sub: 'mallory' }), await sig.keys.accessToken('alice'));
    for (const token of [t.none, t.tampered]) {
      const err = (await connectClient(sig.node.url, token).catch((e: unknown) => e)) as Error & { data?: { code: string } };
      expect(err.data?.code).toBe('UNAUTHORIZED');
    }
  });
});

describe('call tickets on join', () => {
  it.each([
    ['an expired ticket', () => sig.keys.callTicket('ticket-user', 'room-t', { expiresIn: '-1m' })],
    ['a ticket signed by another key', async () => (await createTestKeys()).callTicket('ticket-user', 'room-t')],
    ['an unsigned ticket', async () => (await forged((c) => c, await sig.keys.callTicket('ticket-user', 'room-t'))).none],
    ['a ticket with a swapped room', async () => (await forged((c) => ({ ...c, roomId: 'room-other' }), await sig.keys.callTicket('ticket-user', 'room-t'))).tampered],
    ['garbage', async () => 'x.y.z'],
  ])('refuses %s', async (_what, ticket) => {
    const s = await client('ticket-user');
    expect(await request(s, 'join', { ticket: await ticket() })).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });
    expect(s.connected).toBe(true);
  });

  it('still admits a valid ticket (the refusals above are about the tokens)', async () => {
    const user = `ok-${randomUUID()}`;
    const s = await client(user);
    expect(await request(s, 'join', { ticket: await sig.keys.callTicket(user, 'room-ok') })).toMatchObject({ ok: true, roomId: 'room-ok' });
  });
});

describe('per-socket event rate limit', () => {
  it('limits the flooding socket only, and lets it go on after the refill', async () => {
    const flooder = await client('flooder');
    const bystander = await client('flooder');
    const acks = await Promise.all(Array.from({ length: 40 }, () => request(flooder, 'leave', {})));
    expect(acks.filter((a) => !a.ok && a.code === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(25);
    expect(await request(bystander, 'leave', {})).toMatchObject({ ok: false, code: 'NOT_IN_CALL' });
    await expect.poll(async () => (await request(flooder, 'leave', {})).code, { timeout: 5000, interval: 250 }).toBe('NOT_IN_CALL');
    expect(flooder.connected).toBe(true);
  });
});

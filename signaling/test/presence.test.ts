// Presence and the `user:<id>` channel across two signaling processes.
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signalingKeys } from '../src/keys.js';
import { type FakeCluster, startFakeCluster } from './helpers/fake-cluster.js';
import { testRedis } from './helpers/redis.js';
import { collect, connectClient, request } from './helpers/signaling-harness.js';

let c: FakeCluster;
let sub: Redis;
const published: Array<{ userId: string; online: boolean }> = [];
beforeAll(async () => {
  c = await startFakeCluster('presence', { media: 0, env: { SIGNALING_PRESENCE_GRACE_MS: '800', SIGNALING_HEARTBEAT_MS: '500' } });
  sub = testRedis();
  const k = signalingKeys(c.prefix, c.prefix);
  await sub.subscribe(k.presenceChanged());
  // The api keeps these sets; presence is shown to friends only.
  const friends = testRedis();
  for (const [a, b] of [['bob', 'alice'], ['bob2', 'carl']] as const) {
    await friends.multi().sadd(k.friendSet(a), b).sadd(k.friendSet(b), a).exec();
  }
  friends.disconnect();
  sub.on('message', (_ch, msg) => published.push(JSON.parse(msg) as { userId: string; online: boolean }));
});
afterAll(async () => {
  sub.disconnect();
  await c.stop();
});

describe('presence', () => {
  it('friends see a user come online, and go offline after the grace period', async () => {
    const k = signalingKeys(c.prefix, c.prefix);
    const bob = await c.client('bob', 1);
    expect(await request(bob, 'subscribePresence', { userIds: ['alice'] })).toEqual({ ok: true, presence: [{ userId: 'alice', online: false }] });
    const seen = collect(bob, 'presence');
    const alice = await c.client('alice', 0);
    await expect.poll(() => seen).toEqual([{ userId: 'alice', online: true }]);
    expect(await c.redis.exists(k.presenceUser('alice'))).toBe(1);
    alice.close();
    await expect.poll(() => seen, { timeout: 5000 }).toEqual([
      { userId: 'alice', online: true },
      { userId: 'alice', online: false },
    ]);
    expect(await c.redis.exists(k.presenceUser('alice'))).toBe(0);
    await expect.poll(() => published.filter((m) => m.userId === 'alice')).toEqual([
      { userId: 'alice', online: true },
      { userId: 'alice', online: false },
    ]);
  });

  it('a reconnect within the grace period, even to another node, does not flap', async () => {
    const bob = await c.client('bob2', 0);
    await request(bob, 'subscribePresence', { userIds: ['carl'] });
    const seen = collect(bob, 'presence');
    const first = await c.client('carl', 0);
    await expect.poll(() => seen.length).toBe(1);
    first.close();
    const second = await c.client('carl', 1);
    // Wait past the grace period; the sweeper must find the new socket and keep carl online.
    await expect.poll(() => c.redis.zrange(signalingKeys(c.prefix, c.prefix).presenceUser('carl'), 0, -1), { timeout: 5000 }).not.toContain('grace');
    expect(seen).toEqual([{ userId: 'carl', online: true }]);
    expect(second.connected).toBe(true);
  });

  it('delivers api events (redis emitter) to every socket of the user, on any node', async () => {
    const onA = await c.client('dina', 0);
    const onB = await c.client('dina', 1);
    const gotA = collect(onA, 'user-event');
    const gotB = collect(onB, 'user-event');
    const emitter = new Emitter(c.redis, { key: `${c.prefix}socket.io` });
    emitter.to('user:dina').emit('user-event', { type: 'chat.message', data: { text: 'hi' } });
    await expect.poll(() => [gotA.length, gotB.length]).toEqual([1, 1]);
    expect(gotA[0]).toEqual({ type: 'chat.message', data: { text: 'hi' } });
  });

  it('closes the sockets of one api session (logout), on any node, and not the user’s other sessions', async () => {
    const connect = async (sid: string, node: number) => {
      const socket = await connectClient(c.signaling[node]!.url, await c.keys.accessToken('erin', { sid }));
      const reasons: string[] = [];
      socket.on('disconnect', (reason) => reasons.push(reason));
      return reasons;
    };
    const [laptopA, laptopB, phone] = [await connect('laptop', 0), await connect('laptop', 1), await connect('phone', 0)];
    const emitter = new Emitter(c.redis, { key: `${c.prefix}socket.io` });
    // What the api's notifier sends at logout.
    emitter.in('session:laptop').disconnectSockets(true);
    await expect.poll(() => [laptopA, laptopB]).toEqual([['io server disconnect'], ['io server disconnect']]);
    expect(phone).toEqual([]);
  });
});

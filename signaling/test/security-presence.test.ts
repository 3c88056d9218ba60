// Presence is for friends only, as in the api (GET /users/:id/presence answers 403 to others): signaling's
// subscribePresence checks the friend sets the api keeps in Redis, and a stranger learns nothing.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signalingKeys } from '../src/keys.js';
import { deleteUnder, testRedis, uniquePrefix } from './helpers/redis.js';
import { type ClientSocket, connectClient, request, type StartedNode, startSignaling } from './helpers/signaling-harness.js';
import { createTestKeys, type TestKeys } from './helpers/tokens.js';

const prefix = uniquePrefix('sec-presence');
let keys: TestKeys;
let node: StartedNode;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  keys = await createTestKeys();
  node = await startSignaling({ id: 'sig-sec-presence', prefix, keys });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await node.stop();
  const redis = testRedis();
  await deleteUnder(redis, prefix);
  redis.disconnect();
});

async function client(user: string): Promise<ClientSocket> {
  const s = await connectClient(node.url, await keys.accessToken(user));
  sockets.push(s);
  return s;
}

describe('presence subscriptions', () => {
  it('tells a friend who is online (the feature works)', async () => {
    const k = signalingKeys(prefix, prefix);
    const redis = testRedis();
    await redis.multi().sadd(k.friendSet('watcher'), 'target-user').sadd(k.friendSet('target-user'), 'watcher').exec();
    redis.disconnect();
    await client('target-user');
    const watcher = await client('watcher');
    await expect
      .poll(async () => request(watcher, 'subscribePresence', { userIds: ['target-user'] }))
      .toEqual({ ok: true, presence: [{ userId: 'target-user', online: true }] });
  });

  it('does not tell a stranger whether a user is online', async () => {
    await client('private-user');
    const stranger = await client('stranger');
    // Either a refusal, or no information: never `online: true` to someone who is not a friend.
    const learnedOnline = await vi
      .waitFor(
        async () => {
          const ack = await request(stranger, 'subscribePresence', { userIds: ['private-user'] });
          if (!(ack.ok && ack.presence.some((p) => p.online))) throw new Error('not seen online');
        },
        { timeout: 3000, interval: 100 },
      )
      .then(() => true)
      .catch(() => false);
    expect(learnedOnline).toBe(false);
  });
});

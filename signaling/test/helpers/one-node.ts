// One real signaling node with one fake media node for a test file: started before its tests and
// stopped, with every client it opened, after them.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { FakeMediaNode } from './fake-media-node.js';
import { deleteUnder, testRedis, uniquePrefix } from './redis.js';
import { type ClientSocket, connectClient, type StartedNode, startSignaling } from './signaling-harness.js';
import { createTestKeys, type TestKeys } from './tokens.js';

export interface OneNode {
  readonly prefix: string;
  keys: TestKeys;
  node: StartedNode;
  redis: Redis;
  media: FakeMediaNode;
  /** A client connected with `token`, closed after the file. */
  connect(token: string): Promise<ClientSocket>;
  /** Closes `socket` after the file. */
  own(socket: ClientSocket): ClientSocket;
}

export function useOneNode(name: string, env: Record<string, string> = {}): OneNode {
  const sockets: ClientSocket[] = [];
  const one = {
    prefix: uniquePrefix(name),
    own(socket: ClientSocket) {
      sockets.push(socket);
      return socket;
    },
    async connect(token: string) {
      return one.own(await connectClient(one.node.url, token));
    },
  } as OneNode;
  beforeAll(async () => {
    one.keys = await createTestKeys();
    one.redis = testRedis();
    one.media = await FakeMediaNode.start({ id: `media-${name}`, redis: one.redis, prefix: one.prefix, secret: 'test-secret-123' });
    one.node = await startSignaling({ id: `sig-${name}`, prefix: one.prefix, keys: one.keys, mediaNodes: 1, env });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await one.node?.stop();
    await one.media?.kill();
    await deleteUnder(one.redis, one.prefix);
    one.redis.disconnect();
  });
  return one;
}

// Two signaling nodes and fake media nodes on the shared test Redis, for call-flow tests.
import type { Redis } from 'ioredis';
import { FakeMediaNode } from './fake-media-node.js';
import { deleteUnder, testRedis, uniquePrefix } from './redis.js';
import { type ClientSocket, connectClient, request } from './signaling-harness.js';
import { type SignalingProcess, spawnSignaling } from './signaling-process.js';
import { createTestKeys, type TestKeys } from './tokens.js';

export interface FakeCluster {
  prefix: string;
  keys: TestKeys;
  redis: Redis;
  media: FakeMediaNode[];
  signaling: SignalingProcess[];
  /** A connected client of `userId` on signaling node `node`. */
  client(userId: string, node?: number): Promise<ClientSocket>;
  /** Client + join; throws when the join is refused. */
  joined(userId: string, roomId: string, node?: number): Promise<{ socket: ClientSocket; peerId: string; epoch: number; resumeToken: string }>;
  addMedia(id: string, ttlMs?: number): Promise<FakeMediaNode>;
  stop(): Promise<void>;
}

export async function startFakeCluster(name: string, o: { media?: number; signaling?: number; env?: Record<string, string>; mediaTtlMs?: number } = {}): Promise<FakeCluster> {
  const prefix = uniquePrefix(name);
  const keys = await createTestKeys();
  const redis = testRedis();
  const media: FakeMediaNode[] = [];
  const sockets: ClientSocket[] = [];
  const addMedia = async (id: string, ttlMs = o.mediaTtlMs) => {
    const m = await FakeMediaNode.start({ id, redis, prefix, secret: 'test-secret-123', ...(ttlMs ? { ttlMs } : {}) });
    media.push(m);
    return m;
  };
  for (let i = 0; i < (o.media ?? 1); i++) await addMedia(`media-${i + 1}`);
  const signaling = await Promise.all(
    Array.from({ length: o.signaling ?? 2 }, (_, i) =>
      spawnSignaling({ id: `sig-${i + 1}`, prefix, keys, mediaNodes: media.length, ...(o.env ? { env: o.env } : {}) }),
    ),
  );
  const client = async (userId: string, node = 0) => {
    const s = await connectClient(signaling[node]!.url, await keys.accessToken(userId));
    sockets.push(s);
    return s;
  };
  return {
    prefix,
    keys,
    redis,
    media,
    signaling,
    client,
    addMedia,
    async joined(userId, roomId, node = 0) {
      const socket = await client(userId, node);
      const ack = await request(socket, 'join', { ticket: await keys.callTicket(userId, roomId) });
      if (!ack.ok) throw new Error(`join refused: ${ack.code} ${ack.message}`);
      return { socket, peerId: ack.peerId, epoch: ack.epoch, resumeToken: ack.resumeToken };
    },
    async stop() {
      for (const s of sockets) s.close();
      for (const n of signaling) await n.stop().catch(() => {});
      for (const m of media) await m.kill().catch(() => {});
      await deleteUnder(redis, prefix);
      redis.disconnect();
    },
  };
}

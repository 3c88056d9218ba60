// Thousands of random and malformed event payloads, and raw garbage frames: every answer is a
// well-formed ack, sockets that sent valid frames stay connected, and the node stays healthy.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type ClientEventName, clientEventNames, eventAckSchema } from '../src/protocol/index.js';
import { deleteUnder, testRedis, uniquePrefix } from './helpers/redis.js';
import { type ClientSocket, connectClient, request, type StartedNode, startSignaling } from './helpers/signaling-harness.js';
import { createTestKeys, type TestKeys } from './helpers/tokens.js';
import { metricValue } from './helpers/metrics.js';

const prefix = uniquePrefix('fuzz');
let keys: TestKeys;
let node: StartedNode;
let socket: ClientSocket;

beforeAll(async () => {
  keys = await createTestKeys();
  node = await startSignaling({ id: 'sig-fuzz', prefix, keys, env: { SIGNALING_RATE_PER_SEC: '100000', SIGNALING_RATE_BURST: '100000' } });
  socket = await connectClient(node.url, await keys.accessToken('fuzzer'));
});
afterAll(async () => {
  socket.close();
  await node.stop();
  const redis = testRedis();
  await deleteUnder(redis, prefix);
  redis.disconnect();
});

function emitRaw(event: string, payload: unknown): Promise<unknown> {
  return (socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> }).emitWithAck(event, payload);
}

/** Values shaped like real payloads but wrong in places: right keys, wrong types, huge strings. */
const nearMiss = fc.record(
  {
    ticket: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    direction: fc.oneof(fc.constantFrom('send', 'recv', 'both', ''), fc.integer()),
    transportId: fc.oneof(fc.string({ maxLength: 300 }), fc.constant({})),
    producerId: fc.string(),
    consumerId: fc.string(),
    kind: fc.constantFrom('audio', 'video', 'data', 1),
    source: fc.constantFrom('mic', 'camera', 'screen', 'x'),
    rtpParameters: fc.anything(),
    rtpCapabilities: fc.anything(),
    dtlsParameters: fc.anything(),
    spatialLayer: fc.oneof(fc.integer(), fc.double()),
    userIds: fc.array(fc.string(), { maxLength: 20 }),
    roomId: fc.string(),
    peerId: fc.string(),
    resumeToken: fc.string(),
    conflictId: fc.string(),
    choice: fc.constantFrom('keep', 'move', 'maybe'),
  },
  { requiredKeys: [] },
);

describe('fuzzing the client protocol', () => {
  it('answers thousands of random payloads for every event with a well-formed ack', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...clientEventNames), fc.oneof(fc.anything(), nearMiss), async (event: ClientEventName, payload) => {
        runs++;
        const ack = await emitRaw(event, payload);
        const parsed = eventAckSchema(event).safeParse(ack);
        expect(parsed.success, JSON.stringify(ack)).toBe(true);
        expect((ack as { code?: string }).code).not.toBe('INTERNAL');
      }),
      { numRuns: 2000 },
    );
    expect(runs).toBe(2000);
    expect(socket.connected).toBe(true);
    expect(await metricValue(node.url, 'coope_signaling_events_rejected_total', { reason: 'validation' })).toBeGreaterThan(1000);
  });

  it('refuses unknown events and wrong argument shapes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40 }), fc.anything(), async (event, payload) => {
        fc.pre(!(clientEventNames as string[]).includes(event) && !['connect', 'disconnect', 'connect_error', 'disconnecting', 'newListener', 'removeListener'].includes(event));
        expect(await emitRaw(event, payload)).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
      }),
      { numRuns: 300 },
    );
    // No ack function: nothing to answer, and nothing breaks.
    (socket as unknown as { emit(e: string, p: unknown): void }).emit('join', { ticket: 1 });
    expect(await request(socket, 'leave', {})).toMatchObject({ ok: false, code: 'NOT_IN_CALL' });
  });

  it('survives raw garbage frames on new connections, and stays healthy', async () => {
    const port = new URL(node.url).port;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.string({ maxLength: 200 })), async (frame) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
        await new Promise<void>((resolve) => {
          ws.once('open', () => {
            ws.send(frame);
            ws.send(typeof frame === 'string' ? `40${frame}` : Buffer.from(frame));
            setImmediate(() => ws.terminate());
          });
          ws.once('close', () => resolve());
          ws.once('error', () => resolve());
        });
      }),
      { numRuns: 200 },
    );
    expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${node.url}/readyz`)).status).toBe(200);
    const fresh = await connectClient(node.url, await keys.accessToken('after-fuzz'));
    expect(await request(fresh, 'subscribePresence', { userIds: ['x'] })).toEqual({ ok: true, presence: [] });
    fresh.close();
  });
});

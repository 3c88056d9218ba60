// Fuzzing the media-node RPC from its zod contract (fast-check): requests for every method with params
// derived from the method's schema and then mutated, broken envelopes and raw garbage, against a real media
// node process. Every frame is answered by exactly one well-formed reply with its id, never INTERNAL, and the
// node stays healthy, registered and serving. (The media-node's own tests pin a few fixed malformed frames.)
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { readMediaNodes } from '@coope/media-node/keys';
import { RPC_SECRET_HEADER, rpcMethods, rpcReplySchema } from '@coope/media-node/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type MediaProcess, spawnMedia } from './helpers/media-process.js';
import { deleteUnder, testRedis, uniquePrefix } from './helpers/redis.js';
import { extraKey, hostileValue, mutatedObject, validArbitrary } from '../../deploy/local/src/zod-arbitrary.js';

const RUNS = Number(process.env.COOPE_FUZZ_RUNS ?? 3000);
const prefix = uniquePrefix('sec-rpc');
let redis: Redis;
let media: MediaProcess;
let rpcUrl: string;
let ws: WebSocket;
/** One request in flight at a time: the next reply is its answer (oversized frames are answered with id null). */
let waiter: ((reply: unknown) => void) | null = null;
const orphans: unknown[] = [];
let closedWith: string | null = null;
let lastFrames: string[] = [];

beforeAll(async () => {
  redis = testRedis();
  media = await spawnMedia({ id: 'media-rpc-fuzz', redis, redisUrl: process.env.COOPE_TEST_REDIS_URL!, prefix, ttlMs: 10_000 });
  rpcUrl = (await readMediaNodes(redis, { prefix, ttlMs: 60_000 }))[0]!.rpcUrl;
  ws = new WebSocket(rpcUrl, { headers: { [RPC_SECRET_HEADER]: 'test-secret-123' } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.on('close', (code, reason) => {
    closedWith = `${code} ${reason.toString()}`;
  });
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { id?: number | null; event?: string };
    if (frame.event) return;
    if (waiter) waiter(frame);
    else orphans.push(frame);
  });
}, 90_000);
afterAll(async () => {
  ws?.terminate();
  await media?.stop();
  await deleteUnder(redis, prefix);
  redis.disconnect();
});

let nextId = 1;
/** Sends one frame and waits for the reply. */
function exchange(frame: string | Buffer): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    if (closedWith) return reject(new Error(`RPC socket closed (${closedWith}) after ${lastFrames.join('\n').slice(0, 2000)}`));
    lastFrames = [...lastFrames.slice(-3), String(frame).slice(0, 400)];
    const timer = setTimeout(() => reject(new Error(`no reply to ${String(frame).slice(0, 200)}; node: ${media.output.slice(-5).join('\n')}`)), 10_000);
    waiter = (reply) => {
      clearTimeout(timer);
      waiter = null;
      resolve(reply as Record<string, unknown>);
    };
    ws.send(frame, { binary: Buffer.isBuffer(frame) });
  });
}

// `drain` is a legitimate, authenticated order to shut the node down: a valid one ends the run, not a bug.
const methods = (Object.keys(rpcMethods) as (keyof typeof rpcMethods)[]).filter((m) => m !== 'drain');
const paramsFor = (m: keyof typeof rpcMethods) => {
  const schema = rpcMethods[m].params;
  return fc.oneof({ weight: 1, arbitrary: validArbitrary(schema) }, { weight: 4, arbitrary: mutatedObject(schema) }, { weight: 1, arbitrary: hostileValue });
};
const request = fc.oneof(
  fc.constantFrom(...methods).chain((m) => paramsFor(m).map((params) => ({ method: m as string, params }))),
  fc.record({ method: fc.oneof(fc.string({ maxLength: 70 }), extraKey), params: hostileValue }).filter((r) => r.method !== 'drain'),
);

describe('fuzzing the media-node RPC from its zod contract', () => {
  it('answers every request with one well-formed reply carrying its id, never INTERNAL', async () => {
    const codes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ method, params }) => {
        const id = nextId++;
        const reply = await exchange(JSON.stringify({ id, method, params }) ?? 'null');
        expect(rpcReplySchema.safeParse(reply).success, JSON.stringify(reply)).toBe(true);
        const code = reply.ok ? 'ok' : String(reply.code);
        // Only a frame over the size limit is answered before its id is read.
        expect(reply.id === id || code === 'PAYLOAD_TOO_LARGE', JSON.stringify(reply)).toBe(true);
        expect(code, `${method} ${JSON.stringify(params)?.slice(0, 300)}`).not.toBe('INTERNAL');
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }),
      { numRuns: RUNS },
    );
    expect(codes.get('BAD_REQUEST')).toBeGreaterThan(RUNS / 4);
    expect(orphans).toEqual([]);
  });

  it('answers broken envelopes and garbage with one BAD_REQUEST reply each', async () => {
    const garbage = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
      fc.constantFrom('null', '[]', '{"id":-1,"method":"getNodeInfo"}', '{"id":1e400}', '{"id":"1","method":"getNodeInfo"}', `${'['.repeat(5000)}${']'.repeat(5000)}`, '{"__proto__":{"x":1},"id":2}'),
    );
    await fc.assert(
      fc.asyncProperty(garbage, async (frame) => {
        const reply = await exchange(frame);
        expect(reply, String(frame).slice(0, 200)).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
        expect(rpcReplySchema.safeParse(reply).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('is still healthy, registered and serving afterwards', async () => {
    const id = nextId++;
    expect(await exchange(JSON.stringify({ id, method: 'getNodeInfo', params: {} }))).toMatchObject({ ok: true, result: { state: 'SERVING' } });
    const http = rpcUrl.replace('ws://', 'http://').replace(/\/rpc$/, '');
    expect((await fetch(`${http}/healthz`)).status).toBe(200);
    expect((await fetch(`${http}/readyz`)).status).toBe(200);
    expect(media.child.exitCode).toBeNull();
    expect(ws.readyState).toBe(WebSocket.OPEN);
  });
});

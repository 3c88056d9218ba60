// The RPC edge of a real node process: auth on upgrade, malformed frames, epoch fencing.
// Every bad frame gets an error reply and the node stays up.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RPC_SECRET_HEADER, RpcError } from '../src/rpc/index.js';
import { type MediaNodeProcess, spawnMediaNode } from './helpers/media-node-process.js';

let node: MediaNodeProcess;
let raw: WebSocket;
const replies: unknown[] = [];

beforeAll(async () => {
  node = await spawnMediaNode({ prefix: `t-frames-${randomUUID().slice(0, 8)}:`, workers: 1 });
  raw = await openRaw({ [RPC_SECRET_HEADER]: node.secret });
  raw.on('message', (data) => replies.push(JSON.parse(data.toString())));
});

afterAll(async () => {
  raw?.terminate();
  await node?.stop();
});

function openRaw(headers: Record<string, string>, query = ''): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${node.rpcUrl}${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

async function roundTrip(frame: string | Buffer, binary = false): Promise<unknown> {
  const before = replies.length;
  raw.send(frame, { binary });
  await expect.poll(() => replies.length).toBeGreaterThan(before);
  return replies[before];
}

describe('RPC authentication', () => {
  it('refuses an upgrade without the secret or with a wrong one', async () => {
    await expect(openRaw({})).rejects.toThrow('HTTP 401');
    await expect(openRaw({ [RPC_SECRET_HEADER]: 'wrong-secret' })).rejects.toThrow('HTTP 401');
  });

  it('accepts the secret in the query string', async () => {
    const ws = await openRaw({}, `?secret=${encodeURIComponent(node.secret)}`);
    ws.terminate();
  });
});

describe('malformed frames', () => {
  it.each([
    ['binary garbage', Buffer.from([0xde, 0xad, 0xbe, 0xef]), true, { id: null, code: 'BAD_REQUEST' }],
    ['invalid JSON', '{"id": 1, "method": ', false, { id: null, code: 'BAD_REQUEST' }],
    ['an unknown method', JSON.stringify({ id: 11, method: 'selfDestruct', params: {} }), false, { id: 11, code: 'UNKNOWN_METHOD' }],
    [
      'wrong types',
      JSON.stringify({ id: 12, method: 'produce', params: { roomId: 7, epoch: 'x', transportId: null } }),
      false,
      { id: 12, code: 'BAD_REQUEST' },
    ],
    ['a 1 MiB frame', JSON.stringify({ id: 13, method: 'getNodeInfo', params: { pad: 'x'.repeat(1 << 20) } }), false, { id: null, code: 'PAYLOAD_TOO_LARGE' }],
  ])('answers %s with an error reply', async (_name, frame, binary, expected) => {
    expect(await roundTrip(frame, binary)).toMatchObject({ ok: false, ...expected });
  });

  it('drops a connection sending a frame over the hard limit, and keeps serving others', async () => {
    const victim = await openRaw({ [RPC_SECRET_HEADER]: node.secret });
    const closed = new Promise<number>((resolve) => victim.once('close', (code) => resolve(code)));
    victim.send('x'.repeat(8 << 20));
    // uWS drops the socket mid-frame (1006) or sends 1009, depending on how far the write got.
    expect([1006, 1009]).toContain(await closed);
    expect(await roundTrip(JSON.stringify({ id: 14, method: 'getNodeInfo', params: {} }))).toMatchObject({
      id: 14,
      ok: true,
      result: { nodeId: node.nodeId, state: 'SERVING' },
    });
    expect((await fetch(`${node.httpUrl}/healthz`)).status).toBe(200);
  });
});

describe('room requests', () => {
  it('refuses a stale epoch and closes the old room on a newer one', async () => {
    const client = await node.connect();
    const roomId = `room-${randomUUID()}`;
    const closed: unknown[] = [];
    client.on('roomClosed', (e) => closed.push(e));
    await client.call('getRouterRtpCapabilities', { roomId, epoch: 5 });
    const stale = await client.call('getRouterRtpCapabilities', { roomId, epoch: 4 }).catch((e) => e);
    expect(stale).toBeInstanceOf(RpcError);
    expect(stale.code).toBe('STALE_EPOCH');
    await client.call('getRouterRtpCapabilities', { roomId, epoch: 6 });
    await expect.poll(() => closed).toEqual([{ roomId, epoch: 5, reason: 'replaced' }]);
  });

  it('answers unknown rooms and entities with typed errors', async () => {
    const client = await node.connect();
    const roomId = `room-${randomUUID()}`;
    const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: RpcError) => e.code);
    expect(await code(client.call('restartIce', { roomId, epoch: 0, transportId: 'nope' }))).toBe('ROOM_NOT_FOUND');
    await client.call('getRouterRtpCapabilities', { roomId, epoch: 0 });
    expect(await code(client.call('restartIce', { roomId, epoch: 0, transportId: 'nope' }))).toBe('NOT_FOUND');
    expect(await code(client.call('closeTransport', { roomId, epoch: 0, transportId: 'nope' }))).toBe('ok');
  });

  it('counts RPC latency by method and result, and rejected frames', async () => {
    const text = await (await fetch(`${node.httpUrl}/metrics`)).text();
    expect(text).toMatch(/coope_media_rpc_duration_seconds_count\{method="getRouterRtpCapabilities",result="STALE_EPOCH"\} 1/);
    expect(text).toMatch(/coope_media_rpc_rejected_frames_total\{reason="UNKNOWN_METHOD"\} 1/);
    expect(text).toMatch(/coope_media_workers_alive 1/);
  });
});

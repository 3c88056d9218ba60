// Rooms nobody uses any more are closed by the node itself (MEDIA_ROOM_IDLE_MS): a room whose
// transports never connected goes, with a roomClosed 'idle' event; rooms with a connected WebRTC
// sender or a plain transport stay.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaRpcClient } from '../src/rpc/index.js';
import { type MediaNodeProcess, spawnMediaNode } from './helpers/media-node-process.js';
import { plainProducer, type RoomRef } from './helpers/plain-media.js';
import { sendSyntheticVideo } from './helpers/wrtc-sender.js';

let node: MediaNodeProcess;
let rpc: MediaRpcClient;
const cleanups: Array<() => void> = [];
const closed: Array<{ roomId: string; reason: string }> = [];

beforeAll(async () => {
  node = await spawnMediaNode({ prefix: `t-idle-${randomUUID().slice(0, 8)}:`, workers: 1, env: { MEDIA_ROOM_IDLE_MS: '1500' } });
  rpc = await node.connect();
  rpc.on('roomClosed', (e) => closed.push({ roomId: e.roomId, reason: e.reason }));
});

afterAll(async () => {
  for (const c of cleanups) c();
  await node?.stop();
});

const newRoom = (): RoomRef => ({ roomId: `room-${randomUUID()}`, epoch: 3 });
const transportStats = (room: RoomRef, id: string) => rpc.call('getStats', { ...room, entity: 'transport', id });
const reaped = (room: RoomRef) => closed.filter((c) => c.roomId === room.roomId);

async function unconnectedRoom(): Promise<{ room: RoomRef; transportId: string }> {
  const room = newRoom();
  await rpc.call('getRouterRtpCapabilities', room);
  const t = await rpc.call('createWebRtcTransport', { ...room, peerId: 'ghost', direction: 'recv' });
  return { room, transportId: t.transportId };
}

async function idleRoomsClosed(): Promise<number> {
  const text = await (await fetch(`${node.httpUrl}/metrics`)).text();
  return Number(/^coope_media_idle_rooms_closed_total (\d+)/m.exec(text)?.[1] ?? Number.NaN);
}

describe('idle rooms', () => {
  it('closes a room without a live transport and keeps rooms with a connected sender or a plain transport', async () => {
    const live = newRoom();
    const sender = await sendSyntheticVideo(rpc, live, 'alice');
    cleanups.push(sender.stop);
    await expect.poll(async () => (await transportStats(live, sender.transportId)).stats[0]?.iceState, { timeout: 20_000 }).toBe('completed');
    const plain = newRoom();
    const bot = await plainProducer(rpc, plain, 'bot', 1234);
    const ghost = await unconnectedRoom();

    await expect.poll(() => reaped(ghost.room), { timeout: 15_000, interval: 100 }).toEqual([{ roomId: ghost.room.roomId, reason: 'idle' }]);
    await expect(transportStats(ghost.room, ghost.transportId)).rejects.toMatchObject({ code: 'ROOM_NOT_FOUND' });
    // A second idle room created after the first went: its reaping proves sweeps kept running.
    const later = await unconnectedRoom();
    await expect.poll(() => reaped(later.room).length, { timeout: 15_000, interval: 100 }).toBe(1);

    expect(reaped(live)).toEqual([]);
    expect(reaped(plain)).toEqual([]);
    expect((await transportStats(live, sender.transportId)).stats[0]?.iceState).toBe('completed');
    expect((await transportStats(plain, bot.transportId)).stats).toHaveLength(1);
    expect(await idleRoomsClosed()).toBe(2);
    // The registry forgot the room, not its epoch: same epoch re-creates it, an older one is refused.
    await expect(rpc.call('getRouterRtpCapabilities', ghost.room)).resolves.toHaveProperty('rtpCapabilities');
    await expect(rpc.call('getRouterRtpCapabilities', { ...ghost.room, epoch: 2 })).rejects.toMatchObject({ code: 'STALE_EPOCH' });
  });
});

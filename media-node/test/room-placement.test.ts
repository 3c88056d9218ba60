// Unit tests of where a room's transports go (fake workers; the real ones are covered by
// media-routing.integration.test.ts) and of the config parser.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { RoomRouters } from '../src/media/room-routers.js';
import type { WorkerPool, WorkerSlot } from '../src/media/worker-pool.js';

function fakeSlot(index: number, consumers = 0): WorkerSlot {
  let n = 0;
  const worker = {
    died: false,
    createRouter: async () => ({ id: `w${index}-r${n++}`, observer: new EventEmitter(), close() {} }),
  };
  return {
    index,
    worker: worker as never,
    webRtcServer: {} as never,
    load: { routers: 0, transports: 0, producers: 0, consumers },
    cpuMs: 0,
    cpuRatio: 0,
  };
}

function routersOver(slots: WorkerSlot[], budget: number) {
  const pool = {
    alive: slots,
    leastLoaded: () => [...slots].sort((a, b) => a.load.consumers - b.load.consumers)[0],
    waitLeastLoaded: async () => [...slots].sort((a, b) => a.load.consumers - b.load.consumers)[0],
  } as unknown as WorkerPool;
  const homes: number[] = [];
  const routers = new RoomRouters({
    pool,
    mediaCodecs: [],
    consumersPerWorker: budget,
    onHome: async (rr) => void homes.push(rr.slot.index),
  });
  return { routers, homes };
}

describe('RoomRouters placement', () => {
  it('homes a new room on the least-loaded worker', async () => {
    const { routers, homes } = routersOver([fakeSlot(0, 30), fakeSlot(1, 10), fakeSlot(2, 20)], 500);
    expect((await routers.home()).slot.index).toBe(1);
    expect(homes).toEqual([1]);
  });

  it('keeps receive transports home until the budget, then uses the least-loaded other worker', async () => {
    const slots = [fakeSlot(0), fakeSlot(1, 3), fakeSlot(2, 1)];
    const { routers } = routersOver(slots, 5);
    const home = await routers.home();
    expect(home.slot.index).toBe(0);
    expect((await routers.forRecv()).slot.index).toBe(0);
    slots[0]!.load.consumers = 5;
    expect((await routers.forRecv()).slot.index).toBe(2);
    // The room now has a router on worker 2; it is reused rather than opening a third one.
    slots[2]!.load.consumers = 2;
    expect((await routers.forRecv()).slot.index).toBe(2);
    expect(routers.all().map((r) => r.slot.index)).toEqual([0, 2]);
  });

  it('stays on the least-loaded router when every worker is over budget', async () => {
    const slots = [fakeSlot(0, 9), fakeSlot(1, 7)];
    const { routers } = routersOver(slots, 5);
    expect((await routers.home()).slot.index).toBe(1);
    expect((await routers.forRecv()).slot.index).toBe(1);
  });

  it('creates one router per worker even under concurrent requests', async () => {
    const slots = [fakeSlot(0, 5), fakeSlot(1)];
    const { routers } = routersOver(slots, 5);
    slots[1]!.load.consumers = 1;
    await routers.home();
    slots[1]!.load.consumers = 0;
    slots[0]!.load.consumers = 6;
    const [a, b] = await Promise.all([routers.forRecv(), routers.forRecv()]);
    expect(a).toBe(b);
  });

  it('elects a new home when the home worker dies', async () => {
    const slots = [fakeSlot(0), fakeSlot(1, 1)];
    const { routers, homes } = routersOver(slots, 5);
    await routers.home();
    slots[0]!.load.consumers = 9;
    await routers.forRecv();
    routers.dropWorker(slots[0]!);
    expect((await routers.home()).slot.index).toBe(1);
    expect(homes).toEqual([0, 1]);
  });
});

describe('parseConfig', () => {
  const base = { MEDIA_RPC_SECRET: 'a-long-secret' };

  it('applies the defaults', () => {
    const r = parseConfig(base);
    expect(r.ok && r.config).toMatchObject({ MEDIA_CONSUMERS_PER_WORKER: 500, MEDIA_RECORD_TTL_MS: 3000, announcedIp: '127.0.0.1' });
  });

  it.each([
    [{ MEDIA_WORKERS: 'many' }, 'MEDIA_WORKERS'],
    [{ MEDIA_RPC_SECRET: 'short' }, 'MEDIA_RPC_SECRET'],
    [{ MEDIA_PIPE_MIN_PORT: '5000', MEDIA_PIPE_MAX_PORT: '4000' }, 'MEDIA_PIPE_MAX_PORT'],
    [{ MEDIA_LISTEN_IP: '0.0.0.0' }, 'MEDIA_ANNOUNCED_IP'],
  ])('names the bad variable (%o)', (env, name) => {
    const r = parseConfig({ ...base, ...env });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(new RegExp(`^invalid environment variable ${name}: `));
  });
});

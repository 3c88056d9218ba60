// One mediasoup worker per slot, each with a WebRtcServer on UDP+TCP port base+i.
// A worker that dies is reported (onWorkerLost) and replaced in the same slot; the node lives on.
import { setTimeout as delay } from 'node:timers/promises';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { Logger } from '../log.js';

export interface WorkerLoad {
  routers: number;
  transports: number;
  producers: number;
  consumers: number;
}

/** A live worker. A replacement gets a new WorkerSlot object with the same index. */
export interface WorkerSlot {
  readonly index: number;
  readonly worker: types.Worker;
  readonly webRtcServer: types.WebRtcServer;
  readonly load: WorkerLoad;
  /** CPU ms (user+system) at the last sample, for the CPU ratio. */
  cpuMs: number;
  cpuRatio: number;
}

export interface WorkerPoolOptions {
  count: number;
  listenIp: string;
  announcedIp: string;
  /** 0 = let the OS pick the WebRtcServer ports. */
  rtcPortBase: number;
  logLevel: types.WorkerLogLevel;
}

export interface WorkerPoolHooks {
  onWorkerLost(slot: WorkerSlot): void;
  onWorkerReplaced(slot: WorkerSlot): void;
}

export class WorkerPool {
  readonly #opts: WorkerPoolOptions;
  readonly #log: Logger;
  readonly #hooks: WorkerPoolHooks;
  readonly #slots: (WorkerSlot | undefined)[];
  #closing = false;
  readonly #waiters = new Set<(slot: WorkerSlot) => void>();

  static async create(opts: WorkerPoolOptions, log: Logger, hooks: WorkerPoolHooks): Promise<WorkerPool> {
    const pool = new WorkerPool(opts, log, hooks);
    try {
      for (let i = 0; i < opts.count; i++) pool.#slots[i] = await pool.#spawn(i);
    } catch (err) {
      pool.close();
      throw err;
    }
    return pool;
  }

  private constructor(opts: WorkerPoolOptions, log: Logger, hooks: WorkerPoolHooks) {
    this.#opts = opts;
    this.#log = log;
    this.#hooks = hooks;
    this.#slots = new Array(opts.count).fill(undefined);
  }

  /** Live workers only (a dead one is missing until its replacement is up). */
  get alive(): WorkerSlot[] {
    return this.#slots.filter((s): s is WorkerSlot => s !== undefined);
  }

  get size(): number {
    return this.#opts.count;
  }

  /** The live worker with the fewest consumers, ignoring `exclude` indexes. */
  leastLoaded(exclude: ReadonlySet<number> = new Set()): WorkerSlot | undefined {
    let best: WorkerSlot | undefined;
    for (const s of this.alive) {
      if (exclude.has(s.index)) continue;
      if (!best || s.load.consumers + s.load.transports < best.load.consumers + best.load.transports) best = s;
    }
    return best;
  }

  /**
   * Like leastLoaded(), but while every worker is dead (being replaced) it waits for the
   * first replacement instead of failing.
   */
  async waitLeastLoaded(timeoutMs: number): Promise<WorkerSlot | undefined> {
    const now = this.leastLoaded();
    if (now || this.#closing) return now;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(done);
        resolve(undefined);
      }, timeoutMs);
      const done = (slot: WorkerSlot) => {
        clearTimeout(timer);
        resolve(slot);
      };
      this.#waiters.add(done);
    });
  }

  close(): void {
    this.#closing = true;
    for (const s of this.alive) s.worker.close();
    this.#slots.fill(undefined);
  }

  async #spawn(index: number): Promise<WorkerSlot> {
    const worker = await createWorkerKeepingSignals({ logLevel: this.#opts.logLevel, appData: { index } });
    let webRtcServer: types.WebRtcServer;
    try {
      webRtcServer = await worker.createWebRtcServer({ listenInfos: this.#listenInfos(index) });
    } catch (err) {
      worker.close();
      throw err;
    }
    const slot: WorkerSlot = {
      index,
      worker,
      webRtcServer,
      load: { routers: 0, transports: 0, producers: 0, consumers: 0 },
      cpuMs: 0,
      cpuRatio: 0,
    };
    worker.on('died', (err) => this.#handleDied(slot, err));
    this.#log.info({ worker: index, pid: worker.pid }, 'worker started');
    return slot;
  }

  #listenInfos(index: number): types.TransportListenInfo[] {
    const { listenIp, announcedIp, rtcPortBase } = this.#opts;
    const port = rtcPortBase === 0 ? undefined : rtcPortBase + index;
    const announcedAddress = announcedIp === listenIp ? undefined : announcedIp;
    return (['udp', 'tcp'] as const).map((protocol) => ({
      protocol,
      ip: listenIp,
      announcedAddress,
      ...(port === undefined ? { portRange: { min: 20_000, max: 29_999 } } : { port }),
    }));
  }

  #handleDied(slot: WorkerSlot, err: Error): void {
    if (this.#slots[slot.index] !== slot) return;
    this.#slots[slot.index] = undefined;
    this.#log.error({ worker: slot.index, pid: slot.worker.pid, err: err.message }, 'worker died');
    this.#hooks.onWorkerLost(slot);
    if (!this.#closing) void this.#replace(slot.index);
  }

  async #replace(index: number): Promise<void> {
    for (let attempt = 0; !this.#closing; attempt++) {
      try {
        const slot = await this.#spawn(index);
        if (this.#closing) {
          slot.worker.close();
          return;
        }
        this.#slots[index] = slot;
        this.#hooks.onWorkerReplaced(slot);
        for (const wake of this.#waiters) wake(slot);
        this.#waiters.clear();
        return;
      } catch (err) {
        this.#log.error({ worker: index, attempt, err: (err as Error).message }, 'worker replacement failed');
        await delay(Math.min(5_000, 100 * 2 ** attempt));
      }
    }
  }
}

/**
 * mediasoup closes every worker on SIGTERM/SIGINT by itself. SIGTERM means "drain" here
 * (rooms go on until the deadline), so the listeners it adds are taken off again.
 */
async function createWorkerKeepingSignals(settings: types.WorkerSettings): Promise<types.Worker> {
  const signals = ['SIGTERM', 'SIGINT'] as const;
  const before = new Set(signals.flatMap((s) => process.listeners(s)));
  const worker = await mediasoup.createWorker(settings);
  for (const s of signals) {
    for (const l of process.listeners(s)) if (!before.has(l)) process.removeListener(s, l);
  }
  return worker;
}

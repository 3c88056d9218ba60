import { randomUUID } from 'node:crypto';
// The node's media side: worker pool + rooms, the load figures of its record, and the
// worker-loss path (replace the worker, report what was lost).
import type { Config } from './config.js';
import type { MediaNodeRecord, MediaNodeState } from './keys.js';
import type { Logger } from './log.js';
import { mediaCodecs } from './media/media-codecs.js';
import { RoomRegistry } from './media/room-registry.js';
import type { EventSink } from './media/room-types.js';
import { WorkerPool, type WorkerSlot } from './media/worker-pool.js';
import type { MediaSnapshot, Metrics } from './metrics.js';

export class MediaNode {
  readonly nodeId: string;
  readonly bootId = randomUUID();
  readonly pool: WorkerPool;
  readonly rooms: RoomRegistry;
  state: MediaNodeState = 'SERVING';
  readonly #config: Config;
  readonly #metrics: Metrics;
  readonly #log: Logger;

  static async create(config: Config, log: Logger, metrics: Metrics, sink: EventSink): Promise<MediaNode> {
    // The pool exists before the node; worker losses are routed once both do.
    const lost = { handle: (_slot: WorkerSlot) => {} };
    const pool = await WorkerPool.create(
      {
        count: config.MEDIA_WORKERS,
        listenIp: config.MEDIA_LISTEN_IP,
        announcedIp: config.announcedIp,
        rtcPortBase: config.MEDIA_RTC_PORT_BASE,
        logLevel: config.MEDIA_WORKER_LOG_LEVEL,
      },
      log,
      {
        onWorkerLost: (slot) => lost.handle(slot),
        onWorkerReplaced: (slot) => log.info({ worker: slot.index, pid: slot.worker.pid }, 'worker replaced'),
      },
    );
    const node = new MediaNode(config, log, metrics, pool, sink);
    lost.handle = (slot) => node.#handleWorkerLost(slot, sink);
    return node;
  }

  private constructor(config: Config, log: Logger, metrics: Metrics, pool: WorkerPool, sink: EventSink) {
    this.nodeId = config.MEDIA_NODE_ID;
    this.#config = config;
    this.#log = log;
    this.#metrics = metrics;
    this.pool = pool;
    this.rooms = new RoomRegistry(
      {
        sink,
        pool,
        mediaCodecs,
        consumersPerWorker: config.MEDIA_CONSUMERS_PER_WORKER,
        listen: {
          listenIp: config.MEDIA_LISTEN_IP,
          announcedIp: config.announcedIp,
          portRange: { min: config.MEDIA_PIPE_MIN_PORT, max: config.MEDIA_PIPE_MAX_PORT },
        },
        log,
      },
      () => this.state === 'DRAINING',
      log,
    );
    metrics.setSnapshotSource(() => this.snapshot());
  }

  load(): MediaNodeRecord['load'] {
    const alive = this.pool.alive;
    const workerConsumers = new Array<number>(this.pool.size).fill(0);
    const workerCpu = new Array<number>(this.pool.size).fill(0);
    let transports = 0;
    let producers = 0;
    let consumers = 0;
    for (const s of alive) {
      transports += s.load.transports;
      producers += s.load.producers;
      consumers += s.load.consumers;
      workerConsumers[s.index] = s.load.consumers;
      workerCpu[s.index] = s.cpuRatio;
    }
    const consumerBudget = alive.length * this.#config.MEDIA_CONSUMERS_PER_WORKER;
    return { rooms: this.rooms.size, transports, producers, consumers, consumerBudget, workerConsumers, workerCpu };
  }

  snapshot(): MediaSnapshot {
    const s: MediaSnapshot = {
      workersAlive: this.pool.alive.length,
      rooms: this.rooms.size,
      routers: 0,
      transports: 0,
      producers: { audio: 0, video: 0 },
      consumers: { audio: 0, video: 0 },
      pipes: { local: 0, remote: 0 },
      draining: this.state === 'DRAINING',
    };
    for (const room of this.rooms.rooms()) {
      const c = room.counts();
      s.routers += c.routers;
      s.transports += c.transports;
      s.producers.audio += c.producers.audio;
      s.producers.video += c.producers.video;
      s.consumers.audio += c.consumers.audio;
      s.consumers.video += c.consumers.video;
      s.pipes.local += c.localPipes;
      s.pipes.remote += c.remotePipes;
    }
    return s;
  }

  /** Samples each worker's CPU since the last call (fraction of one core). */
  async sampleCpu(): Promise<void> {
    await Promise.all(
      this.pool.alive.map(async (s) => {
        const ru = await s.worker.getResourceUsage();
        const cpuMs = ru.ru_utime + ru.ru_stime;
        const now = performance.now();
        const last = cpuSampleAt.get(s);
        if (last !== undefined) {
          s.cpuRatio = Math.max(0, (cpuMs - s.cpuMs) / Math.max(1, now - last));
          this.#metrics.workerCpuSampled(s.index, s.cpuRatio);
        }
        s.cpuMs = cpuMs;
        cpuSampleAt.set(s, now);
      }),
    );
  }

  close(): void {
    this.rooms.closeAll();
    this.pool.close();
  }

  #handleWorkerLost(slot: WorkerSlot, sink: EventSink): void {
    this.#metrics.workerDied();
    const rooms = this.rooms.handleWorkerLost(slot);
    this.#log.error({ worker: slot.index, pid: slot.worker.pid, rooms: rooms.length }, 'worker lost');
    sink({ event: 'workerLost', data: { nodeId: this.nodeId, workerIndex: slot.index, pid: slot.worker.pid, rooms } });
  }
}

const cpuSampleAt = new WeakMap<WorkerSlot, number>();

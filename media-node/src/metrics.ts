// prom-client metrics, prefix coope_media_. Callers use the verbs; level gauges are read
// from a snapshot at scrape time so they can never drift from the real state.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

const P = 'coope_media_';

export interface MediaSnapshot {
  workersAlive: number;
  rooms: number;
  routers: number;
  transports: number;
  producers: { audio: number; video: number };
  consumers: { audio: number; video: number };
  pipes: { local: number; remote: number };
  draining: boolean;
}

export class Metrics {
  readonly registry = new Registry();
  #snapshot: () => MediaSnapshot = () => emptySnapshot();
  #redisReady: () => boolean = () => false;
  readonly #rpc = new Histogram({
    name: `${P}rpc_duration_seconds`,
    help: 'RPC handling time by method and result',
    labelNames: ['method', 'result'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly #rejected = new Counter({
    name: `${P}rpc_rejected_frames_total`,
    help: 'RPC frames answered with an error before reaching a handler',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly #connections = new Gauge({
    name: `${P}rpc_connections`,
    help: 'Open RPC connections',
    registers: [this.registry],
  });
  readonly #workerDeaths = new Counter({
    name: `${P}worker_deaths_total`,
    help: 'mediasoup workers that died',
    registers: [this.registry],
  });
  readonly #workerCpu = new Gauge({
    name: `${P}worker_cpu_ratio`,
    help: 'CPU of each worker over the last sample, as a fraction of one core',
    labelNames: ['worker'] as const,
    registers: [this.registry],
  });
  readonly #packets = new Counter({
    name: `${P}forwarded_packets_total`,
    help: 'RTP packets sent by consumers',
    registers: [this.registry],
  });
  readonly #bytes = new Counter({
    name: `${P}forwarded_bytes_total`,
    help: 'RTP bytes sent by consumers',
    registers: [this.registry],
  });
  readonly #packetsLost = new Counter({
    name: `${P}consumer_packets_lost_total`,
    help: 'Packets sent by consumers that their receivers reported lost (RTCP receiver reports)',
    registers: [this.registry],
  });
  readonly #idleRooms = new Counter({
    name: `${P}idle_rooms_closed_total`,
    help: 'Rooms closed on this node because no transport was live for MEDIA_ROOM_IDLE_MS',
    registers: [this.registry],
  });
  readonly #registrationFailures = new Counter({
    name: `${P}registration_failures_total`,
    help: 'Failed refreshes of the node record in Redis',
    registers: [this.registry],
  });
  readonly #loopErrors = new Counter({
    name: `${P}background_errors_total`,
    help: 'Errors caught in background loops',
    labelNames: ['loop'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: P });
    this.#levelGauges();
  }

  /** Where `redis_up` reads the connection state from at scrape time. */
  setRedisSource(isReady: () => boolean): void {
    this.#redisReady = isReady;
  }

  /** The function scrapes read the current state from. */
  setSnapshotSource(fn: () => MediaSnapshot): void {
    this.#snapshot = fn;
  }

  rpcHandled(method: string, result: string, seconds: number): void {
    this.#rpc.observe({ method, result }, seconds);
  }
  frameRejected(reason: string): void {
    this.#rejected.inc({ reason });
  }
  connectionOpened(): void {
    this.#connections.inc();
  }
  connectionClosed(): void {
    this.#connections.dec();
  }
  workerDied(): void {
    this.#workerDeaths.inc();
  }
  idleRoomsClosed(n: number): void {
    this.#idleRooms.inc(n);
  }
  workerCpuSampled(worker: number, ratio: number): void {
    this.#workerCpu.set({ worker: String(worker) }, ratio);
  }
  forwarded(packets: number, bytes: number): void {
    if (packets > 0) this.#packets.inc(packets);
    if (bytes > 0) this.#bytes.inc(bytes);
  }
  consumerPacketsLost(packets: number): void {
    if (packets > 0) this.#packetsLost.inc(packets);
  }
  registrationFailed(): void {
    this.#registrationFailures.inc();
  }
  backgroundError(loop: string): void {
    this.#loopErrors.inc({ loop });
  }

  #levelGauges(): void {
    const gauge = (name: string, help: string, read: (s: MediaSnapshot, g: Gauge) => void, labelNames: string[] = []) =>
      new Gauge({
        name: `${P}${name}`,
        help,
        labelNames,
        registers: [this.registry],
        collect() {
          read(snapshotOf(), this);
        },
      });
    const snapshotOf = () => this.#snapshot();
    const redisReady = () => this.#redisReady();
    new Gauge({
      name: `${P}redis_up`,
      help: '1 while the Redis connection is ready',
      registers: [this.registry],
      collect() {
        this.set(redisReady() ? 1 : 0);
      },
    });
    gauge('workers_alive', 'Live mediasoup workers', (s, g) => g.set(s.workersAlive));
    gauge('rooms', 'Rooms held by this node', (s, g) => g.set(s.rooms));
    gauge('routers', 'mediasoup routers', (s, g) => g.set(s.routers));
    gauge('transports', 'WebRTC and pipe transports', (s, g) => g.set(s.transports));
    gauge('draining', '1 while the node drains', (s, g) => g.set(s.draining ? 1 : 0));
    const byKind = (s: { audio: number; video: number }, g: Gauge) => {
      g.set({ kind: 'audio' }, s.audio);
      g.set({ kind: 'video' }, s.video);
    };
    gauge('producers', 'Producers by kind', (s, g) => byKind(s.producers, g), ['kind']);
    gauge('consumers', 'Consumers by kind', (s, g) => byKind(s.consumers, g), ['kind']);
    gauge(
      'pipes',
      'Piped producers: local (between workers) and remote (PipeTransports to other nodes)',
      (s, g) => {
        g.set({ scope: 'local' }, s.pipes.local);
        g.set({ scope: 'remote' }, s.pipes.remote);
      },
      ['scope'],
    );
  }
}

function emptySnapshot(): MediaSnapshot {
  return {
    workersAlive: 0,
    rooms: 0,
    routers: 0,
    transports: 0,
    producers: { audio: 0, video: 0 },
    consumers: { audio: 0, video: 0 },
    pipes: { local: 0, remote: 0 },
    draining: false,
  };
}

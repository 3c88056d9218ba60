// prom-client metrics behind verbs; callers never touch metric objects. No per-room or per-user labels.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { HotHistogram } from './hot-histogram.js';
import { FAILOVER_PATHS, type FailoverPath } from './media/media-failover.js';

const P = 'coope_signaling_';
export type Result = 'ok' | 'error';

export class Metrics {
  readonly registry = new Registry();
  // Counted in plain fields on the hot path and handed to prom-client when scraped (its `collect` hook).
  readonly #counts = { sockets: 0, peers: 0, joinsOk: 0, joinsError: 0 };
  readonly #sockets = this.#scraped(`${P}connected_sockets`, 'Sockets connected to this node', () => this.#counts.sockets);
  readonly #peers = this.#scraped(`${P}call_peers`, 'Call peers whose socket is on this node', () => this.#counts.peers);
  readonly #joins = new Counter({
    name: `${P}joins_total`,
    help: 'Call joins by result',
    labelNames: ['result'],
    registers: [this.registry],
    collect: () => {
      const c = this.#counts;
      this.#joins.reset();
      this.#joins.inc({ result: 'ok' }, c.joinsOk);
      this.#joins.inc({ result: 'error' }, c.joinsError);
    },
  });
  // The per-event histograms are HotHistograms: resolved series, no label hashing per observation.
  readonly #joinSeconds = new HotHistogram({
    name: `${P}join_duration_seconds`,
    help: 'Time from join request to ack',
    labelNames: [],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly #joinSeries = this.#joinSeconds.series({});
  readonly #placementSeconds = new HotHistogram({
    name: `${P}placement_duration_seconds`,
    help: 'Room registry lookup-or-place time',
    labelNames: ['result'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly #failovers = new Counter({
    name: `${P}media_failovers_total`,
    help: 'Rooms moved off a lost media node by this node, by detection path and result',
    labelNames: ['path', 'result'],
    registers: [this.registry],
  });
  readonly #failoverSeconds = new Histogram({
    name: `${P}media_failover_duration_seconds`,
    help: 'From detecting a lost media node to media-reset sent for a room',
    labelNames: ['path'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [this.registry],
  });
  readonly #conflicts = new Counter({
    name: `${P}session_conflicts_total`,
    help: 'Same user joining a call from a second device, by outcome',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly #rejected = new Counter({
    name: `${P}events_rejected_total`,
    help: 'Client events refused before their handler (validation, rate limit, unknown event)',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly #events = new HotHistogram({
    name: `${P}event_duration_seconds`,
    help: 'Client event handling time by event and result',
    labelNames: ['event', 'result'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [this.registry],
  });
  /** event name → [ok, error] series (the event names are the protocol's, a fixed set). */
  readonly #eventSeries = new Map<string, ReturnType<HotHistogram<'event' | 'result'>['series']>[]>();
  readonly #resumes = new Counter({ name: `${P}resumes_total`, help: 'Peer session resumes by result', labelNames: ['result'], registers: [this.registry] });
  readonly #peerExpired = new Counter({ name: `${P}peer_sessions_expired_total`, help: 'Peer sessions closed after the grace period', registers: [this.registry] });
  readonly #presence = new Counter({ name: `${P}presence_changes_total`, help: 'Users going online/offline', labelNames: ['state'], registers: [this.registry] });
  readonly #loopErrors = new Counter({ name: `${P}background_errors_total`, help: 'Errors in background loops', labelNames: ['loop'], registers: [this.registry] });
  readonly #redisUp = new Gauge({ name: `${P}redis_up`, help: '1 when the Redis connection is ready', registers: [this.registry] });
  readonly #mediaConnected = new Gauge({ name: `${P}media_nodes_connected`, help: 'Media nodes with an open RPC connection', registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: P });
    // Failovers are rare: start every series at 0 so increase()/rate() see the first one.
    for (const path of FAILOVER_PATHS) {
      for (const result of ['ok', 'error'] as const) this.#failovers.inc({ path, result }, 0);
      this.#failoverSeconds.zero({ path });
    }
  }

  #scraped(name: string, help: string, read: () => number): Gauge {
    return new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  socketConnected(): void {
    this.#counts.sockets++;
  }
  socketDisconnected(): void {
    this.#counts.sockets--;
  }
  peerAttached(): void {
    this.#counts.peers++;
  }
  peerDetached(): void {
    this.#counts.peers--;
  }
  joinFinished(result: Result, startedAt: number): void {
    if (result === 'ok') this.#counts.joinsOk++;
    else this.#counts.joinsError++;
    if (result === 'ok') this.#joinSeconds.observe(this.#joinSeries, (performance.now() - startedAt) / 1000);
  }
  placementFinished(result: Result, startedAt: number): void {
    this.#placementSeconds.observe(this.#placementSeconds.series({ result }), (performance.now() - startedAt) / 1000);
  }
  failoverFinished(path: FailoverPath, result: Result, detectedAt: number): void {
    this.#failovers.inc({ path, result });
    if (result === 'ok') this.#failoverSeconds.observe({ path }, (performance.now() - detectedAt) / 1000);
  }
  sessionConflict(outcome: 'asked' | 'keep' | 'move' | 'takeover' | 'timeout'): void {
    this.#conflicts.inc({ outcome });
  }
  eventRejected(reason: 'validation' | 'rate_limit' | 'unknown_event'): void {
    this.#rejected.inc({ reason });
  }
  eventHandled(event: string, result: Result, startedAt: number): void {
    let pair = this.#eventSeries.get(event);
    if (!pair) {
      pair = [this.#events.series({ event, result: 'ok' }), this.#events.series({ event, result: 'error' })];
      this.#eventSeries.set(event, pair);
    }
    this.#events.observe(pair[result === 'ok' ? 0 : 1]!, (performance.now() - startedAt) / 1000);
  }
  resumed(result: Result): void {
    this.#resumes.inc({ result });
  }
  peerSessionExpired(): void {
    this.#peerExpired.inc();
  }
  presenceChanged(online: boolean): void {
    this.#presence.inc({ state: online ? 'online' : 'offline' });
  }
  backgroundError(loop: string): void {
    this.#loopErrors.inc({ loop });
  }
  redisUp(up: boolean): void {
    this.#redisUp.set(up ? 1 : 0);
  }
  mediaNodesConnected(count: number): void {
    this.#mediaConnected.set(count);
  }
}

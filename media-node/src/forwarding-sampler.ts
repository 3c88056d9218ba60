// Forwarded packets/bytes: consumer send counters read every interval, added as deltas
// to the prom counters (mediasoup has no per-worker packet total).
import type { Logger } from './log.js';
import type { MediaNode } from './media-node.js';
import type { Metrics } from './metrics.js';

export class ForwardingSampler {
  readonly #last = new Map<string, { packets: number; bytes: number }>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    readonly node: MediaNode,
    readonly metrics: Metrics,
    readonly log: Logger,
  ) {}

  start(intervalMs: number): void {
    if (intervalMs <= 0) return;
    this.#timer = setInterval(() => {
      this.sample().catch((err) => {
        this.metrics.backgroundError('forwarding-sampler');
        this.log.warn({ err: (err as Error).message }, 'forwarding sample failed');
      });
    }, intervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async sample(): Promise<void> {
    const seen = new Set<string>();
    let packets = 0;
    let bytes = 0;
    for (const room of this.node.rooms.rooms()) {
      for (const consumer of room.consumers()) {
        if (consumer.closed) continue;
        const stats = await consumer.getStats().catch(() => []);
        const out = stats.find((s) => s.type === 'outbound-rtp');
        if (!out) continue;
        seen.add(consumer.id);
        const prev = this.#last.get(consumer.id) ?? { packets: 0, bytes: 0 };
        packets += Math.max(0, out.packetCount - prev.packets);
        bytes += Math.max(0, out.byteCount - prev.bytes);
        this.#last.set(consumer.id, { packets: out.packetCount, bytes: out.byteCount });
      }
    }
    for (const id of this.#last.keys()) if (!seen.has(id)) this.#last.delete(id);
    this.metrics.forwarded(packets, bytes);
  }
}

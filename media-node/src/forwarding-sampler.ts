// Forwarded packets/bytes and packets lost: consumer send counters and the receivers' RTCP loss
// reports, read every interval and added as deltas to the prom counters (mediasoup has no
// per-worker totals).
import type { Logger } from './log.js';
import type { MediaNode } from './media-node.js';
import type { Metrics } from './metrics.js';

interface SendCounts {
  packets: number;
  bytes: number;
  lost: number;
}

export class ForwardingSampler {
  readonly #last = new Map<string, SendCounts>();
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
    let lost = 0;
    for (const room of this.node.rooms.rooms()) {
      for (const consumer of room.consumers()) {
        if (consumer.closed) continue;
        const stats = await consumer.getStats().catch(() => []);
        const out = stats.find((s) => s.type === 'outbound-rtp');
        if (!out) continue;
        seen.add(consumer.id);
        const prev = this.#last.get(consumer.id) ?? { packets: 0, bytes: 0, lost: 0 };
        packets += Math.max(0, out.packetCount - prev.packets);
        bytes += Math.max(0, out.byteCount - prev.bytes);
        // Cumulative loss from receiver reports; it can step back (duplicates), never count that.
        const lostNow = Math.max(prev.lost, out.packetsLost ?? 0);
        lost += lostNow - prev.lost;
        this.#last.set(consumer.id, { packets: out.packetCount, bytes: out.byteCount, lost: lostNow });
      }
    }
    for (const id of this.#last.keys()) if (!seen.has(id)) this.#last.delete(id);
    this.metrics.forwarded(packets, bytes);
    this.metrics.consumerPacketsLost(lost);
  }
}

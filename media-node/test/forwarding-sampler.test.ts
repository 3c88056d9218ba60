// The stats loop behind coope_media_forwarded_* and coope_media_consumer_packets_lost_total:
// deltas of each consumer's cumulative outbound-rtp counters, never negative, forgotten when closed.
import { describe, expect, it } from 'vitest';
import { ForwardingSampler } from '../src/forwarding-sampler.js';
import { Metrics } from '../src/metrics.js';

interface FakeStats {
  packetCount: number;
  byteCount: number;
  packetsLost: number;
}

function fakeNode(consumers: Map<string, FakeStats>) {
  const consumer = (id: string) => ({
    id,
    closed: false,
    getStats: async () => [{ type: 'outbound-rtp', ...consumers.get(id)! }],
  });
  const room = { consumers: () => [...consumers.keys()].map(consumer) };
  return { rooms: { rooms: () => [room] } };
}

async function value(metrics: Metrics, name: string): Promise<number> {
  const m = await metrics.registry.getSingleMetric(name)!.get();
  return m.values[0]?.value ?? 0;
}

describe('ForwardingSampler', () => {
  it('adds the increase of packets, bytes and reported loss per consumer', async () => {
    const stats = new Map<string, FakeStats>([
      ['c1', { packetCount: 100, byteCount: 10_000, packetsLost: 2 }],
      ['c2', { packetCount: 50, byteCount: 5_000, packetsLost: 0 }],
    ]);
    const metrics = new Metrics();
    const sampler = new ForwardingSampler(fakeNode(stats) as never, metrics, { warn() {} } as never);
    await sampler.sample();
    expect(await value(metrics, 'coope_media_forwarded_packets_total')).toBe(150);
    expect(await value(metrics, 'coope_media_consumer_packets_lost_total')).toBe(2);

    stats.set('c1', { packetCount: 160, byteCount: 16_000, packetsLost: 7 });
    // A receiver report can lower the cumulative loss (late duplicates): that is no negative loss.
    stats.set('c2', { packetCount: 90, byteCount: 9_000, packetsLost: 0 });
    await sampler.sample();
    expect(await value(metrics, 'coope_media_forwarded_packets_total')).toBe(250);
    expect(await value(metrics, 'coope_media_forwarded_bytes_total')).toBe(25_000);
    expect(await value(metrics, 'coope_media_consumer_packets_lost_total')).toBe(7);

    stats.set('c1', { packetCount: 170, byteCount: 17_000, packetsLost: 6 });
    await sampler.sample();
    stats.set('c1', { packetCount: 180, byteCount: 18_000, packetsLost: 9 });
    await sampler.sample();
    expect(await value(metrics, 'coope_media_consumer_packets_lost_total')).toBe(9);
  });

  it('reports redis_up from the connection state at scrape time', async () => {
    const metrics = new Metrics();
    let ready = false;
    metrics.setRedisSource(() => ready);
    expect(await metrics.registry.metrics()).toMatch(/^coope_media_redis_up 0$/m);
    ready = true;
    expect(await metrics.registry.metrics()).toMatch(/^coope_media_redis_up 1$/m);
  });
});

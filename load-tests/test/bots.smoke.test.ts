// Bots against real processes: two signaling nodes, one media node (real mediasoup worker), Redis.
// Two bots in one call, on different signaling nodes, send real VP8 + opus and must each receive the
// other's audio and video (inbound-rtp bytes and decoded frames growing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fleet, formatFleetSummary } from '../src/bots/fleet.ts';
import { mintedIdentities } from '../src/bots/identities.ts';
import { type CallCluster, startCallCluster } from '../src/services/call-cluster.ts';

let cluster: CallCluster;
let fleet: Fleet | undefined;

beforeAll(async () => {
  cluster = await startCallCluster({ signalingNodes: 2, mediaNodes: 1 });
}, 120_000);

afterAll(async () => {
  await fleet?.leaveAll();
  await cluster?.stop();
}, 60_000);

describe('media bots (smoke)', () => {
  it('join one call through two signaling nodes and receive each other’s media', async () => {
    const identities = await mintedIdentities(cluster.minter, 2, 1);
    fleet = await Fleet.start({
      identities,
      signalingUrls: cluster.signalingUrls,
      media: { width: 160, height: 120, fps: 10 },
      statsIntervalMs: 100,
    });
    expect(fleet.failures).toEqual([]);
    expect(new Set(fleet.bots.map((b) => b.firstUrl)).size).toBe(2);
    await expect.poll(() => fleet!.bots.filter((b) => b.flowing).length, { timeout: 30_000, interval: 100 }).toBe(2);
    for (const bot of fleet.bots) {
      expect(bot.client.consumers.map((c) => c.consumer.kind).sort()).toEqual(['audio', 'video']);
      expect(bot.record.firstMediaAt).not.toBeNull();
      expect(bot.record.errors).toEqual([]);
    }
    const summary = fleet.summary();
    expect(summary).toMatchObject({ total: 2, joined: 2, failed: 0, mediaReceived: 2, receiving: 2 });
    expect(formatFleetSummary(summary)).toMatch(/media received {2}2\/2/);
  }, 120_000);
});

// Failover benchmark (issues 4 and 9): bots in calls on a real cluster (2 signaling nodes, 2 media
// nodes, Redis), then kill -9 of a media node (repeated, with a fresh node added after each kill) and
// of a signaling node. Writes results/failover.json: mediaNodeRecoveryP95Ms (kill to media flowing
// again at every affected bot), peersLost, signalingResumeP95Ms (kill to the bot's resume completing).
// Run: pnpm bench failover   (or: pnpm --filter @coope/load-tests exec tsx src/bench/failover.ts [--quick])
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fleet } from '../bots/fleet.js';
import { mintedIdentities } from '../bots/identities.js';
import type { MediaBot } from '../bots/media-bot.js';
import { type ResultInput, writeResult } from '../results.js';
import { startCallCluster } from '../services/call-cluster.js';
import { percentile, round, summarize } from '../stats.js';
import { killMediaNode, killSignalingNode, type TrialResult, victimOf, waitFor } from './failover-trials.js';

export interface FailoverOptions {
  rooms: number;
  botsPerRoom: number;
  mediaTrials: number;
  recoverTimeoutMs: number;
}

export const FULL: FailoverOptions = { rooms: 4, botsPerRoom: 3, mediaTrials: 3, recoverTimeoutMs: 15_000 };
export const QUICK: FailoverOptions = { rooms: 2, botsPerRoom: 2, mediaTrials: 1, recoverTimeoutMs: 15_000 };

function failoverResult(o: FailoverOptions, bots: MediaBot[], mediaTrials: TrialResult[], signalingTrial: TrialResult): ResultInput {
  const mediaSamples = mediaTrials.flatMap((t) => t.recoveryMs);
  const peersLost = mediaTrials.reduce((n, t) => n + t.lost, 0) + signalingTrial.lost;
  return {
    baseline: { name: 'targets', description: 'no same-run baseline exists for failover; issue 4 sets media flowing again within 2 s p95 of the kill, with 0 peers lost' },
    figures: {
      mediaNodeRecoveryP95Ms: round(percentile(mediaSamples, 95)),
      peersLost,
      signalingResumeP95Ms: round(percentile(signalingTrial.recoveryMs, 95)),
    },
    targets: { mediaNodeRecoveryP95Ms: '<= 2000', peersLost: '0' },
    command: 'pnpm bench failover',
    notes: [
      'each bot sends VP8 160x120@10 and opus from wrtc and samples its inbound-rtp stats every 100 ms, so recovery times carry up to 100 ms of sampling delay.',
      'media recovery: from kill -9 of the media node holding the most rooms to the first sample where the bot receives every remote stream again.',
      'signaling resume: from kill -9 of a signaling node to the call client finishing its resume on the other node.',
    ],
    raw: {
      options: o,
      bots: bots.length,
      mediaRecoveryMs: summarize(mediaSamples),
      signalingResumeMs: summarize(signalingTrial.recoveryMs),
      mediaTrials,
      signalingTrial,
      botErrors: bots.flatMap((b) => b.record.errors).slice(0, 20),
    },
  };
}

export async function runFailoverBench(o: FailoverOptions): Promise<ResultInput> {
  const cluster = await startCallCluster({ signalingNodes: 2, mediaNodes: 2 });
  let fleet: Fleet | undefined;
  try {
    const identities = await mintedIdentities(cluster.minter, o.rooms * o.botsPerRoom, o.rooms);
    fleet = await Fleet.start({
      identities,
      signalingUrls: cluster.signalingUrls,
      media: { width: 160, height: 120, fps: 10 },
      statsIntervalMs: 100,
      concurrency: 2,
    });
    const bots = fleet.bots;
    if (bots.length !== identities.length) throw new Error(`only ${bots.length}/${identities.length} bots joined: ${fleet.failures.join('; ')}`);
    if (!(await waitFor(() => bots.every((b) => b.flowing), 30_000))) throw new Error('media never flowed to every bot');
    const mediaTrials: TrialResult[] = [];
    for (let t = 0; t < o.mediaTrials; t++) {
      mediaTrials.push(await killMediaNode(cluster.media.map(victimOf), bots, o.recoverTimeoutMs));
      // Somewhere for the next trial's rooms to go.
      if (t + 1 < o.mediaTrials) await cluster.addMediaNode();
    }
    const signalingTrial = await killSignalingNode(victimOf(cluster.signaling[0]!), bots, o.recoverTimeoutMs);
    return failoverResult(o, bots, mediaTrials, signalingTrial);
  } finally {
    await fleet?.leaveAll();
    await cluster.stop();
  }
}

async function main(): Promise<void> {
  const result = await runFailoverBench(process.argv.includes('--quick') ? QUICK : FULL);
  const file = writeResult('failover', result);
  console.log(`failover: ${JSON.stringify(result.figures)} -> ${file}`);
  // wrtc keeps native threads alive.
  process.exit(0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

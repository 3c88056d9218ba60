// kill -9 of a signaling node, under load: every call client on it resumes on the other node (the
// failover benchmark's trial), media never stops (the media nodes live on), and no peer is lost.
import { killSignalingNode, type TrialResult } from '../../bench/failover-trials.js';
import { percentile, round } from '../../stats.js';
import type { Scenario } from '../scenario.js';

export const signalingKill: Scenario = {
  name: 'signalingKill',
  async run({ cluster, load, o }) {
    const nodes = cluster.byKind('signaling');
    const trials: (TrialResult & { clusterHealedMs: number })[] = [];
    for (let t = 0; t < o.trials; t++) {
      const trial = await killSignalingNode(nodes[t % nodes.length]!.victim(), load.bots, o.recoverTimeoutMs);
      await cluster.waitHealthy(o.recoverTimeoutMs * 4);
      trials.push({ ...trial, clusterHealedMs: Date.now() - trial.killedAt });
    }
    const samples = trials.flatMap((t) => t.recoveryMs);
    const peersLost = trials.reduce((n, t) => n + t.lost, 0);
    const affected = trials.reduce((n, t) => n + t.affected, 0);
    return {
      figures: {
        resumeP50Ms: round(percentile(samples, 50)),
        resumeP95Ms: round(percentile(samples, 95)),
        peersLost,
        peersAffected: affected,
        clusterHealedMs: Math.max(...trials.map((t) => t.clusterHealedMs)),
      },
      checks: { everyClientResumed: samples.length === affected && affected > 0, noPeerLost: peersLost === 0 },
      details: { trials },
    };
  },
};

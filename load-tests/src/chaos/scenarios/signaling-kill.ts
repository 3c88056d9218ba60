// kill -9 of a signaling node, under load: every call client on it resumes on the other node (the
// failover benchmark's trial), media never stops (the media nodes live on), and no peer is lost.
import { killSignalingNode } from '../../bench/failover-trials.js';
import type { Scenario } from '../scenario.js';
import { runKillTrials } from './kill-trials.js';

export const signalingKill: Scenario = {
  name: 'signalingKill',
  async run(ctx) {
    const nodes = ctx.cluster.byKind('signaling');
    const r = await runKillTrials(ctx, (t) => killSignalingNode(nodes[t % nodes.length]!.victim(), ctx.load.bots, ctx.o.recoverTimeoutMs));
    return {
      figures: { resumeP50Ms: r.p50Ms, resumeP95Ms: r.p95Ms, peersLost: r.peersLost, peersAffected: r.peersAffected, clusterHealedMs: r.clusterHealedMs },
      checks: { everyClientResumed: r.everyAffectedRecovered, noPeerLost: r.peersLost === 0 },
      details: { trials: r.trials },
    };
  },
};

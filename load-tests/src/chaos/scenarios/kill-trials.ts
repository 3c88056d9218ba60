// The trial loop the kill scenarios share: kill, measure recovery (the failover benchmark's trials), wait
// for the supervisor's restart to heal the cluster, and sum the trials up.
import type { TrialResult } from '../../bench/failover-trials.js';
import { percentile, round } from '../../stats.js';
import type { ScenarioContext } from '../scenario.js';

export interface KillTrials {
  trials: (TrialResult & { clusterHealedMs: number })[];
  samples: number[];
  peersLost: number;
  peersAffected: number;
  p50Ms: number | null;
  p95Ms: number | null;
  clusterHealedMs: number;
  /** Every affected peer produced a recovery sample. */
  everyAffectedRecovered: boolean;
}

export async function runKillTrials({ cluster, o }: ScenarioContext, kill: (trial: number) => Promise<TrialResult>): Promise<KillTrials> {
  const trials: KillTrials['trials'] = [];
  for (let t = 0; t < o.trials; t++) {
    const trial = await kill(t);
    await cluster.waitHealthy(o.recoverTimeoutMs * 4);
    trials.push({ ...trial, clusterHealedMs: Date.now() - trial.killedAt });
  }
  const samples = trials.flatMap((t) => t.recoveryMs);
  const peersAffected = trials.reduce((n, t) => n + t.affected, 0);
  return {
    trials,
    samples,
    peersLost: trials.reduce((n, t) => n + t.lost, 0),
    peersAffected,
    p50Ms: round(percentile(samples, 50)),
    p95Ms: round(percentile(samples, 95)),
    clusterHealedMs: Math.max(...trials.map((t) => t.clusterHealedMs)),
    everyAffectedRecovered: samples.length === peersAffected && peersAffected > 0,
  };
}

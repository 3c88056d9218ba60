// What every chaos scenario gets (the cluster, the load, the run's options) and what it returns: headline
// figures, the targets it checked (name → met), and the raw details behind them.
import type { ChaosCluster } from './chaos-cluster.js';
import type { ChaosLoad } from './chaos-load.js';

export interface ScenarioOptions {
  /** Repetitions of the kill scenarios (each on another node where there is one). */
  trials: number;
  /** How long Redis / MariaDB stay down. */
  outageMs: number;
  /** Longest wait for a recovery before it counts as failed. */
  recoverTimeoutMs: number;
  /** A request unanswered this long counts as hanging. */
  hangMs: number;
}

export interface ScenarioContext {
  cluster: ChaosCluster;
  load: ChaosLoad;
  o: ScenarioOptions;
}

export interface ScenarioResult {
  figures: Record<string, number | null>;
  checks: Record<string, boolean>;
  details: unknown;
}

export interface Scenario {
  /** camelCase; prefixes the headline keys in chaos.json (e.g. mediaKillRecoveryP95Ms). */
  name: string;
  run(ctx: ScenarioContext): Promise<ScenarioResult>;
}

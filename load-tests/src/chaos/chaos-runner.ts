// The chaos suite: one full cluster (Redis, MariaDB, 2 api, 2 signaling, 2 media nodes under the local
// cluster's supervisor), one steady load (media bots, co-editors, chat senders), then each fault in turn;
// between faults the cluster must heal by itself and the load must be steady again. At the end every
// acknowledged edit and message is looked for through every api node.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ChaosAccounts } from './chaos-accounts.js';
import { createAccounts } from './chaos-accounts.js';
import { ChaosCluster } from './chaos-cluster.js';
import { ChaosLoad, type LoadOptions, type Losses } from './chaos-load.js';
import { DEFAULT_PORT_BASE } from './ports.js';
import type { Scenario, ScenarioOptions, ScenarioResult } from './scenario.js';
import { apiKill } from './scenarios/api-kill.js';
import { mariadbRestart } from './scenarios/mariadb-restart.js';
import { mediaDrain } from './scenarios/media-drain.js';
import { mediaKill } from './scenarios/media-kill.js';
import { redisRestart } from './scenarios/redis-restart.js';
import { signalingKill } from './scenarios/signaling-kill.js';
import { sleep, waitUntil } from './wait.js';

export interface ChaosOptions extends LoadOptions, ScenarioOptions {
  portBase: number;
  documents: number;
  chatPairs: number;
  /** Scenario names to run (default: all, in order). */
  only?: string[];
}

export const SCENARIOS: readonly Scenario[] = [mediaKill, signalingKill, apiKill, redisRestart, mariadbRestart, mediaDrain];

const COMMON = { portBase: DEFAULT_PORT_BASE, editIntervalMs: 200, chatIntervalMs: 250, recoverTimeoutMs: 20_000 };
export const QUICK: ChaosOptions = { ...COMMON, rooms: 2, botsPerRoom: 2, documents: 2, chatPairs: 2, trials: 1, outageMs: 2000, hangMs: 30_000 };
export const FULL: ChaosOptions = { ...COMMON, rooms: 4, botsPerRoom: 3, documents: 2, chatPairs: 4, trials: 3, outageMs: 5000, hangMs: 60_000 };

export interface ScenarioRun extends ScenarioResult {
  startedAt: number;
  durationMs: number;
  error?: string;
}

export interface ChaosRun {
  options: ChaosOptions;
  clusterStartMs: number;
  scenarios: Record<string, ScenarioRun>;
  /** After every fault: acknowledged work missing when read through each api node. */
  final: { edits: Losses[]; messages: Losses[] };
  processExits: { name: string; at: number }[];
}

async function runScenario(s: Scenario, cluster: ChaosCluster, load: ChaosLoad, o: ChaosOptions): Promise<ScenarioRun> {
  const startedAt = Date.now();
  // The bots live in this process: when its event loop stalls (a starved machine), their stats samples
  // stall too and media gaps are overstated. The longest stall says how far to trust the times.
  const stalls = monitorEventLoopDelay({ resolution: 20 });
  stalls.enable();
  let result: ScenarioResult;
  let error: string | undefined;
  try {
    result = await s.run({ cluster, load, o });
  } catch (err) {
    error = (err as Error).message.slice(0, 2000);
    result = { figures: {}, checks: { completed: false }, details: { logTail: cluster.logTail.slice(-40) } };
  }
  stalls.disable();
  result.figures.harnessMaxStallMs = Math.round(stalls.max / 1e6);
  // The next fault starts from a healed cluster and a steady load (or this one's failure shows here).
  const steady = await load.waitSteady(o.recoverTimeoutMs * 2).then(
    () => true,
    () => false,
  );
  result.checks.loadSteadyAfterwards = steady;
  return { ...result, startedAt, durationMs: Date.now() - startedAt, ...(error ? { error } : {}) };
}

async function finalCheck(cluster: ChaosCluster, load: ChaosLoad): Promise<ChaosRun['final']> {
  for (const e of load.editors) e.pause();
  await Promise.all(load.chat.map((c) => c.stop()));
  await waitUntil(() => load.editors.every((e) => e.pending.size === 0), 15_000).catch(() => {});
  const edits: Losses[] = [];
  const messages: Losses[] = [];
  for (const url of cluster.apiUrls) {
    edits.push(await load.lostEdits(url));
    messages.push(await load.lostMessages(url));
  }
  return { edits, messages };
}

/** `log` receives every process's log lines (for a post-mortem file). */
export async function runChaos(o: ChaosOptions, progress: (line: string) => void = () => {}, log?: (line: string) => void): Promise<ChaosRun> {
  const t0 = Date.now();
  const cluster = await ChaosCluster.start({ portBase: o.portBase, ...(log ? { log } : {}) });
  const clusterStartMs = Date.now() - t0;
  progress(`cluster healthy in ${clusterStartMs} ms (ports from ${o.portBase})`);
  let load: ChaosLoad | undefined;
  try {
    const accounts: ChaosAccounts = await createAccounts(cluster.apiUrls[0]!, o.documents, o.chatPairs);
    load = await ChaosLoad.start(cluster, accounts, o);
    await load.waitSteady(60_000);
    // A little history before the first fault.
    await sleep(1000);
    progress(`load steady: ${load.bots.length} bots, ${load.editors.length} editors, ${load.chat.length} chat senders`);
    const scenarios: Record<string, ScenarioRun> = {};
    for (const s of SCENARIOS.filter((x) => !o.only?.length || o.only.includes(x.name))) {
      scenarios[s.name] = await runScenario(s, cluster, load, o);
      progress(`${s.name}: ${JSON.stringify(scenarios[s.name]!.figures)} checks ${JSON.stringify(scenarios[s.name]!.checks)}`);
    }
    const final = await finalCheck(cluster, load);
    progress(`final: edits lost ${final.edits.map((e) => e.lost).join('/')}, messages lost ${final.messages.map((m) => m.lost).join('/')}`);
    return { options: o, clusterStartMs, scenarios, final, processExits: cluster.exits };
  } finally {
    await load?.stop();
    await cluster.stop();
  }
}

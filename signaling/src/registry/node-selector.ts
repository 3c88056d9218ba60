// Power-of-two-choices over fresh SERVING media nodes: sample two at random, prefer the less loaded.
// The rest follow by load, as fallbacks when the first choices are over their per-second placement cap.
import { isMediaNodeRecordFresh, type MediaNodeRecord } from '@coope/media-node/keys';

/** 0 = idle; 1 = one of the node's budgets (CPU, consumers) is full. */
export function loadScore(r: MediaNodeRecord): number {
  const cpu = r.load.workerCpu.length > 0 ? r.load.workerCpu.reduce((a, b) => a + b, 0) / r.load.workerCpu.length : 0;
  const consumers = r.load.consumerBudget > 0 ? r.load.consumers / r.load.consumerBudget : 0;
  // Rooms break ties between idle nodes so that a burst of empty rooms still spreads.
  return Math.max(cpu, consumers) + r.load.rooms * 1e-4;
}

export interface SelectOptions {
  now?: number;
  /** Nodes this signaling node knows to be dead before their record expires. */
  exclude?: ReadonlySet<string>;
  random?: () => number;
}

export function eligibleNodes(records: readonly MediaNodeRecord[], opts: SelectOptions = {}): MediaNodeRecord[] {
  const now = opts.now ?? Date.now();
  return records.filter((r) => r.state === 'SERVING' && isMediaNodeRecordFresh(r, now) && !opts.exclude?.has(r.id));
}

/** Candidate order for a new room: the two-choice winner first. Empty when no node is eligible. */
export function orderCandidates(records: readonly MediaNodeRecord[], opts: SelectOptions = {}): MediaNodeRecord[] {
  const pool = eligibleNodes(records, opts);
  if (pool.length <= 1) return pool;
  const random = opts.random ?? Math.random;
  const i = Math.floor(random() * pool.length);
  let j = Math.floor(random() * (pool.length - 1));
  if (j >= i) j++;
  const a = pool[i]!;
  const b = pool[j]!;
  const [first, second] = loadScore(b) < loadScore(a) ? [b, a] : [a, b];
  const rest = pool.filter((r) => r !== a && r !== b).sort((x, y) => loadScore(x) - loadScore(y));
  return [first, second, ...rest];
}

// Collab metrics on prom-client's default registry (so the api's /metrics shows them), wrapped in verbs.
// Created once per process: several collab services in one process (tests) share them.
import { Counter, Gauge, Histogram, type Metric, type Registry, register } from 'prom-client';

function once<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

const connections = once(
  'coope_collab_connections',
  () => new Gauge({ name: 'coope_collab_connections', help: 'Open collab WebSocket connections' }),
);
const documents = once(
  'coope_collab_documents',
  () => new Gauge({ name: 'coope_collab_documents', help: 'Documents held in memory' }),
);
const updates = once(
  'coope_collab_updates_total',
  () =>
    new Counter({
      name: 'coope_collab_updates_total',
      help: 'Yjs updates applied, by origin (local client or another node)',
      labelNames: ['origin'],
    }),
);
const propagation = once(
  'coope_collab_propagation_seconds',
  () =>
    new Histogram({
      name: 'coope_collab_propagation_seconds',
      help: 'Time from XADD on the sending node to apply on this node',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
);
const compaction = once(
  'coope_collab_compaction_seconds',
  () =>
    new Histogram({
      name: 'coope_collab_compaction_seconds',
      help: 'Duration of one document compaction',
      labelNames: ['result'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    }),
);
const streamLength = once(
  'coope_collab_stream_length',
  () =>
    new Gauge({
      name: 'coope_collab_stream_length',
      help: 'Entries in the streams of documents in memory, sampled (stat = max | sum)',
      labelNames: ['stat'],
    }),
);
const backlog = once(
  'coope_collab_compaction_backlog',
  () => new Gauge({ name: 'coope_collab_compaction_backlog', help: 'Documents waiting for compaction' }),
);
const refused = once(
  'coope_collab_refused_total',
  () =>
    new Counter({
      name: 'coope_collab_refused_total',
      help: 'Refused connections or messages, by reason',
      labelNames: ['reason'],
    }),
);
const errors = once(
  'coope_collab_errors_total',
  () => new Counter({ name: 'coope_collab_errors_total', help: 'Errors in background loops', labelNames: ['loop'] }),
);

export type RefusalReason =
  | 'unauthenticated'
  | 'forbidden'
  | 'capacity'
  | 'unavailable'
  | 'malformed'
  | 'too_large'
  | 'rate_limited'
  | 'viewer_write'
  | 'slow_client';

const all: [string, Metric][] = [
  ['coope_collab_connections', connections],
  ['coope_collab_documents', documents],
  ['coope_collab_updates_total', updates],
  ['coope_collab_propagation_seconds', propagation],
  ['coope_collab_compaction_seconds', compaction],
  ['coope_collab_stream_length', streamLength],
  ['coope_collab_compaction_backlog', backlog],
  ['coope_collab_refused_total', refused],
  ['coope_collab_errors_total', errors],
];

/** Also exposes the metrics on another registry (the api keeps its own). */
export function registerCollabMetrics(registry: Registry): void {
  for (const [name, metric] of all) {
    if (!registry.getSingleMetric(name)) registry.registerMetric(metric);
  }
}

export const collabMetrics = {
  connectionOpened: () => connections.inc(),
  connectionClosed: () => connections.dec(),
  documentLoaded: () => documents.inc(),
  documentEvicted: () => documents.dec(),
  updateApplied: (origin: 'local' | 'remote') => updates.inc({ origin }),
  propagated: (sentAtMs: number) => propagation.observe(Math.max(0, Date.now() - sentAtMs) / 1000),
  compacted: (startedAt: number, result: 'ok' | 'error') =>
    compaction.observe({ result }, (performance.now() - startedAt) / 1000),
  streamLengthSampled: (max: number, sum: number) => {
    streamLength.set({ stat: 'max' }, max);
    streamLength.set({ stat: 'sum' }, sum);
  },
  backlogSampled: (n: number) => backlog.set(n),
  refused: (reason: RefusalReason) => refused.inc({ reason }),
  loopFailed: (loop: 'reader' | 'compactor' | 'apply') => errors.inc({ loop }),
};

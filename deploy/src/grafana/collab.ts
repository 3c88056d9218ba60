// Live co-editing (served by the api nodes): connections, documents, updates, propagation, compaction.
import { type DashboardSpec, quantile, rate } from './render.js';

const I = '{instance=~"$instance"}';

export const collab: DashboardSpec = {
  file: 'collab',
  title: 'Coope / Collab',
  description: 'Yjs co-editing across api nodes through Redis streams: connections, documents, updates, latency and compaction.',
  instanceJob: 'coope-api',
  rows: [
    {
      title: 'Sessions',
      panels: [
        { title: 'Open connections', stack: true, targets: [{ expr: `sum by (instance) (coope_collab_connections${I})`, legend: '{{instance}}' }] },
        { title: 'Documents in memory', stack: true, targets: [{ expr: `sum by (instance) (coope_collab_documents${I})`, legend: '{{instance}}' }] },
        {
          title: 'Updates applied by origin',
          unit: 'ops',
          targets: [{ expr: rate('coope_collab_updates_total', { by: 'origin', selector: I }), legend: '{{origin}}' }],
        },
        {
          title: 'Refused connections or messages by reason',
          targets: [{ expr: rate('coope_collab_refused_total', { by: 'reason', selector: I }), legend: '{{reason}}' }],
        },
      ],
    },
    {
      title: 'Latency',
      panels: [
        {
          title: 'Propagation between nodes (SLO p99 50 ms)',
          unit: 's',
          targets: [
            { expr: quantile(0.99, 'coope_collab_propagation_seconds', { selector: I }), legend: 'p99' },
            { expr: quantile(0.5, 'coope_collab_propagation_seconds', { selector: I }), legend: 'p50' },
          ],
        },
        {
          title: 'Propagation p99 by receiving node',
          unit: 's',
          targets: [{ expr: quantile(0.99, 'coope_collab_propagation_seconds', { by: 'instance', selector: I }), legend: '{{instance}}' }],
        },
      ],
    },
    {
      title: 'Compaction and streams',
      panels: [
        {
          title: 'Compaction duration p99 by result',
          unit: 's',
          targets: [{ expr: quantile(0.99, 'coope_collab_compaction_seconds', { by: 'result', selector: I }), legend: '{{result}}' }],
        },
        {
          title: 'Compaction backlog (documents waiting)',
          targets: [{ expr: `sum by (instance) (coope_collab_compaction_backlog${I})`, legend: '{{instance}}' }],
        },
        {
          title: 'Stream length of documents in memory',
          targets: [{ expr: `max by (stat) (coope_collab_stream_length${I})`, legend: '{{stat}}' }],
        },
        {
          title: 'Background loop errors',
          targets: [{ expr: rate('coope_collab_errors_total', { by: 'loop', selector: I }), legend: '{{loop}}' }],
        },
      ],
    },
  ],
};

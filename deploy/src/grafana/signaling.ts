// Signaling nodes: sockets, joins, events, failovers, sessions.
import { type DashboardSpec, quantile, rate } from './render.js';

const I = '{instance=~"$instance"}';

export const signaling: DashboardSpec = {
  file: 'signaling',
  title: 'Coope / Signaling',
  description: 'socket.io signaling nodes: connections, joins, event handling, media failover and sessions.',
  instanceJob: 'coope-signaling',
  rows: [
    {
      title: 'Connections',
      panels: [
        { title: 'Connected sockets', stack: true, targets: [{ expr: `sum by (instance) (coope_signaling_connected_sockets${I})`, legend: '{{instance}}' }] },
        { title: 'Call peers', stack: true, targets: [{ expr: `sum by (instance) (coope_signaling_call_peers${I})`, legend: '{{instance}}' }] },
        {
          title: 'Media nodes with an open RPC connection',
          targets: [{ expr: `coope_signaling_media_nodes_connected${I}`, legend: '{{instance}}' }],
        },
        { title: 'Redis connection up', min: 0, max: 1, targets: [{ expr: `coope_signaling_redis_up${I}`, legend: '{{instance}}' }] },
      ],
    },
    {
      title: 'Joins',
      panels: [
        { title: 'Joins by result', unit: 'ops', targets: [{ expr: rate('coope_signaling_joins_total', { by: 'result', selector: I }), legend: '{{result}}' }] },
        {
          title: 'Join latency',
          unit: 's',
          targets: [
            { expr: quantile(0.99, 'coope_signaling_join_duration_seconds', { selector: I }), legend: 'p99' },
            { expr: quantile(0.95, 'coope_signaling_join_duration_seconds', { selector: I }), legend: 'p95' },
            { expr: quantile(0.5, 'coope_signaling_join_duration_seconds', { selector: I }), legend: 'p50' },
          ],
        },
        {
          title: 'Placement p99 by result (room registry lookup or place)',
          unit: 's',
          targets: [{ expr: quantile(0.99, 'coope_signaling_placement_duration_seconds', { by: 'result', selector: I }), legend: '{{result}}' }],
        },
        {
          title: 'Session conflicts by outcome',
          targets: [{ expr: rate('coope_signaling_session_conflicts_total', { by: 'outcome', selector: I }), legend: '{{outcome}}' }],
        },
      ],
    },
    {
      title: 'Events',
      panels: [
        {
          title: 'Event p99 by event (top 10)',
          unit: 's',
          targets: [{ expr: `topk(10, ${quantile(0.99, 'coope_signaling_event_duration_seconds', { by: 'event', selector: I })})`, legend: '{{event}}' }],
        },
        {
          title: 'Events by result',
          unit: 'ops',
          targets: [{ expr: rate('coope_signaling_event_duration_seconds_count', { by: 'result', selector: I }), legend: '{{result}}' }],
        },
        {
          title: 'Events rejected by reason',
          targets: [{ expr: rate('coope_signaling_events_rejected_total', { by: 'reason', selector: I }), legend: '{{reason}}' }],
        },
        {
          title: 'Background loop errors',
          targets: [{ expr: rate('coope_signaling_background_errors_total', { by: 'loop', selector: I }), legend: '{{loop}}' }],
        },
      ],
    },
    {
      title: 'Failover and sessions',
      panels: [
        {
          title: 'Media failovers by path and result',
          targets: [
            {
              expr: `sum by (path, result) (increase(coope_signaling_media_failovers_total${I}[$__rate_interval]))`,
              legend: '{{path}} {{result}}',
            },
          ],
        },
        {
          title: 'Media failover duration p95 by path (SLO 2 s)',
          unit: 's',
          targets: [{ expr: quantile(0.95, 'coope_signaling_media_failover_duration_seconds', { by: 'path', selector: I }), legend: '{{path}}' }],
        },
        {
          title: 'Session resumes by result',
          targets: [{ expr: rate('coope_signaling_resumes_total', { by: 'result', selector: I }), legend: '{{result}}' }],
        },
        {
          title: 'Peer sessions expired and presence changes',
          targets: [
            { expr: rate('coope_signaling_peer_sessions_expired_total', { selector: I }), legend: 'sessions expired' },
            { expr: rate('coope_signaling_presence_changes_total', { by: 'state', selector: I }), legend: 'presence {{state}}' },
          ],
        },
      ],
    },
    {
      title: 'Process',
      panels: [
        {
          title: 'CPU (cores)',
          targets: [{ expr: rate('coope_signaling_process_cpu_seconds_total', { by: 'instance', selector: I }), legend: '{{instance}}' }],
        },
        {
          title: 'Event-loop lag p99',
          unit: 's',
          targets: [{ expr: `coope_signaling_nodejs_eventloop_lag_p99_seconds${I}`, legend: '{{instance}}' }],
        },
      ],
    },
  ],
};

// Cluster overview: is everything up, how busy is it, are the SLOs met.
import { type DashboardSpec, quantile, rate } from './render.js';

export const overview: DashboardSpec = {
  file: 'cluster-overview',
  title: 'Coope / Cluster overview',
  description: 'Health, load and SLOs of the whole cluster. Drill down with the per-service dashboards.',
  rows: [
    {
      title: 'Now',
      panels: [
        { kind: 'stat', title: 'Targets up', targets: [{ expr: 'sum by (job) (up{job=~"coope-.*"})', legend: '{{job}}' }] },
        { kind: 'stat', title: 'Connected sockets', targets: [{ expr: 'sum(coope_signaling_connected_sockets)' }] },
        { kind: 'stat', title: 'Call peers', targets: [{ expr: 'sum(coope_signaling_call_peers)' }] },
        { kind: 'stat', title: 'Rooms on media nodes', targets: [{ expr: 'sum(coope_media_rooms)' }] },
        {
          kind: 'stat',
          title: 'Media nodes draining',
          description: 'Nodes in DRAINING state: no new rooms are placed on them.',
          targets: [{ expr: 'sum(coope_media_draining)' }],
        },
        { kind: 'stat', title: 'Co-editing connections', targets: [{ expr: 'sum(coope_collab_connections)' }] },
      ],
    },
    {
      title: 'SLOs',
      panels: [
        {
          title: 'Join latency (SLO p99 < 0.5 s)',
          unit: 's',
          targets: [
            { expr: quantile(0.99, 'coope_signaling_join_duration_seconds'), legend: 'p99' },
            { expr: quantile(0.5, 'coope_signaling_join_duration_seconds'), legend: 'p50' },
          ],
        },
        {
          title: 'Media failover duration p95 (SLO 2 s)',
          unit: 's',
          targets: [{ expr: quantile(0.95, 'coope_signaling_media_failover_duration_seconds', { by: 'path' }), legend: '{{path}}' }],
        },
        {
          title: 'api latency (SLO p99 < 0.5 s)',
          unit: 's',
          targets: [
            { expr: quantile(0.99, 'coope_api_http_request_duration_seconds'), legend: 'p99' },
            { expr: quantile(0.5, 'coope_api_http_request_duration_seconds'), legend: 'p50' },
          ],
        },
        {
          title: 'api 5xx ratio (SLO 1 %)',
          unit: 'percentunit',
          targets: [
            {
              expr: `${rate('coope_api_http_request_duration_seconds_count', { selector: '{status_class="5xx"}' })} / ${rate('coope_api_http_request_duration_seconds_count')}`,
              legend: '5xx',
            },
          ],
        },
        {
          title: 'Co-edit propagation p99 (SLO 50 ms)',
          unit: 's',
          targets: [{ expr: quantile(0.99, 'coope_collab_propagation_seconds'), legend: 'p99' }],
        },
        {
          title: 'Forwarding loss (SLO 1 %)',
          unit: 'percentunit',
          targets: [
            {
              expr: `${rate('coope_media_consumer_packets_lost_total', { by: 'instance' })} / ${rate('coope_media_forwarded_packets_total', { by: 'instance' })}`,
              legend: '{{instance}}',
            },
          ],
        },
      ],
    },
    {
      title: 'Load',
      panels: [
        {
          title: 'Joins by result',
          unit: 'ops',
          targets: [{ expr: rate('coope_signaling_joins_total', { by: 'result' }), legend: '{{result}}' }],
        },
        {
          title: 'Forwarded packets/s by media node',
          unit: 'pps',
          stack: true,
          targets: [{ expr: rate('coope_media_forwarded_packets_total', { by: 'instance' }), legend: '{{instance}}' }],
        },
        {
          title: 'Worker CPU by media node (mean of its workers)',
          unit: 'percentunit',
          targets: [{ expr: 'avg by (instance) (coope_media_worker_cpu_ratio)', legend: '{{instance}}' }],
        },
        {
          title: 'api requests by status class',
          unit: 'reqps',
          stack: true,
          targets: [{ expr: rate('coope_api_http_request_duration_seconds_count', { by: 'status_class' }), legend: '{{status_class}}' }],
        },
        {
          title: 'Redis connection up (signaling)',
          min: 0,
          max: 1,
          targets: [{ expr: 'min by (instance) (coope_signaling_redis_up)', legend: '{{instance}}' }],
        },
        {
          title: 'Media failovers by path and result',
          unit: 'short',
          targets: [
            {
              expr: 'sum by (path, result) (increase(coope_signaling_media_failovers_total[$__rate_interval]))',
              legend: '{{path}} {{result}}',
            },
          ],
        },
      ],
    },
  ],
};

// Media nodes: workers, entities, forwarding, RPC, registration.
import { type DashboardSpec, quantile, rate } from './render.js';

const I = '{instance=~"$instance"}';
const sel = (extra: string) => `{instance=~"$instance", ${extra}}`;

export const media: DashboardSpec = {
  file: 'media-nodes',
  title: 'Coope / Media nodes',
  description: 'mediasoup workers, rooms, transports, producers and consumers, forwarding and RPC per media node.',
  instanceJob: 'coope-media',
  rows: [
    {
      title: 'Workers',
      panels: [
        { title: 'Workers alive', targets: [{ expr: `sum by (instance) (coope_media_workers_alive${I})`, legend: '{{instance}}' }] },
        {
          title: 'Worker CPU (fraction of one core)',
          unit: 'percentunit',
          targets: [{ expr: `coope_media_worker_cpu_ratio${I}`, legend: '{{instance}} worker {{worker}}' }],
        },
        {
          title: 'Worker deaths',
          targets: [{ expr: `sum by (instance) (increase(coope_media_worker_deaths_total${I}[$__rate_interval]))`, legend: '{{instance}}' }],
        },
        { title: 'Draining', min: 0, max: 1, targets: [{ expr: `coope_media_draining${I}`, legend: '{{instance}}' }] },
      ],
    },
    {
      title: 'Entities',
      panels: [
        { title: 'Rooms', targets: [{ expr: `sum by (instance) (coope_media_rooms${I})`, legend: '{{instance}}' }] },
        { title: 'Routers', targets: [{ expr: `sum by (instance) (coope_media_routers${I})`, legend: '{{instance}}' }] },
        { title: 'Transports', targets: [{ expr: `sum by (instance) (coope_media_transports${I})`, legend: '{{instance}}' }] },
        {
          title: 'Producers by kind',
          stack: true,
          targets: [{ expr: `sum by (instance, kind) (coope_media_producers${I})`, legend: '{{instance}} {{kind}}' }],
        },
        {
          title: 'Consumers by kind',
          stack: true,
          targets: [{ expr: `sum by (instance, kind) (coope_media_consumers${I})`, legend: '{{instance}} {{kind}}' }],
        },
        {
          title: 'Piped producers (local = between workers, remote = to other nodes)',
          targets: [{ expr: `sum by (instance, scope) (coope_media_pipes${I})`, legend: '{{instance}} {{scope}}' }],
        },
      ],
    },
    {
      title: 'Forwarding',
      panels: [
        {
          title: 'Forwarded packets/s',
          unit: 'pps',
          targets: [{ expr: rate('coope_media_forwarded_packets_total', { by: 'instance', selector: I }), legend: '{{instance}}' }],
        },
        {
          title: 'Forwarded bitrate',
          unit: 'bps',
          targets: [{ expr: `8 * ${rate('coope_media_forwarded_bytes_total', { by: 'instance', selector: I })}`, legend: '{{instance}}' }],
        },
        {
          title: 'Loss reported by receivers (SLO 1 %)',
          unit: 'percentunit',
          targets: [
            {
              expr: `${rate('coope_media_consumer_packets_lost_total', { by: 'instance', selector: I })} / ${rate('coope_media_forwarded_packets_total', { by: 'instance', selector: I })}`,
              legend: '{{instance}}',
            },
          ],
        },
      ],
    },
    {
      title: 'RPC and registration',
      panels: [
        {
          title: 'RPC p99 by method',
          unit: 's',
          targets: [{ expr: quantile(0.99, 'coope_media_rpc_duration_seconds', { by: 'method', selector: I }), legend: '{{method}}' }],
        },
        {
          title: 'RPC calls by result',
          unit: 'ops',
          targets: [{ expr: rate('coope_media_rpc_duration_seconds_count', { by: 'result', selector: I }), legend: '{{result}}' }],
        },
        {
          title: 'Rejected RPC frames by reason',
          targets: [{ expr: rate('coope_media_rpc_rejected_frames_total', { by: 'reason', selector: I }), legend: '{{reason}}' }],
        },
        { title: 'RPC connections (signaling nodes)', targets: [{ expr: `coope_media_rpc_connections${I}`, legend: '{{instance}}' }] },
        {
          title: 'Record refresh failures and loop errors',
          targets: [
            { expr: rate('coope_media_registration_failures_total', { by: 'instance', selector: I }), legend: '{{instance}} registration' },
            { expr: rate('coope_media_background_errors_total', { by: 'instance, loop', selector: I }), legend: '{{instance}} {{loop}}' },
          ],
        },
        {
          title: 'Node process CPU and event-loop lag p99',
          targets: [
            { expr: rate('coope_media_process_cpu_seconds_total', { by: 'instance', selector: I }), legend: '{{instance}} cpu' },
            { expr: `coope_media_nodejs_eventloop_lag_p99_seconds${sel('job="coope-media"')}`, legend: '{{instance}} lag s' },
          ],
        },
      ],
    },
  ],
};

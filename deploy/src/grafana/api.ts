// api nodes: requests by route, errors, database, jobs.
import { type DashboardSpec, quantile, rate } from './render.js';

const I = '{instance=~"$instance"}';

export const api: DashboardSpec = {
  file: 'api',
  title: 'Coope / api',
  description: 'Fastify api nodes: request rate, latency by route pattern, errors, database queries and jobs.',
  instanceJob: 'coope-api',
  rows: [
    {
      title: 'Requests',
      panels: [
        {
          title: 'Requests by status class',
          unit: 'reqps',
          stack: true,
          targets: [{ expr: rate('coope_api_http_request_duration_seconds_count', { by: 'status_class', selector: I }), legend: '{{status_class}}' }],
        },
        {
          title: 'Latency (SLO p99 < 0.5 s)',
          unit: 's',
          targets: [
            { expr: quantile(0.99, 'coope_api_http_request_duration_seconds', { selector: I }), legend: 'p99' },
            { expr: quantile(0.5, 'coope_api_http_request_duration_seconds', { selector: I }), legend: 'p50' },
          ],
        },
        {
          title: 'p99 by route (top 10)',
          unit: 's',
          targets: [{ expr: `topk(10, ${quantile(0.99, 'coope_api_http_request_duration_seconds', { by: 'method, route', selector: I })})`, legend: '{{method}} {{route}}' }],
        },
        {
          title: 'Busiest routes (top 10)',
          unit: 'reqps',
          targets: [{ expr: `topk(10, ${rate('coope_api_http_request_duration_seconds_count', { by: 'method, route', selector: I })})`, legend: '{{method}} {{route}}' }],
        },
        {
          title: '5xx ratio (SLO 1 %)',
          unit: 'percentunit',
          targets: [
            {
              expr: `${rate('coope_api_http_request_duration_seconds_count', { selector: '{instance=~"$instance", status_class="5xx"}' })} / ${rate('coope_api_http_request_duration_seconds_count', { selector: I })}`,
              legend: '5xx',
            },
          ],
        },
        {
          title: '4xx by route (top 10)',
          unit: 'reqps',
          targets: [
            {
              expr: `topk(10, ${rate('coope_api_http_request_duration_seconds_count', { by: 'route', selector: '{instance=~"$instance", status_class="4xx"}' })})`,
              legend: '{{route}}',
            },
          ],
        },
      ],
    },
    {
      title: 'Database and jobs',
      panels: [
        {
          title: 'DB query latency',
          unit: 's',
          targets: [
            { expr: quantile(0.99, 'coope_api_db_query_duration_seconds', { selector: I }), legend: 'p99' },
            { expr: quantile(0.5, 'coope_api_db_query_duration_seconds', { selector: I }), legend: 'p50' },
          ],
        },
        {
          title: 'DB queries by result',
          unit: 'ops',
          targets: [{ expr: rate('coope_api_db_query_duration_seconds_count', { by: 'result', selector: I }), legend: '{{result}}' }],
        },
        {
          title: 'Background jobs by kind and result',
          targets: [{ expr: rate('coope_api_jobs_total', { by: 'kind, result', selector: I }), legend: '{{kind}} {{result}}' }],
        },
      ],
    },
    {
      title: 'Process',
      panels: [
        { title: 'CPU (cores)', targets: [{ expr: rate('coope_api_process_cpu_seconds_total', { by: 'instance', selector: I }), legend: '{{instance}}' }] },
        {
          title: 'Resident memory',
          unit: 'bytes',
          targets: [{ expr: `coope_api_process_resident_memory_bytes${I}`, legend: '{{instance}}' }],
        },
        {
          title: 'Event-loop lag p99',
          unit: 's',
          targets: [{ expr: `coope_api_nodejs_eventloop_lag_p99_seconds${I}`, legend: '{{instance}}' }],
        },
      ],
    },
  ],
};

// What each service's metrics module registers: the sample names Prometheus sees on /metrics
// (histograms expand to _bucket/_sum/_count) and their label names. Read from the modules
// themselves, so exported-metrics.txt cannot drift from the code unnoticed.
// Imports the services' src by path on purpose: deploy tooling and tests only.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export interface MetricInfo {
  /** Base name as registered. */
  name: string;
  type: string;
  labels: string[];
  /** Sample names on /metrics. */
  samples: string[];
  /** Which service's module registers it. */
  service: 'api' | 'collab' | 'media' | 'signaling';
}

interface RegisteredMetric {
  name: string;
  labelNames?: readonly string[];
}

interface RegistryLike {
  getMetricsAsJSON(): Promise<Array<{ name: string; type: unknown }>>;
  getMetricsAsArray(): RegisteredMetric[];
}

function samplesOf(name: string, type: string): string[] {
  if (type === 'histogram') return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
  if (type === 'summary') return [name, `${name}_sum`, `${name}_count`];
  return [name];
}

async function describe(registry: RegistryLike, service: MetricInfo['service'], prefix: string): Promise<MetricInfo[]> {
  const labelsByName = new Map(registry.getMetricsAsArray().map((m) => [m.name, [...(m.labelNames ?? [])]]));
  const json = await registry.getMetricsAsJSON();
  return json
    .filter((m) => m.name.startsWith(prefix))
    .map((m) => {
      const type = String(m.type);
      const name = m.name;
      return { name, type, labels: labelsByName.get(name) ?? [], samples: samplesOf(name, type), service };
    });
}

/** Every metric the four metrics modules register, sorted by name. */
export async function loadMetricInventory(): Promise<MetricInfo[]> {
  const [signaling, media, api, collab] = await Promise.all([
    import('../../signaling/src/metrics.js'),
    import('../../media-node/src/metrics.js'),
    import('../../api/src/metrics.js'),
    import('../../api/src/collab/metrics.js'),
  ]);
  // collab registers on prom-client's default registry (the api's copy) when its module loads.
  void collab;
  const apiRequire = createRequire(new URL('../../api/package.json', import.meta.url));
  const promClient = (await import(pathToFileURL(apiRequire.resolve('prom-client')).href)) as { register: RegistryLike };
  const all = [
    ...(await describe(new signaling.Metrics().registry, 'signaling', 'coope_signaling_')),
    ...(await describe(new media.Metrics().registry, 'media', 'coope_media_')),
    ...(await describe(api.createMetrics({ defaults: true }).registry, 'api', 'coope_api_')),
    ...(await describe(promClient.register, 'collab', 'coope_collab_')),
  ];
  return all.sort((a, b) => a.name.localeCompare(b.name));
}

/** The checked-in list's text: one sample name per line, grouped by service. */
export function renderMetricList(metrics: readonly MetricInfo[]): string {
  const lines = [
    '# Sample names the services export on /metrics, one per line (histograms as _bucket/_sum/_count).',
    '# Generated from the services\' metrics modules: pnpm --filter @coope/deploy run generate',
    '# Every metric used by deploy/prometheus/rules and deploy/grafana must be listed here',
    '# (deploy/test/metrics-lint.test.ts checks this list; metrics-live.test.ts checks a live cluster).',
  ];
  for (const service of ['api', 'collab', 'media', 'signaling'] as const) {
    lines.push('', `# ${service}`);
    const names = metrics.filter((m) => m.service === service).flatMap((m) => m.samples);
    lines.push(...[...new Set(names)].sort());
  }
  return `${lines.join('\n')}\n`;
}

/** Names in a list file (comments and blank lines skipped). */
export function parseMetricList(text: string): Set<string> {
  return new Set(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#')),
  );
}

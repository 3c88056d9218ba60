// Issue 8 items 5-6 against a live cluster: the local cluster (api, two signaling and two media
// nodes, as `npm start` runs them) on 15xxx ports (COOPE_METRICS_LIVE_PORT_BASE), a little real
// traffic, and Debian's Prometheus scraping it with deploy/prometheus/prometheus.yml and the rules.
// Then: every metric a rule, dashboard or adapter rule uses is exported, the services export exactly
// what exported-metrics.txt lists, and no series carries a per-room or per-user label.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { forbiddenSeriesLabels, isExported, labelNamesOf, liveScrapeConfig, type MetricMetadata, seriesSelectors } from '../src/live-metrics.js';
import { parseMetricList } from '../src/metric-inventory.js';
import { promqlRefs } from '../src/promql-refs.js';
import { allExpressions, ruleExpressions } from './expressions.js';
import { clusterDataDir, type LiveCluster, livePorts, liveTargets, startLiveCluster } from './live-cluster.js';
import { LivePrometheus } from './live-prometheus.js';
import { apiTraffic, signalingTraffic } from './live-traffic.js';
import { at, read } from './paths.js';

const BASE = Number(process.env.COOPE_METRICS_LIVE_PORT_BASE ?? 15_000);
const COOPE = ['match[]', '{job=~"coope-.+"}'] as [string, string];

/** Labelled series that exist only once the traffic ran (unlabelled ones exist from the start). */
const TRAFFIC_SERIES = [
  'coope_api_http_request_duration_seconds_count{route="/auth/login", status_class="2xx"}',
  'coope_api_http_request_duration_seconds_count{route="/auth/login", status_class="4xx"}',
  'coope_signaling_joins_total{result="ok"}',
  'coope_signaling_event_duration_seconds_count{event="getExistingProducers"}',
  'coope_signaling_placement_duration_seconds_count{result="ok"}',
  'coope_media_rpc_duration_seconds_count{method="getRouterRtpCapabilities"}',
];

/**
 * Rule selectors that may match nothing on a healthy cluster. A ratio of sustained rates loses nothing
 * when a route's first 5xx creates its series, so that one stays empty by design.
 */
const EMPTY_BY_DESIGN = new Set(['coope_api_http_request_duration_seconds_count{status_class="5xx"}']);

let cluster: LiveCluster | undefined;
let prom: LivePrometheus | undefined;
const dataDir = clusterDataDir('metrics-live');

/** What Prometheus knows after the traffic: sample names, declared families, coope series. */
let sampleNames: Set<string>;
let metadata: MetricMetadata;
let series: Array<Record<string, string>>;

const has = async (selector: string) => (await prom!.api<unknown[]>('series', [['match[]', selector]])).length > 0;

beforeAll(async () => {
  const redisUrl = process.env.COOPE_TEST_REDIS_URL;
  if (!redisUrl) throw new Error('COOPE_TEST_REDIS_URL is not set: run through vitest (the global setup starts Redis)');
  const targets = liveTargets(livePorts(BASE));
  const config = liveScrapeConfig(read(at('prometheus', 'prometheus.yml')), {
    targets,
    interval: '1s',
    ruleFiles: [path.join(at('prometheus', 'rules'), '*.yml')],
  });
  // Prometheus first: a missing binary or a config it refuses fails at once, before the cluster.
  prom = await LivePrometheus.start({ dir: path.join(dataDir, 'prometheus'), port: BASE + 90, config });
  cluster = await startLiveCluster({ base: BASE, dataDir, redisUrl });
  await prom.waitForTargetsUp(30_000);
  const { accessToken, ticket } = await apiTraffic(`http://127.0.0.1:${cluster.ports.api}`);
  await signalingTraffic(
    cluster.ports.signaling.map((p) => `http://127.0.0.1:${p}`),
    accessToken,
    ticket,
  );
  // Wait for a scrape after the traffic: every labelled series it makes is in Prometheus.
  await vi.waitFor(
    async () => {
      for (const s of TRAFFIC_SERIES) if (!(await has(s))) throw new Error(`no series yet for ${s}`);
    },
    { timeout: 20_000, interval: 250 },
  );
  sampleNames = new Set(await prom.api<string[]>('label/__name__/values'));
  metadata = await prom.api<MetricMetadata>('metadata');
  series = await prom.api<Array<Record<string, string>>>('series', [COOPE]);
}, 240_000);

afterAll(async () => {
  await prom?.stop();
  await cluster?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('live metrics', () => {
  it('Prometheus scrapes every service of the local cluster with the checked-in scrape config', async () => {
    const up = (await prom!.targets()).filter((t) => t.health === 'up').map((t) => `${t.labels.job} ${t.labels.instance}`);
    expect(up.sort()).toEqual(
      Object.entries(cluster!.targets)
        .flatMap(([job, list]) => list.map((t) => `${job} ${t}`))
        .sort(),
    );
    expect(cluster!.supervisor.states().filter((s) => s.restarts > 0)).toEqual([]);
  });

  it('every metric a rule, dashboard or adapter rule uses is exported by a running service', () => {
    const used = new Map<string, string>();
    for (const e of allExpressions()) for (const name of promqlRefs(e.expr).metrics) used.set(name, e.where);
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter(([name]) => !isExported(name, sampleNames, metadata)).map(([n, where]) => `${n} (${where})`);
    expect(missing).toEqual([]);
  });

  it('the services export exactly the metrics exported-metrics.txt lists', () => {
    const listed = parseMetricList(read(at('prometheus', 'exported-metrics.txt')));
    expect([...listed].filter((n) => !isExported(n, sampleNames, metadata))).toEqual([]);
    const declared = Object.keys(metadata).filter((f) => f.startsWith('coope_'));
    const unlisted = declared.filter((f) => !listed.has(f) && !listed.has(`${f}_bucket`) && !listed.has(`${f}_count`));
    expect(unlisted).toEqual([]);
  });

  it('no series of any service has a per-room or per-user label', () => {
    expect(series.length).toBeGreaterThan(300);
    expect(forbiddenSeriesLabels(series)).toEqual([]);
  });

  it('the label check saw the labelled series the traffic made', async () => {
    for (const selector of TRAFFIC_SERIES) expect(await has(selector), selector).toBe(true);
    expect([...labelNamesOf(series)]).toEqual(expect.arrayContaining(['route', 'method', 'event', 'result', 'status_class', 'le']));
  });

  it('every service reports its Redis connection up (what CoopeRedisUnreachable reads)', async () => {
    const up = await prom!.api<{ result: Array<{ metric: Record<string, string>; value: [number, string] }> }>('query', [
      ['query', 'coope_api_redis_up or coope_signaling_redis_up or coope_media_redis_up'],
    ]);
    const byInstance = Object.fromEntries(up.result.map((r) => [`${r.metric.job} ${r.metric.instance}`, r.value[1]]));
    const expected = Object.entries(cluster!.targets).flatMap(([job, list]) => list.map((t) => [`${job} ${t}`, '1']));
    expect(byInstance).toEqual(Object.fromEntries(expected));
  });

  it('every selector of every alert rule matches live series before any incident (so the first one counts)', async () => {
    const selectors = [...new Set(ruleExpressions().flatMap((e) => seriesSelectors(e.expr)))].sort();
    expect(selectors.length).toBeGreaterThan(10);
    const empty: string[] = [];
    for (const s of selectors) if (!(await has(s))) empty.push(s);
    expect(empty.filter((s) => !EMPTY_BY_DESIGN.has(s))).toEqual([]);
  });

  it('every alert rule loads and evaluates without error on the live series', async () => {
    await vi.waitFor(
      async () => {
        const rules = (await prom!.ruleGroups()).flatMap((g) => g.rules);
        expect(rules.length).toBeGreaterThanOrEqual(10);
        expect(rules.filter((r) => r.lastEvaluation.startsWith('0001-'))).toEqual([]);
        expect(rules.filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.lastError}`)).toEqual([]);
      },
      { timeout: 15_000, interval: 250 },
    );
  });
});

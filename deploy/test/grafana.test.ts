// deploy/grafana: the five dashboards are the generated ones, well-formed for Grafana, and the
// compose provisioning loads them; the Kubernetes PrometheusRule is generated from the rules.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { dashboardText } from '../src/generate.js';
import { dashboards } from '../src/grafana/index.js';
import { renderPrometheusRule } from '../src/prometheus-rule.js';
import { dashboardExpressions } from './expressions.js';
import { at, filesUnder, read } from './paths.js';

const REGENERATE = 'regenerate with: pnpm --filter @coope/deploy run generate';

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { uid: string };
  targets?: Array<{ expr: string; refId: string }>;
}

describe('grafana dashboards', () => {
  it('cover the cluster overview, media nodes, signaling, api and collab', () => {
    const files = filesUnder(at('grafana'), ['.json']).map((f) => path.basename(f));
    expect(files.sort()).toEqual(['api.json', 'cluster-overview.json', 'collab.json', 'media-nodes.json', 'signaling.json']);
  });

  it.each(dashboards.map((d) => [d.file, d] as const))(`%s.json is the generated dashboard (${REGENERATE})`, (file, spec) => {
    expect(read(at('grafana', `${file}.json`))).toBe(dashboardText(spec));
  });

  it('every dashboard has a unique uid, a data-source variable, and panels with queries inside the grid', () => {
    const uids = new Set<string>();
    for (const file of filesUnder(at('grafana'), ['.json'])) {
      const d = JSON.parse(read(file)) as { uid: string; panels: Panel[]; templating: { list: Array<{ name: string }> } };
      expect(uids.has(d.uid), file).toBe(false);
      uids.add(d.uid);
      expect(d.templating.list.map((v) => v.name)).toContain('datasource');
      const ids = d.panels.map((p) => p.id);
      expect(new Set(ids).size, file).toBe(ids.length);
      const panels = d.panels.filter((p) => p.type !== 'row');
      expect(panels.length, file).toBeGreaterThanOrEqual(6);
      for (const p of panels) {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax
        expect(p.datasource?.uid, `${file} ${p.title}`).toBe('${datasource}');
        expect(p.targets?.length, `${file} ${p.title}`).toBeGreaterThan(0);
        for (const t of p.targets!) expect(t.expr.trim(), `${file} ${p.title}`).not.toBe('');
        expect(p.gridPos.x + p.gridPos.w, `${file} ${p.title}`).toBeLessThanOrEqual(24);
      }
    }
  });

  it('every dashboard and adapter query is valid PromQL (promtool check rules on them as recording rules)', () => {
    // Grafana's variables and the adapter's templates replaced by what Prometheus would get.
    const cm = parse(read(at('k8s', 'monitoring', 'prometheus-adapter-config.yaml'))) as { data: { 'config.yaml': string } };
    const adapter = (parse(cm.data['config.yaml']) as { rules: Array<{ seriesQuery: string; metricsQuery: string }> }).rules;
    const exprs = [
      ...dashboardExpressions().map((e) => e.expr.replace(/\$__rate_interval/g, '5m').replace(/\$instance/g, '.*')),
      ...adapter.flatMap((r) => [
        r.seriesQuery,
        r.metricsQuery
          .replace('<<.Series>>', r.seriesQuery.replace(/\{.*$/, ''))
          .replace('<<.LabelMatchers>>', 'namespace="coope",pod=~"x.*"')
          .replace('<<.GroupBy>>', 'pod'),
      ]),
    ];
    expect(exprs.length).toBeGreaterThan(80);
    const rules = { groups: [{ name: 'dashboard-queries', rules: exprs.map((expr, i) => ({ record: `check:query_${i}`, expr })) }] };
    const dir = mkdtempSync(path.join(os.tmpdir(), 'coope-promql-'));
    const file = path.join(dir, 'queries.yml');
    writeFileSync(file, stringify(rules));
    const r = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    if (r.error) throw new Error("promtool not found: install Debian's `prometheus` package (`npm test` does it)");
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it('the compose provisioning points Grafana at Prometheus and at the mounted dashboards', () => {
    const ds = parse(read(at('grafana', 'provisioning', 'datasources', 'prometheus.yml'))) as {
      datasources: Array<{ type: string; url: string }>;
    };
    expect(ds.datasources[0]).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' });
    const providers = parse(read(at('grafana', 'provisioning', 'dashboards', 'coope.yml'))) as {
      providers: Array<{ options: { path: string } }>;
    };
    const compose = read(at('compose', 'docker-compose.yml'));
    expect(compose).toContain(`../grafana:${providers.providers[0]!.options.path}:ro`);
    expect(compose).toContain('../grafana/provisioning:/etc/grafana/provisioning:ro');
  });

  it(`the PrometheusRule for Kubernetes holds exactly the rule files (${REGENERATE})`, () => {
    const file = at('k8s', 'monitoring', 'prometheus-rules.yaml');
    expect(existsSync(file)).toBe(true);
    expect(read(file)).toBe(renderPrometheusRule(at('prometheus', 'rules')));
  });
});

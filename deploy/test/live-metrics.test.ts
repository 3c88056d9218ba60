// The pure half of the live metrics test: its scrape config and how it reads Prometheus's answers.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { forbiddenSeriesLabels, isExported, liveScrapeConfig, seriesSelectors } from '../src/live-metrics.js';
import { at, read } from './paths.js';

const targets = { 'coope-api': ['127.0.0.1:1'], 'coope-signaling': ['127.0.0.1:2', '127.0.0.1:3'], 'coope-media': ['127.0.0.1:4'] };

describe('liveScrapeConfig', () => {
  it('points the checked-in jobs at the given targets, with a short interval and the rule files', () => {
    const cfg = parse(liveScrapeConfig(read(at('prometheus', 'prometheus.yml')), { targets, interval: '1s', ruleFiles: ['/r/*.yml'] }));
    expect(cfg.global).toMatchObject({ scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' });
    expect(cfg.rule_files).toEqual(['/r/*.yml']);
    const byJob = Object.fromEntries(cfg.scrape_configs.map((s: { job_name: string; static_configs: Array<{ targets: string[] }> }) => [s.job_name, s.static_configs[0]!.targets]));
    expect(byJob).toEqual(targets);
  });

  it('refuses targets that do not name exactly the checked-in jobs', () => {
    const base = read(at('prometheus', 'prometheus.yml'));
    expect(() => liveScrapeConfig(base, { targets: { 'coope-api': [] }, interval: '1s', ruleFiles: [] })).toThrow(/scrape jobs/);
  });
});

describe('isExported', () => {
  const metadata = { h_seconds: [{ type: 'histogram' }], c_total: [{ type: 'counter' }], g: [{ type: 'gauge' }] };
  it('accepts sample names, declared families and the series of declared histograms', () => {
    const names = new Set(['up', 'g']);
    expect(['up', 'g', 'c_total', 'h_seconds_bucket', 'h_seconds_sum', 'h_seconds_count'].filter((n) => !isExported(n, names, metadata))).toEqual([]);
  });
  it('refuses names nobody exports, and histogram suffixes on a family of another type', () => {
    expect(['nope', 'g_bucket', 'c_total_count'].filter((n) => isExported(n, new Set(), metadata))).toEqual([]);
  });
});

describe('forbiddenSeriesLabels', () => {
  it('names each metric and per-room or per-user label once', () => {
    const series: Array<Record<string, string>> = [
      { __name__: 'a', job: 'x', roomId: '1' },
      { __name__: 'a', job: 'x', roomId: '2' },
      { __name__: 'b', user_id: 'u', route: '/x' },
      { __name__: 'c', method: 'GET', le: '0.1' },
    ];
    expect(forbiddenSeriesLabels(series)).toEqual(['a{roomId}', 'b{user_id}']);
  });
});

describe('seriesSelectors', () => {
  it('keeps each metric with its own matchers and drops functions, ranges and groupings', () => {
    const expr = `sum by (instance) (increase(a_total{path="slow"}[5m])) >= 3
      or histogram_quantile(0.9, sum by (le) (rate(b_bucket[5m]))) / on (instance) a_total{ result = "error" }`;
    expect(seriesSelectors(expr)).toEqual(['a_total{ result = "error" }', 'a_total{path="slow"}', 'b_bucket']);
  });
});

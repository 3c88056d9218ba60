// Metric names and labels in rules, dashboards and adapter rules are real: each is in
// exported-metrics.txt (generated from the services' metrics modules, checked here) or in
// REQUIRED_METRICS.md, and none is a per-room or per-user label (issue 8 items 5-6).
import { describe, expect, it } from 'vitest';
import { loadMetricInventory, parseMetricList, renderMetricList } from '../src/metric-inventory.js';
import { FORBIDDEN_LABELS, PROMETHEUS_BUILTIN_METRICS, promqlRefs, templateLabels } from '../src/promql-refs.js';
import { allExpressions } from './expressions.js';
import { at, read } from './paths.js';

const exported = parseMetricList(read(at('prometheus', 'exported-metrics.txt')));

/** Metric names in the first column of REQUIRED_METRICS.md's table. */
function requiredMetrics(): Set<string> {
  const names = new Set<string>();
  for (const m of read(at('prometheus', 'REQUIRED_METRICS.md')).matchAll(/^\| `([a-z_:][a-z0-9_:]*)` \|/gm)) names.add(m[1]!);
  return names;
}

/** The sample names a required metric adds (histograms are not used as required metrics). */
const required = requiredMetrics();

describe('metric names', () => {
  it('exported-metrics.txt lists exactly what the services register (regenerate: pnpm --filter @coope/deploy run generate)', async () => {
    const inventory = await loadMetricInventory();
    expect(inventory.length).toBeGreaterThan(40);
    expect(read(at('prometheus', 'exported-metrics.txt'))).toBe(renderMetricList(inventory));
  });

  it('no metrics module declares a room, user or peer label', async () => {
    const offenders = (await loadMetricInventory()).filter((m) => m.labels.some((l) => FORBIDDEN_LABELS.has(l)));
    expect(offenders.map((m) => `${m.name}{${m.labels.join(',')}}`)).toEqual([]);
  });

  it('every metric used by a rule, dashboard or adapter rule is exported or listed in REQUIRED_METRICS.md', () => {
    const unknown: string[] = [];
    let used = 0;
    for (const e of allExpressions()) {
      for (const name of promqlRefs(e.expr).metrics) {
        used += 1;
        if (!exported.has(name) && !required.has(name) && !PROMETHEUS_BUILTIN_METRICS.has(name)) unknown.push(`${name} (${e.where})`);
      }
    }
    expect(used).toBeGreaterThan(100);
    expect(unknown).toEqual([]);
  });

  it('REQUIRED_METRICS.md lists only metrics that nobody exports yet', () => {
    expect(required.size).toBeGreaterThan(0);
    expect([...required].filter((n) => exported.has(n))).toEqual([]);
  });

  it('every required metric is actually used (or its row should go)', () => {
    const used = new Set(allExpressions().flatMap((e) => [...promqlRefs(e.expr).metrics]));
    expect([...required].filter((n) => !used.has(n))).toEqual([]);
  });
});

describe('labels', () => {
  it('no rule, dashboard or adapter rule uses a room, user or peer label', () => {
    const offenders: string[] = [];
    for (const e of allExpressions()) {
      const labels = new Set([...promqlRefs(e.expr).labels, ...e.labelKeys, ...e.templates.flatMap((t) => [...templateLabels(t)])]);
      for (const l of labels) if (FORBIDDEN_LABELS.has(l)) offenders.push(`${l} (${e.where})`);
    }
    expect(offenders).toEqual([]);
  });

  it('the label check sees labels in matchers, groupings, legends and annotations', () => {
    const e = 'sum by (room_id) (rate(x{user="a"}[5m])) / on (peer) y';
    expect([...promqlRefs(e).labels].filter((l) => FORBIDDEN_LABELS.has(l)).sort()).toEqual(['peer', 'room_id', 'user']);
    expect([...templateLabels('{{ room }} and {{$labels.user_id}}')]).toEqual(['room', 'user_id']);
  });
});

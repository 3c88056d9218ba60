// The cheap static half of issue 8 items 5-6: metric names in rules, dashboards and adapter rules
// are in exported-metrics.txt (generated from the services' metrics modules, checked here), and no
// label is per room or per user. metrics-live.test.ts checks the same against a live cluster.
import { describe, expect, it } from 'vitest';
import { loadMetricInventory, parseMetricList, renderMetricList } from '../src/metric-inventory.js';
import { isForbiddenLabel, PROMETHEUS_BUILTIN_METRICS, promqlRefs, templateLabels } from '../src/promql-refs.js';
import { allExpressions } from './expressions.js';
import { at, read } from './paths.js';

const exported = parseMetricList(read(at('prometheus', 'exported-metrics.txt')));

describe('metric names', () => {
  it('exported-metrics.txt lists exactly what the services register (regenerate: pnpm --filter @coope/deploy run generate)', async () => {
    const inventory = await loadMetricInventory();
    expect(inventory.length).toBeGreaterThan(40);
    expect(read(at('prometheus', 'exported-metrics.txt'))).toBe(renderMetricList(inventory));
  });

  it('no metrics module declares a room, user or peer label', async () => {
    const offenders = (await loadMetricInventory()).filter((m) => m.labels.some(isForbiddenLabel));
    expect(offenders.map((m) => `${m.name}{${m.labels.join(',')}}`)).toEqual([]);
  });

  it('every metric used by a rule, dashboard or adapter rule is exported', () => {
    const unknown: string[] = [];
    let used = 0;
    for (const e of allExpressions()) {
      for (const name of promqlRefs(e.expr).metrics) {
        used += 1;
        if (!exported.has(name) && !PROMETHEUS_BUILTIN_METRICS.has(name)) unknown.push(`${name} (${e.where})`);
      }
    }
    expect(used).toBeGreaterThan(100);
    expect(unknown).toEqual([]);
  });
});

describe('labels', () => {
  it('no rule, dashboard or adapter rule uses a room, user or peer label', () => {
    const offenders: string[] = [];
    for (const e of allExpressions()) {
      const labels = new Set([...promqlRefs(e.expr).labels, ...e.labelKeys, ...e.templates.flatMap((t) => [...templateLabels(t)])]);
      for (const l of labels) if (isForbiddenLabel(l)) offenders.push(`${l} (${e.where})`);
    }
    expect(offenders).toEqual([]);
  });

  it('the label check sees labels in matchers, groupings, legends and annotations', () => {
    const e = 'sum by (room_id) (rate(x{user="a"}[5m])) / on (peer) y';
    expect([...promqlRefs(e).labels].filter(isForbiddenLabel).sort()).toEqual(['peer', 'room_id', 'user']);
    expect([...templateLabels('{{ room }} and {{$labels.user_id}}')]).toEqual(['room', 'user_id']);
  });

  it('catches every spelling of a per-room or per-user label and lets ordinary ones through', () => {
    expect(['roomId', 'ROOM_ID', 'userid', 'peerId', 'document_id', 'docId', 'email', 'session_id'].filter((l) => !isForbiddenLabel(l))).toEqual([]);
    expect(['route', 'method', 'result', 'kind', 'worker', 'scope', 'reason', 'origin', 'instance', 'le'].filter(isForbiddenLabel)).toEqual([]);
  });
});

// Wraps deploy/prometheus/rules/*.yml into one Prometheus Operator PrometheusRule, so Kubernetes
// clusters load exactly the rules promtool checks (their `groups:` is the PrometheusRule spec).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';

export function ruleFiles(rulesDir: string): string[] {
  return readdirSync(rulesDir)
    .filter((f) => f.endsWith('.yml'))
    .sort()
    .map((f) => path.join(rulesDir, f));
}

export function renderPrometheusRule(rulesDir: string): string {
  const groups = ruleFiles(rulesDir).flatMap((f) => (parse(readFileSync(f, 'utf8')) as { groups: unknown[] }).groups);
  const doc = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'coope', labels: { release: 'kube-prometheus-stack' } },
    spec: { groups },
  };
  const header = [
    '# Generated from deploy/prometheus/rules/*.yml by `pnpm --filter @coope/deploy run generate`; do not edit.',
    '# The `release` label must match your Prometheus ruleSelector (kube-prometheus-stack default shown).',
  ].join('\n');
  return `${header}\n${stringify(doc, { lineWidth: 0 })}`;
}

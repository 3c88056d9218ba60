// Writes the generated files: deploy/grafana/*.json (from src/grafana),
// deploy/prometheus/exported-metrics.txt (from the services' metrics modules) and
// deploy/k8s/monitoring/prometheus-rules.yaml (from deploy/prometheus/rules).
//   pnpm --filter @coope/deploy run generate
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dashboards, renderDashboard } from './grafana/index.js';
import { loadMetricInventory, renderMetricList } from './metric-inventory.js';
import { renderPrometheusRule } from './prometheus-rule.js';

const deployDir = fileURLToPath(new URL('..', import.meta.url));

export function dashboardText(spec: (typeof dashboards)[number]): string {
  return `${JSON.stringify(renderDashboard(spec), null, 2)}\n`;
}

async function main(): Promise<void> {
  for (const spec of dashboards) {
    const file = `${deployDir}grafana/${spec.file}.json`;
    writeFileSync(file, dashboardText(spec));
    console.log(`wrote ${file}`);
  }
  const list = `${deployDir}prometheus/exported-metrics.txt`;
  writeFileSync(list, renderMetricList(await loadMetricInventory()));
  console.log(`wrote ${list}`);
  const rule = `${deployDir}k8s/monitoring/prometheus-rules.yaml`;
  writeFileSync(rule, renderPrometheusRule(`${deployDir}prometheus/rules`));
  console.log(`wrote ${rule}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();

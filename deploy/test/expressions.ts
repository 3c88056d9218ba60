// Every PromQL expression and label template in the rules, dashboards and adapter rules, with
// where it came from, for the metric-name and label lints.
import path from 'node:path';
import { parse } from 'yaml';
import { at, filesUnder, read } from './paths.js';

export interface Expression {
  where: string;
  expr: string;
  /** Legend formats and annotation templates that go with it. */
  templates: string[];
  /** Label names set directly (rule `labels:` keys). */
  labelKeys: string[];
}

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function ruleExpressions(): Expression[] {
  return filesUnder(at('prometheus', 'rules'), ['.yml']).flatMap((file) => {
    const doc = parse(read(file)) as { groups: Array<{ rules: Rule[] }> };
    return doc.groups.flatMap((g) =>
      g.rules.map((r) => ({
        where: `${path.basename(file)} ${r.alert ?? r.record}`,
        expr: r.expr,
        templates: Object.values(r.annotations ?? {}),
        labelKeys: Object.keys(r.labels ?? {}),
      })),
    );
  });
}

interface Panel {
  title: string;
  targets?: Array<{ expr: string; legendFormat?: string }>;
}

export function dashboardExpressions(): Expression[] {
  return filesUnder(at('grafana'), ['.json']).flatMap((file) => {
    const d = JSON.parse(read(file)) as { panels: Panel[]; templating: { list: Array<{ definition?: string }> } };
    const name = path.basename(file);
    const panels = d.panels.flatMap((p) =>
      (p.targets ?? []).map((t) => ({
        where: `${name} "${p.title}"`,
        expr: t.expr,
        templates: [t.legendFormat ?? ''],
        labelKeys: [],
      })),
    );
    const vars = d.templating.list
      .filter((v) => v.definition)
      .map((v) => {
        // label_values(<selector>, <label>)
        const m = /^label_values\((.*),\s*([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(v.definition!);
        return { where: `${name} variable`, expr: m?.[1] ?? v.definition!, templates: [], labelKeys: m ? [m[2]!] : [] };
      });
    return [...panels, ...vars];
  });
}

export function adapterExpressions(): Expression[] {
  const cm = parse(read(at('k8s', 'monitoring', 'prometheus-adapter-config.yaml'))) as { data: { 'config.yaml': string } };
  const cfg = parse(cm.data['config.yaml']) as { rules: Array<{ seriesQuery: string; metricsQuery: string }> };
  return cfg.rules.map((r) => ({
    where: `prometheus-adapter ${r.seriesQuery}`,
    expr: `${r.seriesQuery} + ${r.metricsQuery.replace(/<<[^>]*>>/g, '')}`,
    templates: [],
    labelKeys: [],
  }));
}

export function allExpressions(): Expression[] {
  return [...ruleExpressions(), ...dashboardExpressions(), ...adapterExpressions()];
}

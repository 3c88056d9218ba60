// Builds Grafana dashboard JSON (schema 39) from compact specs, so the five dashboards share one
// layout, one data-source variable and one instance filter. `generate.ts` writes deploy/grafana/*.json.

export interface TargetSpec {
  expr: string;
  legend?: string;
}

export interface PanelSpec {
  title: string;
  description?: string;
  kind?: 'timeseries' | 'stat';
  unit?: string;
  targets: TargetSpec[];
  /** Grid width out of 24 (default: stat 4, timeseries 12). */
  width?: number;
  stack?: boolean;
  min?: number;
  max?: number;
}

export interface RowSpec {
  title: string;
  panels: PanelSpec[];
}

export interface DashboardSpec {
  /** File name (without .json) and uid suffix. */
  file: string;
  title: string;
  description: string;
  /** The job whose instances the $instance variable lists; omitted = no instance filter. */
  instanceJob?: string;
  rows: RowSpec[];
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a JS template
const DS = { type: 'prometheus', uid: '${datasource}' };
const HEIGHT = { stat: 4, timeseries: 8 };

/** A quantile over a histogram, by `le` plus optional labels, at Grafana's rate interval. */
export function quantile(q: number, metric: string, opts: { by?: string; selector?: string } = {}): string {
  const by = opts.by ? `le, ${opts.by}` : 'le';
  return `histogram_quantile(${q}, sum by (${by}) (rate(${metric}_bucket${opts.selector ?? ''}[$__rate_interval])))`;
}

/** `sum by (labels) (rate(metric{selector}[$__rate_interval]))`. */
export function rate(metric: string, opts: { by?: string; selector?: string } = {}): string {
  const agg = opts.by ? `sum by (${opts.by})` : 'sum';
  return `${agg} (rate(${metric}${opts.selector ?? ''}[$__rate_interval]))`;
}

function panelJson(p: PanelSpec, id: number, gridPos: { h: number; w: number; x: number; y: number }) {
  const kind = p.kind ?? 'timeseries';
  const defaults: Record<string, unknown> = { unit: p.unit ?? 'short' };
  if (p.min !== undefined) defaults.min = p.min;
  if (p.max !== undefined) defaults.max = p.max;
  if (kind === 'timeseries') {
    defaults.custom = {
      lineWidth: 1,
      fillOpacity: p.stack ? 30 : 10,
      showPoints: 'never',
      stacking: { mode: p.stack ? 'normal' : 'none', group: 'A' },
    };
  }
  const options =
    kind === 'stat'
      ? {
          reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
          colorMode: 'value',
          graphMode: 'area',
          textMode: 'auto',
          justifyMode: 'auto',
        }
      : {
          legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
          tooltip: { mode: 'multi', sort: 'desc' },
        };
  return {
    id,
    type: kind,
    title: p.title,
    description: p.description ?? '',
    datasource: DS,
    gridPos,
    fieldConfig: { defaults, overrides: [] },
    options,
    targets: p.targets.map((t, i) => ({
      datasource: DS,
      expr: t.expr,
      legendFormat: t.legend ?? '__auto',
      range: true,
      refId: String.fromCharCode(65 + i),
    })),
  };
}

function templating(spec: DashboardSpec) {
  const list: unknown[] = [
    { name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', hide: 0, refresh: 1, current: {} },
  ];
  if (spec.instanceJob) {
    const query = `label_values(up{job="${spec.instanceJob}"}, instance)`;
    list.push({
      name: 'instance',
      label: 'Instance',
      type: 'query',
      datasource: DS,
      definition: query,
      query: { query, refId: 'instance' },
      includeAll: true,
      multi: true,
      allValue: '.*',
      current: { selected: true, text: ['All'], value: ['$__all'] },
      refresh: 2,
      sort: 1,
      hide: 0,
    });
  }
  return { list };
}

/** Lays the rows out top to bottom, panels left to right, wrapping at 24 columns. */
export function renderDashboard(spec: DashboardSpec): Record<string, unknown> {
  const panels: unknown[] = [];
  let id = 1;
  let y = 0;
  for (const row of spec.rows) {
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
    y += 1;
    let x = 0;
    let rowHeight = 0;
    for (const p of row.panels) {
      const kind = p.kind ?? 'timeseries';
      const w = p.width ?? (kind === 'stat' ? 4 : 12);
      const h = HEIGHT[kind];
      if (x + w > 24) {
        x = 0;
        y += rowHeight;
        rowHeight = 0;
      }
      panels.push(panelJson(p, id++, { h, w, x, y }));
      x += w;
      rowHeight = Math.max(rowHeight, h);
    }
    y += rowHeight;
  }
  return {
    annotations: { list: [] },
    description: spec.description,
    editable: true,
    fiscalYearStartMonth: 0,
    graphTooltip: 1,
    links: [{ type: 'dashboards', tags: ['coope'], asDropdown: true, title: 'Coope', includeVars: false, keepTime: true }],
    panels,
    refresh: '30s',
    schemaVersion: 39,
    tags: ['coope'],
    templating: templating(spec),
    time: { from: 'now-1h', to: 'now' },
    timepicker: {},
    timezone: '',
    title: spec.title,
    uid: `coope-${spec.file}`,
    version: 1,
  };
}

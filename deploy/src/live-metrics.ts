// The pure half of the live metrics test (deploy/test/metrics-live.test.ts): the scrape config it
// gives a local Prometheus, and what it makes of Prometheus's answers (names, metadata, series).
import { parse, stringify } from 'yaml';
import { isForbiddenLabel, promqlRefs } from './promql-refs.js';

interface ScrapeConfig {
  job_name: string;
  static_configs?: Array<{ targets: string[] }>;
  [key: string]: unknown;
}

interface PromConfig {
  global?: Record<string, unknown>;
  rule_files?: string[];
  scrape_configs: ScrapeConfig[];
}

export interface LiveScrapeOptions {
  /** host:port targets by job name; must name exactly the jobs of the base config. */
  targets: Readonly<Record<string, readonly string[]>>;
  /** Scrape and rule evaluation interval, e.g. '1s'. */
  interval: string;
  /** Absolute rule file paths or globs. */
  ruleFiles: readonly string[];
}

/** The checked-in scrape config (deploy/prometheus/prometheus.yml) pointed at other ports, faster. */
export function liveScrapeConfig(baseYaml: string, o: LiveScrapeOptions): string {
  const config = parse(baseYaml) as PromConfig;
  const jobs = config.scrape_configs.map((s) => s.job_name).sort();
  const given = Object.keys(o.targets).sort();
  if (jobs.join() !== given.join()) throw new Error(`scrape jobs ${jobs.join(', ')} but targets for ${given.join(', ')}`);
  config.global = { ...config.global, scrape_interval: o.interval, scrape_timeout: o.interval, evaluation_interval: o.interval };
  config.rule_files = [...o.ruleFiles];
  for (const s of config.scrape_configs) s.static_configs = [{ targets: [...o.targets[s.job_name]!] }];
  return stringify(config);
}

/** Prometheus's /api/v1/metadata: metric family name → its declarations (one per distinct help/type). */
export type MetricMetadata = Record<string, Array<{ type: string }>>;

const SUFFIXES: Record<string, readonly string[]> = {
  _bucket: ['histogram'],
  _sum: ['histogram', 'summary'],
  _count: ['histogram', 'summary'],
};

/**
 * Whether a name a query uses is exported: Prometheus holds samples under it, or a target declares
 * it (a labelled counter nobody has incremented yet still has `# TYPE` on /metrics), or it is the
 * _bucket/_sum/_count series of a declared histogram or summary.
 */
export function isExported(name: string, sampleNames: ReadonlySet<string>, metadata: MetricMetadata): boolean {
  if (sampleNames.has(name) || metadata[name]) return true;
  for (const [suffix, types] of Object.entries(SUFFIXES)) {
    if (!name.endsWith(suffix)) continue;
    const family = metadata[name.slice(0, -suffix.length)];
    if (family?.some((m) => types.includes(m.type))) return true;
  }
  return false;
}

/** `metric{label}` for every series label that would be per room or per user, deduplicated. */
export function forbiddenSeriesLabels(series: ReadonlyArray<Record<string, string>>): string[] {
  const out = new Set<string>();
  for (const s of series) {
    for (const label of Object.keys(s)) if (isForbiddenLabel(label)) out.add(`${s.__name__}{${label}}`);
  }
  return [...out].sort();
}

/** Every label name seen on the series, for reporting what the check covered. */
export function labelNamesOf(series: ReadonlyArray<Record<string, string>>): Set<string> {
  return new Set(series.flatMap((s) => Object.keys(s)));
}

/** The series selectors of an expression (`name` or `name{matchers}`), as Prometheus's series API takes them. */
export function seriesSelectors(expr: string): string[] {
  const out = new Set<string>();
  for (const name of promqlRefs(expr).metrics) {
    const re = new RegExp(`(?<![\\w:])${name}\\s*(\\{[^}]*\\})?(?![\\w:(])`, 'g');
    for (const m of expr.matchAll(re)) out.add(`${name}${(m[1] ?? '').replace(/\s+/g, ' ')}`);
  }
  return [...out].sort();
}

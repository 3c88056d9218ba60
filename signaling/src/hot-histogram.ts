// A histogram for the per-event hot path. prom-client's Histogram hashes and validates the label object on
// every observe and keys its buckets by number-to-string property names; measured side by side, the
// join/event histograms cost ~3% of a join cycle's CPU. Here a label set resolves once to a series of plain
// counters, and an observation is a bucket scan and two additions. The registry reads it through `get()`,
// in prom-client's own histogram shape, so /metrics shows the same lines (hot-histogram.test.ts compares).
import type { Metric, Registry } from 'prom-client';

interface Series {
  labels: Record<string, string>;
  /** Observations per bucket (not cumulative); the last slot is +Inf. */
  counts: Float64Array;
  sum: number;
  count: number;
}

export interface HotHistogramConfig<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  buckets: readonly number[];
  registers: Registry[];
}

export class HotHistogram<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly #buckets: number[];
  readonly #labelNames: readonly L[];
  readonly #series = new Map<string, Series>();

  constructor(c: HotHistogramConfig<L>) {
    this.name = c.name;
    this.help = c.help;
    this.#labelNames = c.labelNames;
    this.#buckets = [...c.buckets].sort((a, b) => a - b);
    for (const r of c.registers) r.registerMetric(this as unknown as Metric);
  }

  /** The series of one label set; keep it and pass it to `observe`. Every label must be given. */
  series(labels: Record<L, string>): Series {
    const key = this.#labelNames.map((n) => labels[n]).join('\u0000');
    let s = this.#series.get(key);
    if (!s) {
      const own: Record<string, string> = {};
      for (const n of this.#labelNames) own[n] = String(labels[n]);
      s = { labels: own, counts: new Float64Array(this.#buckets.length + 1), sum: 0, count: 0 };
      this.#series.set(key, s);
    }
    return s;
  }

  observe(series: Series, value: number): void {
    const b = this.#buckets;
    let i = 0;
    while (i < b.length && value > b[i]!) i++;
    series.counts[i]!++;
    series.sum += value;
    series.count++;
  }

  /** prom-client's exposition shape: cumulative `_bucket` lines with `le`, then `_sum` and `_count`. */
  async get() {
    const values: Array<{ value: number; labels: Record<string, string | number>; metricName: string }> = [];
    for (const s of this.#series.values()) {
      let cumulative = 0;
      this.#buckets.forEach((le, i) => {
        cumulative += s.counts[i]!;
        values.push({ value: cumulative, labels: { le, ...s.labels }, metricName: `${this.name}_bucket` });
      });
      values.push({ value: s.count, labels: { le: '+Inf', ...s.labels }, metricName: `${this.name}_bucket` });
      values.push({ value: s.sum, labels: s.labels, metricName: `${this.name}_sum` });
      values.push({ value: s.count, labels: s.labels, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  reset(): void {
    for (const s of this.#series.values()) {
      s.counts.fill(0);
      s.sum = 0;
      s.count = 0;
    }
  }
}

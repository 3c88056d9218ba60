// The PromQL tokenizer behind the metric lint tells metric names from everything else.
import { describe, expect, it } from 'vitest';
import { promqlRefs } from '../src/promql-refs.js';

const metrics = (e: string) => [...promqlRefs(e).metrics].sort();
const labels = (e: string) => [...promqlRefs(e).labels].sort();

describe('promqlRefs', () => {
  it('finds metric names inside functions, aggregations and binary operators', () => {
    expect(metrics('histogram_quantile(0.99, sum by (le) (rate(a_bucket[5m]))) > 0.5 and sum(rate(b_count[5m])) > 0.05')).toEqual([
      'a_bucket',
      'b_count',
    ]);
    expect(metrics('topk(10, sum by (route) (rate(x_total{status_class="5xx"}[$__rate_interval]))) / ignoring(x) y')).toEqual([
      'x_total',
      'y',
    ]);
  });

  it('ignores strings, numbers, durations, keywords and Grafana variables', () => {
    expect(metrics('x{instance=~"$instance", job="coope-media"} offset 5m unless bool 1e3 * 2')).toEqual(['x']);
    expect(metrics('label_replace(m, "dst", "$1", "src", "(.*)")')).toEqual(['m']);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax
    expect(metrics('8 * sum(rate(z[${__interval}]))')).toEqual(['z']);
  });

  it('collects label names from matchers and grouping clauses', () => {
    expect(labels('sum by (instance, kind) (g{a="1", b!~"x"}) * on (instance) group_left (zone) h')).toEqual([
      'a',
      'b',
      'instance',
      'kind',
      'zone',
    ]);
    expect(labels('sum(x) without (worker)')).toEqual(['worker']);
  });
});

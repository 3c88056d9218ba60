// HotHistogram must expose exactly what prom-client's Histogram exposes for the same observations.
import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { HotHistogram } from '../src/hot-histogram.js';

const buckets = [0.001, 0.005, 0.01, 0.05, 1];
// Below, on, between and above the bounds (a value equal to a bound falls in that bound's bucket).
const observations: Array<[string, string, number]> = [
  ['join', 'ok', 0.0004],
  ['join', 'ok', 0.001],
  ['join', 'ok', 0.003],
  ['leave', 'error', 0.05],
  ['join', 'ok', 0.7],
  ['leave', 'ok', 12],
  ['join', 'error', 0],
];

function exposition(kind: 'prom' | 'hot'): Promise<string> {
  const registry = new Registry();
  const config = { name: 'x_seconds', help: 'h', labelNames: ['event', 'result'] as const, buckets, registers: [registry] };
  if (kind === 'prom') {
    const h = new Histogram(config);
    for (const [event, result, v] of observations) h.observe({ event, result }, v);
  } else {
    const h = new HotHistogram(config);
    for (const [event, result, v] of observations) h.observe(h.series({ event, result }), v);
  }
  return registry.metrics();
}

describe('HotHistogram', () => {
  it('writes the same exposition as prom-client for the same observations', async () => {
    const hot = await exposition('hot');
    expect(hot).toBe(await exposition('prom'));
    expect(hot).toContain('x_seconds_bucket{le="0.001",event="join",result="ok"} 2');
    expect(hot).toContain('x_seconds_bucket{le="+Inf",event="leave",result="ok"} 1');
  });

  it('keeps one series per label set and counts into it', async () => {
    const registry = new Registry();
    const h = new HotHistogram({ name: 'y', help: 'h', labelNames: ['result'], buckets: [1], registers: [registry] });
    expect(h.series({ result: 'ok' })).toBe(h.series({ result: 'ok' }));
    h.observe(h.series({ result: 'ok' }), 0.5);
    h.observe(h.series({ result: 'ok' }), 2);
    const json = await registry.getMetricsAsJSON();
    expect(json[0]?.values).toEqual([
      { value: 1, labels: { le: 1, result: 'ok' }, metricName: 'y_bucket' },
      { value: 2, labels: { le: '+Inf', result: 'ok' }, metricName: 'y_bucket' },
      { value: 2.5, labels: { result: 'ok' }, metricName: 'y_sum' },
      { value: 2, labels: { result: 'ok' }, metricName: 'y_count' },
    ]);
    registry.resetMetrics();
    expect(await registry.metrics()).toContain('y_count{result="ok"} 0');
  });
});

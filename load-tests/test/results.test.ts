// The results writer: file name, layout and machine facts.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSummary } from '../src/bench/run-all.ts';
import { buildResult, readResult, writeResult } from '../src/results.ts';
import { percentile, summarize } from '../src/stats.ts';

describe('results writer', () => {
  it('writes <name>.json with date, machine, baseline, headline figures and raw data', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'coope-results-'));
    const file = writeResult(
      'api',
      { baseline: 'bare Fastify', figures: { ratio: 0.42, p99Ms: 7.5 }, raw: { slices: [1, 2] }, targets: { ratio: '>= 0.3' } },
      dir,
    );
    expect(file).toBe(path.join(dir, 'api.json'));
    expect(readdirSync(dir)).toEqual(['api.json']);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc).toMatchObject({ name: 'api', ratio: 0.42, p99Ms: 7.5, baseline: 'bare Fastify', raw: { slices: [1, 2] }, targets: { ratio: '>= 0.3' } });
    expect(Date.parse(doc.date)).toBeGreaterThan(Date.now() - 60_000);
    expect(doc.machine).toEqual({
      cpus: os.cpus().length,
      model: expect.any(String),
      memory: os.totalmem(),
      node: process.version,
      kernel: os.release(),
      platform: process.platform,
      arch: process.arch,
    });
    expect(Object.keys(doc).slice(0, 4)).toEqual(['name', 'date', 'ratio', 'p99Ms']);
    expect(readResult('api', dir)).toEqual(doc);
    expect(readResult('missing', dir)).toBeNull();
  });

  it('refuses names that would not be plain kebab-case files', () => {
    expect(() => buildResult('../escape', { baseline: 'x', figures: {}, raw: null })).toThrow(/kebab-case/);
    expect(() => buildResult('Media Forwarding', { baseline: 'x', figures: {}, raw: null })).toThrow(/kebab-case/);
  });

  it('keeps null for figures that could not be measured', () => {
    const doc = buildResult('failover', { baseline: 'target', figures: { signalingResumeP95Ms: null, peersLost: 0 }, raw: {} });
    expect(doc.signalingResumeP95Ms).toBeNull();
    expect(doc.peersLost).toBe(0);
  });
});

describe('stats and summary', () => {
  it('computes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([], 99)).toBeNull();
    expect(summarize([3, 1, 2])).toEqual({ n: 3, p50: 2, p95: 3, p99: 3, max: 3 });
  });

  it('prints one row per bench with its headline figures', () => {
    const table = formatSummary([
      { name: 'api', status: 'ok', seconds: 41.2, figures: { ratio: 0.4, p99Ms: 9 } },
      { name: 'failover', status: 'missing', seconds: 0, figures: {} },
      { name: 'collab', status: 'failed', seconds: 3, figures: { p99Ms: null } },
    ]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^bench\s+status\s+time\s+figures$/);
    expect(lines[2]).toMatch(/^api\s+ok\s+41\.2 s\s+ratio=0\.4 {2}p99Ms=9$/);
    expect(lines[3]).toMatch(/^failover\s+missing\s+-$/);
    expect(lines[4]).toMatch(/collab\s+failed\s+3 s\s+p99Ms=n\/a/);
  });
});

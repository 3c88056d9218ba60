// deploy/prometheus: promtool accepts the scrape configs and rules, the rules' own unit tests
// pass, every SLO of issue 8 item 4 has an alert, and every alert has a runbook.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LOCAL_PORTS } from '../local/src/cluster.js';
import { at, deployDir, filesUnder, read, repoRoot } from './paths.js';

const promDir = at('prometheus');
const ruleFiles = filesUnder(at('prometheus', 'rules'), ['.yml']);

function promtool(...args: string[]) {
  return spawnSync('promtool', args, { cwd: promDir, encoding: 'utf8' });
}

interface AlertRule {
  alert: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

const alerts: AlertRule[] = ruleFiles.flatMap((f) =>
  (parse(read(f)) as { groups: Array<{ rules: AlertRule[] }> }).groups.flatMap((g) => g.rules.filter((r) => r.alert)),
);

beforeAll(() => {
  const r = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error("promtool not found: install Debian's `prometheus` package (apt-get install prometheus); `npm test` does it");
  }
});

describe('prometheus', () => {
  it.each(['prometheus.yml', 'prometheus-compose.yml', 'prometheus-production.yml'])('promtool check config %s', (file) => {
    const r = promtool('check', 'config', file);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it('promtool check rules accepts every rule file', () => {
    expect(ruleFiles.length).toBeGreaterThanOrEqual(5);
    const r = promtool('check', 'rules', ...ruleFiles);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout.match(/SUCCESS/g)?.length).toBe(ruleFiles.length);
  });

  it('promtool test rules: every alert fires on a broken SLO and stays quiet when healthy', () => {
    const tests = filesUnder(at('prometheus', 'tests'), ['.test.yml']);
    const r = promtool('test', 'rules', ...tests);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const tested = new Set(tests.flatMap((f) => [...read(f).matchAll(/alertname: (\w+)/g)].map((m) => m[1])));
    expect(alerts.map((a) => a.alert).filter((a) => !tested.has(a))).toEqual([]);
  });

  it('has an alert for every SLO of issue 8 item 4', () => {
    const names = alerts.map((a) => a.alert);
    for (const slo of [
      'CoopeJoinLatencyP99High',
      'CoopeMediaFailoverSlow',
      'CoopeForwardingLossHigh',
      'CoopeCoEditLatencyHigh',
      'CoopeApiLatencyP99High',
      'CoopeApiErrorRateHigh',
      'CoopeMediaNodeRecordExpired',
      'CoopeMediaWorkerDied',
      'CoopeRedisUnreachable',
    ]) {
      expect(names).toContain(slo);
    }
  });

  it('every alert has a severity, a summary, a description and a runbook with its three sections', () => {
    for (const a of alerts) {
      expect(['warning', 'critical'], a.alert).toContain(a.labels.severity);
      expect(a.annotations.summary && a.annotations.description, a.alert).toBeTruthy();
      expect(a.annotations.runbook_url, a.alert).toBe(`deploy/runbooks/${a.alert}.md`);
      const file = path.join(repoRoot, a.annotations.runbook_url!);
      expect(existsSync(file), file).toBe(true);
      const text = read(file);
      expect(text.startsWith(`# ${a.alert}\n`), file).toBe(true);
      for (const h of ['## What it means', '## How to confirm', '## What to do']) expect(text, `${a.alert}: ${h}`).toContain(h);
    }
    const index = read(at('runbooks', 'README.md'));
    for (const a of alerts) expect(index, `runbooks/README.md lists ${a.alert}`).toContain(`[${a.alert}](${a.alert}.md)`);
    const runbooks = filesUnder(at('runbooks'), ['.md']).map((f) => path.basename(f, '.md'));
    expect(runbooks.filter((r) => r !== 'README' && !alerts.some((a) => a.alert === r))).toEqual([]);
  });

  it('the local scrape config targets the ports of deploy/local/src/cluster.ts', () => {
    const cfg = parse(read(at('prometheus', 'prometheus.yml'))) as {
      scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }>;
    };
    const targets = Object.fromEntries(cfg.scrape_configs.map((s) => [s.job_name, s.static_configs.flatMap((c) => c.targets).sort()]));
    const local = (ports: readonly number[]) => ports.map((p) => `127.0.0.1:${p}`).sort();
    expect(targets).toEqual({
      'coope-api': local([LOCAL_PORTS.api]),
      'coope-signaling': local(LOCAL_PORTS.signaling),
      'coope-media': local(LOCAL_PORTS.mediaRpc),
    });
  });

  it('the file_sd examples are target groups for the files the production config reads', () => {
    const cfg = parse(read(at('prometheus', 'prometheus-production.yml'))) as {
      scrape_configs: Array<{ job_name: string; file_sd_configs: Array<{ files: string[] }> }>;
    };
    for (const job of cfg.scrape_configs) {
      for (const file of job.file_sd_configs.flatMap((c) => c.files)) {
        const example = path.join(deployDir, 'prometheus', 'file-sd', path.basename(file));
        expect(existsSync(example), `${job.job_name}: example for ${file}`).toBe(true);
        const groups = parse(read(example)) as Array<{ targets: string[]; labels?: Record<string, string> }>;
        expect(groups.length).toBeGreaterThan(0);
        for (const g of groups) for (const t of g.targets) expect(t).toMatch(/^[\w.-]+:\d+$/);
      }
    }
  });
});

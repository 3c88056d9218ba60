// A real Prometheus (Debian's package) for the live metrics test: started on a config file the test
// writes, queried through its HTTP API, stopped with SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { vi } from 'vitest';

export const PROMETHEUS_BIN = '/usr/bin/prometheus';

export interface ActiveTarget {
  labels: { job: string; instance: string };
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

export interface RuleGroup {
  name: string;
  rules: Array<{ name: string; health: string; lastError?: string; lastEvaluation: string }>;
}

export class LivePrometheus {
  readonly output: string[] = [];

  private constructor(
    readonly url: string,
    readonly process: ChildProcess,
  ) {}

  /** Fails (never skips) when the binary is missing: `npm test` installs it. */
  static async start(o: { dir: string; port: number; config: string }): Promise<LivePrometheus> {
    if (!existsSync(PROMETHEUS_BIN)) {
      throw new Error(`${PROMETHEUS_BIN} not found: install Debian's prometheus package (apt-get install prometheus); npm test does it`);
    }
    mkdirSync(o.dir, { recursive: true });
    const configFile = path.join(o.dir, 'prometheus.yml');
    writeFileSync(configFile, o.config);
    const address = `127.0.0.1:${o.port}`;
    const child = spawn(
      PROMETHEUS_BIN,
      [`--config.file=${configFile}`, `--storage.tsdb.path=${path.join(o.dir, 'data')}`, `--web.listen-address=${address}`, '--log.level=warn'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const prom = new LivePrometheus(`http://${address}`, child);
    for (const stream of [child.stdout, child.stderr]) stream?.on('data', (b: Buffer) => prom.output.push(...b.toString().trim().split('\n')));
    await vi.waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${prom.output.join('\n')}`);
        const res = await fetch(`${prom.url}/-/ready`);
        if (res.status !== 200) throw new Error(`prometheus not ready: ${res.status}`);
      },
      { timeout: 30_000, interval: 200 },
    );
    return prom;
  }

  /** GET /api/v1/<path>; the `data` of a successful answer. */
  async api<T>(apiPath: string, params: Array<[string, string]> = []): Promise<T> {
    const query = new URLSearchParams(params).toString();
    const res = await fetch(`${this.url}/api/v1/${apiPath}${query ? `?${query}` : ''}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${apiPath}: ${body.error ?? res.status}`);
    return body.data;
  }

  async targets(): Promise<ActiveTarget[]> {
    return (await this.api<{ activeTargets: ActiveTarget[] }>('targets', [['state', 'active']])).activeTargets;
  }

  async waitForTargetsUp(timeout: number): Promise<void> {
    await vi.waitFor(
      async () => {
        const down = (await this.targets()).filter((t) => t.health !== 'up');
        if (down.length > 0) throw new Error(`targets not up: ${down.map((t) => `${t.labels.instance} ${t.lastError}`).join('; ')}`);
      },
      { timeout, interval: 250 },
    );
  }

  async ruleGroups(): Promise<RuleGroup[]> {
    return (await this.api<{ groups: RuleGroup[] }>('rules')).groups;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.kill('SIGTERM');
    // A TSDB flush normally takes well under a second; never leave it running.
    const kill = setTimeout(() => this.process.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(kill);
  }
}

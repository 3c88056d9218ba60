// A tiny process supervisor: starts children, prefixes their log lines, polls their health,
// restarts a crashed child with exponential backoff, and stops everything on request.
import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { formatLogLine } from './log-format.js';

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  healthUrl?: string;
}

export type ChildState = 'starting' | 'healthy' | 'unhealthy' | 'crashed' | 'backoff' | 'stopping' | 'stopped';

interface Child {
  spec: ChildSpec;
  process?: ChildProcess;
  state: ChildState;
  restarts: number;
  startedAt: number;
  restartTimer?: NodeJS.Timeout;
  failedChecks: number;
  checking: boolean;
}

const MAX_BACKOFF_MS = 30_000;
/** A child that stayed up this long has its backoff reset. */
const STABLE_AFTER_MS = 20_000;
const HEALTH_TIMEOUT_MS = 3000;

export class Supervisor extends EventEmitter<{ state: [name: string, state: ChildState] }> {
  readonly #children = new Map<string, Child>();
  readonly #write: (line: string) => void;
  #stopping = false;
  #healthTimer?: NodeJS.Timeout;

  constructor(specs: ChildSpec[], write: (line: string) => void) {
    super();
    this.#write = write;
    for (const spec of specs) this.#children.set(spec.name, { spec, state: 'stopped', restarts: 0, startedAt: 0, failedChecks: 0, checking: false });
  }

  start(): void {
    for (const child of this.#children.values()) this.#spawn(child);
    this.#healthTimer = setInterval(() => void this.#pollHealth(), 1000);
  }

  states(): Array<{ name: string; state: ChildState; restarts: number; pid?: number }> {
    return [...this.#children.values()].map((c) => ({
      name: c.spec.name,
      state: c.state,
      restarts: c.restarts,
      ...(c.process?.pid ? { pid: c.process.pid } : {}),
    }));
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#healthTimer);
    await Promise.all([...this.#children.values()].map((c) => this.#stopChild(c)));
  }

  #setState(child: Child, state: ChildState): void {
    if (child.state === state) return;
    child.state = state;
    this.emit('state', child.spec.name, state);
  }

  #spawn(child: Child): void {
    const { spec } = child;
    const proc = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.process = proc;
    child.startedAt = Date.now();
    this.#setState(child, 'starting');
    this.#pipe(proc, spec.name);
    proc.on('error', (err) => this.#write(formatLogLine(spec.name, `failed to start: ${err.message}`)));
    proc.on('exit', (code, signal) => this.#handleExit(child, code, signal));
  }

  #pipe(proc: ChildProcess, name: string): void {
    for (const stream of [proc.stdout, proc.stderr]) {
      let buffer = '';
      stream?.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) this.#write(formatLogLine(name, line));
      });
    }
  }

  #handleExit(child: Child, code: number | null, signal: NodeJS.Signals | null): void {
    child.process = undefined;
    if (this.#stopping) {
      this.#setState(child, 'stopped');
      return;
    }
    this.#setState(child, 'crashed');
    if (Date.now() - child.startedAt > STABLE_AFTER_MS) child.restarts = 0;
    const backoff = Math.min(MAX_BACKOFF_MS, 500 * 2 ** child.restarts);
    child.restarts += 1;
    this.#write(
      formatLogLine(child.spec.name, `exited (${signal ?? `code ${code}`}); restarting in ${(backoff / 1000).toFixed(1)} s`),
    );
    this.#setState(child, 'backoff');
    child.restartTimer = setTimeout(() => this.#spawn(child), backoff);
  }

  async #pollHealth(): Promise<void> {
    await Promise.all([...this.#children.values()].map((child) => this.#checkHealth(child)));
  }

  /** One slow answer on a loaded machine is not an outage: three failed checks in a row are. */
  async #checkHealth(child: Child): Promise<void> {
    if (!child.spec.healthUrl || !child.process || this.#stopping || child.checking) return;
    child.checking = true;
    const ok = await fetch(child.spec.healthUrl, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) })
      .then((r) => r.ok)
      .catch(() => false);
    child.checking = false;
    if (!child.process) return;
    child.failedChecks = ok ? 0 : child.failedChecks + 1;
    if (ok) this.#setState(child, 'healthy');
    else if (child.state === 'healthy' && child.failedChecks >= 3) this.#setState(child, 'unhealthy');
  }

  #stopChild(child: Child): Promise<void> {
    clearTimeout(child.restartTimer);
    const proc = child.process;
    if (!proc || proc.exitCode !== null) {
      this.#setState(child, 'stopped');
      return Promise.resolve();
    }
    this.#setState(child, 'stopping');
    return new Promise((resolve) => {
      const kill = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      proc.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  }
}

// One of our services (api, signaling, media-node) run as a real process with `node --import tsx`,
// so the pid is the server itself (its CPU time can be read) and kill -9 hits the server, not a wrapper.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface ServiceSpec {
  name: string;
  /** Package folder under the repo root, e.g. 'api'. */
  cwd: string;
  /** Entry file relative to cwd. */
  entry?: string;
  env: Record<string, string>;
  /** Polled until it answers 2xx. */
  readyUrl?: string;
  /** Where the service answers HTTP (e.g. its /metrics), for callers. */
  baseUrl?: string;
  readyTimeoutMs?: number;
}

export interface ServiceProcess {
  name: string;
  baseUrl: string | undefined;
  child: ChildProcess;
  /** The last lines the process printed (stdout and stderr), for error messages. */
  output(): string;
  /** CPU seconds (user + system) the process used so far, from /proc; null where /proc is missing. */
  cpuSeconds(): number | null;
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<void>;
  kill9(): Promise<void>;
}

const CLOCK_TICKS = 100;

export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startService(spec: ServiceSpec): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', spec.entry ?? 'src/main.ts'], {
    cwd: path.join(REPO_ROOT, spec.cwd),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const proc: ServiceProcess = {
    name: spec.name,
    baseUrl: spec.baseUrl,
    child,
    output: () => lines.join('\n'),
    cpuSeconds: () => (child.pid ? processCpuSeconds(child.pid) : null),
    async stop(signal = 'SIGTERM', timeoutMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.kill(signal);
      await exited(child);
      clearTimeout(timer);
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited(child);
    },
  };
  if (spec.readyUrl) await waitReady(proc, spec.readyUrl, spec.readyTimeoutMs ?? 60_000);
  return proc;
}

export async function waitReady(proc: ServiceProcess, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      throw new Error(`${proc.name} exited (${proc.child.exitCode ?? proc.child.signalCode}) before ready:\n${proc.output()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  await proc.stop('SIGKILL');
  throw new Error(`${proc.name} not ready at ${url} within ${timeoutMs} ms:\n${proc.output()}`);
}

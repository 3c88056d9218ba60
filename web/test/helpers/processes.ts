// Child processes for the full-cluster browser tests: spawn with env, wait for health, kill (also -9).
import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import path from 'node:path';
import { webRoot } from './build.js';

export const repoRoot = path.resolve(webRoot, '..');
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');

export interface Service {
  name: string;
  proc: ChildProcess;
  /** The last lines of its output, for failure messages. */
  tail(): string;
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

/** A port free right now (listen on 0 and close): child processes cannot report theirs to us. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function tcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createSocket('udp4');
    sock.once('error', () => resolve(false));
    sock.bind(port, '127.0.0.1', () => sock.close(() => resolve(true)));
  });
}

/** A port free for both TCP and UDP (a media node's WebRtcServer listens on both), outside the ephemeral range. */
export async function freeMediaPort(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    if ((await tcpFree(port)) && (await udpFree(port))) return port;
  }
  throw new Error('no free TCP+UDP port found');
}

function exited(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => proc.once('exit', () => resolve()));
}

/** Starts `tsx src/main.ts` in a package directory with the given environment. */
export function startService(name: string, pkg: string, env: Record<string, string>): Service {
  const lines: string[] = [];
  const proc = spawn(tsx, ['src/main.ts'], {
    cwd: path.join(repoRoot, pkg),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: tsx runs the service in a child process, and a kill must reach both.
    detached: true,
  });
  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      if (proc.pid) process.kill(-proc.pid, sig);
    } catch {
      // Already gone.
    }
  };
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  return {
    name,
    proc,
    tail: () => lines.slice(-30).join('\n'),
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), 8000);
      await exited(proc);
      clearTimeout(timer);
    },
    async kill9() {
      signalGroup('SIGKILL');
      await exited(proc);
    },
  };
}

/** Polls a health URL until it answers 200, failing early if the process exits. */
export async function waitHealthy(svc: Service, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (svc.proc.exitCode !== null) throw new Error(`${svc.name} exited (${svc.proc.exitCode}):\n${svc.tail()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${svc.name} not healthy at ${url} after ${timeoutMs} ms:\n${svc.tail()}`);
}

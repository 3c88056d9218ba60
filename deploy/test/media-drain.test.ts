// deploy/docker/media-drain.mjs, the media node's preStop hook: against a fake RPC server (the
// protocol, each outcome) and against a real media-node process (it drains and exits by itself).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import { at, repoRoot } from './paths.js';

const script = at('docker', 'media-drain.mjs');
const SECRET = 'drain-test-secret';

interface Run {
  code: number | null;
  lines: Array<Record<string, unknown>>;
}

function runScript(env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, ['--experimental-websocket', script], {
    env: { PATH: process.env.PATH, MEDIA_DRAIN_POLL_MS: '50', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += String(d);
  });
  return new Promise((resolve) =>
    child.once('exit', (code) => resolve({ code, lines: out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) })),
  );
}

/** A stand-in media node: /rpc WebSocket (secret in the query) and /metrics with a rooms gauge. */
async function fakeNode(reply: (method: string, params: unknown) => object, rooms: () => number) {
  const calls: Array<{ method: string; params: unknown }> = [];
  const server = http.createServer((req, res) => {
    if (req.url === '/metrics') res.end(`# HELP coope_media_rooms Rooms\n# TYPE coope_media_rooms gauge\ncoope_media_rooms ${rooms()}\n`);
    else res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname !== '/rpc' || url.searchParams.get('secret') !== SECRET) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.send(JSON.stringify({ event: 'nodeDraining', data: {} })); // events must be ignored
      ws.on('message', (raw) => {
        const frame = JSON.parse(String(raw)) as { id: number; method: string; params: unknown };
        calls.push({ method: frame.method, params: frame.params });
        ws.send(JSON.stringify({ id: frame.id, ...reply(frame.method, frame.params) }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { port, calls, close: () => new Promise((r) => server.close(r)) };
}

describe('media-drain.mjs against a fake node', () => {
  const closers: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it('calls drain, then waits until the node holds no rooms', async () => {
    let polls = 0;
    const node = await fakeNode(
      () => ({ ok: true, result: { deadline: Date.now() + 60_000 } }),
      () => (++polls < 4 ? 2 : 0),
    );
    closers.push(node.close);
    const run = await runScript({ MEDIA_RPC_PORT: String(node.port), MEDIA_RPC_SECRET: SECRET, MEDIA_DRAIN_DEADLINE_MS: '30000' });
    expect(run.code).toBe(0);
    expect(node.calls).toEqual([{ method: 'drain', params: { deadlineMs: 30000 } }]);
    expect(polls).toBeGreaterThanOrEqual(4);
    expect(run.lines.at(-1)).toMatchObject({ msg: 'drain finished', reason: 'no rooms left' });
  });

  it('stops waiting once the deadline and grace have passed', async () => {
    const node = await fakeNode(
      () => ({ ok: true, result: { deadline: Date.now() + 100 } }),
      () => 3,
    );
    closers.push(node.close);
    const run = await runScript({ MEDIA_RPC_PORT: String(node.port), MEDIA_RPC_SECRET: SECRET, MEDIA_DRAIN_GRACE_MS: '100' });
    expect(run.code).toBe(0);
    expect(run.lines.at(-1)).toMatchObject({ msg: 'drain finished', reason: 'deadline passed', rooms: 3 });
  });

  it('exits 1 when the node refuses, 0 when no node answers, 2 without a secret', async () => {
    const node = await fakeNode(
      () => ({ ok: false, code: 'INTERNAL', message: 'nope' }),
      () => 0,
    );
    closers.push(node.close);
    const refused = await runScript({ MEDIA_RPC_PORT: String(node.port), MEDIA_RPC_SECRET: SECRET });
    expect(refused.code).toBe(1);
    expect(refused.lines.at(-1)).toMatchObject({ msg: 'drain refused', code: 'INTERNAL' });
    const wrongSecret = await runScript({ MEDIA_RPC_PORT: String(node.port), MEDIA_RPC_SECRET: 'wrong-secret-value' });
    expect(wrongSecret.code).toBe(0);
    expect(wrongSecret.lines.at(-1)).toMatchObject({ msg: 'drain call failed; nothing to drain' });
    expect(node.calls).toHaveLength(1);
    expect((await runScript({ MEDIA_RPC_PORT: String(node.port) })).code).toBe(2);
  });
});

function workerBuilt(): boolean {
  const check = path.join(repoRoot, 'media-node', 'scripts', 'build-worker.mjs');
  return spawnSync(process.execPath, [check, '--check', '--quiet'], { cwd: path.join(repoRoot, 'media-node') }).status === 0;
}

describe('media-drain.mjs against a real media node', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('drains the node, which then exits by itself (no rooms to move)', { timeout: 120_000 }, async () => {
    expect(process.env.COOPE_TEST_REDIS_URL, 'run through the root vitest config (global setup starts Redis)').toBeTruthy();
    expect(workerBuilt(), 'the mediasoup worker is not built: node media-node/scripts/build-worker.mjs (npm test does it)').toBe(true);
    const logs: Array<Record<string, unknown>> = [];
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: path.join(repoRoot, 'media-node'),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        REDIS_URL: process.env.COOPE_TEST_REDIS_URL,
        REDIS_KEY_PREFIX: `coope-deploy-drain-${randomUUID().slice(0, 8)}:`,
        MEDIA_NODE_ID: 'drain-test',
        MEDIA_RPC_PORT: '0',
        MEDIA_LISTEN_IP: '127.0.0.1',
        MEDIA_WORKERS: '1',
        MEDIA_RTC_PORT_BASE: '0',
        MEDIA_PIPE_MIN_PORT: '49000',
        MEDIA_PIPE_MAX_PORT: '49099',
        MEDIA_RPC_SECRET: SECRET,
      },
    });
    let buffered = '';
    child.stdout!.on('data', (d) => {
      buffered += String(d);
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const l of lines) {
        try {
          logs.push(JSON.parse(l));
        } catch {
          // not a log line
        }
      }
    });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    const started = await vi.waitFor(
      () => {
        if (child!.exitCode !== null) throw new Error('media node exited before starting');
        const line = logs.find((l) => l.msg === 'media node started');
        if (!line) throw new Error('not started yet');
        return line as { port: number };
      },
      { timeout: 30_000, interval: 50 },
    );
    await vi.waitFor(async () => expect((await fetch(`http://127.0.0.1:${started.port}/readyz`)).status).toBe(200), {
      timeout: 15_000,
      interval: 50,
    });
    const run = await runScript({ MEDIA_RPC_PORT: String(started.port), MEDIA_RPC_SECRET: SECRET });
    expect(run.code).toBe(0);
    expect(run.lines[0]).toMatchObject({ msg: 'draining' });
    expect(run.lines.at(-1)).toMatchObject({ msg: 'drain finished' });
    expect(await exited).toBe(0);
    expect(logs.some((l) => l.msg === 'node draining')).toBe(true);
  });
});

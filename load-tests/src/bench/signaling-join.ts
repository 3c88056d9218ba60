// Benchmark: joins and signaling requests per server CPU-second, our signaling node (uWS, msgpack, one
// Redis round trip per join, cached placement and router capabilities) against the same handler code
// on socket.io's defaults (Node http, ws, JSON parser), in alternating slices of the same run; then the
// join p99 with 1,000 clients over 2 of our nodes. Writes load-tests/results/signaling-join.json.
// Run: pnpm --filter @coope/load-tests bench signaling-join   (BENCH_SLICE_MS, BENCH_CLIENTS to tune)
// Profiling: BENCH_SIDES=ours[,default...] runs only those sides and writes nothing (BENCH_LATENCY=1 adds the
// latency phase); BENCH_PROFILE=<side> BENCH_PROFILE_FILE=<file> writes that server's CPU profile.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { writeResult } from '../results.js';
import { startCallCluster } from '../services/call-cluster.js';
import { round, summarize } from '../stats.js';
import { type IpcChild, startIpcChild } from './common/ipc-child.js';
import { connectClients, type LoadClient, leaveAll, pacedJoins, runCycles } from './signaling-join-load.js';

const SLICE_MS = Number(process.env.BENCH_SLICE_MS ?? 8_000);
const SLICES = Number(process.env.BENCH_SLICES ?? 3);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100);
const LATENCY_CLIENTS = Number(process.env.BENCH_LATENCY_CLIENTS ?? 1_000);
/**
 * Cycles per second offered to each side (0 = as fast as the clients go, the default: capacity). A paced rate
 * compares the sides at the same load, but well below saturation every side pays more per cycle (no batching).
 */
const RATE = Number(process.env.BENCH_RATE ?? 0);

type SideName = 'ours' | 'default' | 'default-naive' | 'ours-prev';
/** BENCH_SIDES=ours,default-naive: run only these sides and write no result (for profiling). */
const ONLY = process.env.BENCH_SIDES ? (process.env.BENCH_SIDES.split(',') as SideName[]) : undefined;

/** ours: uWS + msgpack + our hot path; default: socket.io defaults, same handlers; default-naive: also without the path's caches. */
const SIDES: Record<SideName, Record<string, string>> = {
  ours: { BENCH_TRANSPORT: 'uws' },
  default: { BENCH_TRANSPORT: 'node' },
  'default-naive': { BENCH_TRANSPORT: 'node', BENCH_NAIVE_PATH: '1' },
  // Only with BENCH_SIDES: ours without the savings named in BENCH_PREV_WITHOUT (an A/B in one run).
  'ours-prev': { BENCH_TRANSPORT: 'uws', BENCH_WITHOUT: process.env.BENCH_PREV_WITHOUT ?? 'cork,adapter,ack' },
};

interface Side {
  name: SideName;
  server: IpcChild;
  url: string;
  clients: LoadClient[];
  slices: Array<{ joins: number; requests: number; errors: number; cpuSec: number; systemShare: number; wallSec: number; joinP99Ms: number | null }>;
}

async function startServer(env: Record<string, string>): Promise<{ server: IpcChild; url: string }> {
  const server = startIpcChild('signaling-bench-server.ts', env);
  const { port } = await server.request<{ port: number }>('info');
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    const ready = await fetch(`${url}/readyz`).then((r) => r.json() as Promise<{ ok: boolean; mediaNodes: number }>, () => null);
    if (ready?.ok && ready.mediaNodes > 0) return { server, url };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`signaling bench server at ${url} not ready`);
}

async function slice(side: Side): Promise<void> {
  const before = await side.server.request<{ micros: number; systemMicros: number }>('cpu');
  const started = performance.now();
  const counts = await runCycles(side.clients, started + SLICE_MS, RATE);
  const wallSec = (performance.now() - started) / 1000;
  const after = await side.server.request<{ micros: number; systemMicros: number }>('cpu');
  const cpuSec = (after.micros - before.micros) / 1e6;
  // Kernel time (socket syscalls) in the server's CPU: the part no JavaScript change can remove.
  const systemShare = round((after.systemMicros - before.systemMicros) / 1e6 / cpuSec) ?? 0;
  side.slices.push({ joins: counts.joins, requests: counts.requests, errors: counts.errors, cpuSec, systemShare, wallSec, joinP99Ms: summarize(counts.joinMs).p99 });
  const perJoin = counts.joins > 0 ? Math.round((cpuSec * 1e6) / counts.joins) : 0;
  console.log(`${side.name.padEnd(13)} ${counts.joins} joins, ${counts.requests} requests, ${cpuSec.toFixed(2)} server CPU-s (${perJoin} µs/cycle, ${Math.round(systemShare * 100)}% system), ${wallSec.toFixed(1)} s`);
}

function totals(side: Side) {
  const sum = (k: 'joins' | 'requests' | 'cpuSec' | 'wallSec') => side.slices.reduce((a, s) => a + s[k], 0);
  return {
    joinsPerCpuSec: sum('joins') / sum('cpuSec'),
    requestsPerCpuSec: sum('requests') / sum('cpuSec'),
    joinsPerSec: sum('joins') / sum('wallSec'),
    errors: side.slices.reduce((a, s) => a + s.errors, 0),
  };
}

interface ServerLatency {
  joinBuckets: Record<string, number>;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

/** Upper bound (ms) of the histogram bucket holding the p99 of the joins counted between two readings. */
function bucketP99Ms(before: Record<string, number>[], after: Record<string, number>[]): number | null {
  const les = Object.keys(after[0] ?? {}).sort((x, y) => Number(x) - Number(y));
  const count = (le: string) => after.reduce((a, b, i) => a + (b[le] ?? 0) - (before[i]?.[le] ?? 0), 0);
  const total = count('+Inf');
  const le = les.find((l) => total > 0 && count(l) >= 0.99 * total);
  return le === undefined ? null : le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le) * 1000;
}

/** 1,000 clients over 2 of our nodes; server-side figures say whether a slow join queued in the node or outside it. */
async function latencyPhase(env: Record<string, string>, minter: Parameters<typeof connectClients>[0]['minter'], first: { server: IpcChild; url: string }) {
  const second = await startServer({ ...env, SIGNALING_NODE_ID: 'bench-ours-2', BENCH_TRANSPORT: 'uws' });
  const servers = [first.server, second.server];
  const readServers = (reset: boolean) => Promise.all(servers.map((s) => s.request<ServerLatency>('server-latency', { reset })));
  try {
    const half = Math.ceil(LATENCY_CLIENTS / 2);
    const rooms = Math.max(1, Math.round(LATENCY_CLIENTS / 10));
    const a = await connectClients({ url: first.url, count: half, rooms, msgpack: true, minter, tag: 'la', roomTag: 'lat' });
    const b = await connectClients({ url: second.url, count: LATENCY_CLIENTS - half, rooms, msgpack: true, minter, tag: 'lb', roomTag: 'lat' });
    const all = a.flatMap((c, i) => [c, b[i]]).filter((c): c is LoadClient => c !== undefined);
    // First round creates the rooms (placement, under the per-node burst cap); the second joins rooms that exist.
    const created = await pacedJoins(all, 200);
    await leaveAll(all);
    const before = await readServers(true);
    const cpuBefore = await Promise.all(servers.map((s) => s.request<{ micros: number }>('cpu')));
    const started = performance.now();
    const again = await pacedJoins(all, 200);
    const wallSec = (performance.now() - started) / 1000;
    const cpuAfter = await Promise.all(servers.map((s) => s.request<{ micros: number }>('cpu')));
    const after = await readServers(false);
    for (const c of all) c.socket.close();
    const server = {
      joinP99BucketMs: bucketP99Ms(before.map((r) => r.joinBuckets), after.map((r) => r.joinBuckets)),
      loopDelayP99Ms: after.map((r) => round(r.loopDelayP99Ms)),
      loopDelayMaxMs: after.map((r) => round(r.loopDelayMaxMs)),
      cpuShare: cpuAfter.map((c, i) => round((c.micros - cpuBefore[i]!.micros) / 1e6 / wallSec)),
      machineLoad: os.loadavg()[0],
    };
    return { rooms, clients: all.length, firstJoins: { ...summarize(created.joinMs), errors: created.errors.length }, ...summarize(again.joinMs), errors: again.errors.length, server };
  } finally {
    await second.server.request('stop').catch(() => {});
    await second.server.stop();
  }
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  const secret = randomBytes(16).toString('hex');
  // The bench's rooms never get media: keep the media node from closing them as idle mid-run.
  const cluster = await startCallCluster({ signalingNodes: 0, mediaNodes: 1, mediaEnv: { MEDIA_RPC_SECRET: secret, MEDIA_ROOM_IDLE_MS: '0' } });
  const env = {
    REDIS_URL: cluster.redisUrl,
    REDIS_KEY_PREFIX: cluster.keyPrefix,
    SHARED_KEY_PREFIX: cluster.keyPrefix,
    JWT_PUBLIC_KEY_FILE: cluster.keys.publicKeyFile,
    MEDIA_RPC_SECRET: secret,
    LOG_LEVEL: 'warn',
    SIGNALING_PORT: '0',
    SIGNALING_HOST: '127.0.0.1',
    SIGNALING_RATE_PER_SEC: '1000000',
    SIGNALING_RATE_BURST: '1000000',
  };
  const sides: Side[] = [];
  try {
    for (const name of ONLY ?? (['ours', 'default', 'default-naive'] as const)) {
      // BENCH_PROFILE=<side> writes a CPU profile of that server to BENCH_PROFILE_FILE.
      const profile: Record<string, string> = process.env.BENCH_PROFILE === name ? { BENCH_CPU_PROFILE: process.env.BENCH_PROFILE_FILE ?? `signaling-${name}.cpuprofile` } : {};
      const s = await startServer({ ...env, ...profile, ...SIDES[name], SIGNALING_NODE_ID: `bench-${name}`, SOCKET_IO_KEY: `${cluster.keyPrefix}${name}` });
      const clients = await connectClients({ url: s.url, count: CLIENTS, rooms: Math.max(1, CLIENTS / 5), msgpack: name.startsWith('ours'), minter: cluster.minter, tag: name });
      sides.push({ name, server: s.server, url: s.url, clients, slices: [] });
    }
    for (const side of sides) await runCycles(side.clients, performance.now() + 2_000, RATE);
    for (let i = 0; i < SLICES; i++) for (const side of i % 2 ? [...sides].reverse() : sides) await slice(side);
    for (const side of sides) for (const c of side.clients) c.socket.close();
    if (ONLY) {
      // A partial run (profiling) writes no result; with ours and BENCH_LATENCY=1 it runs the latency phase.
      if (ONLY[0] === 'ours' && process.env.BENCH_LATENCY === '1') {
        console.log(JSON.stringify(await latencyPhase({ ...env, SOCKET_IO_KEY: `${cluster.keyPrefix}ours` }, cluster.minter, sides[0]!)));
      }
      return;
    }
    const [ours, same, base] = sides.map(totals) as [ReturnType<typeof totals>, ReturnType<typeof totals>, ReturnType<typeof totals>];
    const oursEnv = { ...env, SOCKET_IO_KEY: `${cluster.keyPrefix}ours` };
    const latency = await latencyPhase(oursEnv, cluster.minter, sides[0]!);
    const file = writeResult('signaling-join', {
      baseline:
        'the signaling handlers on socket.io defaults (Node http + ws, JSON parser, the stock Redis adapter) without the hot-path work (placement and router-capability caches, denylist folded into the join script, corked Redis connections instead of ioredis auto-pipelining); same run, alternating slices',
      figures: {
        ratio: round(ours.joinsPerCpuSec / base.joinsPerCpuSec),
        requestRatio: round(ours.requestsPerCpuSec / base.requestsPerCpuSec),
        throughputRatio: round(ours.joinsPerSec / base.joinsPerSec),
        joinP99Ms: latency.p99,
        sameHandlersRatio: round(ours.joinsPerCpuSec / same.joinsPerCpuSec),
        firstJoinP99Ms: latency.firstJoins.p99,
        serverJoinP99Ms: latency.server.joinP99BucketMs,
      },
      targets: { ratio: '>= 2', joinP99Ms: '< 100 (1,000 clients over 2 nodes)' },
      command: 'pnpm --filter @coope/load-tests bench signaling-join',
      notes: [
        'Work = join → getExistingProducers → leave cycles; CPU = the server process only (process.cpuUsage).',
        'Closed loop by default (raw.offeredCyclesPerSec 0): per-cycle CPU falls as throughput rises (Redis pipelines fill, fewer wakeups per event), and the clients set the throughput (msgpack decoding costs the client more than JSON.parse), so a slow load-generator slice makes ours look worse; compare several runs. BENCH_RATE paces every side at the same rate instead.',
        'The load generator shares the 2 cores, so throughputRatio is capped by the clients (and is ~1 at a paced rate; BENCH_RATE=0 measures it); the per-CPU ratio is the fair figure.',
        'sameHandlersRatio: against socket.io defaults running exactly our handlers and hot path (transport, parser and adapter only: our adapter lets the join/leave scripts publish peerJoined/peerLeft and skips decoding its own messages).',
        'systemShare (per slice): kernel time in the server CPU, mostly socket sends (one per ack and per broadcast recipient); it is the same work on every side.',
        'serverJoinP99Ms: the same joins timed inside the two nodes (upper bound of the p99 histogram bucket); the rest of joinP99Ms is queueing outside them (load generator, machine load; raw.latency.server has loop delay and load average).',
        'joinP99Ms: 1,000 clients over 2 nodes joining existing rooms at 200/s; firstJoinP99Ms: the same joins creating 100 rooms, which the per-media-node cap on new rooms per second (default 50) spreads over seconds.',
      ],
      // Other work on the machine skews every figure; the load average says how much there was.
      raw: { loadAverage: { before: loadBefore, after: os.loadavg() }, sliceMs: SLICE_MS, clients: CLIENTS, offeredCyclesPerSec: RATE, sides: sides.map((s, i) => ({ name: s.name, ...[ours, same, base][i], slices: s.slices })), latency },
    });
    console.log(`signaling-join: ratio ${round(ours.joinsPerCpuSec / base.joinsPerCpuSec)}, join p99 ${latency.p99} ms → ${file}`);
  } finally {
    for (const side of sides) {
      await side.server.request('stop').catch(() => {});
      await side.server.stop();
    }
    await cluster.stop();
  }
}

await main();
process.exit(0);

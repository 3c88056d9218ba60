// One signaling node for the signaling-join benchmark, driven over IPC: our node (uWS + msgpack) or
// the same handlers on socket.io's defaults (BENCH_TRANSPORT=node: Node http, ws, JSON parser), optionally
// without the hot-path caches (BENCH_NAIVE_PATH=1).
// `cpu` answers this process's CPU time, so the parent can count work per server CPU-second.
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createLogger, loadConfig, loadNativeUws, SignalingNode } from '@coope/signaling/server';
import { serveIpc } from './common/ipc-child.js';

const config = loadConfig(process.env);
const transport = process.env.BENCH_TRANSPORT === 'node' ? 'node' : 'uws';
const node = await SignalingNode.create({
  config,
  log: createLogger(config.LOG_LEVEL, config.SIGNALING_NODE_ID),
  uws: loadNativeUws(),
  publicKeyPem: readFileSync(config.JWT_PUBLIC_KEY_FILE, 'utf8'),
  transport,
  naivePath: process.env.BENCH_NAIVE_PATH === '1',
  // A/B of single savings (BENCH_WITHOUT=cork,adapter,ack), for profiling runs only.
  without: (process.env.BENCH_WITHOUT?.split(',').filter(Boolean) ?? []) as Array<'cork' | 'adapter' | 'ack'>,
});
const port = await node.listen();
const profiler = process.env.BENCH_CPU_PROFILE ? await startProfiler() : undefined;
// Where a join's latency goes: this node's own join histogram and its event-loop delay (see `server-latency`).
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();

/** Cumulative join-duration bucket counts (le seconds → count) from the node's own metric. */
async function joinBuckets(): Promise<Record<string, number>> {
  const metric = node.metrics.registry.getSingleMetric('coope_signaling_join_duration_seconds');
  const values = metric ? (await metric.get()).values : [];
  return Object.fromEntries(values.filter((v) => (v as { metricName?: string }).metricName?.endsWith('_bucket')).map((v) => [String(v.labels.le), v.value]));
}

/** A CPU profile of this server for the whole run (BENCH_CPU_PROFILE=<file>), written on stop. */
async function startProfiler(): Promise<Session> {
  const session = new Session();
  session.connect();
  await new Promise<void>((resolve, reject) => session.post('Profiler.enable', () => session.post('Profiler.start', (err) => (err ? reject(err) : resolve()))));
  return session;
}

function writeProfile(session: Session, file: string): Promise<void> {
  return new Promise((resolve) =>
    session.post('Profiler.stop', (err, res) => {
      if (!err) writeFileSync(file, JSON.stringify(res.profile));
      resolve();
    }),
  );
}

serveIpc({
  info: () => ({ port, transport }),
  'server-latency': async (msg) => {
    const out = { joinBuckets: await joinBuckets(), loopDelayP99Ms: loopDelay.percentile(99) / 1e6, loopDelayMaxMs: loopDelay.max / 1e6 };
    if (msg.reset === true) loopDelay.reset();
    return out;
  },
  cpu: () => {
    const u = process.cpuUsage();
    return { micros: u.user + u.system, systemMicros: u.system };
  },
  stop: async () => {
    if (profiler) await writeProfile(profiler, process.env.BENCH_CPU_PROFILE!);
    await node.stop();
    setImmediate(() => process.exit(0));
    return {};
  },
});

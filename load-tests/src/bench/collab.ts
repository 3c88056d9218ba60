// Collab benchmark (issue 6): 50 editors split over two collab nodes (real processes, real Redis and
// MariaDB), typing into shared documents. Measures cross-node propagation client to client (p50/p99),
// acknowledged updates/s, and heap per open document. Writes results/collab.json.
// Run: pnpm bench collab   (or: pnpm --filter @coope/load-tests exec tsx src/bench/collab.ts [--quick])
// The nodes and bots are api-owned fixtures (api/test/collab/fixtures), run as processes: this package
// imports no api code and needs no Yjs.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ResultInput, writeResult } from '../results.js';
import { createDatabase, dataServices, dropDatabase } from '../services/data-services.js';
import { freePort } from '../services/free-port.js';
import { type ServiceProcess, startService } from '../services/service-process.js';
import { round } from '../stats.js';

interface Phase {
  ratePerEditor: number;
  editors: number;
  documents: number;
  offeredUpdatesPerSec: number;
  updatesPerSec: number;
  unackedAtEnd: number;
  propagation: { samples: number; p50Ms: number | null; p95Ms: number | null; p99Ms: number | null; maxMs: number | null };
  /** The nodes' own histogram (XADD on one node to apply on the other): upper bucket bounds. */
  serverPropagation: { samples: number; p50AtMostMs: number | null; p99AtMostMs: number | null };
  load: { bots: ProcessLoad; nodes: ProcessLoad[] };
}

interface ProcessLoad {
  cpuSeconds: number;
  loopDelayMs: { p50: number; p99: number; max: number };
}

/** Node CPU (both nodes, ms) per acknowledged update: the figure that machine load does not inflate much. */
function cpuMsPerUpdate(p: Phase, seconds: number): number | null {
  const cpu = p.load.nodes.reduce((s, n) => s + n.cpuSeconds, 0);
  return round((cpu * 1000) / Math.max(1, p.updatesPerSec * seconds), 2);
}

interface BotsResult {
  phases: Phase[];
  memory: { documents: number; contentBytes: number; bytesPerDocument: number };
}

const FULL = { BOTS_EDITORS: '50', BOTS_DOCS: '5', BOTS_RATES: '2,4,8', BOTS_SECONDS: '15', BOTS_WARMUP_SECONDS: '3', BOTS_MEMORY_DOCS: '300' };
const QUICK = { ...FULL, BOTS_RATES: '2,4', BOTS_SECONDS: '4', BOTS_WARMUP_SECONDS: '1', BOTS_MEMORY_DOCS: '100' };

/** A phase is sustained when the nodes acknowledged nearly all offered updates and no backlog built up. */
export function sustained(p: Phase): boolean {
  return p.updatesPerSec >= 0.95 * p.offeredUpdatesPerSec && p.unackedAtEnd <= p.offeredUpdatesPerSec / 2;
}

interface CollabNode {
  proc: ServiceProcess;
  httpUrl: string;
}

async function startNode(i: number, env: Record<string, string>): Promise<CollabNode> {
  const port = await freePort();
  const proc = await startService({
    name: `collab-${i}`,
    cwd: 'api',
    entry: 'test/collab/fixtures/collab-node.ts',
    env: { ...env, COLLAB_NODE_ID: `bench-${i}`, COLLAB_PORT: String(port), COLLAB_MIGRATE: i === 1 ? '1' : '0' },
    readyUrl: `http://127.0.0.1:${port}/healthz`,
  });
  return { proc, httpUrl: `http://127.0.0.1:${port}` };
}

function botsResult(bots: ServiceProcess): BotsResult {
  const line = bots.output().split('\n').reverse().find((l) => l.startsWith('{"result"'));
  if (!line) throw new Error(`bots printed no result:\n${bots.output()}`);
  return (JSON.parse(line) as { result: BotsResult }).result;
}

async function runBots(nodes: string[], load: Record<string, string>): Promise<BotsResult> {
  const bots = await startService({ name: 'collab-bots', cwd: 'api', entry: 'test/collab/fixtures/collab-bots.ts', env: { ...load, COLLAB_NODES: nodes.join(',') } });
  const code = await new Promise<number | null>((resolve) => bots.child.once('exit', (c) => resolve(c)));
  if (code !== 0) throw new Error(`bots exited with ${code}:\n${bots.output()}`);
  return botsResult(bots);
}

function notes(edits: Phase, load: Record<string, string>, memory: BotsResult['memory']): string[] {
  return [
    `${edits.editors} editors on ${edits.documents} documents, alternating between two collab nodes; each edit is a text insert plus a timestamp. Rates per editor tried: ${load.BOTS_RATES} edits/s, each on fresh documents.`,
    'the headline is the highest-rate phase that was sustained (>= 95% of offered updates acknowledged, no backlog); every phase is in raw.phases.',
    'propagation is client to client across nodes: edit made on a node-1 client until applied on a node-2 client (and back), same clock.',
    'each editor types at its own random phase within the period (timers started together would fire as one synchronized burst of 50 edits); each phase starts once both nodes hold no document and have no compaction due.',
    'serverP99AtMostMs: the nodes\' own coope_collab_propagation_seconds histogram (XADD on one node to apply on the other), as the upper bound of the p99 bucket; it excludes the bots.',
    'nodeCpuMsPerUpdate: CPU of both nodes during the phase per acknowledged update (each update is applied on both nodes and sent to every client). raw.phases[].load has each process\'s CPU seconds and event-loop delay (the bots\' too: a bot loop delay near the latency tail means the figure measures the bots).',
    'updatesPerSec counts updates acknowledged by the nodes (in the Redis stream) during the measured window.',
    `memoryPerDocumentKiB: heap after a forced GC on one node, before and after opening ${memory.documents} documents of ${memory.contentBytes} bytes of Yjs content, one client each (includes the connection).`,
    'nodes, bots, Redis and MariaDB share the 2 cores of this machine; compaction runs during the measurement.',
  ];
}

export async function runCollabBench(load: Record<string, string>): Promise<ResultInput> {
  const data = await dataServices();
  const databaseUrl = createDatabase(data.mysqlUrl, 'bench_collab');
  const nodeEnv = {
    COLLAB_REDIS_URL: data.redisUrl,
    COLLAB_MYSQL_URL: databaseUrl,
    COLLAB_KEY_PREFIX: `coope:bench:${randomBytes(4).toString('hex')}:collab:`,
    COLLAB_COMPACTION: 'on',
    COLLAB_MEASURE_HEAP: '1',
  };
  const nodes: CollabNode[] = [];
  try {
    nodes.push(await startNode(1, nodeEnv));
    nodes.push(await startNode(2, nodeEnv));
    const cpuBefore = nodes.map((n) => n.proc.cpuSeconds() ?? 0);
    const result = await runBots(
      nodes.map((n) => n.httpUrl),
      load,
    );
    const cpu = nodes.map((n, i) => round((n.proc.cpuSeconds() ?? 0) - cpuBefore[i]!));
    const { phases, memory } = result;
    const edits = [...phases].reverse().find(sustained) ?? phases[0]!;
    return {
      baseline: { target: 'issue 6: cross-node propagation p99 <= 50 ms', description: 'no baseline process; the target is the reference' },
      figures: {
        p99Ms: edits.propagation.p99Ms,
        p50Ms: edits.propagation.p50Ms,
        updatesPerSec: round(edits.updatesPerSec, 1),
        memoryPerDocumentKiB: round(memory.bytesPerDocument / 1024, 1),
        serverP99AtMostMs: edits.serverPropagation.p99AtMostMs,
        nodeCpuMsPerUpdate: cpuMsPerUpdate(edits, Number(load.BOTS_SECONDS)),
      },
      targets: { p99Ms: '<= 50' },
      command: 'pnpm bench collab',
      notes: notes(edits, load, memory),
      raw: { load, phases, memory, nodeCpuSeconds: cpu, headlinePhaseRate: edits.ratePerEditor },
    };
  } finally {
    for (const n of nodes) await n.proc.stop();
    dropDatabase(databaseUrl);
    await data.stop();
  }
}

async function main(): Promise<void> {
  const result = await runCollabBench(process.argv.includes('--quick') ? QUICK : FULL);
  const file = writeResult('collab', result);
  const f = result.figures;
  console.log(`collab: p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, ${f.updatesPerSec} updates/s, ${f.memoryPerDocumentKiB} KiB/document -> ${file}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

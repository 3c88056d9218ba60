// api benchmark (issue 5): an authenticated document list and a chat send on the real api (real MariaDB
// and Redis), against a bare Fastify hello-world measured in the same run, in alternating slices; beside
// them the same app answering a chat send without storing it (api-echo-server.ts), chat send's upper bound.
// Writes results/api.json: ratio (ours/bare req/s, the lower of the two routes) and p99Ms (the higher).
// Run: pnpm bench api   (or: pnpm --filter @coope/load-tests exec tsx src/bench/api.ts [--quick])
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ResultInput, writeResult } from '../results.js';
import { ApiClient } from '../services/api-client.js';
import { startApiStack } from '../services/api-stack.js';
import { freePort } from '../services/free-port.js';
import { startService } from '../services/service-process.js';
import { round } from '../stats.js';
import { runAlternatingSlices, type SliceOptions, type TargetFigures } from './http-slices.js';

// 50 connections model many users at once: with 10, a chat send could never share its durable commit with
// more than 9 others, so the run measured the commit round trip rather than the api.
// Every target, the bare baseline included, runs at the same count, and p99 is taken at that concurrency.
export const FULL: SliceOptions = { sliceSeconds: 8, rounds: 4, connections: 50, warmupSeconds: 3 };
export const QUICK: SliceOptions = { sliceSeconds: 1, rounds: 1, connections: 4, warmupSeconds: 0.5 };

const chatBody = (id: string) => JSON.stringify({ clientMessageId: id, body: 'benchmark message' });

async function seed(api: ApiClient): Promise<{ token: string; workspaceId: string; friendId: string }> {
  const tag = randomUUID().slice(0, 8);
  const a = await api.signup(`bench-a-${tag}@example.com`, 'bench-password', 'Bench A');
  const b = await api.signup(`bench-b-${tag}@example.com`, 'bench-password', 'Bench B');
  await api.befriend(a, b);
  const workspaceId = await api.createWorkspace(a, 'Bench');
  for (let i = 0; i < 20; i++) await api.createDocument(a, workspaceId, `Bench document ${i}`);
  return { token: a.accessToken, workspaceId, friendId: b.userId };
}

interface BatchFigures {
  commits: number;
  meanRows: number | null;
}

/** Chat group commits so far, read from the api's own metrics (coope_api_chat_batch_rows). */
async function chatBatches(baseUrl: string): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name}\\{result="ok"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { sum: read('coope_api_chat_batch_rows_sum'), count: read('coope_api_chat_batch_rows_count') };
}

function apiResult(o: SliceOptions, figures: Record<string, TargetFigures>, batches: BatchFigures): ResultInput {
  const bareRps = figures.bare!.reqPerSec;
  const docs = figures.documentList!;
  const chat = figures.chatSend!;
  const echo = figures.chatEcho!;
  for (const f of [docs, chat, echo]) {
    if (f.requests === 0 || f.non2xx > f.requests * 0.01) throw new Error(`${f.name}: ${f.requests} ok, ${f.non2xx} non-2xx`);
  }
  const documentListRatio = round(docs.reqPerSec / bareRps, 3);
  const chatSendRatio = round(chat.reqPerSec / bareRps, 3);
  // Work per server CPU-second against the bare server's: what the api process itself costs, apart from
  // MariaDB, Redis and the load generator, which share the 2 cores.
  const bareCpu = figures.bare!.reqPerCpuSecond;
  const cpuRatio = (f: TargetFigures) => (bareCpu && f.reqPerCpuSecond ? round(f.reqPerCpuSecond / bareCpu, 3) : null);
  return {
    baseline: { name: 'bare Fastify hello-world', description: 'Fastify 5 with default options, GET / returning JSON, own process, same run, alternating slices' },
    figures: {
      ratio: Math.min(documentListRatio ?? 0, chatSendRatio ?? 0),
      p99Ms: Math.max(docs.p99Ms ?? 0, chat.p99Ms ?? 0),
      documentListRatio,
      chatSendRatio,
      documentListP99Ms: docs.p99Ms,
      chatSendP99Ms: chat.p99Ms,
      documentListCpuRatio: cpuRatio(docs),
      chatSendCpuRatio: cpuRatio(chat),
      chatEchoRatio: round(echo.reqPerSec / bareRps, 3),
      chatEchoP99Ms: echo.p99Ms,
      chatEchoCpuRatio: cpuRatio(echo),
      chatBatchMeanRows: batches.meanRows,
    },
    targets: { ratio: '>= 0.3', p99Ms: '< 20' },
    command: 'pnpm bench api',
    notes: [
      'ratio is the lower of documentListRatio and chatSendRatio; p99Ms the higher of the two p99s.',
      `every target (bare included) runs at ${o.connections} autocannon connections, modelling many users at once; p99 is measured at that concurrency. At 10 connections a durable chat commit could hold at most 10 sends, which capped chat at ~10 / commit round trip.`,
      'chatBatchMeanRows: chat sends stored per durable commit, over the run (coope_api_chat_batch_rows).',
      'chatEcho: the same app (every plugin, the same JWT, the same zod schemas, the same reply) in its own process, with a bench-only route that answers a chat send without storing or notifying it (src/bench/api-echo-server.ts). It bounds chat send from above: what chat send costs beyond it is the durable store and the live notification.',
      'autocannon runs in the harness process on the same 2 cores as the servers; reqPerCpuSecond in raw is per server CPU-second.',
      'every chat send carries a new client message id and only 201 (a new message stored) counts; the ids are written into one prebuilt raw request per connection (http-slices.ts), since rebuilding each request through autocannon cost the shared load generator ~35 µs per send.',
      'the api runs with its real plugins (JWT, Redis rate limiter with a high limit, zod schemas, metrics) on MariaDB and Redis.',
      '*CpuRatio: requests per api CPU-second over the bare server\'s requests per CPU-second (MariaDB and Redis CPU not counted).',
      'chat send is acknowledged only after a durable commit (innodb_flush_log_at_trx_commit=1); concurrent sends on a node share one multi-row INSERT (api/src/group-commit.ts).',
      'document list is served from a per-node cache dropped through Redis pub/sub on every write (api/src/plugins/app/document-lists.ts); the bench lists one unchanged workspace.',
    ],
    raw: { options: o, chatBatches: batches, ...figures },
  };
}

export async function runApiBench(o: SliceOptions): Promise<ResultInput> {
  const stack = await startApiStack('bench_api');
  const barePort = await freePort();
  const bare = await startService({
    name: 'bare-fastify',
    cwd: 'load-tests',
    entry: 'src/bench/bare-fastify.ts',
    env: { PORT: String(barePort) },
    readyUrl: `http://127.0.0.1:${barePort}/`,
  });
  const echoPort = await freePort();
  const echo = await startService({
    name: 'api-echo',
    cwd: 'load-tests',
    entry: 'src/bench/api-echo-server.ts',
    env: { ...stack.env, API_PORT: String(echoPort) },
    readyUrl: `http://127.0.0.1:${echoPort}/readyz`,
  });
  try {
    const { token, workspaceId, friendId } = await seed(new ApiClient(stack.baseUrl));
    const auth = { authorization: `Bearer ${token}` };
    const before = await chatBatches(stack.baseUrl);
    const figures = await runAlternatingSlices(
      [
        { name: 'bare', url: `http://127.0.0.1:${barePort}/`, cpuSeconds: bare.cpuSeconds },
        { name: 'documentList', url: `${stack.baseUrl}/workspaces/${workspaceId}/documents`, headers: auth, cpuSeconds: stack.api.cpuSeconds },
        {
          name: 'chatSend',
          url: `${stack.baseUrl}/chat/${friendId}/messages`,
          method: 'POST',
          headers: auth,
          body: chatBody,
          status: 201,
          cpuSeconds: stack.api.cpuSeconds,
        },
        {
          name: 'chatEcho',
          url: `http://127.0.0.1:${echoPort}/bench/chat-echo/${friendId}`, // api-echo-server.ts
          method: 'POST',
          headers: auth,
          body: chatBody,
          status: 201,
          cpuSeconds: echo.cpuSeconds,
        },
      ],
      o,
    );
    const after = await chatBatches(stack.baseUrl);
    const commits = after.count - before.count;
    return apiResult(o, figures, { commits, meanRows: commits > 0 ? round((after.sum - before.sum) / commits, 1) : null });
  } finally {
    await echo.stop();
    await bare.stop();
    await stack.stop();
  }
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const at = process.argv.indexOf('--connections');
  const base = quick ? QUICK : FULL;
  const result = await runApiBench(at > 0 ? { ...base, connections: Number(process.argv[at + 1]) } : base);
  const file = writeResult('api', result);
  console.log(`api: ratio ${result.figures.ratio}, p99 ${result.figures.p99Ms} ms -> ${file}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

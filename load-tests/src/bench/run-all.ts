// `pnpm bench`: runs every benchmark that exists, each in its own process (one at a time: they share
// 2 cores), then prints a summary of the headline figures each wrote to load-tests/results/.
// Arguments: bench names to run a subset (e.g. `pnpm bench api failover`); other flags pass through.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readResult } from '../results.js';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));

/** Run order, and the headline keys each result file carries (issue 8). */
export const BENCHES: readonly { name: string; keys: readonly string[] }[] = [
  { name: 'media-forwarding', keys: ['ratio', 'consumersPerWorker'] },
  { name: 'signaling-join', keys: ['ratio', 'throughputRatio', 'joinP99Ms'] },
  { name: 'collab', keys: ['p99Ms', 'updatesPerSec'] },
  { name: 'api', keys: ['ratio', 'p99Ms'] },
  { name: 'failover', keys: ['mediaNodeRecoveryP95Ms', 'peersLost', 'signalingResumeP95Ms'] },
  { name: 'chaos', keys: ['mediaKillRecoveryP95Ms', 'acknowledgedEditsLost', 'acknowledgedMessagesLost', 'failedChecks'] },
];

export interface BenchOutcome {
  name: string;
  status: 'ok' | 'failed' | 'missing';
  seconds: number;
  figures: Record<string, unknown>;
}

function runChild(file: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { stdio: 'inherit', env: process.env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export async function runBench(name: string, keys: readonly string[], args: string[], dir = BENCH_DIR): Promise<BenchOutcome> {
  const file = path.join(dir, `${name}.ts`);
  if (!existsSync(file)) return { name, status: 'missing', seconds: 0, figures: {} };
  const started = Date.now();
  console.log(`\n=== bench ${name}`);
  const code = await runChild(file, args);
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  const result = readResult(name);
  const fresh = result !== null && Date.parse(result.date) >= started;
  const figures = fresh ? Object.fromEntries(keys.map((k) => [k, result[k] ?? null])) : {};
  return { name, status: code === 0 && fresh ? 'ok' : 'failed', seconds, figures };
}

export function formatSummary(outcomes: BenchOutcome[]): string {
  const rows = outcomes.map((o) => [
    o.name,
    o.status,
    o.status === 'missing' ? '-' : `${o.seconds} s`,
    Object.entries(o.figures)
      .map(([k, v]) => `${k}=${v === null ? 'n/a' : String(v)}`)
      .join('  '),
  ]);
  const header = ['bench', 'status', 'time', 'figures'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const known = new Set(BENCHES.map((b) => b.name));
  const selected = argv.filter((a) => known.has(a));
  const passThrough = argv.filter((a) => !known.has(a));
  const outcomes: BenchOutcome[] = [];
  for (const b of BENCHES) {
    if (selected.length > 0 && !selected.includes(b.name)) continue;
    outcomes.push(await runBench(b.name, b.keys, passThrough));
  }
  console.log(`\n${formatSummary(outcomes)}`);
  if (outcomes.some((o) => o.status === 'failed')) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();

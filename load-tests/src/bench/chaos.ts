// Chaos benchmark (issue 9): every fault of the chaos suite against one real cluster under load; writes
// results/chaos.json. Exits 2 when a target was missed (the JSON is written anyway).
// Run: pnpm bench chaos [--quick] [--port-base 16000] [--only mediaKill,apiKill]   (CHAOS_LOG_FILE=path keeps every process's log)
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chaosResult, failedChecks } from '../chaos/chaos-result.js';
import { FULL, QUICK, runChaos } from '../chaos/chaos-runner.js';
import { writeResult } from '../results.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const base = quick ? QUICK : FULL;
  const portBase = arg('--port-base') ?? process.env.CHAOS_PORT_BASE;
  const options = { ...base, ...(portBase ? { portBase: Number(portBase) } : {}), only: arg('--only')?.split(',') ?? [] };
  const logFile = process.env.CHAOS_LOG_FILE;
  const log = logFile ? (line: string) => appendFileSync(logFile, `${line}\n`) : undefined;
  const run = await runChaos(options, (line) => console.log(`chaos: ${new Date().toISOString().slice(11, 19)} ${line}`), log);
  const file = writeResult('chaos', chaosResult(run, `pnpm bench chaos${quick ? ' --quick' : ''}`));
  const failed = failedChecks(run);
  console.log(`chaos: ${failed.length === 0 ? 'every target met' : `targets missed: ${failed.join(', ')}`} -> ${file}`);
  // wrtc keeps native threads alive.
  process.exit(failed.length === 0 ? 0 : 2);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

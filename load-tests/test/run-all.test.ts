// run-all: each bench runs in its own process; its status comes from the exit code and a fresh result file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBench } from '../src/bench/run-all.ts';

let dir: string;
const savedResultsDir = process.env.COOPE_RESULTS_DIR;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'coope-run-all-'));
  process.env.COOPE_RESULTS_DIR = dir;
});

afterEach(() => {
  if (savedResultsDir === undefined) delete process.env.COOPE_RESULTS_DIR;
  else process.env.COOPE_RESULTS_DIR = savedResultsDir;
});

function bench(name: string, body: string): void {
  writeFileSync(path.join(dir, `${name}.ts`), body);
}

const writesResult = (name: string, exitCode: number) => `
import { writeFileSync } from 'node:fs';
const doc = { name: '${name}', date: new Date().toISOString(), ratio: 1.5, p99Ms: 3, pid: process.pid, args: process.argv.slice(2) };
writeFileSync(process.env.COOPE_RESULTS_DIR + '/${name}.json', JSON.stringify(doc));
process.exit(${exitCode});
`;

describe('run-all', () => {
  it('runs a bench in a child process and reads its fresh headline figures', async () => {
    bench('demo', writesResult('demo', 0));
    const outcome = await runBench('demo', ['ratio', 'p99Ms', 'missingKey'], ['--quick'], dir);
    expect(outcome).toMatchObject({ name: 'demo', status: 'ok', figures: { ratio: 1.5, p99Ms: 3, missingKey: null } });
  });

  it('marks a bench failed when it exits non-zero or writes no fresh result', async () => {
    bench('crashes', writesResult('crashes', 3));
    expect((await runBench('crashes', ['ratio'], [], dir)).status).toBe('failed');
    bench('silent', 'process.exit(0);\n');
    writeFileSync(path.join(dir, 'silent.json'), JSON.stringify({ name: 'silent', date: '2001-01-01T00:00:00Z', ratio: 9 }));
    expect(await runBench('silent', ['ratio'], [], dir)).toMatchObject({ status: 'failed', figures: {} });
  });

  it('reports a bench whose file does not exist as missing', async () => {
    expect(await runBench('nope', ['ratio'], [], dir)).toEqual({ name: 'nope', status: 'missing', seconds: 0, figures: {} });
  });
});

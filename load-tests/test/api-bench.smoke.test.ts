// A very short run of the api benchmark against a real api process (real MariaDB and Redis from the
// global setup) and a bare Fastify process: proves the harness works end to end, not the numbers.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runApiBench } from '../src/bench/api.ts';
import { writeResult } from '../src/results.ts';

describe('api benchmark (smoke)', () => {
  it('measures both routes, the storage-free echo of a chat send and the bare baseline, and writes api.json', async () => {
    const result = await runApiBench({ sliceSeconds: 1, rounds: 1, connections: 2, warmupSeconds: 1 });
    const raw = result.raw as Record<string, { requests: number; non2xx: number; reqPerSec: number; p99Ms: number }>;
    for (const name of ['bare', 'documentList', 'chatSend', 'chatEcho']) {
      expect(raw[name]!.requests).toBeGreaterThan(0);
      expect(raw[name]!.non2xx).toBe(0);
    }
    expect(result.figures.ratio).toBeGreaterThan(0);
    expect(result.figures.ratio).toBe(Math.min(result.figures.documentListRatio!, result.figures.chatSendRatio!));
    expect(result.figures.p99Ms).toBeGreaterThan(0);
    expect(result.figures.chatEchoRatio).toBeGreaterThan(0);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'coope-bench-'));
    const doc = JSON.parse(readFileSync(writeResult('api', result, dir), 'utf8'));
    expect(doc).toMatchObject({ name: 'api', ratio: result.figures.ratio, p99Ms: result.figures.p99Ms, baseline: { name: 'bare Fastify hello-world' } });
  }, 180_000);
});

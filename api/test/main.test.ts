// The composition root as a real process: bad config exits with one line; a good one migrates,
// serves over HTTP (with co-editing registered when present) and shuts down cleanly on SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testKeys } from './helpers/harness.js';

const apiDir = path.resolve(import.meta.dirname, '..');
const tsx = path.resolve(apiDir, '../node_modules/.bin/tsx');

function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(tsx, ['src/main.ts'], { cwd: apiDir, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

let dir: string;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let env: Record<string, string>;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'coope-main-'));
  const keys = testKeys();
  await writeFile(path.join(dir, 'priv.pem'), keys.privateKeyPem);
  await writeFile(path.join(dir, 'pub.pem'), keys.publicKeyPem);
  database = await createTestDatabase();
  env = {
    DATABASE_URL: database.url,
    REDIS_URL: process.env.COOPE_TEST_REDIS_URL!,
    JWT_PRIVATE_KEY_FILE: path.join(dir, 'priv.pem'),
    JWT_PUBLIC_KEY_FILE: path.join(dir, 'pub.pem'),
    STORAGE_DIR: path.join(dir, 'uploads'),
    LOG_LEVEL: 'warn',
    ARGON2_MEMORY_KIB: '256',
    ARGON2_TIME_COST: '1',
  };
});
afterAll(async () => {
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('main', () => {
  it('exits with one line naming a bad variable', async () => {
    const { child, output } = start({ ...env, API_PORT: 'not-a-port' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output().trim()).toBe('invalid environment variable API_PORT: Invalid input: expected number, received NaN');
  });

  it('migrates, serves, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const { child, output } = start({ ...env, API_PORT: String(port), API_HOST: '127.0.0.1' });
    try {
      await expect
        .poll(async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.status, { timeout: 45_000, interval: 250 })
        .toBe(200);
      const signup = await fetch(`http://127.0.0.1:${port}/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'main@example.test', password: 'long enough pass', name: 'Main' }),
      });
      expect(signup.status).toBe(201);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code, output()).toBe(0);
  });
});

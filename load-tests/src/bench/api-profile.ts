// CPU profile of the api under the benchmark's load, one route at a time (not part of `pnpm bench`).
// Run: pnpm --filter @coope/load-tests exec tsx src/bench/api-profile.ts <documentList|chatSend> [seconds] [connections]
// Writes the api process's .cpuprofile under $TMPDIR/api-profile (open in Chrome DevTools).
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { fileURLToPath } from 'node:url';
import { ApiClient } from '../services/api-client.js';
import { startApiStack } from '../services/api-stack.js';

async function main(): Promise<void> {
  const route = process.argv[2] ?? 'documentList';
  const seconds = Number(process.argv[3] ?? 10);
  const connections = Number(process.argv[4] ?? 50);
  const dir = path.join(os.tmpdir(), 'api-profile');
  mkdirSync(dir, { recursive: true });
  const preload = fileURLToPath(new URL('./cpu-profile-preload.mjs', import.meta.url));
  const stack = await startApiStack('profile_api', { NODE_OPTIONS: `--import ${preload}`, CPU_PROFILE_DIR: dir });
  try {
    const api = new ApiClient(stack.baseUrl);
    const tag = randomUUID().slice(0, 8);
    const a = await api.signup(`prof-a-${tag}@example.com`, 'bench-password', 'Prof A');
    const b = await api.signup(`prof-b-${tag}@example.com`, 'bench-password', 'Prof B');
    await api.befriend(a, b);
    const workspaceId = await api.createWorkspace(a, 'Profile');
    for (let i = 0; i < 20; i++) await api.createDocument(a, workspaceId, `Profile document ${i}`);
    const headers = { authorization: `Bearer ${a.accessToken}`, 'content-type': 'application/json' };
    const chat = route === 'chatSend';
    const toggle = () => stack.api.child.kill('SIGUSR2');
    toggle();
    const result = await autocannon({
      url: chat ? `${stack.baseUrl}/chat/${b.userId}/messages` : `${stack.baseUrl}/workspaces/${workspaceId}/documents`,
      method: chat ? 'POST' : 'GET',
      headers,
      connections,
      duration: seconds,
      ...(chat
        ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: JSON.stringify({ clientMessageId: randomUUID(), body: 'x' }) }) }] }
        : {}),
    });
    toggle();
    await new Promise((r) => setTimeout(r, 1000));
    console.log(`${route}: ${result.requests.average} req/s, p99 ${result.latency.p99} ms, non2xx ${result.non2xx}; profile in ${dir}`);
  } finally {
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

// Collab nodes as child processes (fixtures/collab-node.ts) and a free port finder.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const apiDir = path.resolve(here, '../../..');
const fixture = path.resolve(here, '../fixtures/collab-node.ts');

export interface NodeProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
}

export async function spawnNode(env: Record<string, string>): Promise<NodeProcess> {
  // Plain node with the tsx loader, so the pid killed is the node itself, not a wrapper.
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    cwd: apiDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      const line = buf.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`collab node exited with ${code} before listening`)));
  });
  return { child, url: `ws://127.0.0.1:${port}/collab`, exited };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type ChildState, Supervisor } from './supervisor.js';

const node = process.execPath;
let supervisor: Supervisor | undefined;

afterEach(async () => {
  await supervisor?.stop();
  supervisor = undefined;
});

describe('Supervisor', () => {
  it('prefixes each child line with its name and pretty-prints pino JSON', async () => {
    const lines: string[] = [];
    supervisor = new Supervisor(
      [
        {
          name: 'talker',
          command: node,
          args: ['-e', 'console.log(JSON.stringify({level:30,msg:"hello",port:1}));setInterval(()=>{},1000)'],
          cwd: process.cwd(),
          env: {},
        },
      ],
      (l) => lines.push(l),
    );
    supervisor.start();
    await expect.poll(() => lines.find((l) => l.includes('hello')), { timeout: 20_000 }).toMatch(/^talker\s+\| INFO\s+hello port=1$/);
  });

  it('restarts a crashed child with backoff and reports health', async () => {
    const server = createServer((_req, res) => res.end('ok')).listen(0);
    const port = (server.address() as AddressInfo).port;
    const states: ChildState[] = [];
    supervisor = new Supervisor(
      [
        {
          name: 'crasher',
          command: node,
          args: ['-e', 'setTimeout(()=>process.exit(3),200)'],
          cwd: process.cwd(),
          env: {},
          healthUrl: `http://127.0.0.1:${port}/`,
        },
      ],
      () => {},
    );
    supervisor.on('state', (_n, s) => states.push(s));
    supervisor.start();
    await expect.poll(() => supervisor?.states()[0]?.restarts ?? 0, { timeout: 40_000 }).toBeGreaterThanOrEqual(2);
    expect(states).toContain('crashed');
    expect(states).toContain('backoff');
    server.close();
  });

  it('stops every child on stop()', async () => {
    supervisor = new Supervisor(
      [
        { name: 'a', command: node, args: ['-e', 'setInterval(()=>{},1000)'], cwd: process.cwd(), env: {} },
        { name: 'b', command: node, args: ['-e', 'process.on("SIGTERM",()=>setTimeout(()=>process.exit(0),100));setInterval(()=>{},1000)'], cwd: process.cwd(), env: {} },
      ],
      () => {},
    );
    supervisor.start();
    await expect.poll(() => supervisor?.states().every((s) => s.pid !== undefined), { timeout: 20_000 }).toBe(true);
    const pids = supervisor.states().map((s) => s.pid!);
    await supervisor.stop();
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    expect(supervisor.states().every((s) => s.state === 'stopped')).toBe(true);
  });
});

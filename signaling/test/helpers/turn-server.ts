// A real coturn (Debian's `coturn`, installed by `npm test`) on loopback with REST credentials
// (use-auth-secret), relaying to loopback peers so it can reach a local media node.
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { track } from './children.js';
import { freePortRange } from './ports.js';

export interface TurnServer {
  url: string;
  /** Credentials in coturn's REST scheme, as the api mints them (api/src/turn-credentials.ts). */
  credentials(userId: string, ttlSeconds?: number): { username: string; credential: string };
  /** Lines coturn logged so far. */
  output: string[];
  stop(): Promise<void>;
}

export const TURN_BIN = '/usr/bin/turnserver';

export async function startTurnServer(): Promise<TurnServer> {
  const port = await freePortRange(1);
  const relayMin = await freePortRange(40, 50_000, 60_000);
  const secret = randomBytes(24).toString('hex');
  const dir = mkdtempSync(path.join(tmpdir(), 'coope-turn-'));
  const args = [
    '-n', '--no-cli', '--no-tls', '--no-dtls', '--simple-log', '--log-file=stdout', '--fingerprint',
    '--listening-ip=127.0.0.1', `--listening-port=${port}`, '--relay-ip=127.0.0.1',
    `--min-port=${relayMin}`, `--max-port=${relayMin + 39}`,
    '--use-auth-secret', `--static-auth-secret=${secret}`, '--realm=coope.test',
    '--allow-loopback-peers', '--no-tcp-relay', `--userdb=${path.join(dir, 'turndb')}`, `--pidfile=${path.join(dir, 'pid')}`,
  ];
  const child = track(spawn(TURN_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  const output: string[] = [];
  const keep = (d: Buffer) => output.push(...d.toString().split('\n').filter(Boolean));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 15_000;
  while (!(await answersStun(port))) {
    if (child.exitCode !== null) throw new Error(`turnserver exited: ${output.slice(-10).join('\n')}`);
    if (Date.now() > deadline) throw new Error(`turnserver did not start: ${output.slice(-10).join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    credentials(userId, ttlSeconds = 600) {
      const username = `${Math.floor(Date.now() / 1000) + ttlSeconds}:${userId}`;
      return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
    },
    output,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether a STUN binding request to the port gets a binding success response within 200 ms. */
function answersStun(port: number): Promise<boolean> {
  const request = Buffer.alloc(20);
  request.writeUInt16BE(0x0001, 0);
  request.writeUInt32BE(0x2112a442, 4);
  randomBytes(12).copy(request, 8);
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 200);
    socket.on('message', (m) => done(m.length >= 20 && m.readUInt16BE(0) === 0x0101 && m.subarray(8, 20).equals(request.subarray(8, 20))));
    socket.on('error', () => done(false));
    socket.send(request, port, '127.0.0.1');
  });
}

// The two sides of the media-forwarding benchmark, behind one interface: our media node
// driven over its RPC, and bare mediasoup in a helper process. Same topology on both.
import { execFileSync, spawn } from 'node:child_process';
import { MediaRpcClient } from '@coope/media-node/rpc';
import { freePort } from '../services/free-port.js';
import { processCpuSeconds, type ServiceProcess, startService } from '../services/service-process.js';
import { type IpcChild, startIpcChild } from './common/ipc-child.js';
import { vp8ProducerParameters } from './common/rtp-packets.js';

export interface ForwardingSide {
  name: 'ours' | 'bare';
  /** Where the generator sends RTP. */
  target: { ip: string; port: number };
  workerPid: number;
  addConsumers(total: number, sinkPort: number): Promise<void>;
  /** Packets the producer received and the consumers sent, since the start. */
  counts(): Promise<{ received: number; sent: number }>;
  workerCpuSeconds(): number;
  stop(): Promise<void>;
}

export const SSRC = 424242;

export async function startBareSide(): Promise<ForwardingSide> {
  const child: IpcChild = startIpcChild('media-forwarding-bare.ts');
  const setup = await child.request<{ ip: string; port: number; workerPid: number }>('setup', { ssrc: SSRC });
  return {
    name: 'bare',
    target: { ip: setup.ip, port: setup.port },
    workerPid: setup.workerPid,
    addConsumers: async (total, sinkPort) => void (await child.request('addConsumers', { total, sinkPort })),
    counts: () => child.request('counts'),
    workerCpuSeconds: () => processCpuSeconds(setup.workerPid) ?? Number.NaN,
    stop: () => child.stop(),
  };
}

export async function startOurSide(redisUrl: string): Promise<ForwardingSide> {
  const port = await freePort();
  const secret = 'bench-secret-0123456789';
  const node: ServiceProcess = await startService({
    name: 'media-node',
    cwd: 'media-node',
    env: {
      LOG_LEVEL: 'warn',
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: `bench-${port}:`,
      MEDIA_NODE_ID: `bench-${port}`,
      MEDIA_RPC_PORT: String(port),
      MEDIA_WORKERS: '1',
      MEDIA_RTC_PORT_BASE: '0',
      MEDIA_CONSUMERS_PER_WORKER: '100000',
      MEDIA_RPC_SECRET: secret,
    },
    readyUrl: `http://127.0.0.1:${port}/readyz`,
  });
  const rpc = MediaRpcClient.connect({ url: `ws://127.0.0.1:${port}/rpc`, secret, timeoutMs: 30_000 });
  await rpc.ready();
  const room = { roomId: 'bench-room', epoch: 1 };
  const { rtpCapabilities } = await rpc.call('getRouterRtpCapabilities', room);
  const send = await rpc.call('createPlainTransport', { ...room, peerId: 'generator', direction: 'send' });
  const { producerId } = await rpc.call('produce', {
    ...room,
    transportId: send.transportId,
    kind: 'video',
    rtpParameters: vp8ProducerParameters(SSRC),
  });
  const workerPid = mediasoupChildPid(node.child.pid!);
  const consumerIds: string[] = [];
  const stat = async (entity: 'producer' | 'consumer', id: string, type: string) => {
    const { stats } = await rpc.call('getStats', { ...room, entity, id });
    return Number(stats.find((s) => s.type === type)?.packetCount ?? 0);
  };
  return {
    name: 'ours',
    target: { ip: send.ip, port: send.port },
    workerPid,
    addConsumers: async (total, sinkPort) => {
      while (consumerIds.length < total) {
        const t = await rpc.call('createPlainTransport', { ...room, peerId: `sink-${consumerIds.length}`, direction: 'recv' });
        await rpc.call('connectPlainTransport', { ...room, transportId: t.transportId, ip: '127.0.0.1', port: sinkPort });
        const c = await rpc.call('consume', { ...room, transportId: t.transportId, producerId, rtpCapabilities });
        await rpc.call('resumeConsumer', { ...room, consumerId: c.consumerId });
        consumerIds.push(c.consumerId);
      }
    },
    counts: async () => {
      let sent = 0;
      for (const id of consumerIds) sent += await stat('consumer', id, 'outbound-rtp');
      return { received: await stat('producer', producerId, 'inbound-rtp'), sent };
    },
    workerCpuSeconds: () => processCpuSeconds(workerPid) ?? Number.NaN,
    stop: async () => {
      // Without rooms, SIGTERM's drain has nothing to wait for and the node exits at once.
      await rpc.call('closeRoom', room).catch(() => {});
      await rpc.close();
      await node.stop();
    },
  };
}

/** The mediasoup worker among a node's child processes (by command name). */
function mediasoupChildPid(parent: number): number {
  const lines = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(parent)], { encoding: 'utf8' }).split('\n');
  const worker = lines.map((l) => l.trim().split(/\s+/)).find(([, comm]) => comm?.startsWith('mediasoup'));
  if (!worker) throw new Error(`no mediasoup worker under pid ${parent}: ${lines.join(' | ')}`);
  return Number(worker[0]);
}

/**
 * UDP sinks that never read: the kernel drops what overflows their buffer. A Node sink would
 * cost ~9 µs per packet on the same 2 cores (NOTES §1b), so a sleeping python3 holds the ports.
 */
export async function startSinks(count: number): Promise<{ ports: number[]; stop(): void }> {
  const script =
    'import socket,sys,time\nss=[]\nfor _ in range(int(sys.argv[1])):\n' +
    " s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind(('127.0.0.1',0));ss.append(s)\n" +
    "print(' '.join(str(s.getsockname()[1]) for s in ss),flush=True)\ntime.sleep(10**9)\n";
  const child = spawn('python3', ['-c', script, String(count)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('error', (e) => reject(new Error(`python3 is needed for the UDP sinks: ${e.message}`)));
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
  });
  return { ports: line.split(' ').map(Number), stop: () => child.kill('SIGKILL') };
}

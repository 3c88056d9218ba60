// The baseline of the media-forwarding benchmark: bare mediasoup (no media node, no RPC)
// with the same topology: one worker, one plain VP8 producer, N plain consumers.
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from '../services/service-process.js';
import { serveIpc } from './common/ipc-child.js';
import { VP8_ROUTER_CODECS, vp8ProducerParameters } from './common/rtp-packets.js';

// mediasoup is a dependency of media-node, not of load-tests: resolve it from there.
interface Stat {
  type: string;
  packetCount: number;
}
interface Transport {
  tuple: { localPort: number; localAddress: string };
  connect(o: { ip: string; port: number }): Promise<void>;
  produce(o: unknown): Promise<{ id: string; getStats(): Promise<Stat[]> }>;
  consume(o: unknown): Promise<{ getStats(): Promise<Stat[]> }>;
}
interface Router {
  rtpCapabilities: unknown;
  createPlainTransport(o: unknown): Promise<Transport>;
}
interface Mediasoup {
  createWorker(o: unknown): Promise<{ pid: number; createRouter(o: unknown): Promise<Router>; close(): void }>;
}
const mediasoup = createRequire(path.join(REPO_ROOT, 'media-node', 'package.json'))('mediasoup') as Mediasoup;

const listenInfo = { protocol: 'udp', ip: '127.0.0.1' };
let router: Router | undefined;
let producer: Awaited<ReturnType<Transport['produce']>> | undefined;
const consumers: Array<{ getStats(): Promise<Stat[]> }> = [];

serveIpc({
  setup: async (msg) => {
    const worker = await mediasoup.createWorker({ logLevel: 'error' });
    router = await worker.createRouter({ mediaCodecs: VP8_ROUTER_CODECS });
    const t = await router.createPlainTransport({ listenInfo, rtcpMux: true, comedia: true });
    producer = await t.produce({ kind: 'video', rtpParameters: vp8ProducerParameters(msg.ssrc as number) });
    return { ip: t.tuple.localAddress, port: t.tuple.localPort, workerPid: worker.pid };
  },
  addConsumers: async (msg) => {
    const { total, sinkPort } = msg as { total: number; sinkPort: number };
    while (consumers.length < total) {
      const t = await router!.createPlainTransport({ listenInfo, rtcpMux: true, comedia: false });
      await t.connect({ ip: '127.0.0.1', port: sinkPort });
      consumers.push(await t.consume({ producerId: producer!.id, rtpCapabilities: router!.rtpCapabilities }));
    }
    return { consumers: consumers.length };
  },
  counts: async () => {
    let sent = 0;
    for (const c of consumers) sent += (await c.getStats()).find((s) => s.type === 'outbound-rtp')?.packetCount ?? 0;
    const received = (await producer!.getStats()).find((s) => s.type === 'inbound-rtp')?.packetCount ?? 0;
    return { sent, received };
  },
});

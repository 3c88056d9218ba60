// Proves the repo-built mediasoup worker (issue 2): real RTP between two workers with
// pipeToRouter, an SRTP PlainTransport pair, and a real WebRTC session (ICE + DTLS + SRTP)
// between two Node peers. Only the last one catches the DTLS crash with Debian's OpenSSL.
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaCodecs } from '../src/media/media-codecs.js';
import { opusProducerParameters, UdpPeer } from './helpers/rtp.js';
import { countFrames, createDevice, syntheticVideo } from './helpers/wrtc-peer.js';

const listenInfo: types.TransportListenInfo = { protocol: 'udp', ip: '127.0.0.1' };
const workers: types.Worker[] = [];
let r1: types.Router;
let r2: types.Router;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  for (let i = 0; i < 2; i++) workers.push(await mediasoup.createWorker({ logLevel: 'warn' }));
  r1 = await workers[0]!.createRouter({ mediaCodecs });
  r2 = await workers[1]!.createRouter({ mediaCodecs });
});

afterAll(() => {
  for (const c of cleanups) c();
  for (const w of workers) w.close();
});

/** A plain producer fed by a UDP socket streaming opus-like RTP. */
async function ingest(router: types.Router, ssrc: number) {
  const t = await router.createPlainTransport({ listenInfo, rtcpMux: true, comedia: true });
  const producer = await t.produce({ kind: 'audio', rtpParameters: opusProducerParameters(ssrc) });
  const sender = await UdpPeer.bind();
  const stop = sender.stream({ ip: '127.0.0.1', port: t.tuple.localPort }, ssrc);
  cleanups.push(stop, () => sender.close());
  return producer;
}

/** A plain consumer of `producerId` on `router`, delivering to a UDP socket. */
async function egress(router: types.Router, producerId: string) {
  const t = await router.createPlainTransport({ listenInfo, rtcpMux: true, comedia: false });
  const sink = await UdpPeer.bind();
  cleanups.push(() => sink.close());
  await t.connect({ ip: '127.0.0.1', port: sink.port });
  const consumer = await t.consume({ producerId, rtpCapabilities: router.rtpCapabilities });
  return { consumer, received: () => sink.received(consumer.rtpParameters.encodings![0]!.ssrc!) };
}

describe('repo-built mediasoup worker', () => {
  it('forwards real RTP from one worker to another with pipeToRouter', async () => {
    const producer = await ingest(r1, 1001);
    await r1.pipeToRouter({ producerId: producer.id, router: r2 });
    const out = await egress(r2, producer.id);
    await expect.poll(out.received, { timeout: 15_000 }).toBeGreaterThan(20);
    const [stats] = await out.consumer.getStats();
    expect(stats!.packetCount).toBeGreaterThan(0);
  });

  it.each(['AEAD_AES_256_GCM', 'AEAD_AES_128_GCM', 'AES_CM_128_HMAC_SHA1_80'] as const)(
    'carries RTP through an SRTP PlainTransport pair (%s)',
    async (srtpCryptoSuite) => {
      const producer = await ingest(r1, 2001);
      const srtp = { listenInfo, rtcpMux: true, comedia: false, enableSrtp: true, srtpCryptoSuite };
      const [a, b] = await Promise.all([r1.createPlainTransport(srtp), r2.createPlainTransport(srtp)]);
      await a.connect({ ip: '127.0.0.1', port: b.tuple.localPort, srtpParameters: b.srtpParameters });
      await b.connect({ ip: '127.0.0.1', port: a.tuple.localPort, srtpParameters: a.srtpParameters });
      const encrypted = await a.consume({ producerId: producer.id, rtpCapabilities: r1.rtpCapabilities });
      const decrypted = await b.produce({ kind: 'audio', rtpParameters: encrypted.rtpParameters });
      const out = await egress(r2, decrypted.id);
      await expect.poll(out.received, { timeout: 15_000 }).toBeGreaterThan(20);
      const [inStats] = await decrypted.getStats();
      expect(inStats!.byteCount).toBeGreaterThan(0);
    },
  );

  it('runs a real WebRTC session: one Node peer sends video, another decodes it', async () => {
    const webRtcServer = await workers[0]!.createWebRtcServer({
      listenInfos: [{ ...listenInfo, portRange: { min: 20_000, max: 29_999 } }],
    });
    const serverSide = (t: types.WebRtcTransport) => ({
      id: t.id,
      iceParameters: t.iceParameters,
      iceCandidates: t.iceCandidates,
      dtlsParameters: t.dtlsParameters,
    });
    const connect = (t: types.WebRtcTransport) => (p: { dtlsParameters: types.DtlsParameters }, ok: () => void, fail: (e: Error) => void) =>
      void t.connect({ dtlsParameters: p.dtlsParameters }).then(ok, fail);

    const sendDevice = await createDevice(r1.rtpCapabilities);
    const sendT = await r1.createWebRtcTransport({ webRtcServer });
    const clientSend = sendDevice.createSendTransport(serverSide(sendT) as never);
    clientSend.on('connect', connect(sendT) as never);
    clientSend.on('produce', ({ kind, rtpParameters }, ok, fail) => {
      sendT.produce({ kind, rtpParameters: rtpParameters as types.RtpParameters }).then((p) => ok({ id: p.id }), fail);
    });
    const video = syntheticVideo();
    cleanups.push(video.stop);
    const clientProducer = await clientSend.produce({ track: video.track as never });

    const recvDevice = await createDevice(r1.rtpCapabilities);
    const recvT = await r1.createWebRtcTransport({ webRtcServer });
    const clientRecv = recvDevice.createRecvTransport(serverSide(recvT) as never);
    clientRecv.on('connect', connect(recvT) as never);
    const consumer = await recvT.consume({
      producerId: clientProducer.id,
      rtpCapabilities: recvDevice.rtpCapabilities as types.RtpCapabilities,
      paused: true,
    });
    const clientConsumer = await clientRecv.consume({
      id: consumer.id,
      producerId: consumer.producerId,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters as never,
    });
    await consumer.resume();
    const counter = countFrames(clientConsumer.track as never);
    cleanups.push(counter.stop, () => clientSend.close(), () => clientRecv.close());

    await expect.poll(counter.frames, { timeout: 20_000 }).toBeGreaterThan(3);
    expect(sendT.dtlsState).toBe('connected');
    expect(recvT.dtlsState).toBe('connected');
    const [sent] = await consumer.getStats();
    expect(sent!.byteCount).toBeGreaterThan(0);
  });
});

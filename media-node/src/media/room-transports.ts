// WebRTC and plain transports of a room. Send transports live on the home router;
// receive transports on a router whose worker has consumer budget left.
import type { types } from 'mediasoup';
import { AppError } from '../errors.js';
import type { RpcParams, RpcResult } from '../rpc/methods.js';
import type { PipeListen } from './remote-pipes.js';
import type { RoomRouters } from './room-routers.js';
import type { RoomState } from './room-state.js';
import type { TransportEntry } from './room-types.js';

export class RoomTransports {
  readonly #state: RoomState;
  readonly #routers: RoomRouters;
  readonly #listen: PipeListen;

  constructor(state: RoomState, routers: RoomRouters, listen: PipeListen) {
    this.#state = state;
    this.#routers = routers;
    this.#listen = listen;
  }

  async createWebRtc(p: RpcParams<'createWebRtcTransport'>): Promise<RpcResult<'createWebRtcTransport'>> {
    const rr = p.direction === 'send' ? await this.#routers.home() : await this.#routers.forRecv();
    const t = await rr.router.createWebRtcTransport({
      webRtcServer: rr.slot.webRtcServer,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 1_000_000,
      appData: { ...p.appData, peerId: p.peerId, direction: p.direction },
    });
    this.#state.trackTransport({ transport: t, kind: 'webrtc', peerId: p.peerId, rr });
    return {
      transportId: t.id,
      iceParameters: t.iceParameters,
      iceCandidates: t.iceCandidates,
      dtlsParameters: t.dtlsParameters,
    };
  }

  async connectWebRtc(p: RpcParams<'connectWebRtcTransport'>): Promise<void> {
    const t = this.#assertAndGet(p.transportId, 'webrtc') as types.WebRtcTransport;
    await t.connect({ dtlsParameters: p.dtlsParameters as types.DtlsParameters });
  }

  async restartIce(p: RpcParams<'restartIce'>): Promise<RpcResult<'restartIce'>> {
    const t = this.#assertAndGet(p.transportId, 'webrtc') as types.WebRtcTransport;
    return { iceParameters: await t.restartIce() };
  }

  async createPlain(p: RpcParams<'createPlainTransport'>): Promise<RpcResult<'createPlainTransport'>> {
    const rr = p.direction === 'send' ? await this.#routers.home() : await this.#routers.forRecv();
    const { listenIp, announcedIp, portRange } = this.#listen;
    const t = await rr.router.createPlainTransport({
      listenInfo: {
        protocol: 'udp',
        ip: listenIp,
        announcedAddress: announcedIp === listenIp ? undefined : announcedIp,
        portRange,
      },
      rtcpMux: true,
      comedia: p.direction === 'send',
      appData: { ...p.appData, peerId: p.peerId, direction: p.direction },
    });
    this.#state.trackTransport({ transport: t, kind: 'plain', peerId: p.peerId, rr });
    return { transportId: t.id, ip: t.tuple.localAddress ?? t.tuple.localIp, port: t.tuple.localPort };
  }

  async connectPlain(p: RpcParams<'connectPlainTransport'>): Promise<void> {
    const t = this.#assertAndGet(p.transportId, 'plain') as types.PlainTransport;
    await t.connect({ ip: p.ip, port: p.port });
  }

  /** Idempotent: closing an unknown transport is fine. */
  close(transportId: string): void {
    const entry = this.#state.transports.get(transportId);
    if (!entry) return;
    entry.closeReason = 'closed';
    entry.transport.close();
  }

  /** Closes everything the peer owns; returns how many transports that was. */
  closePeer(peerId: string): number {
    const owned: TransportEntry[] = [...this.#state.transports.values()].filter((e) => e.peerId === peerId);
    for (const e of owned) {
      e.closeReason = 'peer';
      e.transport.close();
    }
    return owned.length;
  }

  #assertAndGet(id: string, kind: TransportEntry['kind']): types.Transport {
    const entry = this.#state.assertAndGetTransport(id);
    if (entry.kind !== kind) throw new AppError('BAD_REQUEST', `transport ${id} is not a ${kind} transport`);
    return entry.transport;
  }
}

// resume: a peer whose socket reconnected (to this or another node) takes its session back.
// Its transports are kept when the room is still at the same media node and epoch; otherwise the
// answer says mediaReset and the client rebuilds its media as after `media-reset`.
import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';
import { socketRooms } from '../ids.js';
import type { RoomPlacement } from '../media/media-gateway.js';
import type { EventResult, ParsedPayload } from '../protocol/index.js';
import { CallPeer, emptyMedia } from './call-peer.js';
import type { CallDeps } from './call-deps.js';
import type { CoopeSocket } from './local-peers.js';
import type { StoredPeer } from './peer-store.js';

const expired = () => new AppError('SESSION_EXPIRED', 'the call session has ended; join again');

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class ResumeFlow {
  constructor(private readonly d: CallDeps) {}

  async resume(socket: CoopeSocket, payload: ParsedPayload<'resume'>): Promise<EventResult<'resume'>> {
    try {
      const result = socket.data.peer ? await this.#resync(socket, payload) : await this.#resume(socket, payload);
      this.d.metrics.resumed('ok');
      return result;
    } catch (err) {
      this.d.metrics.resumed('error');
      throw err;
    }
  }

  async #resume(socket: CoopeSocket, payload: ParsedPayload<'resume'>): Promise<EventResult<'resume'>> {
    const stored = await this.d.store.load(payload.peerId);
    if (!stored || stored.roomId !== payload.roomId || stored.userId !== socket.data.user.userId) throw expired();
    if (!sameToken(stored.resumeToken, payload.resumeToken)) throw expired();
    const placement = await this.d.currentPlacement(payload.roomId, payload.peerId);
    if (!placement) throw expired();
    const owner = this.d.local.ownerOf(socket);
    if (!(await this.d.store.attach(payload.peerId, owner, this.d.attachedDeadline()))) throw expired();
    const sameMedia = stored.epoch === placement.epoch && stored.mediaNodeId === placement.nodeId;
    const log = this.d.log.child({ roomId: stored.roomId, peerId: stored.peerId });
    const peer = new CallPeer(stored, placement, this.d.log, sameMedia ? stored.media : emptyMedia());
    if (!sameMedia) this.d.snapshots.schedule(peer);
    if (stored.owner && stored.owner !== owner) this.d.bus.publish('peer-taken-over', { peerId: stored.peerId, owner: stored.owner });
    const [routerRtpCapabilities, peers] = await Promise.all([this.d.media.routerCapabilities(placement), this.d.store.peers(stored.roomId)]);
    this.d.local.add(socket, peer);
    socket.join([socketRooms.call(peer.roomId), socketRooms.peer(peer.peerId)]);
    this.d.metrics.peerAttached();
    log.info({ mediaReset: !sameMedia, previousOwner: stored.owner }, 'peer resumed');
    return this.#state(stored, placement, routerRtpCapabilities, peers, !sameMedia);
  }

  /** The same socket asks again (after media-reset or a failed transport): report the current state. */
  async #resync(socket: CoopeSocket, payload: ParsedPayload<'resume'>): Promise<EventResult<'resume'>> {
    const peer = socket.data.peer!;
    if (peer.peerId !== payload.peerId || !sameToken(peer.id.resumeToken, payload.resumeToken)) {
      throw new AppError('ALREADY_IN_CALL', 'this socket is in another call');
    }
    const placement = await this.d.currentPlacement(peer.roomId, peer.peerId);
    if (!placement) throw expired();
    const reset = placement.epoch !== peer.epoch || placement.nodeId !== peer.mediaNodeId;
    if (reset) {
      peer.resetMedia(placement);
      this.d.snapshots.schedule(peer);
    }
    const [routerRtpCapabilities, peers] = await Promise.all([this.d.media.routerCapabilities(placement), this.d.store.peers(peer.roomId)]);
    return this.#state(peer.id, placement, routerRtpCapabilities, peers, reset);
  }

  #state(
    p: Pick<StoredPeer, 'roomId' | 'peerId'>,
    placement: RoomPlacement,
    routerRtpCapabilities: EventResult<'resume'>['routerRtpCapabilities'],
    peers: EventResult<'resume'>['peers'],
    mediaReset: boolean,
  ): EventResult<'resume'> {
    return { roomId: p.roomId, peerId: p.peerId, epoch: placement.epoch, routerRtpCapabilities, peers: peers.filter((x) => x.peerId !== p.peerId), mediaReset };
  }
}

// join: ticket → placement → router capabilities → membership (atomic, with the multi-device check).
// The client then pulls existing producers itself (getExistingProducers), so no newProducer can be missed.
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors.js';
import { socketRooms } from '../ids.js';
import type { EventResult, ParsedPayload } from '../protocol/index.js';
import { CallPeer, emptyMedia, type PeerIdentity } from './call-peer.js';
import type { CallDeps } from './call-deps.js';
import type { CoopeSocket } from './local-peers.js';

// Random bytes come from a 4 KB pool (each byte used once): one randomBytes() call costs ~15 µs here.
let pool = Buffer.alloc(0);
let poolAt = 0;
export const newId = (bytes = 12): string => {
  if (poolAt + bytes > pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  poolAt += bytes;
  return pool.toString('base64url', poolAt - bytes, poolAt);
};

const unavailable = (): never => {
  throw new AppError('SERVICE_UNAVAILABLE', 'call service is temporarily unavailable; try again shortly');
};

const redisDown = (e: unknown): never => {
  if (e instanceof AppError) throw e;
  return unavailable();
};

export class JoinFlow {
  constructor(private readonly d: CallDeps) {}

  async join(socket: CoopeSocket, payload: ParsedPayload<'join'>): Promise<EventResult<'join'>> {
    const startedAt = performance.now();
    try {
      const result = await this.#join(socket, payload);
      this.d.metrics.joinFinished('ok', startedAt);
      return result;
    } catch (err) {
      this.d.metrics.joinFinished('error', startedAt);
      throw err;
    }
  }

  async #join(socket: CoopeSocket, payload: ParsedPayload<'join'>): Promise<EventResult<'join'>> {
    if (socket.data.peer) throw new AppError('ALREADY_IN_CALL', 'leave the current call first');
    const ticket = await this.d.verifier.verifyTicket(payload.ticket, { checkDenylist: this.d.separateDenylistCheck === true });
    const user = socket.data.user;
    if (ticket.userId !== user.userId) throw new AppError('FORBIDDEN', 'this call ticket belongs to another user');
    const identity: PeerIdentity = {
      peerId: newId(),
      roomId: ticket.roomId,
      userId: user.userId,
      name: ticket.name || user.name,
      role: ticket.role,
      resumeToken: newId(24),
      device: payload.device?.label ?? '',
    };
    let force = false;
    const callRoom = socketRooms.call(identity.roomId);
    const joined = { peerId: identity.peerId, userId: identity.userId, name: identity.name };
    // The other nodes' peerJoined goes out with the membership write (one Redis round trip less per join).
    const announce = this.d.bus.remoteEmit(callRoom, 'peerJoined', joined);
    for (let attempt = 0; attempt < 4; attempt++) {
      const room = await this.d.placeRoom(identity.roomId, attempt > 0);
      // The peer's media node: the room's primary, unless the room spans nodes (then the registry picks).
      let placement = this.d.multi.presumedHome(room) ?? (await this.d.multi.homeFor(room, identity.peerId).catch(redisDown));
      if (placement === 'retry') continue;
      let routerRtpCapabilities = await this.d.media.routerCapabilities(placement);
      const owner = this.d.local.ownerOf(socket);
      const stored = { ...identity, owner, epoch: placement.epoch, mediaNodeId: placement.nodeId, media: emptyMedia() };
      const r = await this.d.store.add(stored, { deadline: this.d.attachedDeadline(), force, ticketJti: ticket.jti, announce }).catch(unavailable);
      if (r.kind === 'retry') continue;
      if (r.kind === 'revoked') throw new AppError('UNAUTHORIZED', 'token revoked');
      if (r.kind === 'conflict') {
        await this.#settleConflict(identity, r.oldPeerId, r.oldOwner, payload);
        force = true;
        continue;
      }
      // The peer is a member now (the other nodes heard it from the script): this node's sockets hear it too,
      // even if this socket drops next (the session stays, resumable). Sent before the socket joins the room,
      // so it needs no except(): socket.io's uWS fast publish requires none.
      if (announce) this.d.bus.toLocalRoom(callRoom, 'peerJoined', joined);
      else this.d.bus.toRoom(callRoom, 'peerJoined', joined);
      if (socket.disconnected) {
        await this.d.store.detach(identity.peerId, owner, Date.now());
        throw new AppError('UNAUTHORIZED', 'disconnected during join');
      }
      // Over the room's per-node cap after all: the registry picks the node, before the peer has any media.
      const settled = await this.d.multi.confirmHome(room, placement, identity.peerId, r.peers.length).catch(redisDown);
      const moved = settled !== placement;
      if (moved) [placement, routerRtpCapabilities] = [settled, await this.d.media.routerCapabilities(settled)];
      const peer = new CallPeer(identity, placement, this.d.log);
      if (moved) this.d.snapshots.schedule(peer);
      this.#attach(socket, peer);
      if (this.d.log.isLevelEnabled('info')) peer.log.info({ epoch: placement.epoch, mediaNode: placement.nodeId }, 'peer joined');
      return {
        roomId: identity.roomId,
        peerId: identity.peerId,
        epoch: placement.epoch,
        routerRtpCapabilities,
        peers: r.peers.filter((p) => p.peerId !== identity.peerId),
        role: identity.role,
        resumeToken: identity.resumeToken,
      };
    }
    throw new AppError('SERVICE_UNAVAILABLE', 'the call is moving to another server; try again');
  }

  /** The user is in this call on another device: take over, or ask that device. */
  async #settleConflict(identity: PeerIdentity, oldPeerId: string, oldOwner: string, payload: ParsedPayload<'join'>): Promise<void> {
    const m = this.d.metrics;
    // A device that is not connected cannot answer; the new one wins.
    if (payload.takeover || oldOwner === '') {
      m.sessionConflict(payload.takeover ? 'takeover' : 'move');
      await this.d.closer.closeById(oldPeerId, 'moved');
      return;
    }
    m.sessionConflict('asked');
    const choice = await this.d.conflicts.ask({ roomId: identity.roomId, userId: identity.userId, oldPeerId, deviceLabel: payload.device?.label });
    if (choice === 'move') {
      m.sessionConflict('move');
      await this.d.closer.closeById(oldPeerId, 'moved');
      return;
    }
    m.sessionConflict(choice);
    if (choice === 'keep') throw new AppError('SESSION_KEPT_ELSEWHERE', 'you chose to stay in this call on your other device');
    throw new AppError('SESSION_CONFLICT', 'you are in this call on another device, which did not answer');
  }

  #attach(socket: CoopeSocket, peer: CallPeer): void {
    this.d.local.add(socket, peer);
    socket.join([socketRooms.call(peer.roomId), socketRooms.peer(peer.peerId)]);
    this.d.metrics.peerAttached();
  }
}

// The call peers whose socket is on this node, by peer id and by room.
import type { Socket } from 'socket.io';
import type { AccessIdentity } from '../auth/token-verifier.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../protocol/index.js';
import type { TokenBucket } from '../transport/rate-limiter.js';
import type { CallPeer } from './call-peer.js';

export interface SocketData {
  user: AccessIdentity;
  bucket: TokenBucket;
  peer?: CallPeer;
}

export type CoopeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export class LocalPeers {
  readonly #byPeer = new Map<string, CoopeSocket>();
  readonly #byRoom = new Map<string, Set<string>>();
  readonly #nodeId: string;

  constructor(nodeId: string) {
    this.#nodeId = nodeId;
  }

  ownerOf(socket: CoopeSocket): string {
    return `${this.#nodeId}/${socket.id}`;
  }

  add(socket: CoopeSocket, peer: CallPeer): void {
    socket.data.peer = peer;
    this.#byPeer.set(peer.peerId, socket);
    let set = this.#byRoom.get(peer.roomId);
    if (!set) {
      set = new Set();
      this.#byRoom.set(peer.roomId, set);
    }
    set.add(peer.peerId);
  }

  /** Forgets the socket's peer (if it is still this one); returns it. */
  remove(socket: CoopeSocket): CallPeer | undefined {
    const peer = socket.data.peer;
    if (!peer) return undefined;
    socket.data.peer = undefined;
    if (this.#byPeer.get(peer.peerId) === socket) this.#byPeer.delete(peer.peerId);
    const set = this.#byRoom.get(peer.roomId);
    set?.delete(peer.peerId);
    if (set?.size === 0) this.#byRoom.delete(peer.roomId);
    return peer;
  }

  socketOf(peerId: string): CoopeSocket | undefined {
    return this.#byPeer.get(peerId);
  }

  inRoom(roomId: string): CoopeSocket[] {
    const out: CoopeSocket[] = [];
    for (const peerId of this.#byRoom.get(roomId) ?? []) {
      const s = this.#byPeer.get(peerId);
      if (s) out.push(s);
    }
    return out;
  }

  all(): CoopeSocket[] {
    return [...this.#byPeer.values()];
  }

  get size(): number {
    return this.#byPeer.size;
  }
}
